// Phrases remedies share: Sysprep as typed on the reference machine, the pending-servicing story, and
// "fix, then Sysprep" versus "rebuild" after a failed Sysprep.
import type { InstallationFacts } from '../windows/facts';
import { IMAGE_STATE } from '../windows/generalization';
import { markCommand } from './remedy-markup';
import { decidingImageStates } from './image-state';
import { offlineImageRoot } from './offline-paths';

/**
 * Sysprep as typed on the booted reference machine. %WINDIR% rather than a drive letter: the letter the
 * installation has under WinPE is not the one it has when it runs.
 */
export const SYSPREP_GENERALIZE = '%WINDIR%\\System32\\Sysprep\\sysprep.exe /generalize /oobe /shutdown';

/**
 * Marks a command in a remedy (remedy-markup.ts markCommand). Renderers show it whole: the text report on a line
 * of its own, Markdown as code, the JSON report in the finding's `commands` (plain strings).
 */
export function cmd(command: string): string {
  return markCommand(command);
}

/** "run `…sysprep.exe /generalize /oobe /shutdown`" */
export const RUN_SYSPREP = `run ${cmd(SYSPREP_GENERALIZE)}`;

/** Remedy for pending reboots/servicing; `volume` names the drive for the offline fallback. */
export function pendingRemedy(volume: string): string {
  return (
    'Boot the reference machine, let updates finish and restart with ' +
    `${cmd('shutdown /r /t 0')} until nothing is pending, then ${RUN_SYSPREP}. Only if that installation no ` +
    "longer boots: from WinPE, against its offline image (never WinPE's own image), revert the pending " +
    `servicing with ${cmd(`Dism /Image:${offlineImageRoot(volume)} /Cleanup-Image /RevertPendingActions`)} ` +
    '(a recovery step: the reverted updates must be installed again).'
  );
}

/**
 * One story per state after a failed Sysprep: the image must be rebuilt when ImageState says
 * IMAGE_STATE_UNDEPLOYABLE (Microsoft: "will never be deployable") or the logs show the invalid-state error
 * [0x0f0073] (Microsoft: "re-create the image"). Then no check tells the technician to simply re-run Sysprep;
 * otherwise (e.g. an AppX validation failure, which stops Sysprep before it changes anything, KB 2769827)
 * fixing the cause and running Sysprep again is the story everywhere.
 */
export function mustRebuild(facts: InstallationFacts): boolean {
  return (
    decidingImageStates(facts).some((r) => r.canonical === IMAGE_STATE.UNDEPLOYABLE) ||
    facts.panther.failures.some((f) => f.cause === 'invalid-state')
  );
}

/**
 * "This image must be rebuilt …. On the rebuilt reference machine, before Sysprep, <step>." or "On the
 * reference machine, <step>. Then run sysprep." `step` starts in lower case ("in elevated PowerShell: …").
 */
export function fixThenSysprep(facts: InstallationFacts, step: string): string {
  if (mustRebuild(facts)) {
    return (
      'This image must be rebuilt (see GEN001/SYS001: Sysprep cannot roll back). On the rebuilt reference ' +
      `machine, before Sysprep, ${step}.`
    );
  }
  return `On the reference machine, ${step}. Then ${RUN_SYSPREP}.`;
}
