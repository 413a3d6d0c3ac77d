// Opening a hive file from disk, read-only (plain reads; no locks, writes or renames). A clean hive is
// read lazily, bin by bin as lookups need them (source.ts); a dirty one is read whole with its
// transaction logs and recovered on an in-memory copy; the files themselves are never changed.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { totalmem } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { BASE_BLOCK_SIZE, parseBaseBlock, type BaseBlock } from './base-block';
import { HiveError, HiveIoError } from './errors';
import { Hive } from './hive';
import { recoverHive } from './recovery';
import { LazyFileSource, type ByteSource } from './source';
import type { HiveWarning, RecoveryReport } from './types';

export interface OpenHiveOptions {
  /** Bytes recovery may hold (primary twice, plus the logs); default recoveryBudget(). */
  recoveryBudget?: number;
  /** Replay .LOG/.LOG1/.LOG2 in memory when the hive is dirty (default true). */
  logs?: boolean;
  /** Where the hive and its logs are read from; the host file system by default (an image: src/windows/image-hive.ts). */
  files?: HiveFiles;
}

/** Read access to a hive file and its logs. Every method throws HiveIoError for a file it cannot read. */
export interface HiveFiles {
  /** The size of a regular file that may be a hive (HiveIoError for anything else). */
  hiveSize(path: string): number;
  /** The size of any file (a log); throws when it is absent. */
  size(path: string): number;
  /** A lazy source over the file, `size` bytes long. */
  source(path: string, size: number): ByteSource & { readonly size: number };
  /** The whole file (a log). */
  read(path: string): Buffer;
  /** The transaction logs beside the hive. */
  logs(path: string): string[];
}

const HOST_FILES: HiveFiles = {
  hiveSize: (path) => regularFileSize(path),
  size: (path) => statSync(path).size,
  source: (path, size) => new LazyFileSource(path, size),
  read: (path) => readWhole(path),
  logs: (path) => findLogs(path),
};

/** Real hives stay far below this; anything larger is refused rather than exhausting memory. */
const MAX_HIVE_BYTES = 2 * 1024 * 1024 * 1024 - 1;
/**
 * Recovery holds the primary, every usable log and the recovered image in memory at once. A WinPE
 * machine may have 4 GB or less, so that total is bounded: a third of the machine's memory, at most 1 GiB
 * (real hives are tens of MB, their logs a few MB). Beyond it the hive is read as it is, with a warning
 * that says so (HIV001), instead of exhausting the machine.
 */
export function recoveryBudget(): number {
  return Math.min(1024 * 1024 * 1024, Math.floor(totalmem() / 3));
}
const LOG_SUFFIXES = ['.LOG', '.LOG1', '.LOG2'];

export function openHive(path: string, options: OpenHiveOptions = {}): Hive {
  // Read lazily: the base block now, bins when something points into them (source.ts). A hive that
  // needs recovery is read whole, since the logs rewrite pages anywhere in it.
  const files = options.files ?? HOST_FILES;
  const source = files.source(path, files.hiveSize(path));
  source.ensure(0, BASE_BLOCK_SIZE);
  const primary = source.buf;
  const whole = (): Buffer => {
    source.ensure(0, source.size);
    return primary;
  };
  const warnings: HiveWarning[] = [];
  const logFiles = files.logs(path);
  // Validates signature/version/type before anything else looks at the bytes.
  let base: BaseBlock;
  try {
    base = parseBaseBlock(path, primary, []);
  } catch (err) {
    // A primary whose base block is destroyed can still be rebuilt from a log's copy of it [REGF
    // "Dirty state" / recovery with an invalid base block]; only then is the file readable.
    const logBytes = logFiles.reduce((n, f) => n + sizeOf(files, f), 0);
    const affordable = 2 * source.size + logBytes <= (options.recoveryBudget ?? recoveryBudget());
    const rebuilt =
      options.logs === false || !(err instanceof HiveError) || !affordable
        ? null
        : recoverDamagedBaseBlock(files, whole(), logFiles, warnings);
    if (!rebuilt) throw err;
    warnings.unshift({
      offset: 0,
      structure: 'base-block',
      message: `${(err as HiveError).reason}; base block rebuilt from the transaction log in memory`,
    });
    return new Hive(path, rebuilt.image, { ...rebuilt.report, logsFound: logFiles }, warnings);
  }
  // Empty log files (Windows keeps them after a clean flush) cannot recover anything.
  const usableLogs = logFiles.filter((f) => sizeOf(files, f) > 0);
  // Asked of the machine only for a dirty hive with logs to replay (most hives are clean).
  const budget = () => options.recoveryBudget ?? recoveryBudget();
  const needed = 2 * source.size + usableLogs.reduce((n, f) => n + sizeOf(files, f), 0);
  const tooLarge = base.dirty && options.logs !== false && usableLogs.length > 0 && needed > budget();
  if (!base.dirty || options.logs === false || usableLogs.length === 0 || tooLarge) {
    // Nothing to replay (or too much to hold): the primary is read as it is, lazily.
    const report: RecoveryReport = { dirty: base.dirty, applied: [], logsFound: logFiles, recovered: false };
    if (base.dirty) {
      const mib = (n: number) => `${Math.ceil(n / 1048576)} MiB`;
      const why =
        options.logs === false
          ? 'logs not applied (--no-logs)'
          : tooLarge
            ? `too large to recover in memory (hive and logs need ${mib(needed)}, more than the ${mib(budget())} allowed) — reading the primary file as it is`
            : 'no usable transaction log beside it (none, or empty) — reading the primary file as it is';
      warnings.push({ offset: -1, structure: 'hive', message: `${describeDirty(base)}; ${why}` });
    }
    return new Hive(path, source, report, warnings);
  }
  const recovered = recoverHive(whole(), readLogs(files, usableLogs, warnings));
  warnings.push(...recovered.warnings);
  if (!recovered.report.recovered) {
    warnings.push({
      offset: -1,
      structure: 'hive',
      message: `${describeDirty(base)}; its logs could not bring it up to date — reading the primary file as it is`,
    });
  }
  return new Hive(path, asBuffer(recovered.image), { ...recovered.report, logsFound: logFiles }, warnings, base);
}

