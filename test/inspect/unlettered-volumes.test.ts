// Which volumes `check --disk` adds from the live MountedDevices: those of partitions nothing else read.
import { describe, expect, it } from 'vitest';
import { disksWorthShowing, physicalTables, unletteredVolumes } from '../../src/inspect/disks';
import type { PartitionIdentity } from '../../src/disk/partition-identity';
import type { PartitionTable } from '../../src/disk/partition-table';
import type { LiveMounts } from '../../src/host/live-volumes';
import type { DiskFacts, DiskRow } from '../../src/windows/boot-disks';

const gpt = (n: number): PartitionIdentity => ({ style: 'gpt', partitionGuid: `{00000000-0000-4000-8000-00000000000${n}}` });
const vol = (n: number) => `\\\\?\\Volume{aaaaaaaa-0000-4000-8000-00000000000${n}}\\`;

function row(n: number, installed = false): DiskRow {
  return {
    partition: { number: n, offset: n * 1048576, size: 1048576, type: { kind: 'basic-data', name: 'Basic data' } as never, name: null },
    identity: gpt(n),
    bootEntries: [],
    installation: installed ? ({ id: `P${n}` } as never) : null,
    volume: null,
  };
}

function disk(rows: DiskRow[], source: string | null = '\\\\.\\PhysicalDrive0'): DiskFacts {
  return { source, style: 'gpt', diskId: null, rows, stores: [], unplaced: [], problems: [] };
}

const mounts: LiveMounts = {
  route: 'reg.exe',
  volumes: [1, 2, 3, 4].map((n) => ({ root: vol(n), identity: gpt(n) })),
  letters: new Map([
    ['D:', gpt(2)],
    ['E:', null],
  ]),
};

describe('unletteredVolumes', () => {
  it('adds the volumes of partitions with no installation and no scanned letter, once each', () => {
    const coverage = [disk([row(1), row(2), row(3, true), row(4)]), disk([row(4)], null)];
    expect(unletteredVolumes(coverage, ['D:\\', 'E:\\'], mounts)).toEqual([vol(1), vol(4)]);
  });

  it('a letter not scanned does not count; a volume already named is not added again', () => {
    expect(unletteredVolumes([disk([row(1), row(2)])], [vol(1)], mounts)).toEqual([vol(2)]);
  });

  it('a partition without a live volume (MSR) is passed over', () => {
    expect(unletteredVolumes([disk([row(5)])], [], mounts)).toEqual([]);
  });
});

describe('the guided run with nothing named: every physical drive, the disks worth a table', () => {
  const table = (n: number, ids: number[]): PartitionTable =>
    ({
      source: `\\\\.\\PhysicalDrive${n}`,
      style: 'gpt',
      diskId: null,
      partitions: ids.map((i) => ({ number: i, offset: i, size: 1, type: {} as never, name: null, identity: gpt(i) })),
      problems: [],
    }) as unknown as PartitionTable;

  it('tries \\\\.\\PhysicalDrive0 to 15 and keeps those that read', () => {
    const tried: string[] = [];
    const found = physicalTables((source) => {
      tried.push(source);
      if (source.endsWith('Drive0') || source.endsWith('Drive2')) return table(Number(source.slice(-1)), [1]);
      throw new Error('cannot open the disk for reading');
    });
    expect(tried).toHaveLength(16);
    expect(found.map((t) => t.source)).toEqual(['\\\\.\\PhysicalDrive0', '\\\\.\\PhysicalDrive2']);
  });

  it('keeps disks holding a Windows or a boot entry, never the stick preflight runs from', () => {
    const withWindows = table(0, [1, 2]);
    const empty = table(1, [3]);
    const stick = table(2, [4]);
    const coverage = (t: PartitionTable) => [disk(t.source === empty.source ? [row(3)] : [row(1, true)], t.source)];
    const live: LiveMounts = { ...mounts, letters: new Map([['E:', gpt(4)]]) };
    expect(disksWorthShowing([withWindows, empty, stick], coverage, 'E:\\', live)).toEqual([withWindows]);
    expect(disksWorthShowing([withWindows, empty, stick], coverage, null, live)).toEqual([withWindows, stick]);
  });
});
