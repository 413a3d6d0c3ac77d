// Transaction log files of a regf hive, parsed from bytes (never from a file handle).
//
// [REGF] = "Windows registry file format specification", M. Suhanov (github.com/msuhanov/regf), sections
// "Format of primary files > Base block" and "Format of transaction log files" (old format: base block,
// dirty vector, dirty pages; new format: base block, log entries). Section names are cited at each
// offset below. Nothing here throws on malformed input: a log that cannot be used comes back as
// `log: null` plus a warning, and a log entry that does not validate ends the list of entries.

import { marvin32 } from './marvin32';
import type { HiveWarning } from './types';
import { BASE_BLOCK_SIZE, HBIN_ALIGNMENT, baseBlockChecksum } from './base-block';

/** [REGF] "Sector size and clustering factor": a log holds the first 512 bytes of a base block. */
export const LOG_BASE_BLOCK_LENGTH = 512;
/** [REGF] "Dirty vector": one bit per 512-byte page of hive bins data. */
export const OLD_LOG_PAGE_SIZE = 512;
/** [REGF] "Sector size and clustering factor": log offsets and entry sizes count in 512-byte sectors. */
export const LOG_SECTOR = 512;
/** Upper bound we accept for a hive bins data size read from a log (Windows caps hives near 2 GiB). */
export const MAX_HIVE_BINS_DATA_SIZE = 0x80000000 - BASE_BLOCK_SIZE;

/** [REGF] "Base block", field *File type*; 1/2 = old log ("Very old versions of Windows": 2 up to Win2000). */
export const FileType = { PRIMARY: 0, LOG_OLD: 1, LOG_VERY_OLD: 2, LOG_NEW: 6 } as const;

/** Base block fields used by recovery. Offsets from [REGF] "Base block" (first table). */
export interface BaseBlockFields {
  /** offset 0: "regf". */
  signatureValid: boolean;
  /** offset 4. */
  primarySequence: number;
  /** offset 8. */
  secondarySequence: number;
  /** offset 12: FILETIME, raw. */
  lastWritten: bigint;
  /** offset 20. */
  majorVersion: number;
  /** offset 24. */
  minorVersion: number;
  /** offset 28. */
  fileType: number;
  /** offset 36. */
  rootCellOffset: number;
  /** offset 40. */
  hiveBinsDataSize: number;
  /** offset 44. */
  clusteringFactor: number;
  /** offset 144 (Windows 10 table): bit 0x1 = KTM locked the hive. */
  flags: number;
  /** offset 508. */
  checksumStored: number;
  checksumComputed: number;
  checksumValid: boolean;
}

/** One dirty page to be copied from a log into the hive bins data. */
export interface DirtyPage {
  /** Destination, relative to the start of the hive bins data (file offset = 4096 + hiveOffset). */
  hiveOffset: number;
  /** Where the page's bytes start in the log file. */
  logOffset: number;
  size: number;
}

/** A validated HvLE log entry ([REGF] "New format > Log entries"). */
export interface LogEntry {
  /** File offset of the entry in the log. */
  offset: number;
  size: number;
  flags: number;
  sequence: number;
  hiveBinsDataSize: number;
  hash1: bigint;
  hash2: bigint;
  pages: DirtyPage[];
}

/** Why the walk over log entries ended where it did. */
export interface EntryWalkEnd {
  offset: number;
  /** True when an "HvLE" signature was there but the entry did not validate. */
  badEntry: boolean;
  /** The sequence number field of that bad entry (when its header was readable), else null. */
  claimedSequence: number | null;
  reason: string;
}

export interface NewFormatLog {
  format: 'new';
  file: string;
  baseBlock: BaseBlockFields;
  /** Copy of the log's first 512 bytes (the partial base block). */
  baseBlockBytes: Uint8Array;
  /** Structurally valid entries, in file order, up to the first position that is not one. */
  entries: LogEntry[];
  end: EntryWalkEnd;
  bytes: Uint8Array;
}

export interface OldFormatLog {
  format: 'old';
  file: string;
  baseBlock: BaseBlockFields;
  baseBlockBytes: Uint8Array;
  /** Dirty pages in bitmap order (ascending hiveOffset), each 512 bytes. */
  pages: DirtyPage[];
  /** True when the file ended before the last page the bitmap announces. */
  truncated: boolean;
  bytes: Uint8Array;
}

export type ParsedLog = NewFormatLog | OldFormatLog;

export interface LogParseResult {
  log: ParsedLog | null;
  warnings: HiveWarning[];
}

// ---------------------------------------------------------------------------------------------
// Little helpers (bounds-checked by the callers: every read below is preceded by a length check)

