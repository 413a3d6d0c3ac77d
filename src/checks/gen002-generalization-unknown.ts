// GEN002: whether the installation is generalized cannot be confirmed (domain.md §1.1, §1.4).
import type { CheckMeta, InstallationCheck } from './types';
import { IMAGE_STATE_KEY, RUN_SYSPREP, STATE_INI, cmd, finding, sentence, stateIniPath } from './util';

/** `stateIni`: the installation's State.ini, volume-relative (its Windows directory as spelled on disk). */
function remedyFor(stateIni: string): string {
  return (
    `Make the SOFTWARE hive and ${stateIni} readable (see HIV002), or boot the reference ` +
    `machine and run ${cmd(`reg query HKLM\\SOFTWARE\\${IMAGE_STATE_KEY} /v ImageState`)}. Unless it says ` +
    `IMAGE_STATE_GENERALIZE_RESEAL_TO_OOBE, ${RUN_SYSPREP}.`
  );
}

const meta: CheckMeta = {
  id: 'GEN002',
  severity: 'block',
  title: 'Generalization state unknown',
  remedy: remedyFor(`%WINDIR%\\${STATE_INI}`),
  docs: [
    'Preflight refuses to call an image ready when it cannot confirm that it was generalized. This fires',
    'when neither `ImageState` source could be read (SOFTWARE hive unreadable, State.ini missing) or when the',
    'values found are not ones Microsoft documents.',
    '',
    'Other signals exist but are not enough on their own: `HKLM\\SYSTEM\\Setup\\Status\\SysprepStatus`',
    '`GeneralizationState`/`CleanupState` have no documented meaning (UNCONFIRMED; 7/2 is folklore), the',
    '`SetupType` after generalize is 1 or 2 depending on the report (UNCONFIRMED), and `Sysprep_succeeded.tag`',
    'is only practitioner evidence. Source: Microsoft "Windows Setup states"; KB 939857.',
  ].join('\n'),
};

export const gen002: InstallationCheck = {
  meta,
  scope: 'installation',
  run(facts) {
    const g = facts.generalization;
    if (g.state !== 'unknown') return [];
    return [
      finding(meta, {
        message: sentence(`Cannot confirm that this installation is generalized: ${g.reason}`),
        remedy: remedyFor(stateIniPath(facts)),
        evidence: g.evidence,
      }),
    ];
  },
};
