// In-memory recovery of a dirty regf hive from its transaction logs. Pure: bytes in, bytes out; the
// inputs are never modified and nothing is written anywhere (DESIGN.md "Read-only").
//
// Rules, from [REGF] (M. Suhanov, "Windows registry file format specification"):
//  - "Dirty state of a hive": dirty = wrong base block checksum, or primary seq != secondary seq.
//  - "New format > Log entries" notes 5–11 and "Multiple transaction log files > New format":
//    entries are applied in sequence order, starting with the log that holds the earlier entries;
//    the first entry applied must equal its log's base block primary sequence number, which must
//    not be less than the primary's secondary sequence number; then N+1, N+2, … continuing into
//    the other log; a bad hash / size stops recovery; the image grows to the entry's hive bins
//    data size; only bit 0x1 of the flags travels with an entry. With an invalid primary base
//    block only the log with the latest entries is used and the base block is restored from it.
//  - "Old format > Base block" notes 2–4, "Dirty pages": a valid old log applies when its last
//    written timestamp equals the primary's (the first hive bin's timestamp when the primary base
//    block is invalid); page i goes to 4096 + 512*i; recovery stops at a dirty hive bin whose
//    header is invalid.
// Afterwards the image's base block gets equal sequence numbers, the new hive bins data size and a
// recomputed checksum. See the notes at each function for the choices where [REGF] is silent.

import { BASE_BLOCK_SIZE, HBIN_ALIGNMENT, baseBlockChecksum } from './base-block';
import {
  FileType,
  OLD_LOG_PAGE_SIZE,
  nextSequence,
  parseLogFile,
  plausibleHiveBinsDataSize,
  readBaseBlockFields,
  sequenceBefore,
  type BaseBlockFields,
  type LogEntry,
  type NewFormatLog,
  type OldFormatLog,
  type ParsedLog,
} from './log-file';
import type { AppliedLog, HiveWarning, RecoveryReport } from './types';

export interface LogInput {
  /** Path (or name) of the log file as found beside the hive; used in the report and warnings. */
  file: string;
  bytes: Uint8Array;
}

export interface RecoveryResult {
  /** The primary with the logs applied (a fresh copy even when nothing was applied). */
  image: Uint8Array;
  report: RecoveryReport;
  warnings: HiveWarning[];
}

/** Mutable state of one recovery run. `image` is replaced when it grows. */
interface Ctx {
  image: Uint8Array;
  warnings: HiveWarning[];
  applied: AppliedLog[];
}

/** What the base block must say once the logs are in. */
interface Outcome {
  sequence: number;
  hiveBinsDataSize: number;
  /** Bit 0x1 of the last applied entry's flags ([REGF] "Log entries" note 11), or null to keep. */
  ktmLockedBit: number | null;
  /** The log's partial base block (512 bytes) when the primary's own one was invalid. */
  restoredBaseBlock: Uint8Array | null;
}

// ---------------------------------------------------------------------------------------------
// Small byte helpers

function writeU32(bytes: Uint8Array, offset: number, value: number): void {
  bytes[offset] = value & 0xff;
  bytes[offset + 1] = (value >>> 8) & 0xff;
  bytes[offset + 2] = (value >>> 16) & 0xff;
  bytes[offset + 3] = (value >>> 24) & 0xff;
}

function readU32(bytes: Uint8Array, offset: number): number {
  if (offset < 0 || offset + 4 > bytes.length) return 0;
  return (bytes[offset] | (bytes[offset + 1] << 8) | (bytes[offset + 2] << 16) | (bytes[offset + 3] << 24)) >>> 0;
}

function readU64(bytes: Uint8Array, offset: number): bigint | null {
  if (offset < 0 || offset + 8 > bytes.length) return null;
  return (BigInt(readU32(bytes, offset + 4)) << 32n) | BigInt(readU32(bytes, offset));
}

function logWarning(offset: number, message: string): HiveWarning {
  return { offset, structure: 'log', message };
}

/** Grows the image (zero-filled) to `length` bytes; false (with a warning) if that is impossible. */
function grow(ctx: Ctx, length: number): boolean {
  if (length <= ctx.image.length) return true;
  try {
    const bigger = new Uint8Array(length);
    bigger.set(ctx.image, 0);
    ctx.image = bigger;
    return true;
  } catch {
    ctx.warnings.push(logWarning(-1, `cannot grow the in-memory hive to ${length} bytes; recovery stops`));
    return false;
  }
}

