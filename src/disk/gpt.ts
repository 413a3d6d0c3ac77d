// The GUID partition table (UEFI specification, "GUID Partition Table (GPT) Disk Layout"): the header at
// LBA 1 — "EFI PART", 12 u32 header size, 16 u32 header CRC32 (computed with this field zero), 24 u64 my
// LBA, 32 u64 alternate (backup) header LBA, 56 GUID disk GUID, 72 u64 first entry LBA, 80 u32 number of
// entries, 84 u32 size of an entry, 88 u32 CRC32 of the entry array — and the entries: 0 type GUID, 16
// unique partition GUID, 32 u64 first LBA, 40 u64 last LBA (inclusive), 48 u64 attributes, 56 UTF-16 name
// (72 bytes). A primary header or entry array that fails its CRC is replaced by the backup at the disk's
// last LBA, as firmware does; when neither checks out the table is not trusted.
import { crc32 } from './crc32';
import { guidAt, ZERO_GUID } from '../bcd/guid';
import { MAX_DISK_READ, type DiskReader } from './disk-reader';
import { gptPartitionType, type PartitionType } from './partition-types';

export interface GptEntry {
  /** Index in the entry array, from 1 (as diskpart and Linux number GPT partitions). */
  number: number;
  type: PartitionType;
  partitionGuid: string;
  firstLba: number;
  lastLba: number;
  attributes: string;
  name: string;
}

export interface Gpt {
  diskGuid: string;
  entries: GptEntry[];
  /** Which copy was used. */
  header: 'primary' | 'backup';
  problems: string[];
}

const SIGNATURE = 'EFI PART';

interface Header {
  diskGuid: string;
  entriesLba: number;
  count: number;
  entrySize: number;
  entriesCrc: number;
  alternateLba: number;
}

function u64(b: Buffer, o: number): number {
  const v = b.readBigUInt64LE(o);
  return v > BigInt(Number.MAX_SAFE_INTEGER) ? Number.NaN : Number(v);
}

function parseHeader(b: Buffer, where: string, problems: string[]): Header | null {
  if (b.length < 92 || b.toString('latin1', 0, 8) !== SIGNATURE) {
    problems.push(`${where} GPT header: no "${SIGNATURE}" signature`);
    return null;
  }
  const size = b.readUInt32LE(12);
  if (size < 92 || size > b.length) {
    problems.push(`${where} GPT header: header size ${size} is not between 92 and ${b.length}`);
    return null;
  }
  const copy = Buffer.from(b.subarray(0, size));
  copy.writeUInt32LE(0, 16);
  if (crc32(copy) !== b.readUInt32LE(16)) {
    problems.push(`${where} GPT header: CRC32 mismatch`);
    return null;
  }
  const h = {
    diskGuid: guidAt(b, 56)!,
    entriesLba: u64(b, 72),
    count: b.readUInt32LE(80),
    entrySize: b.readUInt32LE(84),
    entriesCrc: b.readUInt32LE(88),
    alternateLba: u64(b, 32),
  };
  if (h.entrySize < 128 || h.entrySize % 8 !== 0 || h.count * h.entrySize > MAX_DISK_READ || !Number.isFinite(h.entriesLba)) {
    problems.push(`${where} GPT header: ${h.count} entries of ${h.entrySize} bytes at LBA ${h.entriesLba} cannot be right`);
    return null;
  }
  return h;
}

function readEntries(disk: DiskReader, h: Header, where: string, problems: string[]): GptEntry[] | null {
  const bytes = disk.read(h.entriesLba * disk.sectorSize, h.count * h.entrySize);
  if (bytes.length < h.count * h.entrySize || crc32(bytes) !== h.entriesCrc) {
    problems.push(`${where} GPT partition entries: CRC32 mismatch or cut short`);
    return null;
  }
  const entries: GptEntry[] = [];
  for (let i = 0; i < h.count; i++) {
    const e = bytes.subarray(i * h.entrySize, (i + 1) * h.entrySize);
    const type = guidAt(e, 0)!;
    if (type === ZERO_GUID) continue; // unused entry
    const name = e.toString('utf16le', 56, 128);
    const nul = name.indexOf('\0');
    entries.push({
      number: i + 1,
      type: gptPartitionType(type),
      partitionGuid: guidAt(e, 16)!,
      firstLba: u64(e, 32),
      lastLba: u64(e, 40),
      attributes: `0x${e.readBigUInt64LE(48).toString(16).padStart(16, '0')}`,
      name: nul >= 0 ? name.slice(0, nul) : name,
    });
  }
  return entries;
}

/** The GPT of a disk, or null when neither the primary nor the backup copy is valid (problems say why). */
export function readGpt(disk: DiskReader, problems: string[]): Gpt | null {
  const primary = parseHeader(disk.read(disk.sectorSize, disk.sectorSize), 'primary', problems);
  const primaryEntries = primary ? readEntries(disk, primary, 'primary', problems) : null;
  if (primary && primaryEntries) return { diskGuid: primary.diskGuid, entries: primaryEntries, header: 'primary', problems };
  // The backup header is at the last LBA: from the primary's alternate field, else from the disk's size.
  const lastLba =
    primary && Number.isFinite(primary.alternateLba) ? primary.alternateLba : disk.size !== null ? disk.size / disk.sectorSize - 1 : null;
  if (lastLba === null || lastLba < 2) return null;
  const backup = parseHeader(disk.read(lastLba * disk.sectorSize, disk.sectorSize), 'backup', problems);
  const backupEntries = backup ? readEntries(disk, backup, 'backup', problems) : null;
  return backup && backupEntries ? { diskGuid: backup.diskGuid, entries: backupEntries, header: 'backup', problems } : null;
}
