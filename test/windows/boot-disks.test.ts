// Tying installations to partitions (src/windows/boot-disks.ts): by the installation's own MountedDevices
// entry, else — when a generalize cleared it (UNCONFIRMED) — by the start offset its NTFS boot sector
// records, but only when exactly one partition read starts there.
import { describe, expect, it } from 'vitest';
import type { Partition, PartitionTable } from '../../src/disk/partition-table';
import { parseBootSector } from '../../src/windows/volume-state';
import { diskCoverage } from '../../src/windows/boot-disks';
import { facts, imageFacts } from '../checks/fixtures';

const GPT = (n: number) => `{00000000-0000-4000-8000-00000000000${n}}`;
const part = (number: number, offset: number): Partition => ({
  number,
  offset,
  size: 1 << 30,
  type: { code: '{ebd0a0a2-b9e5-4433-87c0-68b6b72699c7}', name: 'Microsoft basic data', kind: 'windows-data' },
  name: null,
  identity: { style: 'gpt', partitionGuid: GPT(number) },
});
const table = (source: string, partitions: Partition[]): PartitionTable => ({
  source,
  style: 'gpt',
  diskId: GPT(9),
  sectorSize: 512,
  partitions,
  problems: [],
});

describe('parseBootSector: where an NTFS volume starts', () => {
  it('hidden sectors × bytes per sector of the BPB', () => {
    const b = Buffer.alloc(512);
    b.write('NTFS    ', 3, 'latin1');
    b.writeUInt16LE(512, 0x0b);
    b.writeUInt32LE(239616, 0x1c); // a usual start: sector 239,616 (117 MiB)
    expect(parseBootSector(b)).toMatchObject({ kind: 'ntfs', partitionOffset: 239616 * 512 });
    b.writeUInt16LE(3, 0x0b); // a sector size that cannot be right
    expect(parseBootSector(b).partitionOffset).toBeNull();
  });
});

describe('diskCoverage: placing installations', () => {
  const cleared = (offset: number | null) =>
    facts({ mountedDevices: { systemDrive: 'C:', systemPartition: null, volumeOffset: offset, letters: [], evidence: [] } });

  it('MountedDevices cleared, boot sector offset on exactly one partition: placed there, and says how', () => {
    const [disk] = diskCoverage([table('disk0', [part(1, 1048576), part(3, 122683392)])], [], [cleared(122683392)]);
    expect(disk.rows[1].installation).toMatchObject({ placedBy: 'boot-sector-offset' });
    expect(disk.rows[0].installation).toBeNull();
  });

  it('two disks with a partition at that offset: not placed (listed apart), never guessed', () => {
    const disks = diskCoverage([table('disk0', [part(3, 122683392)]), table('disk1', [part(4, 122683392)])], [], [cleared(122683392)]);
    expect(disks.flatMap((d) => d.rows).filter((r) => r.installation && r.partition)).toEqual([]);
    expect(disks.at(-1)).toMatchObject({ source: null, rows: [{ partition: null, installation: { placedBy: null } }] });
  });

  it('MountedDevices wins over the offset when both are known', () => {
    const i = facts({
      mountedDevices: {
        systemDrive: 'C:',
        systemPartition: { style: 'gpt', partitionGuid: GPT(1) },
        volumeOffset: 122683392,
        letters: [],
        evidence: [],
      },
    });
    const [disk] = diskCoverage([table('disk0', [part(1, 1048576), part(3, 122683392)])], [], [i]);
    expect(disk.rows[0].installation).toMatchObject({ placedBy: 'mounted-devices' });
  });

  it('an installation read from an image is on no disk: its MountedDevices name the disk it was captured from', () => {
    const mounted = {
      systemDrive: 'C:',
      systemPartition: { style: 'gpt', partitionGuid: GPT(1) },
      volumeOffset: null,
      letters: [],
      evidence: [],
    } as const;
    const disks = diskCoverage([table('disk0', [part(1, 1048576)])], [], [imageFacts({}, { mountedDevices: mounted })]);
    expect(disks).toHaveLength(1);
    expect(disks[0].rows.map((r) => r.installation)).toEqual([null]);
    expect(disks[0].unplaced).toEqual([]);
    // The same installation on a volume is placed by those very MountedDevices.
    expect(
      diskCoverage([table('disk0', [part(1, 1048576)])], [], [facts({ mountedDevices: mounted })])[0].rows[0].installation,
    ).toMatchObject({ placedBy: 'mounted-devices' });
  });
});
