// GEN001: the installation has not been generalized by Sysprep (domain.md §1.1).
import type { CheckMeta, InstallationCheck } from './types';
import { IMAGE_STATE, IMAGE_STATE_KEY, decidingImageStates, imageStateText } from './image-state';
import { RUN_SYSPREP } from './remedy-phrases';
import { finding, pickEvidence } from './finding';
import { sentence } from './english';

const MEANING: Record<string, string> = {
  [IMAGE_STATE.COMPLETE]:
    'Windows is installed and specialized for this hardware: either it was never generalized, or it was and ' +
    'has since run specialize and OOBE (a booted or deployed image ends in this state too)',
  [IMAGE_STATE.UNDEPLOYABLE]:
    'a Setup or Sysprep phase did not finish; Microsoft: queried offline, such an image "will never be deployable"',
  [IMAGE_STATE.SPECIALIZE_RESEAL_TO_OOBE]: 'the specialize pass already ran (a new machine SID was made); it continues to OOBE',
  [IMAGE_STATE.SPECIALIZE_RESEAL_TO_AUDIT]: 'the specialize pass already ran (a new machine SID was made); it continues to audit mode',
};

const REBUILD =
  'Rebuild the reference machine: an interrupted Sysprep cannot be rolled back (Microsoft: "re-create the ' +
  `image"). Then, on the booted reference machine, in an elevated prompt, ${RUN_SYSPREP}.`;

const meta: CheckMeta = {
  id: 'GEN001',
  severity: 'block',
  title: 'Not generalized',
  remedy:
    `Boot the reference machine and, in an elevated prompt, ${RUN_SYSPREP}. Let it shut down, then capture ` +
    'from WinPE. If it stops at OOBE (the "Let\'s start with region" screen), press Ctrl+Shift+F3 to enter ' +
    'audit mode instead of creating a user account, then run Sysprep there.',
  get docs() {
    return [
      `Windows records how far Setup got in \`ImageState\`: registry \`HKLM\\SOFTWARE\\${IMAGE_STATE_KEY}\` and`,
      '`%WINDIR%\\Setup\\State\\State.ini` (`[State]`). Only `IMAGE_STATE_GENERALIZE_RESEAL_TO_OOBE` and',
      '`IMAGE_STATE_GENERALIZE_RESEAL_TO_AUDIT` mean that `sysprep /generalize` completed.',
      '`IMAGE_STATE_COMPLETE`, `IMAGE_STATE_SPECIALIZE_RESEAL_*` and `IMAGE_STATE_UNDEPLOYABLE` mean the image is',
      'tied to this machine: every clone gets the same machine SID, and since the Aug/Sep 2025 updates Windows 11',
      '24H2+ and Server 2025 refuse authentication between machines with duplicate SIDs (LsaSrv event 6167).',
      '',
      'The state is decided by the facts extractor from both ImageState copies: a recognised value decides',
      'when the other copy is missing or means the same; which copy Windows trusts when they differ is not',
      'documented (UNCONFIRMED), so copies meaning different states leave it unknown (GEN002, GEN003).',
      'The one exception: a copy holding an unrecognised value does not keep the other copy\'s "not',
      'generalized" from blocking. The message names the value that decided and where it was read.',
      '`IMAGE_STATE_COMPLETE` is also what a generalized image becomes once it has booted through specialize',
      'and OOBE, so "not generalized" may mean "generalized, then booted": either way it must be generalized',
      'again. A machine waiting at OOBE enters audit mode with Ctrl+Shift+F3 (no user account is created);',
      'Sysprep is then run from audit mode (Microsoft "Boot Windows to audit mode or OOBE",',
      'https://learn.microsoft.com/windows-hardware/manufacture/desktop/boot-windows-to-audit-mode-or-oobe).',
      '`IMAGE_STATE_UNDEPLOYABLE` asks for a rebuild, not a re-run. Sources: Microsoft "Windows Setup states";',
      '"Sysprep (Generalize) a Windows installation"; Microsoft Tech Community "Hardening administrative',
      'actions" (2025).',
    ].join('\n');
  },
};

export const gen001: InstallationCheck = {
  meta,
  scope: 'installation',
  run(facts) {
    const g = facts.generalization;
    if (g.state !== 'not-generalized') return [];
    // The copies whose value decided "not generalized" - never a copy holding an unrecognised value.
    const readings = decidingImageStates(facts);
    const text = imageStateText(facts);
    const meanings = [...new Set(readings.map((r) => r.canonical))].flatMap((v) => (MEANING[v] ? [MEANING[v]] : []));
    const head = text === null ? `Not generalized: ${g.reason}` : `ImageState is ${text}`;
    return [
      finding(meta, {
        message: sentence(meanings.length > 0 && text !== null ? `${head}: ${meanings.join('; ')}` : head),
        remedy: readings.some((r) => r.canonical === IMAGE_STATE.UNDEPLOYABLE) ? REBUILD : undefined,
        evidence: pickEvidence(g.evidence, 'ImageState', 'State.ini'),
      }),
    ];
  },
};
