// All file access to an inspected volume goes through one VolumeFs object.
//
// Two jobs:
//  1. Case-insensitive path resolution. NTFS names are case-insensitive for Windows, but a volume mounted
//     on Linux (ntfs-3g, a copied folder in a test) is case-sensitive: `Windows\System32\config\SYSTEM`
//     may be `windows/SYSTEM32/Config/system` on disk. We walk the path one component at a time with
//     readdir: exact match first, then a case-insensitive match with a per-character upcase (like the
//     NTFS $UpCase table for ASCII/Latin: one UTF-16 unit in, one out — 'ß' stays 'ß').
//  2. The read-only contract (DESIGN.md "Read-only"; domain.md §9 "a read-only parser avoids mutating the
//     target"). This class is the only place in src/windows that touches the file system and it only
//     ever calls fs.openSync(path, 'r'), fs.readSync, fs.fstatSync, fs.closeSync, fs.readdirSync and
//     fs.statSync. Nothing is created, renamed, truncated or locked: on Windows, libuv opens with
//     FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, so even an open handle does not lock.
//     (Reading may update atime on the host file system; that is metadata of the mount, not content.)

import * as fs from 'node:fs';
import * as path from 'node:path';
import type { HiveFiles } from '../hive';
import { upcase } from '../hive/names';

/** O_NONBLOCK where the platform has it: a file swapped for a FIFO after the stat still cannot block the open. */
const NONBLOCK = fs.constants.O_NONBLOCK ?? 0;

/** Default cap for a whole-file read: answer files, State.ini and the like are tiny. */
export const DEFAULT_MAX_READ = 16 * 1024 * 1024;

/** A file is larger than the caller allowed (guard for untrusted sizes). */
export class FileTooLargeError extends Error {
  constructor(
    readonly volumePath: string,
    readonly size: number,
    readonly limit: number,
  ) {
    super(`${volumePath}: ${size} bytes is more than the ${limit} bytes allowed`);
    this.name = 'FileTooLargeError';
  }
}

/** A file exists but could not be read (permissions, I/O error, not a regular file). */
export class VolumeReadError extends Error {
  constructor(
    readonly volumePath: string,
    readonly detail: string,
  ) {
    super(`${volumePath}: ${detail}`);
    this.name = 'VolumeReadError';
  }
}

/**
 * Windows-like upcase of one name: per UTF-16 unit, keeping the length (no 'ß' → 'SS') — the same rule
 * the registry uses for key names, so one implementation serves both.
 */
export const upcaseName = upcase;

/** Split a volume-relative path written with `\` or `/` into components; null if it climbs out (`..`). */
export function splitRelative(relative: string): string[] | null {
  const parts = relative.split(/[\\/]+/).filter((p) => p.length > 0 && p !== '.');
  if (parts.some((p) => p === '..')) return null;
  return parts;
}

/** Backslash form of a volume-relative path for evidence, e.g. `Windows\System32\config\SYSTEM`. */
export function toVolumeRelative(relative: string): string {
  return relative
    .split(/[\\/]+/)
    .filter((p) => p.length > 0 && p !== '.')
    .join('\\');
}

interface DirListing {
  names: string[];
  exact: Set<string>;
  /** upcased name → names on disk with that upcased form, in sorted order */
  upper: Map<string, string[]>;
}

/** One inspected volume (a mounted folder). Directory listings are cached for the object's lifetime. */
export class VolumeFs {
  readonly root: string;
  private readonly listings = new Map<string, DirListing | null>();
  private readonly resolved = new Map<string, { parts: string[]; abs: string } | null>();

  constructor(root: string) {
    this.root = path.resolve(root);
  }

  private listing(absDir: string): DirListing | null {
    if (this.listings.has(absDir)) return this.listings.get(absDir) ?? null;
    let result: DirListing | null = null;
    try {
      const names = fs.readdirSync(absDir).slice().sort();
      const upper = new Map<string, string[]>();
      for (const n of names) {
        const u = upcaseName(n);
        const list = upper.get(u);
        if (list) list.push(n);
        else upper.set(u, [n]);
      }
      result = { names, exact: new Set(names), upper };
    } catch {
      result = null;
    }
    this.listings.set(absDir, result);
    return result;
  }

  /**
   * The components of `relative` as they are spelled on disk and its absolute host path, or null when some
   * component is missing. Kept per path asked, like the listings it is made from: a check asks for the same
   * folders again and again (the config folder for each hive, Panther for each log).
   */
  private found(relative: string): { parts: string[]; abs: string } | null {
    const known = this.resolved.get(relative);
    if (known !== undefined) return known;
    const result = this.walk(relative);
    this.resolved.set(relative, result);
    return result;
  }

  private walk(relative: string): { parts: string[]; abs: string } | null {
    const parts = splitRelative(relative);
    if (parts === null) return null;
    const found: string[] = [];
    let cur = this.root;
    for (const part of parts) {
      const dir = this.listing(cur);
      if (!dir) return null;
      let name: string | undefined;
      if (dir.exact.has(part)) name = part;
      else name = dir.upper.get(upcaseName(part))?.[0];
      if (name === undefined) return null;
      found.push(name);
      // A name read from a directory holds no separator and is never "." or "..": joined as it is, the
      // path stays as normal as the root path.resolve gave.
      cur = cur.endsWith(path.sep) ? cur + name : cur + path.sep + name;
    }
    return { parts: found, abs: cur };
  }

  /** How the hives inside are read: from the host's file system (openHive's own default) here. */
  hiveFiles(): HiveFiles | undefined {
    return undefined;
  }

