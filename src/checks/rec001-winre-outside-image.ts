// REC001: WinRE is enabled on another partition, so a capture of the Windows partition carries none
// (domain.md §14.4).
import type { CheckMeta, InstallationCheck } from './types';
import { cmd } from './remedy-phrases';
import { finding } from './finding';

const meta: CheckMeta = {
  id: 'REC001',
  severity: 'warn',
  title: 'Windows Recovery Environment is not in the image',
  remedy:
    `Before Sysprep, on the reference machine, elevated: ${cmd('reagentc /disable')} (it moves Winre.wim back ` +
    'to %WINDIR%\\System32\\Recovery, so the image carries it), and enable it on each deployed machine ' +
    `(${cmd('reagentc /enable')}, or the deployment's recovery-partition step). Or capture the recovery ` +
    'partition as well (a whole-disk FFU capture does).',
  get docs() {
    return [
      '`%WINDIR%\\System32\\Recovery\\ReAgent.xml` says `InstallState state="1"` (WinRE enabled) with a',
      '`WinreLocation` on another partition, and `Winre.wim` is not in `System32\\Recovery`: reagentc moved it',
      'to the recovery partition. A capture of the Windows partition alone (DISM /Capture-Image, wimlib) then',
      'carries no recovery environment, and deployed machines get none unless the recovery partition is',
      'captured and applied too or Winre.wim is put back. No finding when Winre.wim is in the image, or when',
      'ReAgent.xml is missing or does not say (unknown).',
      'Source: Microsoft "Capture and apply Windows, system, and recovery partitions" (WinRE is on the',
      'recovery partition after it is enabled; `reagentc /disable` before capture); Microsoft "REAgentC',
      'command-line options".',
      'URL: https://learn.microsoft.com/windows-hardware/manufacture/desktop/capture-and-apply-windows-system-and-recovery-partitions',
    ].join('\n');
  },
};

export const rec001: InstallationCheck = {
  meta,
  scope: 'installation',
  run(facts) {
    const r = facts.recovery;
    if (r.enabled !== true || r.winreWim !== null) return [];
    return [
      finding(meta, {
        message:
          `${r.reagentXml ?? 'ReAgent.xml'} says WinRE is enabled at ${r.winreLocation || '(location not given)'} on another partition, and ` +
          'Winre.wim is not in System32\\Recovery: an image of this partition gives deployed machines no recovery environment.',
        evidence: r.evidence,
      }),
    ];
  },
};
