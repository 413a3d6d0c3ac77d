// VOL005: the installation's volume is BitLocker-encrypted but unlocked (domain.md §6.3).
import type { CheckMeta, InstallationCheck } from './types';
import { cmd, driveOf, evidenceFor, finding, isGeneralized } from './util';

const meta: CheckMeta = {
  id: 'VOL005',
  severity: 'warn',
  title: 'BitLocker-encrypted volume (unlocked)',
  remedy:
    'Store the captured image as securely as the volume itself, or decrypt the reference machine before ' +
    `Sysprep with ${cmd('manage-bde -off %SystemDrive%')} and wait until ${cmd('manage-bde -status')} says ` +
    '"Fully Decrypted".',
  docs: [
    'The volume is encrypted but unlocked, so it can be read. A file-based capture (DISM, wimlib) stores the',
    'files in plaintext: the image is not protected by BitLocker. Sysprep /generalize on a volume with',
    'BitLocker on reportedly fails with 0x80310039 (UNCONFIRMED by Microsoft).',
    'Source: dfvfs (`-FVE-FS-`); Microsoft FFU docs.',
  ].join('\n'),
};

export const vol005: InstallationCheck = {
  meta,
  scope: 'installation',
  run(facts) {
    const v = facts.volumeState;
    if (v.bitlocker !== 'encrypted-readable') return [];
    const drive = driveOf(facts.volume);
    const where = drive === '<volume>' ? facts.volume : drive;
    const sysprep = isGeneralized(facts) ? '' : ' Sysprep /generalize may fail while BitLocker is on.';
    return [
      finding(meta, {
        message: `${where} is BitLocker-encrypted (unlocked): the captured image will hold its files in plaintext.${sysprep}`,
        evidence: evidenceFor(v.evidence, ['FVE', 'BitLocker'], {
          source: 'volume',
          path: facts.volume,
          detail: 'BitLocker-encrypted, unlocked',
        }),
      }),
    ];
  },
};
