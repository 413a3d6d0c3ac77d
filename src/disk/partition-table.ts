// The partition table of one disk, MBR or GPT, as one list of partitions with the identities Windows uses
// for them (partition-identity.ts). A protective MBR (type 0xEE) sends the reader to the GPT.
import { DiskReadError, openDisk, type DiskReader } from './disk-reader';
import { readGpt } from './gpt';
import { readMbr } from './mbr';
import type { PartitionIdentity } from './partition-identity';
import { signatureText } from './partition-identity';
import type { PartitionType } from './partition-types';

export interface Partition {
  number: number;
  /** Byte offset and size on the disk. */
  offset: number;
  size: number;
  type: PartitionType;
  /** GPT partition name, e.g. "Basic data partition"; null on MBR. */
  name: string | null;
  identity: PartitionIdentity;
}

export interface PartitionTable {
  source: string;
  style: 'mbr' | 'gpt' | 'none';
  /** MBR disk signature (`0x…`) or GPT disk GUID; null when there is no table. */
  diskId: string | null;
  sectorSize: number;
  partitions: Partition[];
  problems: string[];
}

export function readPartitionTable(disk: DiskReader): PartitionTable {
  const base = { source: disk.source, sectorSize: disk.sectorSize };
  const mbr = readMbr(disk);
  if (!mbr) return { ...base, style: 'none', diskId: null, partitions: [], problems: ['sector 0 holds no MBR (no 55 AA signature): no partition table'] };
  const ss = disk.sectorSize;
  if (mbr.protective) {
    const problems = [...mbr.problems];
    const gpt = readGpt(disk, problems);
    if (!gpt) return { ...base, style: 'gpt', diskId: null, partitions: [], problems: [...problems, 'protective MBR, but no valid GPT'] };
    return {
      ...base,
      style: 'gpt',
      diskId: gpt.diskGuid,
      problems: gpt.header === 'backup' ? [...problems, 'the primary GPT is damaged; the backup copy was used'] : problems,
      partitions: gpt.entries.map((e) => ({
        number: e.number,
        offset: e.firstLba * ss,
        size: (e.lastLba - e.firstLba + 1) * ss,
        type: e.type,
        name: e.name,
        identity: { style: 'gpt', partitionGuid: e.partitionGuid },
      })),
    };
  }
  const signature = signatureText(mbr.diskSignature);
  return {
    ...base,
    style: 'mbr',
    diskId: signature,
    problems: mbr.problems,
    partitions: mbr.entries.map((e) => ({
      number: e.number,
      offset: e.firstLba * ss,
      size: e.sectors * ss,
      type: e.type,
      name: null,
      identity: { style: 'mbr', diskSignature: signature, offset: e.firstLba * ss },
    })),
  };
}

export { DiskReadError };

/** The partition table of a disk, block device or disk image by its path: opened, read and closed. */
export function readTableOf(source: string): PartitionTable {
  const disk = openDisk(source);
  try {
    return readPartitionTable(disk);
  } finally {
    disk.close();
  }
}
