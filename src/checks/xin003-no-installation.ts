// XIN003: no Windows installation was found, so there is nothing that may be captured.
import type { CheckMeta, CrossCheck } from './types';
import { cmd } from './remedy-phrases';
import { finding } from './finding';

const meta: CheckMeta = {
  id: 'XIN003',
  severity: 'block',
  title: 'No Windows installation found',
  remedy:
    'Unlock BitLocker volumes first (see VOL003). Find the volume that holds \\Windows\\System32\\config\\SYSTEM ' +
    `(WinPE drive letters change from boot to boot): ${cmd('echo list volume | diskpart')}. Then run preflight on it.`,
  get docs() {
    return [
      'None of the scanned volumes holds a readable `\\Windows\\System32\\config\\SYSTEM`. A report with no',
      'installation must not read as "ready": this finding makes the verdict blocked and says why.',
      'WinPE drive letters change from boot to boot (Microsoft "WinPE: Identify drive letters").',
    ].join('\n');
  },
};

export const xin003: CrossCheck = {
  meta,
  scope: 'cross',
  run(installations) {
    if (installations.length > 0) return [];
    return [
      finding(meta, {
        message: 'No Windows installation was found on the scanned volumes.',
        installations: [],
        evidence: [],
      }),
    ];
  },
};
