// PRF001: local user accounts and user profiles left in a generalized image; CopyProfile with several
// profiles (domain.md §4.4).
import type { CheckMeta, Finding, InstallationCheck } from './types';
import { answerFileForPass, describeFile } from './unattend';
import { finding } from './finding';
import { isGeneralized } from './image-state';
import { listText, plural } from './english';
import { FIRST_USER_RID } from '../windows/local-accounts';
import { RUN_SYSPREP, cmd } from './remedy-phrases';
import { powershellQuote } from './shell-quote';

/**
 * Removing a user from the reference machine in the order that leaves nothing behind: the user's app
 * packages first (a profile deleted with packages still registered leaves per-user AppX state that fails
 * Sysprep: APX001/APX002), then the profile and the account. `sid`/`name` fill the commands when known.
 */
export function removeUserRemedy(sid: string | null, name: string | null): string {
  const s = sid !== null ? powershellQuote(sid) : null;
  const n = name !== null && /^[A-Za-z0-9._-]{1,20}$/.test(name) ? name : '<name>';
  const user = s ?? "'<SID>'";
  return (
    'On the reference machine, booted as the built-in Administrator, for each user to remove: first remove the ' +
    `user's app packages, in elevated PowerShell ${cmd(`Get-AppxPackage -User ${user} | Remove-AppxPackage -User ${user}`)} ` +
    '(deleting a profile leaves its packages registered, the APX001/APX002 situation), then delete the profile ' +
    `(System Properties > Advanced > User Profiles > Delete) and the account: ${cmd(`net user ${n} /delete`)}; then ${RUN_SYSPREP}.`
  );
}

const meta: CheckMeta = {
  id: 'PRF001',
  severity: 'warn',
  title: 'User accounts or profiles left in the image',
  remedy: removeUserRemedy(null, null),
  get docs() {
    return [
      "Microsoft's guidance for a reference image is to customize it in audit mode, logged on as the built-in",
      'Administrator, without creating user accounts ("Audit mode overview"; "Sysprep (System Preparation)',
      'overview"). Sysprep /generalize keeps local accounts and',
      'profiles: every deployed machine then has them, with the same passwords. In a generalized image this',
      'warns on local accounts made after Setup (SAM `Domains\\\\Account\\\\Users`, RID >= 1000) and on user',
      'profiles in `ProfileList` (`S-1-5-21-…` with RID >= 1000, local or domain). Not generalized: GEN001 blocks',
      'anyway, and removing the accounts is part of preparing it, so nothing is said here.',
      '',
      "With `CopyProfile=true` in the answer file Setup uses, the built-in Administrator's profile is copied to",
      'the default profile; with several profiles on the machine practitioners report that the wrong one may be',
      'copied or Sysprep may fail (practitioners report it, Microsoft does not document it) — a hedged warning.',
      '',
      "The remedy removes a user's app packages before the profile (`Get-AppxPackage -User … | Remove-AppxPackage",
      "-User …`): a profile deleted first leaves the user's packages registered, and Sysprep then fails on them",
      '(APX001/APX002).',
      'Sources: Microsoft "Audit mode overview"; Microsoft "Sysprep (System Preparation) overview"; Microsoft',
      '"Customize the default user profile by using CopyProfile"; Microsoft "Remove-AppxPackage" (-User);',
      'Microsoft "Well-known SIDs" (RIDs from 1000 are accounts created after installation).',
      'URL: https://learn.microsoft.com/windows-hardware/manufacture/desktop/sysprep--system-preparation--overview',
    ].join('\n');
  },
};

/** RID of a S-1-5-21-a-b-c-RID SID, or null. */
function ridOf(sid: string): number | null {
  const m = /^S-1-5-21-\d+-\d+-\d+-(\d+)$/i.exec(sid);
  return m ? Number(m[1]) : null;
}

export const prf001: InstallationCheck = {
  meta,
  scope: 'installation',
  run(facts) {
    const out: Finding[] = [];
    const users = facts.accounts.users ?? [];
    const profiles = facts.profiles.profiles.filter((p) => !p.backup && (ridOf(p.sid) ?? 0) >= FIRST_USER_RID);
    if (isGeneralized(facts) && (users.length > 0 || profiles.length > 0)) {
      const parts: string[] = [];
      if (users.length > 0) {
        const named = users.slice(0, 5).map((u) => (u.name ? `${u.name} (RID ${u.rid})` : `RID ${u.rid}`));
        parts.push(`${plural(users.length, 'local user account')} (${listText(named)}${users.length > 5 ? ', …' : ''})`);
      }
      if (profiles.length > 0) {
        const shown = profiles.slice(0, 5).map((p) => p.path ?? p.sid);
        parts.push(`${plural(profiles.length, 'user profile')} (${listText(shown)}${profiles.length > 5 ? ', …' : ''})`);
      }
      out.push(
        finding(meta, {
          message: `The image is generalized but keeps ${listText(parts)}: every deployed machine gets them.`,
          remedy: removeUserRemedy(profiles.length === 1 ? profiles[0].sid : null, users.length === 1 ? users[0].name : null),
          evidence: [
            ...facts.accounts.evidence.filter((e) => e.source === 'registry' && /Users\\[0-9A-F]{8}$/i.test(e.key)),
            ...facts.profiles.evidence,
          ],
        }),
      );
    }
    const inUse = answerFileForPass(facts, 'specialize');
    const userProfiles = facts.profiles.profiles.filter((p) => !p.backup && ridOf(p.sid) !== null);
    if (inUse?.copyProfile === true && userProfiles.length > 1) {
      out.push(
        finding(meta, {
          message:
            `${describeFile(inUse)} sets CopyProfile=true and the machine has ${userProfiles.length} user profiles: ` +
            "CopyProfile copies the built-in Administrator's profile; with several profiles the wrong one may be " +
            'copied or Sysprep may fail (practitioners report it; Microsoft does not document it).',
          remedy:
            "Keep only the built-in Administrator's profile on the reference machine when CopyProfile is used: delete the others, then generalize again.",
          evidence: [{ source: 'file', path: inUse.path, detail: 'CopyProfile=true' }, ...facts.profiles.evidence],
        }),
      );
    }
    return out;
  },
};
