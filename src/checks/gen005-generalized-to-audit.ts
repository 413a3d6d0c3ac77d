// GEN005: generalized to audit mode: deployed machines will boot into audit mode (domain.md §1.1).
import type { CheckMeta, InstallationCheck } from './types';
import {
  IMAGE_STATE,
  RUN_SYSPREP,
  decidingImageStates,
  finding,
  imageStateText,
  isGeneralized,
  pickEvidence,
} from './util';

const meta: CheckMeta = {
  id: 'GEN005',
  severity: 'info',
  title: 'Generalized to audit mode',
  remedy: `Nothing, if audit mode is intended. For machines that go to users, boot it and generalize to OOBE: ${RUN_SYSPREP}.`,
  docs: [
    '`IMAGE_STATE_GENERALIZE_RESEAL_TO_AUDIT`: the generalize pass completed (the image may be captured), but',
    'every machine deployed from it starts in audit mode instead of OOBE. Fires when either ImageState copy',
    '(registry or State.ini) says so: when only one does, which copy Windows follows is not documented',
    '(UNCONFIRMED), so deployed machines *may* boot into audit mode. Source: Microsoft "Windows Setup states".',
  ].join('\n'),
};

export const gen005: InstallationCheck = {
  meta,
  scope: 'installation',
  run(facts) {
    const g = facts.generalization;
    if (!isGeneralized(facts)) return [];
    const readings = decidingImageStates(facts);
    const audit = readings.filter((r) => r.canonical === IMAGE_STATE.GENERALIZE_RESEAL_TO_AUDIT);
    if (audit.length === 0) return [];
    const outcome =
      audit.length === readings.length
        ? 'deployed machines will boot into audit mode'
        : 'deployed machines may boot into audit mode (which copy Windows follows is not documented)';
    return [
      finding(meta, {
        message: `ImageState is ${imageStateText(facts)}: ${outcome}.`,
        evidence: pickEvidence(g.evidence, 'ImageState', 'State.ini'),
      }),
    ];
  },
};
