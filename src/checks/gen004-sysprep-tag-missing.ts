// GEN004: generalized according to ImageState, but Sysprep_succeeded.tag is missing (domain.md §1.2).
import type { CheckMeta, InstallationCheck } from './types';
import { RUN_SYSPREP } from './remedy-phrases';
import { SYSPREP_PANTHER, SYSPREP_TAG, windowsPath, windowsRel } from './offline-paths';
import { evidenceFor, fileEvidence, finding, matchingEvidence } from './finding';
import { imageStateText, isGeneralized } from './image-state';

/** `windowsDir`: the installation's Windows directory, volume-relative, or %WINDIR% for the docs. */
function remedyFor(windowsDir: string): string {
  return (
    `Read ${windowsDir}\\${SYSPREP_PANTHER}\\setupact.log for the last run. If in doubt, boot the reference ` +
    `machine and ${RUN_SYSPREP}.`
  );
}

const meta: CheckMeta = {
  id: 'GEN004',
  severity: 'warn',
  title: 'Sysprep success tag missing',
  remedy: remedyFor('%WINDIR%'),
  get docs() {
    return [
      'Sysprep deletes `%WINDIR%\\System32\\Sysprep\\Sysprep_succeeded.tag` at the start of every run and',
      '(reportedly) writes it again only when the run succeeds. A generalized `ImageState` without the tag is',
      'unusual: the tag may have been deleted by hand, or the state copied from elsewhere. That the tag is written',
      'only on success is UNCONFIRMED by Microsoft, hence a warning. When the image is not generalized the',
      'missing tag adds nothing to GEN001 and is not reported. Source: Sysprep setupact.log (`FCreateTagFile`).',
    ].join('\n');
  },
};

export const gen004: InstallationCheck = {
  meta,
  scope: 'installation',
  run(facts) {
    const g = facts.generalization;
    if (!isGeneralized(facts) || g.sysprepTagPresent) return [];
    const tag = windowsPath(facts, SYSPREP_TAG);
    return [
      finding(meta, {
        message: `ImageState is ${imageStateText(facts) ?? 'generalized'}, but ${tag} does not exist.`,
        remedy: remedyFor(windowsRel(facts)),
        evidence: [
          ...matchingEvidence(g.evidence, 'ImageState'),
          ...evidenceFor(g.evidence, ['Sysprep_succeeded.tag'], fileEvidence(tag, 'does not exist')),
        ],
      }),
    ];
  },
};
