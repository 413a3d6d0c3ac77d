// GEN002: whether the installation is generalized cannot be confirmed (domain.md §1.1, §1.4).
import type { CheckMeta, InstallationCheck } from './types';
import { cmdQuote, suspiciousName } from './shell-quote';
import { RUN_SYSPREP, cmd } from './remedy-phrases';
import { STATE_INI, offlinePath, stateIniPath } from './offline-paths';
import { finding } from './finding';
import { sentence } from './english';

/** `stateIni`: the installation's State.ini as typed from WinPE (drive filled in when known). */
function remedyFor(stateIni: string): string {
  const quoted = cmdQuote(stateIni);
  const read = quoted === null ? suspiciousName('State.ini path', stateIni) : cmd(`type ${quoted}`);
  return (
    `Make the SOFTWARE hive readable (see HIV002), or read the state offline, from WinPE: ${read}. ` +
    'Do not boot the machine to look: booting a generalized image runs specialize, after which it is no ' +
    'longer generalized (so a query on a booted machine never shows a generalized state). Unless it says ' +
    `IMAGE_STATE_GENERALIZE_RESEAL_TO_OOBE, boot the reference machine and ${RUN_SYSPREP}.`
  );
}

const meta: CheckMeta = {
  id: 'GEN002',
  severity: 'block',
  title: 'Generalization state unknown',
  remedy: remedyFor(`<volume>\\Windows\\${STATE_INI}`),
  get docs() {
    return [
      'Preflight refuses to call an image ready when it cannot confirm that it was generalized. This fires',
      'when neither `ImageState` source could be read (SOFTWARE hive unreadable, State.ini missing) or when the',
      'values found are not ones Microsoft documents, and when ImageState says generalized but Windows Setup is',
      'not armed for the first boot: `HKLM\\SYSTEM\\Setup\\CmdLine` lacks `oobe\\windeploy.exe` or',
      '`SystemSetupInProgress` is 0 (after every observed generalize CmdLine is `oobe\\windeploy.exe` and',
      'SystemSetupInProgress 1, domain.md §1.3; no source describes the mixed state, so it is unknown — the hives',
      'may have been edited — never ready).',
      '',
      'Other signals exist but are not enough on their own: `HKLM\\SYSTEM\\Setup\\Status\\SysprepStatus`',
      '`GeneralizationState`/`CleanupState` have no documented meaning (UNCONFIRMED; 7/2 is folklore), the',
      '`SetupType` after generalize is 1 or 2 depending on the report (UNCONFIRMED), and `Sysprep_succeeded.tag`',
      'is only practitioner evidence. The remedy reads `State.ini` offline: `reg query` on the booted machine',
      'cannot help, because booting a generalized image runs the specialize pass and leaves',
      '`IMAGE_STATE_SPECIALIZE_RESEAL_*`/`IMAGE_STATE_COMPLETE` behind. Source: Microsoft "Windows Setup states";',
      'KB 939857.',
    ].join('\n');
  },
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
        remedy: remedyFor(offlinePath(facts.volume, stateIniPath(facts))),
        evidence: g.evidence,
      }),
    ];
  },
};
