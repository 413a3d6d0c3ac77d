// VOL005: the installation's volume is BitLocker-encrypted but unlocked (domain.md §6.3).
import type { CheckMeta, InstallationCheck } from './types';
import { cmd } from './remedy-phrases';
import { commandVolume } from './offline-paths';
import { evidenceFor, finding } from './finding';
import { isGeneralized } from './image-state';

const meta: CheckMeta = {
  id: 'VOL005',
  severity: 'block',
  title: 'BitLocker-encrypted volume (unlocked)',
  remedy:
    `On the reference machine, before Sysprep, decrypt the drive: ${cmd('manage-bde -off %SystemDrive%')}, and ` +
    `wait until ${cmd('manage-bde -status %SystemDrive%')} says "Fully Decrypted". Then generalize again. ` +
    'Practitioners also set PreventDeviceEncryption (DWORD 1 under HKLM\\SYSTEM\\CurrentControlSet\\Control\\BitLocker) ' +
    'so that Windows 11 24H2 does not turn device encryption on again before capture (their advice, not a Microsoft page).',
  docs: [
    'The volume carries BitLocker\'s `-FVE-FS-` boot sector but is unlocked, so it can be read. Sysprep',
    '/generalize requires a fully decrypted drive: Microsoft\'s guide to generalizing a Windows VM for Azure',
    'says to decrypt BitLocker first, and Sysprep\'s BitLocker provider (`ValidateBitLockerState` in',
    '`BdeSysprep.dll`) fails with `0x80310039` (FVE_E_NOT_DECRYPTED, "BitLocker is on for the OS volume. Turn',
    'BitLocker off to run Sysprep.") — confirmed, so this blocks. That includes Windows 11 24H2 *device',
    'encryption* with protection suspended or off ("waiting for activation"): the volume is still encrypted',
    'with a clear key, and the boot sector still says `-FVE-FS-`. A generalized image that is still encrypted',
    'was encrypted after Sysprep (or Sysprep was bypassed); a file-based capture (DISM, wimlib) would also',
    'store every file in plaintext. Practitioners add `PreventDeviceEncryption` (HKLM\\\\SYSTEM\\\\',
    'CurrentControlSet\\\\Control\\\\BitLocker, DWORD 1) before OOBE so that 24H2 does not encrypt again —',
    'practitioners\' advice only, UNCONFIRMED by a Microsoft page found here. Detection needs the raw volume',
    '(Windows only); elsewhere the state is unknown and not reported.',
    'Sources: Microsoft "Prepare a Windows VHD or VHDX to upload to Azure" / generalize guide; Sysprep',
    'setuperr.log lines quoting BdeSysprep.dll and 0x80310039 (public practitioner logs); dfvfs (`-FVE-FS-`);',
    'Microsoft FFU docs ("FFU captures of encrypted disks are not supported").',
    'URL: https://learn.microsoft.com/azure/virtual-machines/generalize',
  ].join('\n'),
};

export const vol005: InstallationCheck = {
  meta,
  scope: 'installation',
  run(facts) {
    const v = facts.volumeState;
    if (v.bitlocker !== 'encrypted-readable') return [];
    const drive = commandVolume(facts.volume);
    const where = drive === '<volume>' ? facts.volume : drive;
    const why = isGeneralized(facts)
      ? 'Sysprep refuses to generalize an encrypted drive, so it was encrypted afterwards (or Sysprep was bypassed); the capture would also hold its files in plaintext.'
      : 'Sysprep /generalize fails on it (0x80310039, BitLocker is on), even with protection off (Windows 11 24H2 device encryption).';
    return [
      finding(meta, {
        message: `${where} is BitLocker-encrypted (unlocked): ${why}`,
        evidence: evidenceFor(v.evidence, ['FVE', 'BitLocker'], {
          source: 'volume',
          path: facts.volume,
          detail: 'BitLocker-encrypted, unlocked',
        }),
      }),
    ];
  },
};
