// EFS001: users have EFS keys: Sysprep makes EFS-encrypted files unreadable (domain.md §14.4).
import type { CheckMeta, InstallationCheck } from './types';
import { RUN_SYSPREP, cmd } from './remedy-phrases';
import { finding } from './finding';
import { isGeneralized } from './image-state';

const meta: CheckMeta = {
  id: 'EFS001',
  severity: 'warn',
  title: 'EFS keys in user profiles (encrypted files)',
  remedy:
    'On the reference machine, before Sysprep, as the user who encrypted them, decrypt the files: ' +
    `${cmd('cipher /d /s:%SystemDrive%\\Users')} (or copy what must be kept elsewhere), then ${RUN_SYSPREP}.`,
  get docs() {
    return [
      "Microsoft's Sysprep overview: running Sysprep on an NTFS partition with files or folders encrypted by",
      'EFS makes that data "completely unreadable and unrecoverable". Offline, the sign is a user\'s EFS key:',
      'a `CertificateHash` under `Software\\Microsoft\\Windows NT\\CurrentVersion\\EFS\\CurrentKeys` in the',
      "user's `NTUSER.DAT` (Windows writes it when the user first encrypts a file). The key shows that the",
      'user encrypted files, not that encrypted files are still there, so this warns. The user hives are read',
      'for at most a bounded number of profiles; those not read are named as unknown in the message.',
      'Source: Microsoft "Sysprep (System Preparation) overview" (limitations); Microsoft "cipher" command',
      'reference.',
      'URL: https://learn.microsoft.com/windows-hardware/manufacture/desktop/sysprep--system-preparation--overview',
    ].join('\n');
  },
};

export const efs001: InstallationCheck = {
  meta,
  scope: 'installation',
  run(facts) {
    const u = facts.userHives;
    const withKey = u.read.filter((r) => r.efsKey);
    if (withKey.length === 0) return [];
    const notRead = u.unread.length + u.overLimit;
    const effect = isGeneralized(facts)
      ? 'the image was generalized after that, so any file they encrypted is now unreadable on every machine'
      : 'Sysprep would make any file they encrypted unreadable and unrecoverable';
    return [
      finding(meta, {
        message:
          `${withKey.length} user profile(s) hold an EFS key (${withKey.map((r) => r.path).join(', ')}): ${effect}.` +
          (notRead > 0 ? ` ${notRead} other profile(s) were not read (unknown).` : ''),
        evidence: u.evidence.filter((e) => e.source === 'registry' && e.key.includes('EFS')),
      }),
    ];
  },
};
