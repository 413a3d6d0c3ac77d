// PND001: reboot or servicing operations are pending (domain.md §6.1).
import type { CheckMeta, InstallationCheck, Severity } from './types';
import { finding, pickEvidence } from './finding';
import { isGeneralized, severityBeforeSysprep } from './image-state';
import { listText } from './english';
import { pendingRemedy } from './remedy-phrases';

const meta: CheckMeta = {
  id: 'PND001',
  severity: 'block',
  title: 'Pending reboot or servicing operations',
  remedy: pendingRemedy('<volume>'),
  get docs() {
    return [
      'Markers read offline: SOFTWARE `Component Based Servicing\\RebootPending` and `\\PackagesPending`,',
      '`WindowsUpdate\\Auto Update\\RebootRequired`; SYSTEM `Session Manager\\PendingFileRenameOperations(2)` in',
      'the current control set; `%WINDIR%\\WinSxS\\pending.xml`.',
      '',
      'Severity per source: pending CBS work (RebootPending, PackagesPending, pending.xml) is what stops',
      'Sysprep — its `spopk.dll` validation refuses to generalize — so it blocks an image that still has to be',
      'generalized and warns otherwise (in a generalized image it would run on every deployed machine:',
      "investigate). Windows Update's RebootRequired warns. PendingFileRenameOperations alone only makes",
      'Sysprep log a warning (`Warning SYSPRP WinMain: File operations pending`): info.',
      '`Dism /Image:C:\\ /Cleanup-Image /RevertPendingActions` is for an installation that no longer boots, run',
      "from WinPE against that offline image — never WinPE's own image — and is a recovery step (Microsoft:",
      'reverted updates must be installed again).',
      'Sources: Microsoft DISM operating system package servicing options; image-sealing checklists (BIS-F).',
    ].join('\n');
  },
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
    const cbs = p.cbsRebootPending === true || p.cbsPackagesPending === true || p.pendingXml;
    const severity: Severity = cbs
      ? severityBeforeSysprep(facts, 'block', 'warn', 'warn')
      : p.windowsUpdateRebootRequired === true
        ? 'warn'
        : 'info';
    const effect = isGeneralized(facts)
      ? 'The image is generalized: these would run on every deployed machine - investigate before capture.'
      : cbs
        ? 'Sysprep refuses to generalize while CBS servicing is pending.'
        : 'Sysprep only logs a warning for these; let them complete with a restart.';
    return [
      finding(meta, {
        severity,
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