// ---------------------------------------------------------------------------------------------
// Hive bin headers ([REGF] "Hive bin": "hbin" at 0, offset at 4, size at 8; size multiple of 4096)

/** Reads `length` bytes of hive bins data at relative offset `rel`, as the recovered hive would hold them. */
type BinsReader = (rel: number, length: number) => Uint8Array;

interface BinHeaderCheck {
  valid: boolean;
  size: number;
}

function checkBinHeader(read: BinsReader, rel: number, hiveBinsDataSize: number): BinHeaderCheck {
  const h = read(rel, 12);
  const sigOk = h.length === 12 && h[0] === 0x68 && h[1] === 0x62 && h[2] === 0x69 && h[3] === 0x6e;
  const offset = readU32(h, 4);
  const size = readU32(h, 8);
  const valid = sigOk && offset === rel && size >= HBIN_ALIGNMENT && size % HBIN_ALIGNMENT === 0 && rel + size <= hiveBinsDataSize;
  return { valid, size };
}

/** Relative offset of the first hive bin whose header is invalid, or null when the chain is sound. */
function firstInvalidBin(read: BinsReader, hiveBinsDataSize: number): number | null {
  let rel = 0;
  while (rel < hiveBinsDataSize) {
    const bin = checkBinHeader(read, rel, hiveBinsDataSize);
    if (!bin.valid) return rel;
    rel += bin.size; // size >= 4096 when valid: the walk always advances
  }
  return null;
}

function imageReader(image: Uint8Array): BinsReader {
  return (rel, length) => image.subarray(BASE_BLOCK_SIZE + rel, BASE_BLOCK_SIZE + rel + length);
}

// ---------------------------------------------------------------------------------------------
// Inputs

interface ParsedLogs {
  newLogs: NewFormatLog[];
  oldLogs: OldFormatLog[];
}

function parseLogs(logs: readonly LogInput[], warnings: HiveWarning[]): ParsedLogs {
  const parsed: ParsedLog[] = [];
  for (const input of logs) {
    const { log, warnings: w } = parseLogFile(input.file, input.bytes);
    warnings.push(...w);
    if (log) parsed.push(log);
  }
  return {
    newLogs: parsed.filter((l): l is NewFormatLog => l.format === 'new'),
    oldLogs: parsed.filter((l): l is OldFormatLog => l.format === 'old'),
  };
}

function isDirty(pb: BaseBlockFields): boolean {
  return !pb.checksumValid || pb.primarySequence !== pb.secondarySequence;
}

// ---------------------------------------------------------------------------------------------
// New format

interface ChainResult {
  count: number;
  last: LogEntry | null;
  /** The chain ended at a damaged entry that carried the next expected sequence number (warned). */
  cutByBadEntry: boolean;
}

/** Warns when the walk over a log's entries ended on a damaged entry that was next in line. */
function warnIfChainCutByBadEntry(ctx: Ctx, log: NewFormatLog, consumedAll: boolean, expected: number): boolean {
  const end = log.end;
  if (!consumedAll || !end.badEntry || end.claimedSequence !== expected) return false;
  ctx.warnings.push(logWarning(end.offset, `${log.file}: log entry ${expected} is damaged (${end.reason}); recovery stops before it`));
  return true;
}

/**
 * Applies `log`'s entries from the first one on, which must carry sequence `start`, while they stay
 * consecutive ([REGF] "Log entries" note 7). Remnants of older entries that follow end the chain.
 */
function applyEntryChain(ctx: Ctx, log: NewFormatLog, start: number): ChainResult {
  let expected = start;
  let last: LogEntry | null = null;
  let count = 0;
  for (const entry of log.entries) {
    if (entry.sequence !== expected) break;
    // [REGF] "Log entries" note 9: the primary file is grown to the entry's hive bins data size.
    if (!grow(ctx, BASE_BLOCK_SIZE + entry.hiveBinsDataSize)) break;
    for (const page of entry.pages) {
      const data = log.bytes.subarray(page.logOffset, page.logOffset + page.size);
      ctx.image.set(data, BASE_BLOCK_SIZE + page.hiveOffset);
    }
    last = entry;
    count++;
    expected = nextSequence(expected);
  }
  const cutByBadEntry = warnIfChainCutByBadEntry(ctx, log, count === log.entries.length, expected);
  return { count, last, cutByBadEntry };
}

