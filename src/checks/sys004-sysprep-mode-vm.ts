// SYS004: the last Sysprep run used /mode:vm (Microsoft "Sysprep command-line options").
import type { CheckMeta, InstallationCheck } from './types';
import { RUN_SYSPREP } from './remedy-phrases';
import { finding } from './finding';
import { isGeneralized } from './image-state';

const meta: CheckMeta = {
  id: 'SYS004',
  severity: 'warn',
  title: 'Generalized with /mode:vm',
  remedy: `For an image that goes to other hardware or hypervisors, boot it and generalize without /mode:vm: ${RUN_SYSPREP}.`,
  get docs() {
    return [
      '`sysprep /generalize /mode:vm` generalizes a virtual hard disk for redeployment as a VM on the same',
      'hypervisor with the same hardware profile only; Microsoft: such an image cannot be deployed to any other',
      'PC, and VM mode outside a VM is not supported. Fine for that one use, wrong for a general image: warn.',
      '',
      'Read from `%WINDIR%\\\\System32\\\\Sysprep\\\\Panther\\\\setupact.log` (cleared at each run), which logs each',
      'option it parsed: `Info [0x0f005f] SYSPRP ParseCommands:Found supported command line option',
      "'GENERALIZE'` (public setupact.log excerpts show this line for GENERALIZE, OOBE, SHUTDOWN, QUIT and",
      'UNATTEND). A real VM-mode run logs the option `MODE` and then `Info [0x0f00b7] SYSPRP WinMain:Sysprep',
      'mode [vm]; was specified`. `/mode:vm` is the only documented value of `/mode`, so either line (or',
      '`/mode:vm` written anywhere in the last run, an UNCONFIRMED spelling) is read as `/mode:vm`. When the',
      'log lists options without it the run was not VM mode; when the log is missing or lists none, nothing is',
      'said (the other checks decide).',
      'Sources: Microsoft "Sysprep command-line options"; setupact.log excerpts in public issue threads (e.g.',
      'notepad-plus-plus/notepad-plus-plus issue #13675; a VM-mode run in',
      'The-Virtual-Desktop-Team/Windows-Desktop-Optimization-Tool issue #18 and DrazenNikolic/AVD-Golden-Image-Optimizer issue #2).',
      'URL: https://learn.microsoft.com/windows-hardware/manufacture/desktop/sysprep-command-line-options',
    ].join('\n');
  },
};

export const sys004: InstallationCheck = {
  meta,
  scope: 'installation',
  run(facts) {
    const r = facts.sysprepRun;
    if (r.modeVm !== true) return [];
    const state = isGeneralized(facts) ? 'The image is generalized for' : 'The last Sysprep run was for';
    return [
      finding(meta, {
        message: `${state} /mode:vm (options ${(r.options ?? []).join(', ') || 'MODE'}): it can only be deployed as a VM on the same hypervisor and hardware profile, not to other PCs.`,
        evidence: r.evidence,
      }),
    ];
  },
};
