// XIN002: another installation found in the same run is not generalized (domain.md §1.6, §4.2).
import type { CheckMeta, CrossCheck } from './types';
import { RUN_SYSPREP } from './remedy-phrases';
import { finding, installationEvidence } from './finding';
import { imageState } from './image-state';
import { listText } from './english';

const meta: CheckMeta = {
  id: 'XIN002',
  severity: 'info',
  title: 'Another installation is not generalized',
  remedy: `Boot each installation you will capture and, in it, ${RUN_SYSPREP}.`,
  get docs() {
    return [
      'Microsoft: "If a single PC has multiple operating systems, you must run Sysprep on each operating system',
      'individually" - Sysprep replaces the SID only on the volume where it ran. The installation itself is',
      'blocked by GEN001; this note tells the technician looking at the others.',
      'Source: Microsoft "Sysprep (Generalize) a Windows installation".',
    ].join('\n');
  },
};

export const xin002: CrossCheck = {
  meta,
  scope: 'cross',
  run(installations) {
    if (installations.length < 2) return [];
    return installations
      .filter((i) => i.generalization.state === 'not-generalized')
      .map((i) => {
        const others = installations.filter((o) => o !== i).map((o) => o.id);
        return finding(meta, {
          message:
            `${i.id} is not generalized, beside ${listText(others)}. Sysprep must run in each installation; ` +
            `running it in one does not generalize the others.`,
          installations: [i.id, ...others],
          evidence: [installationEvidence(i, `ImageState ${imageState(i) ?? 'unknown'}: not generalized`)],
        });
      });
  },
};
