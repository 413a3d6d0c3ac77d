// PND001: reboot or servicing operations are pending (domain.md §6.1).
import type { CheckMeta, InstallationCheck } from './types';
import { finding, isGeneralized, listText, pendingRemedy, pickEvidence } from './util';

const meta: CheckMeta = {
  id: 'PND001',
  severity: 'warn',
  title: 'Pending reboot or servicing operations',
  remedy: pendingRemedy('<volume>'),
  docs: [
    'Markers read offline: SOFTWARE `Component Based Servicing\\RebootPending` and `\\PackagesPending`,',
    '`WindowsUpdate\\Auto Update\\RebootRequired`; SYSTEM `Session Manager\\PendingFileRenameOperations(2)` in',
    'the current control set; `%WINDIR%\\WinSxS\\pending.xml`. Sysprep itself refuses to run with pending CBS',
    'operations (spopk.dll); in a generalized image the operations would run on every deployed machine.',
    'Warn. For a machine that no longer boots, `Dism /Image:C:\\ /Cleanup-Image',
    '/RevertPendingActions` from WinPE reverts pending servicing (Microsoft: only for recovery).',
    'Sources: Microsoft DISM operating system package servicing options; image-sealing checklists (BIS-F).',
  ].join('\n'),
};

export const pnd001: InstallationCheck = {
  meta,
  scope: 'installation',
  run(facts) {
    const p = facts.pending;
    const markers: string[] = [];
    // null = the hive was not read: unknown, not a marker (HIV002 reports the hive).
    if (p.cbsRebootPending === true) markers.push('CBS RebootPending');
    if (p.cbsPackagesPending === true) markers.push('CBS PackagesPending');
    if (p.windowsUpdateRebootRequired === true) markers.push('Windows Update RebootRequired');
    if (p.pendingFileRenames !== null && p.pendingFileRenames > 0) {
      markers.push(`${p.pendingFileRenames} PendingFileRenameOperations`);
    }
    if (p.pendingXml) markers.push('WinSxS\\pending.xml or reboot.xml (see the evidence for which)');
    if (markers.length === 0) return [];
    const effect = isGeneralized(facts)
      ? 'The image is generalized: these would run on every deployed machine - investigate before capture.'
      : 'Sysprep may refuse to run until they are done.';
    return [
      finding(meta, {
        message: `Pending: ${listText(markers)}. ${effect}`,
        remedy: pendingRemedy(facts.volume),
        evidence: pickEvidence(
          p.evidence,
          'RebootPending',
          'PackagesPending',
          'RebootRequired',
          'PendingFileRename',
          'pending.xml',
          'reboot.xml',
        ),
      }),
    ];
  },
};