function u32(bytes: Uint8Array, offset: number): number {
  return (bytes[offset] | (bytes[offset + 1] << 8) | (bytes[offset + 2] << 16) | (bytes[offset + 3] << 24)) >>> 0;
}

function u64(bytes: Uint8Array, offset: number): bigint {
  return (BigInt(u32(bytes, offset + 4)) << 32n) | BigInt(u32(bytes, offset));
}

function hasAscii(bytes: Uint8Array, offset: number, text: string): boolean {
  if (offset < 0 || offset + text.length > bytes.length) return false;
  for (let i = 0; i < text.length; i++) if (bytes[offset + i] !== text.charCodeAt(i)) return false;
  return true;
}

function warn(file: string, offset: number, message: string): HiveWarning {
  return { offset, structure: 'log', message: `${file}: ${message}` };
}

/** Serial-number comparison of 32-bit sequence numbers (they may wrap): true when a comes before b. */
export function sequenceBefore(a: number, b: number): boolean {
  const delta = (b - a) >>> 0;
  return delta !== 0 && delta <= 0x7fffffff;
}

export function nextSequence(n: number): number {
  return (n + 1) >>> 0;
}

// ---------------------------------------------------------------------------------------------
// Base block

/** Reads the base block fields at `offset`; null when fewer than 512 bytes are available. */
export function readBaseBlockFields(bytes: Uint8Array, offset = 0): BaseBlockFields | null {
  if (offset < 0 || offset + LOG_BASE_BLOCK_LENGTH > bytes.length) return null;
  const checksumStored = u32(bytes, offset + 508);
  const checksumComputed = baseBlockChecksum(bytes, offset);
  return {
    signatureValid: hasAscii(bytes, offset, 'regf'),
    primarySequence: u32(bytes, offset + 4),
    secondarySequence: u32(bytes, offset + 8),
    lastWritten: u64(bytes, offset + 12),
    majorVersion: u32(bytes, offset + 20),
    minorVersion: u32(bytes, offset + 24),
    fileType: u32(bytes, offset + 28),
    rootCellOffset: u32(bytes, offset + 36),
    hiveBinsDataSize: u32(bytes, offset + 40),
    clusteringFactor: u32(bytes, offset + 44),
    flags: u32(bytes, offset + 144),
    checksumStored,
    checksumComputed,
    checksumValid: checksumStored === checksumComputed,
  };
}

/** True when `size` is a usable hive bins data size (non-zero multiple of 4096, below the cap). */
export function plausibleHiveBinsDataSize(size: number): boolean {
  return size >= HBIN_ALIGNMENT && size % HBIN_ALIGNMENT === 0 && size <= MAX_HIVE_BINS_DATA_SIZE;
}

/**
 * [REGF] "Old format > Base block" note 2 (and "New format > Base block": same rules): a log is valid
 * when its partial base block is intact (signature, checksum) and its two sequence numbers are equal.
 * Returns the reason it is not, or null.
 */
