// GEN005: generalized to audit mode: deployed machines will boot into audit mode (domain.md §1.1).
import type { CheckMeta, InstallationCheck } from './types';
import { IMAGE_STATE, RUN_SYSPREP, finding, imageState, imageStateWhere, isGeneralized, pickEvidence } from './util';

const meta: CheckMeta = {
  id: 'GEN005',
  severity: 'info',
  title: 'Generalized to audit mode',
  remedy: `Nothing, if audit mode is intended. For machines that go to users, boot it and generalize to OOBE: ${RUN_SYSPREP}.`,
  docs: [
    '`IMAGE_STATE_GENERALIZE_RESEAL_TO_AUDIT`: the generalize pass completed (the image may be captured), but',
    'every machine deployed from it starts in audit mode instead of OOBE. Source: Microsoft "Windows Setup',
    'states".',
  ].join('\n'),
};

export const gen005: InstallationCheck = {
  meta,
  scope: 'installation',
  run(facts) {
    const g = facts.generalization;
    const state = imageState(g);
    if (!isGeneralized(facts) || state?.toUpperCase() !== IMAGE_STATE.GENERALIZE_RESEAL_TO_AUDIT) return [];
    return [
      finding(meta, {
        message: `ImageState is ${state} in ${imageStateWhere(g)}: deployed machines will boot into audit mode.`,
        evidence: pickEvidence(g.evidence, 'ImageState', 'State.ini'),
      }),
    ];
  },
};
