// Where a hive's bytes come from. A recovered (dirty) hive is a whole in-memory image. A clean hive on
// disk is read lazily: its buffer has the file's size, and 64 KiB chunks are read into it the first time
// a bin inside them is needed, so a check that looks up a few dozen keys in a 100 MB SOFTWARE hive reads
// a few MB. Reads only: the file is opened read-only for each batch of chunks and closed at once (no
// handle is kept, nothing is locked).
import { closeSync, constants, openSync, readSync } from 'node:fs';
import { HiveIoError } from './errors';

export interface ByteSource {
  /** The hive's bytes, full size; only ranges passed to `ensure` are guaranteed to be loaded. */
  readonly buf: Buffer;
  /** Makes file offsets [start, end) available in `buf`. */
  ensure(start: number, end: number): void;
}

export function wholeSource(buf: Buffer): ByteSource {
  return { buf, ensure: () => undefined };
}

const CHUNK_SHIFT = 16; // 64 KiB

export class LazyFileSource implements ByteSource {
  readonly buf: Buffer;
  private readonly loaded: Uint8Array;
  private loadedChunks = 0;

  /**
   * `size` must be the file's size (from stat). The buffer is not zero-filled: only what `ensure` loads is ever
   * read (the hive reader reads a cell only inside a bin it has ensured whole, bins.ts), so the pages of the
   * rest are never touched. Zero-filling a 100 MB SOFTWARE hive's buffer wrote every page of it, about a
   * twentieth of a `check` (glibc zeroes a large calloc from its heap; see the loader's tunables in
   * build/bundle.mjs). test/hive/unread-bytes.test.ts proves no unloaded byte is read.
   */
  constructor(
    private readonly path: string,
    readonly size: number,
  ) {
    this.buf = Buffer.allocUnsafeSlow(size);
    // One flag per chunk, the last one partial; none for an empty file.
    this.loaded = new Uint8Array(Math.ceil(size / (1 << CHUNK_SHIFT)));
  }

  /** True when every chunk has been read (then `buf` is the whole file). */
  get complete(): boolean {
    return this.loadedChunks === this.loaded.length;
  }

  ensure(start: number, end: number): void {
    const first = Math.max(0, start);
    const stop = Math.min(this.size, end);
    // Nothing of the file asked for (an empty file, or a range past its end).
    if (stop <= first) return;
    const from = first >>> CHUNK_SHIFT;
    const to = (stop - 1) >>> CHUNK_SHIFT;
    let fd: number | null = null;
    try {
      for (let c = from; c <= to; c++) {
        if (this.loaded[c]) continue;
        // Read the whole run of missing chunks with one call.
        let last = c;
        while (last + 1 <= to && !this.loaded[last + 1]) last++;
        fd ??= openSync(this.path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
        const pos = c << CHUNK_SHIFT;
        const len = Math.min(this.size, (last + 1) << CHUNK_SHIFT) - pos;
        let got = 0;
        while (got < len) {
          const n = readSync(fd, this.buf, pos + got, len - got, pos + got);
          if (n <= 0) {
            // The file shrank: the rest reads as zeros, and parsing treats it as damage.
            this.buf.fill(0, pos + got, pos + len);
            break;
          }
          got += n;
        }
        for (let k = c; k <= last; k++) this.loaded[k] = 1;
        this.loadedChunks += last - c + 1;
        c = last;
      }
    } catch (err) {
      throw new HiveIoError(this.path, -1, 'file', `read failed: ${(err as Error).message}`);
    } finally {
      if (fd !== null) closeSync(fd);
    }
  }

  /** Bytes read from disk so far. */
  get bytesRead(): number {
    return Math.min(this.size, this.loadedChunks << CHUNK_SHIFT);
  }
}
