// VOL005: the installation's volume is BitLocker-encrypted but unlocked (domain.md §6.3).
import type { CheckMeta, InstallationCheck, Severity } from './types';
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
    'So that Windows 11 24H2 does not turn device encryption on again before capture, set PreventDeviceEncryption: ' +
    "in the answer file (Microsoft-Windows-SecureStartup-FilterDriver, documented in Microsoft's unattend reference) " +
    "or as the DWORD 1 under HKLM\\SYSTEM\\CurrentControlSet\\Control\\BitLocker (Microsoft's BitLocker documentation).",
  get docs() {
    return [
      "The volume carries BitLocker's `-FVE-FS-` boot sector but is unlocked, so it can be read. That includes",
      'Windows 11 24H2 *device encryption* with protection suspended or off ("waiting for activation"): the volume',
      'is still encrypted with a clear key, and the boot sector still says `-FVE-FS-`.',
      '',
      "- Not generalized: Sysprep /generalize requires a fully decrypted drive (Microsoft's guide to generalizing",
      "  a Windows VM says to decrypt BitLocker first; Sysprep's BitLocker provider `BdeSysprep.dll` fails with",
      "  `0x80310039`, FVE_E_NOT_DECRYPTED, as practitioners' setuperr.log lines show) — block.",
      '- Generalized: it was encrypted after Sysprep (or Sysprep was bypassed). A file-based capture (DISM',
      '  /Capture-Image, wimlib) reads the unlocked volume and stores every file in plaintext: warn. An FFU of the',
      '  disk is refused by the FFU gate (`FFU-ENCRYPTED`): Microsoft does not support FFU captures of encrypted',
      '  disks.',
      '',
      '`PreventDeviceEncryption` keeps Windows from turning device encryption on by itself: the unattend setting',
      "`Microsoft-Windows-SecureStartup-FilterDriver | PreventDeviceEncryption` is documented in Microsoft's",
      'unattend reference, and the registry value (`HKLM\\SYSTEM\\CurrentControlSet\\Control\\BitLocker`,',
      "DWORD 1) in Microsoft's BitLocker device encryption documentation. Detection needs the raw volume",
      '(Windows only); elsewhere the state is unknown and not reported.',
      'Sources: Microsoft "Prepare a Windows VHD or VHDX to upload to Azure" / generalize guide; Microsoft unattend',
      'reference "Microsoft-Windows-SecureStartup-FilterDriver"; Microsoft "BitLocker overview" (device encryption);',
      'Microsoft "Capture and apply Windows Full Flash Update (FFU) images" (limitations); dfvfs (`-FVE-FS-`).',
      'URL: https://learn.microsoft.com/windows-hardware/customize/desktop/unattend/microsoft-windows-securestartup-filterdriver',
    ].join('\n');
  },
};

export const vol005: InstallationCheck = {
  meta,
  scope: 'installation',
  run(facts) {
    const v = facts.volumeState;
    if (v.bitlocker !== 'encrypted-readable') return [];
    const drive = commandVolume(facts.volume);
    const where = drive === '<volume>' ? facts.volume : drive;
    const generalized = isGeneralized(facts);
    const severity: Severity = generalized ? 'warn' : 'block';
    const why = generalized
      ? 'it was encrypted after Sysprep (or Sysprep was bypassed). A WIM of it (DISM, wimlib) holds every file in plaintext; an FFU of its disk is refused (Microsoft does not support FFU captures of encrypted disks).'
      : 'Sysprep /generalize fails on it (0x80310039, BitLocker is on), even with protection off (Windows 11 24H2 device encryption).';
    return [
      finding(meta, {
        severity,
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
