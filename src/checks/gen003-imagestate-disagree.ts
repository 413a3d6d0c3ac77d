// GEN003: the registry ImageState and State.ini disagree (domain.md §1.1; which wins is UNCONFIRMED).
import type { CheckMeta, InstallationCheck } from './types';
import { IMAGE_STATE_KEY } from './image-state';
import { RUN_SYSPREP } from './remedy-phrases';
import { finding, pickEvidence } from './finding';
import { stateIniPath } from './offline-paths';

const meta: CheckMeta = {
  id: 'GEN003',
  severity: 'warn',
  title: 'ImageState sources disagree',
  remedy: `Boot the reference machine and, to rewrite both, ${RUN_SYSPREP}. Check both values before capture.`,
  get docs() {
    return [
      '`ImageState` is stored twice: registry `HKLM\\SOFTWARE\\' + IMAGE_STATE_KEY + '` and',
      '`%WINDIR%\\Setup\\State\\State.ini`. Windows writes both; when they differ, something interrupted Setup or',
      'Sysprep, or one of them was edited. No source says which one Windows trusts (UNCONFIRMED), so this is a',
      'warning next to whatever GEN001/GEN002 concluded. Source: Microsoft "Windows Setup states".',
    ].join('\n');
  },
};

export const gen003: InstallationCheck = {
  meta,
  scope: 'installation',
  run(facts) {
    const g = facts.generalization;
    if (g.sourcesAgree !== false) return [];
    return [
      finding(meta, {
        message:
          `The registry (SOFTWARE\\${IMAGE_STATE_KEY}) says ImageState ${g.imageStateRegistry ?? 'unknown'}, ` +
          `${stateIniPath(facts)} says ${g.imageStateFile ?? 'unknown'}.`,
        evidence: pickEvidence(g.evidence, 'ImageState', 'State.ini'),
      }),
    ];
  },
};