/** Earlier entries first: ordered by the log base block's primary sequence number (wrap-aware). */
function byLogSequence(a: NewFormatLog, b: NewFormatLog): number {
  const sa = a.baseBlock.primarySequence;
  const sb = b.baseBlock.primarySequence;
  if (sa === sb) return 0;
  return sequenceBefore(sa, sb) ? -1 : 1;
}

/**
 * Where `log`'s chain must start, or null when it does not take part. Before anything was applied
 * a log takes part when its base block's primary sequence number is not below the primary's
 * secondary one ([REGF] "Log entries" notes 5 and 7 — older logs hold only reconciled entries).
 * After that, a log must continue exactly at N + 1 ("Multiple transaction log files > New format").
 */
function chainStart(log: NewFormatLog, pb: BaseBlockFields, last: LogEntry | null): number | null {
  const start = log.baseBlock.primarySequence;
  if (last === null) return sequenceBefore(start, pb.secondarySequence) ? null : start;
  return start === nextSequence(last.sequence) ? start : null;
}

function recordApplied(ctx: Ctx, file: string, format: 'new' | 'old', entriesApplied: number): void {
  ctx.applied.push({ file, format, entriesApplied });
}

/**
 * Valid primary base block: both logs, earlier entries first, as one consecutive chain. Choice where
 * [REGF] is ambiguous (note 7 says recovery stops when the first entry is not the expected one; the
 * multiple-logs section says it resumes with the next log at N + 1): when the first log that takes
 * part yields no entry at all, there is no N and the later log is not applied on its own — it
 * would skip the missing changes. yarp behaves the same way.
 */
function recoverNewWithValidBaseBlock(ctx: Ctx, pb: BaseBlockFields, logs: NewFormatLog[]): Outcome | null {
  let last: LogEntry | null = null;
  let started = false;
  for (const log of [...logs].sort(byLogSequence)) {
    if (started && last === null) break;
    const start = chainStart(log, pb, last);
    if (start === null) continue;
    started = true;
    const chain = applyEntryChain(ctx, log, start);
    if (chain.count === 0) {
      if (!chain.cutByBadEntry) {
        ctx.warnings.push(logWarning(-1, `${log.file}: no log entry with the expected sequence number ${start}`));
      }
      continue;
    }
    recordApplied(ctx, log.file, 'new', chain.count);
    last = chain.last;
  }
  if (last === null) return null;
  return { sequence: last.sequence, hiveBinsDataSize: last.hiveBinsDataSize, ktmLockedBit: last.flags & 1, restoredBaseBlock: null };
}

/**
 * Invalid primary base block: "only the transaction log file with latest log entries is used"
 * ([REGF] "Multiple transaction log files > New format"); its base block replaces the primary's
 * ("Log entries" note 6). Even with no applicable entry the restored base block is kept.
 */
function recoverNewWithInvalidBaseBlock(ctx: Ctx, logs: NewFormatLog[]): Outcome | null {
  const latest = [...logs].sort(byLogSequence).at(-1);
  if (!latest) return null;
  const bb = latest.baseBlock;
  if (!plausibleHiveBinsDataSize(bb.hiveBinsDataSize) || !grow(ctx, BASE_BLOCK_SIZE + bb.hiveBinsDataSize)) {
    ctx.warnings.push(logWarning(40, `${latest.file}: base block hive bins data size ${bb.hiveBinsDataSize} is unusable`));
    return null;
  }
  const chain = applyEntryChain(ctx, latest, bb.primarySequence);
  recordApplied(ctx, latest.file, 'new', chain.count);
  const last = chain.last;
  return {
    sequence: last ? last.sequence : bb.primarySequence,
    hiveBinsDataSize: last ? last.hiveBinsDataSize : bb.hiveBinsDataSize,
    ktmLockedBit: last ? last.flags & 1 : null,
    restoredBaseBlock: latest.baseBlockBytes,
  };
}

function recoverFromNewLogs(ctx: Ctx, pb: BaseBlockFields, logs: NewFormatLog[]): Outcome | null {
  if (logs.length === 0) return null;
  return pb.checksumValid ? recoverNewWithValidBaseBlock(ctx, pb, logs) : recoverNewWithInvalidBaseBlock(ctx, logs);
}

// ---------------------------------------------------------------------------------------------
// Old format

/** [REGF] "Hive bin" note 3: the first bin's timestamp (offset 20) backs up the base block's. */
function firstBinTimestamp(primary: Uint8Array): bigint | null {
  return readU64(primary, BASE_BLOCK_SIZE + 20);
}

