// DSK004: a disk read whole holds a Windows that is not (or not provably) generalized.
import { diskEvidence, diskName, rowName } from './disk-text';
import type { CheckMeta, DiskCheck } from './types';
import { finding } from './finding';

const meta: CheckMeta = {
  id: 'DSK004',
  severity: 'warn',
  title: 'Not every Windows on the disk is generalized',
  remedy: 'Run Sysprep in each Windows on the disk before a whole-disk (FFU) capture, or capture only the generalized volume as a WIM.',
  get docs() {
    return [
      '"When you generalize an image, Windows replaces the computer SID only on the operating system volume',
      'where you ran Sysprep. If a single computer has multiple operating systems, you must run Sysprep on each',
      'operating system individually." A whole-disk capture (`preflight capture --disk N --ffu`) of a disk with',
      'an installation that is not generalized (or whose state is unknown) clones that installation as it is,',
      'SID and all: such a capture is refused. For a capture of one volume (WIM) it is a warning here; that',
      "installation's own GEN finding decides whether it may be captured itself.",
      'Source: Microsoft "Sysprep (Generalize) a Windows installation".',
    ].join('\n');
  },
};

export const dsk004: DiskCheck = {
  meta,
  scope: 'disk',
  run(disk) {
    if (disk.source === null) return [];
    const bad = disk.rows.filter((r) => r.installation && r.installation.generalization !== 'generalized');
    if (bad.length === 0) return [];
    return [
      finding(meta, {
        message: `${diskName(disk)}: ${bad.map((r) => `${r.installation!.id} on ${rowName(r)} is ${r.installation!.generalization === 'unknown' ? 'of unknown state' : 'not generalized'}`).join('; ')}. A whole-disk capture would clone ${bad.length === 1 ? 'it' : 'them'} as ${bad.length === 1 ? 'it is' : 'they are'}.`,
        installations: bad.map((r) => r.installation!.id),
        evidence: bad.map((r) => diskEvidence(disk, r, `${r.installation!.id}: generalization ${r.installation!.generalization}`)),
      }),
    ];
  },
};