function sizeOf(files: HiveFiles, file: string): number {
  try {
    return files.size(file);
  } catch {
    return 0;
  }
}

function readLogs(files: HiveFiles, logFiles: string[], warnings: HiveWarning[]): { file: string; bytes: Buffer }[] {
  return logFiles.flatMap((file) => {
    try {
      return [{ file, bytes: files.read(file) }];
    } catch (err) {
      warnings.push({ offset: -1, structure: 'log', message: `${file}: ${(err as Error).message}` });
      return [];
    }
  });
}

function recoverDamagedBaseBlock(
  files: HiveFiles,
  primary: Buffer,
  logFiles: string[],
  warnings: HiveWarning[],
): { image: Buffer; report: RecoveryReport } | null {
  if (primary.length < BASE_BLOCK_SIZE || logFiles.length === 0) return null;
  const recovered = recoverHive(primary, readLogs(files, logFiles, warnings));
  if (!recovered.report.recovered) return null;
  warnings.push(...recovered.warnings);
  return { image: asBuffer(recovered.image), report: recovered.report };
}

const asBuffer = (b: Uint8Array): Buffer => Buffer.from(b.buffer, b.byteOffset, b.byteLength);

function describeDirty(base: { checksumValid: boolean; primarySequence: number; secondarySequence: number }): string {
  const why = !base.checksumValid
    ? 'base block checksum is wrong'
    : `sequence numbers differ (${base.primarySequence}/${base.secondarySequence})`;
  return `hive is dirty: ${why}`;
}

/** `<hive>.LOG`, `.LOG1`, `.LOG2` beside the hive, matched case-insensitively (offline volumes may be case-sensitive). */
export function findLogs(path: string): string[] {
  const dir = dirname(path);
  const base = basename(path).toUpperCase();
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  const found: string[] = [];
  for (const suffix of LOG_SUFFIXES) {
    const match = names.find((n) => n.toUpperCase() === base + suffix);
    if (match) found.push(join(dir, match));
  }
  return found;
}

function readWhole(path: string): Buffer {
  regularFileSize(path);
  try {
    return readFileSync(path, { flag: 'r' });
  } catch (err) {
    throw new HiveIoError(path, -1, 'file', ioReason(err));
  }
}

/** The size of a regular file that may be a hive; a typed error for anything else. */
function regularFileSize(path: string): number {
  let size: number;
  try {
    const st = statSync(path);
    if (st.isDirectory()) throw new HiveIoError(path, -1, 'file', 'is a directory, not a hive file');
    // A FIFO would block the read forever and a device could stream without end: regular files only.
    if (!st.isFile()) throw new HiveIoError(path, -1, 'file', 'is not a regular file');
    size = st.size;
  } catch (err) {
    if (err instanceof HiveIoError) throw err;
    throw new HiveIoError(path, -1, 'file', ioReason(err));
  }
  if (size > MAX_HIVE_BYTES) throw new HiveIoError(path, -1, 'file', `file is ${size} bytes; larger than any hive this reader accepts`);
  return size;
}

function ioReason(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EISDIR') return 'is a directory, not a hive file';
  return (err as Error).message;
}