/**
 * [REGF] "Old format > Base block" note 3: applicable when the log's last written timestamp equals
 * the primary's. With an invalid primary base block [REGF] compares with the first hive bin's
 * timestamp instead — but that backup copy is only refreshed when the first bin is rewritten (in
 * yarp's OldDirtyHive the base block says 0x01D29627F1C8A860 and the first bin 0x01D294F6CCF6F3F0),
 * so there we accept a log that is not older than it, as yarp does (BadBaseBlockHive needs this).
 * The first applicable log in the order given is used ("In the general case, the first transaction
 * log file is used", [REGF] "Multiple transaction log files > Old format").
 */
function oldLogApplies(log: OldFormatLog, pb: BaseBlockFields, firstBinTime: bigint | null): boolean {
  if (log.truncated) return false;
  if (pb.checksumValid) return log.baseBlock.lastWritten === pb.lastWritten;
  return firstBinTime !== null && log.baseBlock.lastWritten >= firstBinTime;
}

function pickOldLog(ctx: Ctx, primary: Uint8Array, pb: BaseBlockFields, logs: OldFormatLog[]): OldFormatLog | null {
  const firstBinTime = firstBinTimestamp(primary);
  const usable = logs.filter((l) => !l.truncated);
  const match = usable.find((l) => oldLogApplies(l, pb, firstBinTime));
  if (match) return match;
  if (usable.length > 0) {
    ctx.warnings.push(logWarning(12, `no old-format log has the primary's last written timestamp; none applied`));
  }
  return null;
}

/** Hive bins as they will be once the old log's pages are in (pages overlaid on the image). */
function overlayReader(ctx: Ctx, log: OldFormatLog, pageByIndex: Map<number, number>): BinsReader {
  return (rel, length) => {
    const out = new Uint8Array(length);
    for (let i = 0; i < length; i++) {
      const at = rel + i;
      const logOffset = pageByIndex.get(Math.floor(at / OLD_LOG_PAGE_SIZE));
      const src = logOffset === undefined ? ctx.image[BASE_BLOCK_SIZE + at] : log.bytes[logOffset + (at % OLD_LOG_PAGE_SIZE)];
      out[i] = src ?? 0;
    }
    return out;
  };
}

function binHasDirtyPage(pageByIndex: Map<number, number>, rel: number, size: number): boolean {
  for (let p = rel; p < rel + size; p += OLD_LOG_PAGE_SIZE) if (pageByIndex.has(p / OLD_LOG_PAGE_SIZE)) return true;
  return false;
}

/**
 * [REGF] "Old format > Dirty pages": dirty hive bins are verified (signature, size >= 4096, offset);
 * recovery stops at an invalid dirty bin. Returns how many pages (in bitmap order, so by ascending
 * offset) precede the first invalid dirty bin. A clean bin with a bad header (damage in the primary
 * that the log does not cover) ends verification without cutting anything.
 */
function pagesBeforeInvalidDirtyBin(ctx: Ctx, log: OldFormatLog): number {
  const pageByIndex = new Map(log.pages.map((p) => [p.hiveOffset / OLD_LOG_PAGE_SIZE, p.logOffset] as const));
  const read = overlayReader(ctx, log, pageByIndex);
  const size = log.baseBlock.hiveBinsDataSize;
  let rel = 0;
  while (rel < size) {
    const bin = checkBinHeader(read, rel, size);
    if (bin.valid) {
      rel += bin.size;
      continue;
    }
    if (!binHasDirtyPage(pageByIndex, rel, HBIN_ALIGNMENT)) return log.pages.length;
    ctx.warnings.push(logWarning(BASE_BLOCK_SIZE + rel, `${log.file}: dirty hive bin at ${rel} is invalid; recovery stops before it`));
    return log.pages.filter((p) => p.hiveOffset < rel).length;
  }
  return log.pages.length;
}

function recoverFromOldLogs(ctx: Ctx, primary: Uint8Array, pb: BaseBlockFields, logs: OldFormatLog[]): Outcome | null {
  if (logs.length === 0) return null;
  const log = pickOldLog(ctx, primary, pb, logs);
  if (!log) return null;
  const bb = log.baseBlock;
  if (!grow(ctx, BASE_BLOCK_SIZE + bb.hiveBinsDataSize)) return null;
  const count = pagesBeforeInvalidDirtyBin(ctx, log);
  for (const page of log.pages.slice(0, count)) {
    ctx.image.set(log.bytes.subarray(page.logOffset, page.logOffset + page.size), BASE_BLOCK_SIZE + page.hiveOffset);
  }
  recordApplied(ctx, log.file, 'old', count);
  return {
    sequence: bb.primarySequence,
    hiveBinsDataSize: bb.hiveBinsDataSize,
    ktmLockedBit: null,
    restoredBaseBlock: pb.checksumValid ? null : log.baseBlockBytes,
  };
}

