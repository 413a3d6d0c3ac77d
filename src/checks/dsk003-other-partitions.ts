// DSK003: partitions Sysprep knows nothing of (Linux, Apple, unknown types) on a disk read whole.
import { diskEvidence, diskName, rowName } from './disk-text';
import type { CheckMeta, DiskCheck } from './types';
import { finding } from './finding';

const meta: CheckMeta = {
  id: 'DSK003',
  severity: 'info',
  title: 'Partitions Sysprep does not cover',
  remedy:
    'Capture the Windows volume (WIM) rather than the whole disk, or make sure what those partitions hold may be copied to every deployed PC.',
  get docs() {
    return [
      'Sysprep generalizes the Windows installation it runs in, nothing else. A whole-disk (FFU) capture copies',
      'every partition as it is: a Linux system, its machine id and host keys, an Apple partition, anything',
      'of an unknown type. The partition type is read from the GPT type GUID or the MBR type byte (UEFI',
      'specification; Microsoft "Windows and GPT FAQ"). EFI system, Microsoft reserved, basic data and',
      "recovery partitions are Windows' own.",
      'Sources: Microsoft "Sysprep (Generalize) a Windows installation"; UEFI specification, GPT partition types.',
    ].join('\n');
  },
};

export const dsk003: DiskCheck = {
  meta,
  scope: 'disk',
  run(disk) {
    const others = disk.rows.filter(
      (r) => r.partition && (r.partition.type.kind === 'linux' || r.partition.type.kind === 'other' || r.partition.type.kind === 'ldm'),
    );
    if (others.length === 0) return [];
    return [
      finding(meta, {
        message: `${diskName(disk)} holds ${others.map(rowName).join(', ')}: Sysprep does not generalize ${others.length === 1 ? 'it' : 'them'}, and a whole-disk capture copies ${others.length === 1 ? 'it' : 'them'} as ${others.length === 1 ? 'it is' : 'they are'}.`,
        evidence: others.map((r) => diskEvidence(disk, r, `type ${r.partition!.type.code}`)),
      }),
    ];
  },
};