function logBaseBlockProblem(bb: BaseBlockFields): string | null {
  if (!bb.signatureValid) return 'base block signature is not "regf"';
  if (!bb.checksumValid) {
    return `base block checksum 0x${bb.checksumStored.toString(16)} != computed 0x${bb.checksumComputed.toString(16)}`;
  }
  if (bb.primarySequence !== bb.secondarySequence) {
    return `base block sequence numbers differ (${bb.primarySequence}/${bb.secondarySequence}): the log itself was being written`;
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// New format: HvLE log entries ([REGF] "New format > Log entries")

/** Entry header offsets, [REGF] "Log entries" table. */
const HVLE = {
  SIGNATURE: 0,
  SIZE: 4,
  FLAGS: 8,
  SEQUENCE: 12,
  HIVE_BINS_DATA_SIZE: 16,
  DIRTY_PAGES_COUNT: 20,
  HASH_1: 24,
  HASH_2: 32,
  REFERENCES: 40,
  /** A dirty page reference is 8 bytes: offset (4) and size (4). */
  REFERENCE_SIZE: 8,
} as const;

type EntryParse = { entry: LogEntry } | { error: string; claimedSequence: number | null };

/** Reads and checks the dirty page references of the entry at `offset` (header already checked). */
function readDirtyPages(bytes: Uint8Array, offset: number, size: number, count: number, hiveBinsDataSize: number): DirtyPage[] | string {
  const pages: DirtyPage[] = [];
  let logOffset = offset + HVLE.REFERENCES + count * HVLE.REFERENCE_SIZE;
  const entryEnd = offset + size;
  for (let i = 0; i < count; i++) {
    const ref = offset + HVLE.REFERENCES + i * HVLE.REFERENCE_SIZE;
    const hiveOffset = u32(bytes, ref);
    const pageSize = u32(bytes, ref + 4);
    if (pageSize === 0) return `dirty page reference ${i} has size 0`;
    if (hiveOffset + pageSize > hiveBinsDataSize) {
      return `dirty page ${i} (offset ${hiveOffset}, size ${pageSize}) lies beyond the entry's hive bins data size ${hiveBinsDataSize}`;
    }
    if (logOffset + pageSize > entryEnd) return `dirty page ${i} runs past the end of the entry`;
    pages.push({ hiveOffset, logOffset, size: pageSize });
    logOffset += pageSize;
  }
  return pages;
}

/** Parses and validates one HvLE entry at `offset`. */
export function parseLogEntry(bytes: Uint8Array, offset: number): EntryParse {
  if (offset + HVLE.REFERENCES > bytes.length) return { error: 'truncated entry header', claimedSequence: null };
  if (!hasAscii(bytes, offset, 'HvLE')) return { error: 'no "HvLE" signature', claimedSequence: null };
  const claimedSequence = u32(bytes, offset + HVLE.SEQUENCE);
  const fail = (error: string): EntryParse => ({ error, claimedSequence });
  const size = u32(bytes, offset + HVLE.SIZE);
  // [REGF] "Log entries": each entry has a size that is a multiple of 512 bytes.
  if (size < LOG_SECTOR || size % LOG_SECTOR !== 0) return fail(`invalid entry size ${size}`);
  if (offset + size > bytes.length) return fail(`entry size ${size} runs past the end of the file`);
  const hiveBinsDataSize = u32(bytes, offset + HVLE.HIVE_BINS_DATA_SIZE);
  // [REGF] "Log entries" note 8: a hive bins data size that is not a multiple of 4096 stops recovery.
  if (!plausibleHiveBinsDataSize(hiveBinsDataSize)) return fail(`invalid hive bins data size ${hiveBinsDataSize}`);
  const count = u32(bytes, offset + HVLE.DIRTY_PAGES_COUNT);
  if (count === 0) return fail('dirty pages count is 0');
  if (HVLE.REFERENCES + count * HVLE.REFERENCE_SIZE > size) return fail(`dirty pages count ${count} does not fit the entry`);
  // [REGF] "Log entries" notes 1–3: Hash-2 covers the first 32 bytes, Hash-1 the Size-40 bytes after the header.
  const hash1 = u64(bytes, offset + HVLE.HASH_1);
  const hash2 = u64(bytes, offset + HVLE.HASH_2);
  if (marvin32(bytes, undefined, offset, 32) !== hash2) return fail('Hash-2 mismatch');
  if (marvin32(bytes, undefined, offset + HVLE.REFERENCES, size - HVLE.REFERENCES) !== hash1) return fail('Hash-1 mismatch');
  const pages = readDirtyPages(bytes, offset, size, count, hiveBinsDataSize);
  if (typeof pages === 'string') return fail(pages);
  const flags = u32(bytes, offset + HVLE.FLAGS);
  return { entry: { offset, size, flags, sequence: claimedSequence, hiveBinsDataSize, hash1, hash2, pages } };
}

/**
 * Walks the entries from the second sector on ([REGF] "Log entries": stored from the beginning of the
 * second sector, contiguous, each at a 512-aligned offset). Stops at the first position that is not a
 * valid entry: zero padding, remnants of older entries, or a damaged entry. Always advances by at
 * least 512 bytes (validated entry sizes), so it ends.
 */
export function walkLogEntries(bytes: Uint8Array): { entries: LogEntry[]; end: EntryWalkEnd } {
  const entries: LogEntry[] = [];
  let pos = LOG_BASE_BLOCK_LENGTH;
  while (pos < bytes.length) {
    const parsed = parseLogEntry(bytes, pos);
    if ('error' in parsed) {
      const badEntry = hasAscii(bytes, pos, 'HvLE');
      return { entries, end: { offset: pos, badEntry, claimedSequence: parsed.claimedSequence, reason: parsed.error } };
    }
    entries.push(parsed.entry);
    pos += parsed.entry.size;
  }
  return { entries, end: { offset: pos, badEntry: false, claimedSequence: null, reason: 'end of file' } };
}

// ---------------------------------------------------------------------------------------------
// Old format: DIRT + bitmap + dirty pages ([REGF] "Old format > Dirty vector", "Dirty pages")

/**
 * Dirty vector offset: "stored starting from the beginning of the second sector"; a sector is
 * clustering factor × 512 bytes ([REGF] "Old format > Base block"). Windows 8+ always writes 1.
 */
function findDirtyVector(bytes: Uint8Array, clusteringFactor: number): number | null {
  if (hasAscii(bytes, LOG_BASE_BLOCK_LENGTH, 'DIRT')) return LOG_BASE_BLOCK_LENGTH;
  if (clusteringFactor > 1 && clusteringFactor <= 8) {
    const sector = clusteringFactor * LOG_BASE_BLOCK_LENGTH;
    if (hasAscii(bytes, sector, 'DIRT')) return sector;
  }
  return null;
}

function alignUp(n: number, alignment: number): number {
  return Math.ceil(n / alignment) * alignment;
}

/**
 * Dirty pages in bitmap order. "Bitmap length (in bits) = Hive bins data size / 512"; bits are packed
 * least-significant first; the k-th set bit's page is the k-th 512-byte page after the dirty vector
 * (aligned to a sector) and goes to file offset 4096 + 512 × bit position ([REGF] "Dirty pages" note 2).
 */
function collectOldPages(
  bytes: Uint8Array,
  bitmapOffset: number,
  bitCount: number,
  pagesStart: number,
  sector: number,
): { pages: DirtyPage[]; truncated: boolean } {
  const pages: DirtyPage[] = [];
  let logOffset = alignUp(pagesStart, sector);
  for (let bit = 0; bit < bitCount; bit++) {
    if (((bytes[bitmapOffset + (bit >>> 3)] >>> (bit & 7)) & 1) === 0) continue;
    if (logOffset + OLD_LOG_PAGE_SIZE > bytes.length) return { pages, truncated: true };
    pages.push({ hiveOffset: bit * OLD_LOG_PAGE_SIZE, logOffset, size: OLD_LOG_PAGE_SIZE });
    logOffset += OLD_LOG_PAGE_SIZE;
  }
  return { pages, truncated: false };
}

function parseOldLog(file: string, bytes: Uint8Array, bb: BaseBlockFields): LogParseResult {
  if (!plausibleHiveBinsDataSize(bb.hiveBinsDataSize)) {
    return { log: null, warnings: [warn(file, 40, `old-format log: implausible hive bins data size ${bb.hiveBinsDataSize}`)] };
  }
  const dirt = findDirtyVector(bytes, bb.clusteringFactor);
  if (dirt === null) return { log: null, warnings: [warn(file, LOG_BASE_BLOCK_LENGTH, 'old-format log: no "DIRT" dirty vector')] };
  const bitCount = bb.hiveBinsDataSize / OLD_LOG_PAGE_SIZE;
  const bitmapOffset = dirt + 4;
  const bitmapEnd = bitmapOffset + bitCount / 8;
  if (bitmapEnd > bytes.length) {
    return { log: null, warnings: [warn(file, dirt, `old-format log: dirty vector truncated (needs ${bitmapEnd} bytes)`)] };
  }
  const { pages, truncated } = collectOldPages(bytes, bitmapOffset, bitCount, bitmapEnd, dirt);
  const warnings = truncated
    ? [warn(file, bytes.length, `old-format log: file ends before dirty page ${pages.length + 1} the bitmap announces`)]
    : [];
  const log: OldFormatLog = {
    format: 'old',
    file,
    baseBlock: bb,
    baseBlockBytes: bytes.slice(0, LOG_BASE_BLOCK_LENGTH),
    pages,
    truncated,
    bytes,
  };
  return { log, warnings };
}

function parseNewLog(file: string, bytes: Uint8Array, bb: BaseBlockFields): LogParseResult {
  const { entries, end } = walkLogEntries(bytes);
  const log: NewFormatLog = {
    format: 'new',
    file,
    baseBlock: bb,
    baseBlockBytes: bytes.slice(0, LOG_BASE_BLOCK_LENGTH),
    entries,
    end,
    bytes,
  };
  return { log, warnings: [] };
}

/**
 * Parses a transaction log of either format. An empty file (normal for an unused .LOG/.LOG1/.LOG2)
 * gives `log: null` without a warning; anything else unusable gives `log: null` and a warning.
 */
export function parseLogFile(file: string, bytes: Uint8Array): LogParseResult {
  if (bytes.length === 0) return { log: null, warnings: [] };
  const bb = readBaseBlockFields(bytes, 0);
  if (bb === null) return { log: null, warnings: [warn(file, 0, `too short for a log base block (${bytes.length} bytes)`)] };
  const problem = logBaseBlockProblem(bb);
  if (problem !== null) return { log: null, warnings: [warn(file, 0, problem)] };
  if (bb.fileType === FileType.LOG_NEW) return parseNewLog(file, bytes, bb);
  if (bb.fileType === FileType.LOG_OLD || bb.fileType === FileType.LOG_VERY_OLD) return parseOldLog(file, bytes, bb);
  return { log: null, warnings: [warn(file, 28, `file type ${bb.fileType} is not a transaction log (1, 2 or 6)`)] };
}
