// PRF001: local user accounts and user profiles left in a generalized image; CopyProfile with several
// profiles (issue 7; domain.md §4.4).
import type { CheckMeta, Finding, InstallationCheck } from './types';
import { answerFileForPass, describeFile } from './unattend';
import { finding } from './finding';
import { isGeneralized } from './image-state';
import { listText, plural } from './english';
import { FIRST_USER_RID } from '../windows/local-accounts';

const meta: CheckMeta = {
  id: 'PRF001',
  severity: 'warn',
  title: 'User accounts or profiles left in the image',
  remedy:
    'Rebuild or clean the reference machine in audit mode (built-in Administrator) without creating user ' +
    'accounts; delete other accounts and their profiles (System Properties > User Profiles), then generalize again.',
  docs: [
    'Microsoft\'s guidance for a reference image is a clean installation with no user accounts and no user',
    'profiles (KB 830958 "Summary of the limitations of the System Preparation tool"); customizations belong in',
    'audit mode, logged on as the built-in Administrator. Sysprep /generalize keeps local accounts and',
    'profiles: every deployed machine then has them, with the same passwords. In a generalized image this',
    'warns on local accounts made after Setup (SAM `Domains\\\\Account\\\\Users`, RID >= 1000) and on user',
    'profiles in `ProfileList` (`S-1-5-21-…` with RID >= 1000, local or domain). Not generalized: GEN001 blocks',
    'anyway, and removing the accounts is part of preparing it, so nothing is said here.',
    '',
    'With `CopyProfile=true` in the answer file Setup uses, the built-in Administrator\'s profile is copied to',
    'the default profile; with several profiles on the machine practitioners report that the wrong one may be',
    'copied or Sysprep may fail (UNCONFIRMED by a Microsoft page found here) — said as a hedged warning.',
    'Sources: Microsoft KB 830958; Microsoft "Customize the default user profile by using CopyProfile";',
    'Microsoft "Well-known SIDs" (RIDs from 1000 are accounts created after installation).',
    'URL: https://mskb.pkisolutions.com/kb/830958 (archived KB 830958).',
  ].join('\n'),
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
            'CopyProfile copies the built-in Administrator\'s profile; with several profiles the wrong one may be ' +
            'copied or Sysprep may fail (practitioners\' reports, UNCONFIRMED).',
          remedy: 'Keep only the built-in Administrator\'s profile on the reference machine when CopyProfile is used: delete the others, then generalize again.',
          evidence: [{ source: 'file', path: inUse.path, detail: 'CopyProfile=true' }, ...facts.profiles.evidence],
        }),
      );
    }
    return out;
  },
};
