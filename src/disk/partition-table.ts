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

/**
 * Keeps the partitions whose extent can be right: whole numbers of bytes below 2^53 (an LBA of 2^53 or
 * more reads as NaN), a last sector not before the first, and, where the disk's size is known, inside
 * the disk. Each one left out is a problem of the table, named by its number; the others stay usable.
 */
function plausible(partitions: Partition[], diskSize: number | null, problems: string[]): Partition[] {
  return partitions.filter((p) => {
    const end = p.offset + p.size;
    const why =
      !Number.isSafeInteger(p.offset) || !Number.isSafeInteger(p.size) || !Number.isSafeInteger(end)
        ? 'its sectors lie beyond 2^53 bytes'
        : p.size <= 0
          ? 'its last sector lies before its first'
          : diskSize !== null && end > diskSize
            ? `it ends at byte ${end}, past the end of the disk (${diskSize} bytes)`
            : null;
    if (why !== null) problems.push(`partition ${p.number}: ${why}; left out`);
    return why === null;
  });
}

export function readPartitionTable(disk: DiskReader): PartitionTable {
  const base = { source: disk.source, sectorSize: disk.sectorSize };
  const mbr = readMbr(disk);
  if (!mbr)
    return {
      ...base,
      style: 'none',
      diskId: null,
      partitions: [],
      problems: ['sector 0 holds no MBR (no 55 AA signature): no partition table'],
    };
  const ss = disk.sectorSize;
  if (mbr.protective) {
    const problems = [...mbr.problems];
    const gpt = readGpt(disk, problems);
    if (!gpt) return { ...base, style: 'gpt', diskId: null, partitions: [], problems: [...problems, 'protective MBR, but no valid GPT'] };
    const tableProblems = gpt.header === 'backup' ? [...problems, 'the primary GPT is damaged; the backup copy was used'] : problems;
    return {
      ...base,
      style: 'gpt',
      diskId: gpt.diskGuid,
      problems: tableProblems,
      partitions: plausible(
        gpt.entries.map((e) => ({
          number: e.number,
          offset: e.firstLba * ss,
          size: (e.lastLba - e.firstLba + 1) * ss,
          type: e.type,
          name: e.name,
          identity: { style: 'gpt' as const, partitionGuid: e.partitionGuid },
        })),
        disk.size,
        tableProblems,
      ),
    };
  }
  const signature = signatureText(mbr.diskSignature);
  const problems = [...mbr.problems];
  return {
    ...base,
    style: 'mbr',
    diskId: signature,
    problems,
    partitions: plausible(
      mbr.entries.map((e) => ({
        number: e.number,
        offset: e.firstLba * ss,
        size: e.sectors * ss,
        type: e.type,
        name: null,
        identity: { style: 'mbr' as const, diskSignature: signature, offset: e.firstLba * ss },
      })),
      disk.size,
      problems,
    ),
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