// ---------------------------------------------------------------------------------------------
// Base block of the recovered image

/**
 * Brings the in-memory base block in line with the recovered data: the log's base block when the
 * primary's was invalid (file type back to 0, [REGF] "Old format > Base block" note 4), both
 * sequence numbers equal to the last one applied, the new hive bins data size (offset 40), the KTM
 * flag bit (offset 144) and a recomputed checksum (offset 508).
 */
function finalizeBaseBlock(ctx: Ctx, outcome: Outcome): void {
  if (!grow(ctx, BASE_BLOCK_SIZE)) return;
  const image = ctx.image;
  if (outcome.restoredBaseBlock) {
    image.set(outcome.restoredBaseBlock, 0);
    writeU32(image, 28, FileType.PRIMARY);
  }
  writeU32(image, 4, outcome.sequence);
  writeU32(image, 8, outcome.sequence);
  writeU32(image, 40, outcome.hiveBinsDataSize);
  if (outcome.ktmLockedBit !== null) {
    writeU32(image, 144, ((readU32(image, 144) & ~1) | outcome.ktmLockedBit) >>> 0);
  }
  writeU32(image, 508, baseBlockChecksum(image, 0));
}

/** [REGF] "Log entries" note 10: Windows heals invalid bins; we only report them (the reader copes). */
function warnAboutBinChain(ctx: Ctx, hiveBinsDataSize: number): void {
  const bad = firstInvalidBin(imageReader(ctx.image), hiveBinsDataSize);
  if (bad === null) return;
  ctx.warnings.push({
    offset: BASE_BLOCK_SIZE + bad,
    structure: 'hbin',
    message: `after log recovery the hive bin at relative offset ${bad} is invalid (Windows would replace it with an empty bin)`,
  });
}

// ---------------------------------------------------------------------------------------------
// Entry point

function emptyReport(logs: readonly LogInput[]): RecoveryReport {
  return { dirty: false, applied: [], logsFound: logs.map((l) => l.file), recovered: false };
}

function recoverUnchecked(primary: Uint8Array, logs: readonly LogInput[]): RecoveryResult {
  const report = emptyReport(logs);
  const ctx: Ctx = { image: primary.slice(), warnings: [], applied: [] };
  const pb = readBaseBlockFields(primary, 0);
  if (pb === null) {
    ctx.warnings.push({ offset: 0, structure: 'base-block', message: 'file too short for a base block; recovery not attempted' });
    return { image: ctx.image, report, warnings: ctx.warnings };
  }
  if (!isDirty(pb)) return { image: ctx.image, report, warnings: ctx.warnings };
  report.dirty = true;
  const { newLogs, oldLogs } = parseLogs(logs, ctx.warnings);
  // New format first (yarp's preference too); old format only if no new-format data went in.
  const outcome = recoverFromNewLogs(ctx, pb, newLogs) ?? recoverFromOldLogs(ctx, primary, pb, oldLogs);
  // Nothing applicable leaves the image as it was (still dirty); report.recovered says so.
  if (outcome) {
    finalizeBaseBlock(ctx, outcome);
    warnAboutBinChain(ctx, outcome.hiveBinsDataSize);
    report.recovered = true;
  }
  report.applied = ctx.applied;
  return { image: ctx.image, report, warnings: ctx.warnings };
}

/**
 * Recovers `primary` with `logs` in memory. Never throws and never modifies its inputs: a malformed
 * log becomes a warning and is skipped. When the hive is not dirty the image is an unchanged copy
 * and `report.dirty` is false (the logs are listed in `logsFound` but not read).
 */
export function recoverHive(primary: Uint8Array, logs: readonly LogInput[]): RecoveryResult {
  try {
    return recoverUnchecked(primary, logs);
  } catch (err) {
    // Safety net only: every read above is bounds-checked. Tests assert this path is never taken.
    return {
      image: primary.slice(),
      report: { ...emptyReport(logs), dirty: true },
      warnings: [logWarning(-1, `log recovery aborted by an internal error: ${String(err)}`)],
    };
  }
}
