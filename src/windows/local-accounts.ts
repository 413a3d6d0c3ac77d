// Local user accounts in SAM (domain.md §4.1): Domains\Account\Users holds one key per account, named by
// its RID in 8 hex digits; Users\Names\<name> has the RID as the type of its default value. Accounts Setup
// makes have RIDs below 1000 (500 Administrator, 501 Guest, 503 DefaultAccount, 504 WDAGUtilityAccount);
// accounts made afterwards start at 1000 (Microsoft "Well-known SIDs": RIDs from 1000 are user-created).
import type { Evidence, LocalAccountFacts } from './facts';
import { regEvidence, type InstallationHives } from './hives';

const USERS = 'SAM\\Domains\\Account\\Users';
export const FIRST_USER_RID = 1000;
/** Enough for any reference machine; a SAM with more is reported by count, not listed whole. */
const MAX_LISTED = 200;

export function readLocalAccounts(hives: InstallationHives): LocalAccountFacts {
  const evidence: Evidence[] = [];
  const sam = hives.SAM;
  const users = sam?.hive.key(USERS);
  if (!sam || !users) return { users: null, evidence };
  const names = new Map<number, string>();
  for (const k of users.subkeys()) {
    if (k.name.toLowerCase() !== 'names') continue;
    for (const n of k.subkeys()) {
      const rid = n.value('')?.type;
      if (rid !== undefined && rid >= FIRST_USER_RID) names.set(rid, n.name);
    }
  }
  const out: { rid: number; name: string | null }[] = [];
  for (const k of users.subkeys()) {
    if (!/^[0-9a-f]{8}$/i.test(k.name)) continue;
    const rid = parseInt(k.name, 16);
    if (rid < FIRST_USER_RID) continue;
    out.push({ rid, name: names.get(rid) ?? null });
  }
  out.sort((a, b) => a.rid - b.rid);
  for (const u of out.slice(0, MAX_LISTED)) {
    evidence.push(
      regEvidence(
        sam,
        `${USERS}\\${u.rid.toString(16).toUpperCase().padStart(8, '0')}`,
        undefined,
        `RID ${u.rid}${u.name ? ` (${u.name})` : ''}`,
      ),
    );
  }
  if (out.length === 0) evidence.push(regEvidence(sam, USERS, undefined, `no account with RID >= ${FIRST_USER_RID}`));
  return { users: out, evidence };
}
