// VOL003: a volume is BitLocker-locked and could not be inspected (domain.md §6.3).
import type { CheckMeta, VolumeCheck } from './types';
import { cmd } from './remedy-phrases';
import { commandVolume } from './offline-paths';
import { finding } from './finding';
import { sentence } from './english';

function remedyFor(volume: string): string {
  return (
    'Unlock it from WinPE (needs the WinPE-SecureStartup component): ' +
    `${cmd(`manage-bde -unlock ${commandVolume(volume)} -RecoveryPassword <48-digit key>`)}. Then run preflight again.`
  );
}

const meta: CheckMeta = {
  id: 'VOL003',
  severity: 'block',
  title: 'BitLocker-locked volume',
  remedy: remedyFor('<volume>'),
  get docs() {
    return [
      'The boot sector carries `-FVE-FS-` at offset 3 and the volume is not unlocked: nothing on it can be',
      'read, so nothing can be checked or captured (DISM captures files, and FFU does not support encrypted',
      'disks). Sources: dfvfs; Microsoft FFU and WinPE optional components docs.',
    ].join('\n');
  },
};

export const vol003: VolumeCheck = {
  meta,
  scope: 'volume',
  run(volume) {
    if (volume.reason !== 'bitlocker-locked') return [];
    return [
      finding(meta, {
        message: sentence(`${volume.volume} is BitLocker-encrypted and locked: ${volume.detail}`),
        remedy: remedyFor(volume.volume),
        evidence: volume.evidence,
      }),
    ];
  },
};