  /** Absolute host path of `relative` (case-insensitive), or null when it does not exist. */
  resolve(relative: string): string | null {
    return this.found(relative)?.abs ?? null;
  }

  /** Volume-relative path with on-disk casing and backslashes; the input in backslash form if absent. */
  displayPath(relative: string): string {
    const found = this.found(relative);
    return found === null ? toVolumeRelative(relative) : found.parts.join('\\');
  }

  exists(relative: string): boolean {
    return this.stat(relative) !== null;
  }

  stat(relative: string): fs.Stats | null {
    const abs = this.resolve(relative);
    if (abs === null) return null;
    try {
      return fs.statSync(abs);
    } catch {
      return null;
    }
  }

  isFile(relative: string): boolean {
    return this.stat(relative)?.isFile() ?? false;
  }

  isDirectory(relative: string): boolean {
    return this.stat(relative)?.isDirectory() ?? false;
  }

  /** Entry names of a directory as on disk (sorted), or null when it is not a readable directory. */
  list(relative: string): string[] | null {
    const abs = this.resolve(relative);
    if (abs === null) return null;
    return this.listing(abs)?.names.slice() ?? null;
  }

  /**
   * Read `length` bytes at `position` of a regular file. Null when the file does not exist.
   * Throws VolumeReadError when it exists but cannot be read.
   */
  private readRange(
    relative: string,
    pick: (size: number) => { position: number; length: number },
    chunkBytes?: number,
    onChunk?: (chunk: Buffer, position: number, size: number) => void,
  ): { data: Buffer; size: number } | null {
    const abs = this.resolve(relative);
    if (abs === null) return null;
    const shown = this.displayPath(relative);
    // stat before open: opening a FIFO for reading blocks until a writer comes (a hang), and a device
    // can stream forever. Only regular files are read.
    let kind: fs.Stats;
    try {
      kind = fs.statSync(abs);
    } catch (e) {
      throw new VolumeReadError(shown, errText(e));
    }
    if (!kind.isFile()) throw new VolumeReadError(shown, 'not a regular file');
    let fd: number;
    try {
      fd = fs.openSync(abs, fs.constants.O_RDONLY | NONBLOCK);
    } catch (e) {
      throw new VolumeReadError(shown, errText(e));
    }
    try {
      const st = fs.fstatSync(fd);
      if (!st.isFile()) throw new VolumeReadError(shown, 'not a regular file');
      const { position, length } = pick(st.size);
      if (onChunk && chunkBytes) {
        // Streaming: one buffer of chunkBytes, reused; the callback must copy what it keeps.
        const buf = Buffer.alloc(Math.min(chunkBytes, Math.max(1, length)));
        let done = 0;
        while (done < length) {
          const n = fs.readSync(fd, buf, 0, Math.min(buf.length, length - done), position + done);
          if (n <= 0) break; // file shrank
          onChunk(buf.subarray(0, n), position + done, st.size);
          done += n;
        }
        return { data: Buffer.alloc(0), size: st.size };
      }
      const data = Buffer.alloc(Math.max(0, length));
      let got = 0;
      while (got < data.length) {
        const n = fs.readSync(fd, data, got, data.length - got, position + got);
        if (n <= 0) break; // file shrank: forward progress or stop
        got += n;
      }
      return { data: got === data.length ? data : data.subarray(0, got), size: st.size };
    } catch (e) {
      if (e instanceof VolumeReadError || e instanceof FileTooLargeError) throw e;
      throw new VolumeReadError(shown, errText(e));
    } finally {
      fs.closeSync(fd);
    }
  }

  /**
   * The last `n` bytes, handed to `onChunk` in pieces of at most `chunkBytes` (so a caller can stream a
   * large log without holding it whole), each with its file offset. `start` is the offset of the first byte.
   * Null when absent; throws VolumeReadError like readFile.
   */
  forEachTailChunk(
    relative: string,
    n: number,
    chunkBytes: number,
    onChunk: (chunk: Buffer, position: number, size: number) => void,
  ): { size: number; start: number; truncated: boolean } | null {
    let start = 0;
    const r = this.readRange(
      relative,
      (size) => {
        start = size - Math.min(n, size);
        return { position: start, length: size - start };
      },
      chunkBytes,
      onChunk,
    );
    return r === null ? null : { size: r.size, start, truncated: start > 0 };
  }

  /** Whole file, at most `maxBytes` (FileTooLargeError beyond). Null when absent. */
  readFile(relative: string, maxBytes: number = DEFAULT_MAX_READ): Buffer | null {
    const shown = this.displayPath(relative);
    const r = this.readRange(relative, (size) => {
      if (size > maxBytes) throw new FileTooLargeError(shown, size, maxBytes);
      return { position: 0, length: size };
    });
    return r?.data ?? null;
  }

  /** The first `n` bytes (fewer if the file is shorter). Null when absent. */
  readHead(relative: string, n: number): Buffer | null {
    return this.readRange(relative, (size) => ({ position: 0, length: Math.min(n, size) }))?.data ?? null;
  }

  /** The last `n` bytes; `truncated` when the file is longer. Null when absent. */
  readTail(relative: string, n: number): { data: Buffer; size: number; truncated: boolean } | null {
    const r = this.readRange(relative, (size) => {
      const length = Math.min(n, size);
      return { position: size - length, length };
    });
    return r === null ? null : { data: r.data, size: r.size, truncated: r.size > r.data.length };
  }
}

/** Case-insensitive resolution without keeping a VolumeFs around. */
export function resolvePath(root: string, relative: string): string | null {
  return new VolumeFs(root).resolve(relative);
}

export function errText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
