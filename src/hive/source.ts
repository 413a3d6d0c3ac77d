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

/**
 * A hive's bytes loaded on demand into one buffer of the hive's size, in chunks of 2^shift bytes: `ensure`
 * finds the runs of chunks not loaded yet inside the range asked for and hands each to `read`, which must
 * fill exactly [pos, pos + len) of `buf` or throw (then the run stays unloaded, and the next `ensure` asks
 * again). A hive on disk (LazyFileSource) and one inside a WIM (src/windows/image-hive.ts) read this way.
 *
 * The buffer is not zero-filled (unless it is shared memory, hiveBuffer below): only what `ensure` loaded is ever read (the hive reader reads a cell only
 * inside a bin it has ensured whole, bins.ts), so the pages of the rest are never touched. Zero-filling a
 * 100 MB SOFTWARE hive's buffer wrote every page of it, about a twentieth of a `check` (glibc zeroes a large
 * calloc from its heap; see the loader's tunables in build/bundle.mjs). test/hive/unread-bytes.test.ts
 * proves no unloaded byte is read.
 */
export abstract class ChunkedSource implements ByteSource {
  readonly buf: Buffer;
  /** One flag per chunk, the last one partial; none for an empty file. */
  private readonly loaded: Uint8Array;
  private loadedChunks = 0;

  constructor(
    readonly size: number,
    private readonly shift: number,
  ) {
    this.buf = hiveBuffer(size);
    this.loaded = new Uint8Array(Math.ceil(size / (1 << shift)));
  }

  /** Fills `buf` at [pos, pos + len) (a run of whole chunks, the file's last one partial), or throws. */
  protected abstract read(pos: number, len: number): void;

  /** Called after each `ensure`, whatever happened: releases what `read` took (an open file). */
  protected settle(): void {}

  /** True when every chunk has been read (then `buf` is the whole file). */
  get complete(): boolean {
    return this.loadedChunks === this.loaded.length;
  }

  /** Bytes loaded so far. */
  get bytesRead(): number {
    return Math.min(this.size, this.loadedChunks << this.shift);
  }

  ensure(start: number, end: number): void {
    const first = Math.max(0, start);
    const stop = Math.min(this.size, end);
    // Nothing of the file asked for (an empty file, or a range past its end): no read of a negative length.
    if (stop <= first) return;
    const to = (stop - 1) >>> this.shift;
    try {
      for (let c = first >>> this.shift; c <= to; c++) {
        if (this.loaded[c]) continue;
        let last = c;
        while (last + 1 <= to && !this.loaded[last + 1]) last++;
        const pos = c << this.shift;
        this.read(pos, Math.min(this.size, (last + 1) << this.shift) - pos);
        this.loaded.fill(1, c, last + 1);
        this.loadedChunks += last - c + 1;
        c = last;
      }
    } finally {
      this.settle();
    }
  }
}

// V8 counts the memory of an ordinary ArrayBuffer as the heap's "external" memory and collects to free it:
// once the young ArrayBuffers hold 32 MB (twice the largest semi-space), each later ArrayBuffer starts a young
// collection until they are promoted (two in a `check`), and more than 64 MB of them in all starts a full
// mark-compact. A `check` holds a 100 MB SOFTWARE and a 15-40 MB SYSTEM hive buffer for its whole run, so
// those collections free nothing, and cost it 4-5 ms (of ~150 ms; CPU-pinned A/B, 31 interleaved runs each on
// both CPUs of the 2-core VM). The memory of a SharedArrayBuffer is not counted (V8's
// BackingStore::PerIsolateAccountingLength), but it comes zero-filled: mapped fresh by the C library when
// large (untouched pages cost nothing), cleared from its heap when it fits there (every page written: 1-2 ms
// and 15 MB of memory for a SYSTEM hive). So hive buffers are ordinary memory up to ORDINARY_BUDGET bytes in
// all, under V8's 32 MB; beyond it, shared memory. Shared memory is freed all the same when the buffer is
// collected, but no collection is made for it: at most SHARED_BUDGET bytes of it are ever made in one process
// (a whole installation's hives), and every buffer after that is an ordinary one, which V8 sees.
const ORDINARY_BUDGET = 24 * (1 << 20);
const SHARED_BUDGET = 256 * (1 << 20);
let ordinaryBytes = 0;
let sharedBytes = 0;

/** A buffer of `size` bytes for a hive, not zero-filled unless it is shared memory (see above). */
export function hiveBuffer(size: number): Buffer {
  if (ordinaryBytes + size > ORDINARY_BUDGET && sharedBytes + size <= SHARED_BUDGET) {
    sharedBytes += size;
    return Buffer.from(new SharedArrayBuffer(size));
  }
  ordinaryBytes += size;
  return Buffer.allocUnsafeSlow(size);
}

/**
 * A clean hive on disk, in 64 KiB chunks; each run of missing chunks is read with one call. `size` must be
 * the file's size (from stat).
 */
export class LazyFileSource extends ChunkedSource {
  private fd: number | null = null;

  constructor(
    private readonly path: string,
    size: number,
  ) {
    super(size, 16);
  }

  protected read(pos: number, len: number): void {
    try {
      this.fd ??= openSync(this.path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
      let got = 0;
      while (got < len) {
        const n = readSync(this.fd, this.buf, pos + got, len - got, pos + got);
        if (n <= 0) {
          // The file shrank: the rest reads as zeros, and parsing treats it as damage.
          this.buf.fill(0, pos + got, pos + len);
          break;
        }
        got += n;
      }
    } catch (err) {
      throw new HiveIoError(this.path, -1, 'file', `read failed: ${(err as Error).message}`);
    }
  }

  protected override settle(): void {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
  }
}
