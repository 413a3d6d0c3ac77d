/**
 * Test-only writer of new-format transaction logs (the inverse of src/hive/recovery.ts): given the
 * hive as it should be and an older primary file, produce the dirty primary plus .LOG1/.LOG2 that
 * Windows 8.1+ would leave behind after a crash before reconciling.
 *
 * Formats from "Windows registry file format specification" by M. Suhanov (github.com/msuhanov/regf),
 * [REGF] below: "Format of transaction log files > New format" (base block, log entries) and
 * "Dirty state of a hive".
 *
 * Layout produced:
 *  - dirty primary = stale primary with secondary sequence N and primary sequence N + 1 (a write
 *    was started, never finished), checksum recomputed so the base block itself is valid;
 *  - every 4096-byte page of final hive bins data that differs from the stale primary is dirty
 *    (Windows tracks dirtiness per 4096 bytes, [REGF] "Dirty vector" note 3);
 *  - .LOG1 holds entry N with the first half of those pages, .LOG2 entry N + 1 with the rest, so a
 *    reader has to chain the two logs ([REGF] "Multiple transaction log files > New format");
 *  - each log starts with the final base block's first 512 bytes, file type 6, both sequence
 *    numbers = its first entry's sequence number, checksum recomputed.
 */
import { marvin32 } from '../hive/marvin32';
import { baseBlockChecksum } from '../hive/base-block';
import { concat } from './bytes';

const BASE_BLOCK = 4096;
const LOG_SECTOR = 512;
const PAGE = 4096;
/** [REGF] "Log entries": HvLE header is 40 bytes, then 8-byte dirty page references. */
const ENTRY_HEADER = 40;
const REFERENCE = 8;

export interface DirtyLogs {
  primary: Uint8Array;
  log1: Uint8Array;
  log2: Uint8Array;
}

export interface MakeDirtyOptions {
  /** Sequence number of the first log entry (= the dirty primary's secondary sequence number). Default 100. */
  sequence?: number;
}

interface Page {
  /** Relative to the hive bins data. */
  offset: number;
  data: Uint8Array;
}

function u32(bytes: Uint8Array, offset: number): number {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(offset, true);
}

function putU32(bytes: Uint8Array, offset: number, value: number): void {
  new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).setUint32(offset, value >>> 0, true);
}

function putU64(bytes: Uint8Array, offset: number, value: bigint): void {
  new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).setBigUint64(offset, value, true);
}

/** [REGF] "Base block" offset 40: hive bins data size, clamped to what the file really holds. */
function hiveBinsDataSize(image: Uint8Array): number {
  const claimed = u32(image, 40);
  const available = Math.floor((image.length - BASE_BLOCK) / PAGE) * PAGE;
  return Math.min(claimed, available);
}

/** The 4096-byte page of hive bins data at `offset`; bytes past the end of the file read as zero. */
function pageAt(image: Uint8Array, offset: number): Uint8Array {
  const out = new Uint8Array(PAGE);
  const start = BASE_BLOCK + offset;
  if (start < image.length) out.set(image.subarray(start, Math.min(start + PAGE, image.length)));
  return out;
}

function samePage(a: Uint8Array, b: Uint8Array): boolean {
  for (let i = 0; i < PAGE; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Pages of `finalImage`'s hive bins data that differ from `stale` (at least one, so an entry is never empty). */
function dirtyPages(finalImage: Uint8Array, stale: Uint8Array): Page[] {
  const size = hiveBinsDataSize(finalImage);
  const pages: Page[] = [];
  for (let offset = 0; offset < size; offset += PAGE) {
    const data = pageAt(finalImage, offset);
    if (!samePage(data, pageAt(stale, offset))) pages.push({ offset, data });
  }
  if (pages.length === 0) pages.push({ offset: 0, data: pageAt(finalImage, 0) });
  return pages;
}

/**
 * One HvLE log entry ([REGF] "Log entries" table): signature, size (multiple of 512), flags,
 * sequence number, hive bins data size, dirty pages count, Hash-1 (Marvin32 of the Size-40 bytes
 * after the header), Hash-2 (Marvin32 of the first 32 bytes), references, then the pages.
 */
export function buildLogEntry(sequence: number, hiveBinsDataSize: number, pages: Page[], flags = 0): Uint8Array {
  const payload = pages.reduce((n, p) => n + p.data.length, 0);
  const unpadded = ENTRY_HEADER + pages.length * REFERENCE + payload;
  const entry = new Uint8Array(Math.ceil(unpadded / LOG_SECTOR) * LOG_SECTOR);
  entry.set([0x48, 0x76, 0x4c, 0x45], 0); // "HvLE"
  putU32(entry, 4, entry.length);
  putU32(entry, 8, flags);
  putU32(entry, 12, sequence);
  putU32(entry, 16, hiveBinsDataSize);
  putU32(entry, 20, pages.length);
  let data = ENTRY_HEADER + pages.length * REFERENCE;
  pages.forEach((p, i) => {
    putU32(entry, ENTRY_HEADER + i * REFERENCE, p.offset);
    putU32(entry, ENTRY_HEADER + i * REFERENCE + 4, p.data.length);
    entry.set(p.data, data);
    data += p.data.length;
  });
  putU64(entry, 24, marvin32(entry, undefined, ENTRY_HEADER, entry.length - ENTRY_HEADER));
  putU64(entry, 32, marvin32(entry, undefined, 0, 32));
  return entry;
}

/** [REGF] "New format > Base block": the first 512 bytes of a base block, file type 6. */
function logBaseBlock(finalImage: Uint8Array, sequence: number, hiveBinsDataSize: number): Uint8Array {
  const bb = finalImage.slice(0, LOG_SECTOR);
  putU32(bb, 4, sequence);
  putU32(bb, 8, sequence);
  putU32(bb, 28, 6);
  putU32(bb, 40, hiveBinsDataSize);
  putU32(bb, 508, baseBlockChecksum(bb));
  return bb;
}

/** The stale primary made dirty: secondary = sequence, primary = sequence + 1, valid checksum. */
function dirtyPrimary(stalePrimary: Uint8Array, sequence: number): Uint8Array {
  const primary = stalePrimary.slice();
  putU32(primary, 4, sequence + 1);
  putU32(primary, 8, sequence);
  putU32(primary, 508, baseBlockChecksum(primary));
  return primary;
}

export function makeDirtyWithNewLog(finalImage: Uint8Array, stalePrimary: Uint8Array, opts: MakeDirtyOptions = {}): DirtyLogs {
  const sequence = (opts.sequence ?? 100) >>> 0;
  const size = hiveBinsDataSize(finalImage);
  const pages = dirtyPages(finalImage, stalePrimary);
  const half = Math.ceil(pages.length / 2);
  const first = pages.slice(0, half);
  const second = pages.length > half ? pages.slice(half) : pages.slice(-1);
  const next = (sequence + 1) >>> 0;
  const log1 = concat([logBaseBlock(finalImage, sequence, size), buildLogEntry(sequence, size, first)]);
  const log2 = concat([logBaseBlock(finalImage, next, size), buildLogEntry(next, size, second)]);
  return { primary: dirtyPrimary(stalePrimary, sequence), log1, log2 };
}
