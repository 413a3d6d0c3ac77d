// GEN005: generalized to audit mode: deployed machines will boot into audit mode (domain.md §1.1).
import type { CheckMeta, InstallationCheck } from './types';
import { IMAGE_STATE, decidingImageStates, imageStateText, isGeneralized } from './image-state';
import { RUN_SYSPREP } from './remedy-phrases';
import { finding, pickEvidence } from './finding';

const meta: CheckMeta = {
  id: 'GEN005',
  severity: 'warn',
  title: 'Generalized to audit mode',
  remedy:
    'Only capture this for a further build step in audit mode. For machines that go to users, boot it (it ' +
    `starts in audit mode) and generalize to OOBE: ${RUN_SYSPREP}.`,
  get docs() {
    return [
      '`IMAGE_STATE_GENERALIZE_RESEAL_TO_AUDIT`: the generalize pass completed (the image may be captured), but',
      'every machine deployed from it starts in audit mode instead of OOBE. Fires when either ImageState copy',
      '(registry or State.ini) says so: when only one does, which copy Windows follows is not documented',
      '(UNCONFIRMED), so deployed machines *may* boot into audit mode. Audit mode logs on as the built-in',
      'Administrator automatically, without a prompt or a password (Microsoft "Audit mode overview"): a clone',
      'handed to a user that way is wide open, so this warns rather than informs.',
      'Sources: Microsoft "Windows Setup states"; "Audit mode overview"; "Boot Windows to audit mode or OOBE".',
    ].join('\n');
  },
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
        ? 'deployed machines will boot into audit mode, logged on as the built-in Administrator without a prompt'
        : 'deployed machines may boot into audit mode (which copy Windows follows is not documented), logged on as the built-in Administrator without a prompt';
    return [
      finding(meta, {
        message: `ImageState is ${imageStateText(facts)}: ${outcome}.`,
        evidence: pickEvidence(g.evidence, 'ImageState', 'State.ini'),
      }),
    ];
  },
};
