// The master boot record (sector 0) and the extended boot records of logical partitions.
// MBR: 0x1B8 u32 disk signature; 0x1BE four 16-byte entries {0 status, 4 type, 8 u32 first LBA, 12 u32
// sector count}; 0x1FE the bytes 55 AA. An entry of type 0xEE makes it the protective MBR of a GPT disk.
// Logical partitions: each EBR's first entry is the partition (relative to that EBR), its second entry
// points to the next EBR (relative to the start of the extended partition).
import type { DiskReader } from './disk-reader';
import { mbrPartitionType, type PartitionType } from './partition-types';

export interface MbrEntry {
  /** 1-4 for primary partitions, 5 and up for logical ones (as Windows and Linux number them). */
  number: number;
  type: PartitionType;
  typeByte: number;
  firstLba: number;
  sectors: number;
  active: boolean;
}

export interface Mbr {
  diskSignature: number;
  entries: MbrEntry[];
  /** An entry of type 0xEE: the disk is GPT. */
  protective: boolean;
  problems: string[];
}

/** Cycles or absurd chains of EBRs are cut here (Windows itself supports 128 partitions on MBR). */
const MAX_LOGICAL = 128;

function entryAt(sector: Buffer, i: number): { status: number; type: number; first: number; sectors: number } {
  const o = 0x1be + 16 * i;
  return { status: sector[o], type: sector[o + 4], first: sector.readUInt32LE(o + 8), sectors: sector.readUInt32LE(o + 12) };
}

const isExtended = (type: number) => type === 0x05 || type === 0x0f || type === 0x85;

/** The MBR of the disk, or null when sector 0 does not end in 55 AA. */
export function readMbr(disk: DiskReader): Mbr | null {
  const s0 = disk.read(0, 512);
  if (s0.length < 512 || s0[510] !== 0x55 || s0[511] !== 0xaa) return null;
  const problems: string[] = [];
  const entries: MbrEntry[] = [];
  let protective = false;
  let extendedStart: number | null = null;
  for (let i = 0; i < 4; i++) {
    const e = entryAt(s0, i);
    if (e.type === 0 || e.sectors === 0) continue;
    if (e.type === 0xee) protective = true;
    if (isExtended(e.type)) {
      if (extendedStart === null) extendedStart = e.first;
      else problems.push(`MBR entry ${i + 1}: a second extended partition is ignored`);
      continue;
    }
    entries.push({
      number: i + 1,
      type: mbrPartitionType(e.type),
      typeByte: e.type,
      firstLba: e.first,
      sectors: e.sectors,
      active: e.status === 0x80,
    });
  }
  if (extendedStart !== null && !protective) entries.push(...readLogical(disk, extendedStart, problems));
  return { diskSignature: s0.readUInt32LE(0x1b8), entries, protective, problems };
}

function readLogical(disk: DiskReader, extendedStart: number, problems: string[]): MbrEntry[] {
  const out: MbrEntry[] = [];
  const seen = new Set<number>();
  let ebr = extendedStart;
  for (let n = 0; n < MAX_LOGICAL; n++) {
    if (seen.has(ebr)) {
      problems.push(`EBR chain loops back to sector ${ebr}`);
      return out;
    }
    seen.add(ebr);
    const s = disk.read(ebr * disk.sectorSize, 512);
    if (s.length < 512 || s[510] !== 0x55 || s[511] !== 0xaa) {
      problems.push(`EBR at sector ${ebr}: no 55 AA signature`);
      return out;
    }
    const part = entryAt(s, 0);
    if (part.type !== 0 && part.sectors !== 0) {
      out.push({
        number: 5 + out.length,
        type: mbrPartitionType(part.type),
        typeByte: part.type,
        firstLba: ebr + part.first,
        sectors: part.sectors,
        active: false,
      });
    }
    const next = entryAt(s, 1);
    if (next.type === 0 || next.sectors === 0) return out;
    ebr = extendedStart + next.first;
  }
  problems.push(`more than ${MAX_LOGICAL} logical partitions; the rest are not read`);
  return out;
}
