// VOL006: a scanned volume could not be read (not BitLocker): an installation on it went unchecked.
import type { CheckMeta, VolumeCheck } from './types';
import { cmd } from './remedy-phrases';
import { commandVolume } from './offline-paths';
import { finding } from './finding';
import { sentence } from './english';

function remedyFor(volume: string): string {
  return `Check the volume from WinPE (without /f chkdsk only reports): ${cmd(`chkdsk ${commandVolume(volume)}`)}. Then run preflight again.`;
}

const meta: CheckMeta = {
  id: 'VOL006',
  severity: 'warn',
  title: 'Volume could not be read',
  remedy: remedyFor('<volume>'),
  get docs() {
    return [
      'A scanned volume could not be opened as a file system (not BitLocker: see VOL003). If it holds a',
      'Windows installation, that installation was not checked. Volumes found to hold no Windows are not',
      'reported.',
    ].join('\n');
  },
};

export const vol006: VolumeCheck = {
  meta,
  scope: 'volume',
  run(volume) {
    if (volume.reason !== 'unreadable') return [];
    return [
      finding(meta, {
        message: sentence(`${volume.volume} could not be read: ${volume.detail}`),
        remedy: remedyFor(volume.volume),
        evidence: volume.evidence,
      }),
    ];
  },
};
