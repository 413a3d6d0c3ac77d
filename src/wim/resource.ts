// Reading the bytes of one resource, by range [wim-format.md §4]. Three layouts:
//  - raw: no COMPRESSED/SOLID flag; the bytes are stored as they are (size in WIM = uncompressed size);
//  - chunked (flag 0x04): a chunk table of n−1 offsets opens the resource (u32, or u64 when the
//    uncompressed size exceeds 4 GiB − 1), chunk 0 starting right after it; the header's codec and chunk size;
//  - solid (flag 0x10, version 0xE00): its own 16-byte header (u64 size, u32 chunk size, u32 format), then
//    one u32 compressed size per chunk, then the chunks.
// A chunk whose stored size equals its uncompressed size is stored raw. Chunks are independent, so a
// range costs only the chunks it touches; each is decoded at most once while it stays in the cache.
import type { ChunkCache } from './chunk-cache';
import { SOLID_FORMATS, type Codecs } from './codecs';
import { CodecError, WimDecompressError, WimFormatError, UnsupportedWimError } from './errors';
import { checkChunkSize, type Compression } from './header';
import { u32 } from './le';
import { RESHDR_FLAG_COMPRESSED, RESHDR_FLAG_SOLID } from './reshdr';
import type { WimSource } from './source';

/** Largest chunk decoded: MS tools refuse LZMS chunks above 64 MiB, wimlib's solid default is 64 MiB. */
export const MAX_CHUNK_SIZE = 64 * 1024 * 1024;
/** Largest chunk table read into memory (8 M chunks: 256 GiB of data in 32 KiB chunks). */
export const MAX_CHUNK_TABLE_BYTES = 64 * 1024 * 1024;
const SOLID_HEADER_SIZE = 16;

export interface Resource {
  readonly size: number;
  /** `length` bytes at `position`; throws if the range is outside the resource. */
  read(position: number, length: number): Buffer;
  /** The same bytes written into `target` at `targetOffset` (no buffer of their own). */
  readInto(position: number, length: number, target: Uint8Array, targetOffset: number): void;
}

/** `read` on top of `readInto`. */
function readNew(r: Resource, position: number, length: number): Buffer {
  const out = Buffer.allocUnsafe(length);
  r.readInto(position, length, out, 0);
  return out;
}

export interface ResourceContext {
  source: WimSource;
  codecs: Codecs;
  cache: ChunkCache;
  /** The header's codec and chunk size, used by non-solid chunked resources. */
  compression: Compression;
  chunkSize: number;
}

function rangeCheck(file: string, offset: number, size: number, position: number, length: number): void {
  if (position < 0 || length < 0 || position + length > size) {
    throw new WimFormatError(file, offset, 'resource', `read of ${length} bytes at ${position} is outside the ${size}-byte resource`);
  }
}

class RawResource implements Resource {
  constructor(
    private readonly ctx: ResourceContext,
    private readonly offset: number,
    readonly size: number,
  ) {
    ctx.source.check(offset, size, 'raw resource');
  }
  read(position: number, length: number): Buffer {
    rangeCheck(this.ctx.source.path, this.offset, this.size, position, length);
    return this.ctx.source.read(this.offset + position, length, 'raw resource');
  }
  readInto(position: number, length: number, target: Uint8Array, targetOffset: number): void {
    rangeCheck(this.ctx.source.path, this.offset, this.size, position, length);
    this.ctx.source.readInto(this.offset + position, length, 'raw resource', target, targetOffset);
  }
}

class ChunkedResource implements Resource {
  /** starts[k] = start of chunk k relative to `dataStart`; starts[n] = end of the last chunk. */
  constructor(
    private readonly ctx: ResourceContext,
    private readonly offset: number,
    readonly size: number,
    private readonly chunkSize: number,
    private readonly compression: Exclude<Compression, 'none'>,
    private readonly dataStart: number,
    private readonly starts: Float64Array,
  ) {}

  private key(k: number): string {
    // The file is part of the key: the parts of a split set share one cache and reuse offsets.
    return `${this.ctx.source.path}\0${this.offset}:${k}`;
  }

  /** Chunk k's bytes, through the cache. */
  private chunk(k: number): Uint8Array {
    return this.ctx.cache.get(this.key(k), () => {
      const out = new Uint8Array(Math.min(this.chunkSize, this.size - k * this.chunkSize));
      this.load(k, out);
      return out;
    });
  }

  /**
   * Chunk k's bytes written into all of `out` (its length is the chunk's size): a chunk stored raw is read
   * straight in, a compressed one read into the codecs' reusable input buffer and decoded.
   */
  private load(k: number, out: Uint8Array): void {
    const ctx = this.ctx;
    const at = this.dataStart + this.starts[k];
    const csize = this.starts[k + 1] - this.starts[k];
    const what = `chunk ${k} of the resource at 0x${this.offset.toString(16)}`;
    if (csize === out.length) {
      ctx.source.readInto(at, csize, what, out, 0); // stored raw
      return;
    }
    const input = ctx.codecs.input(csize);
    ctx.source.readInto(at, csize, what, input, 0);
    try {
      ctx.codecs.get(this.compression, this.chunkSize).decode(input, out);
    } catch (e) {
      if (e instanceof CodecError) {
        throw new WimDecompressError(ctx.source.path, at, `${this.compression.toUpperCase()} ${what}`, e.message);
      }
      throw e;
    }
  }

  read(position: number, length: number): Buffer {
    return readNew(this, position, length);
  }

  /**
   * A chunk wanted whole and not cached is decoded straight into `target` and not cached: the callers that
   * read whole chunks (a blob read whole, a hive or metadata resource read piece by piece into one buffer)
   * keep the bytes themselves, and a copy in the cache cost an allocation, a copy and garbage per chunk.
   */
  readInto(position: number, length: number, target: Uint8Array, targetOffset: number): void {
    rangeCheck(this.ctx.source.path, this.offset, this.size, position, length);
    const cache = this.ctx.cache;
    let done = 0;
    while (done < length) {
      const p = position + done;
      const k = Math.floor(p / this.chunkSize);
      const inChunk = p - k * this.chunkSize;
      const chunkLength = Math.min(this.chunkSize, this.size - k * this.chunkSize);
      const n = Math.min(length - done, chunkLength - inChunk);
      const at = targetOffset + done;
      if (n === chunkLength && !cache.has(this.key(k))) {
        // A plain Uint8Array view, whatever `target` is (often a Buffer): the decoders' loops then see one
        // kind of array, as for the chunks they decode for the cache.
        const into = new Uint8Array(target.buffer, target.byteOffset + at, n);
        try {
          this.load(k, into);
        } catch (e) {
          // A chunk that fails partway leaves no half-decoded bytes behind in the caller's buffer.
          into.fill(0);
          throw e;
        }
        cache.decompressedBytes += n;
      } else {
        target.set(this.chunk(k).subarray(inChunk, inChunk + n), at);
      }
      done += n;
    }
  }
}

/** Checks and turns chunk sizes (per chunk, in order) into start offsets. */
function startsFromSizes(
  file: string,
  at: number,
  sizes: ArrayLike<number>,
  total: number,
  chunkSize: number,
  usize: number,
): Float64Array {
  const n = sizes.length;
  const starts = new Float64Array(n + 1);
  for (let k = 0; k < n; k++) {
    const c = sizes[k];
    const cu = k < n - 1 ? chunkSize : usize - k * chunkSize; // every chunk but the last is whole
    if (c <= 0 || c > cu) throw new WimFormatError(file, at, 'chunk table', `chunk ${k} has a stored size of ${c} for ${cu} bytes of data`);
    starts[k + 1] = starts[k] + c;
  }
  if (starts[n] !== total)
    throw new WimFormatError(file, at, 'chunk table', `chunks add up to ${starts[n]} bytes, the resource holds ${total}`);
  return starts;
}

const LITTLE_ENDIAN_HOST = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * `count` little-endian u32 at `offset` of the WIM. On a little-endian host they are read straight into a
 * Uint32Array: a table has thousands of entries (a 95 MB hive, 3,000), and a call per entry cost a few
 * milliseconds of a check, whose code runs cold.
 */
function readU32s(source: WimSource, offset: number, count: number, structure: string): Uint32Array {
  const out = new Uint32Array(count);
  if (LITTLE_ENDIAN_HOST) {
    source.readInto(offset, 4 * count, structure, new Uint8Array(out.buffer), 0);
    return out;
  }
  const bytes = source.read(offset, 4 * count, structure);
  for (let i = 0; i < count; i++) out[i] = u32(bytes, 4 * i);
  return out;
}

/** A non-solid resource from its reshdr fields. */
export function openResource(ctx: ResourceContext, r: { offset: number; sizeInWim: number; size: number; flags: number }): Resource {
  const file = ctx.source.path;
  ctx.source.check(r.offset, r.sizeInWim, 'resource');
  if (r.flags & RESHDR_FLAG_SOLID) throw new WimFormatError(file, r.offset, 'resource', 'a solid resource read as a plain one');
  if (!(r.flags & RESHDR_FLAG_COMPRESSED)) {
    if (r.sizeInWim !== r.size)
      throw new WimFormatError(file, r.offset, 'resource', `uncompressed resource of ${r.size} bytes stored in ${r.sizeInWim}`);
    return new RawResource(ctx, r.offset, r.size);
  }
  if (ctx.compression === 'none')
    throw new WimFormatError(file, r.offset, 'resource', 'a compressed resource in a WIM whose header names no codec');
  const chunk = ctx.chunkSize;
  if (r.size === 0) return new RawResource(ctx, r.offset, 0);
  const n = Math.ceil(r.size / chunk);
  const entrySize = r.size > 0xffffffff ? 8 : 4;
  const tableBytes = (n - 1) * entrySize;
  if (tableBytes > r.sizeInWim || tableBytes > MAX_CHUNK_TABLE_BYTES) {
    throw new WimFormatError(
      file,
      r.offset,
      'chunk table',
      `${n} chunks claimed (${r.size} bytes) do not fit the ${r.sizeInWim}-byte resource`,
    );
  }
  // Entries are the starts of chunks 1..n−1 (u64 as low and high u32).
  const table = readU32s(ctx.source, r.offset, tableBytes / 4, 'chunk table');
  const sizes = new Float64Array(n);
  let prev = 0;
  for (let k = 1; k < n; k++) {
    const start = entrySize === 4 ? table[k - 1] : table[2 * k - 1] * 0x100000000 + table[2 * k - 2];
    sizes[k - 1] = start - prev;
    prev = start;
  }
  sizes[n - 1] = r.sizeInWim - tableBytes - prev;
  const starts = startsFromSizes(file, r.offset, sizes, r.sizeInWim - tableBytes, chunk, r.size);
  return new ChunkedResource(ctx, r.offset, r.size, chunk, ctx.compression, r.offset + tableBytes, starts);
}

/** A solid resource (the resource entry of a solid run), with its own header. */
export function openSolidResource(ctx: ResourceContext, r: { offset: number; sizeInWim: number }): Resource {
  const file = ctx.source.path;
  ctx.source.check(r.offset, r.sizeInWim, 'solid resource');
  if (r.sizeInWim < SOLID_HEADER_SIZE)
    throw new WimFormatError(file, r.offset, 'solid resource', `${r.sizeInWim} bytes cannot hold its 16-byte header`);
  const h = ctx.source.read(r.offset, SOLID_HEADER_SIZE, 'solid resource header');
  const usizeBig = h.readBigUInt64LE(0);
  const chunk = h.readUInt32LE(8);
  const format = h.readUInt32LE(12);
  const compression = SOLID_FORMATS[format];
  if (compression === undefined)
    throw new WimFormatError(file, r.offset + 12, 'solid resource header', `compression format ${format} is unknown`);
  if (usizeBig > BigInt(Number.MAX_SAFE_INTEGER))
    throw new WimFormatError(file, r.offset, 'solid resource header', 'uncompressed size beyond any file');
  const usize = Number(usizeBig);
  if (compression === 'none') {
    if (chunk === 0 || (chunk & (chunk - 1)) !== 0)
      throw new WimFormatError(file, r.offset + 8, 'solid resource header', `chunk size ${chunk} is not a power of two`);
  } else {
    checkChunkSize(file, r.offset + 8, compression, chunk, 'solid resource header');
  }
  if (chunk > MAX_CHUNK_SIZE)
    throw new UnsupportedWimError(
      file,
      r.offset + 8,
      'solid resource header',
      `chunks of ${chunk} bytes are more than the ${MAX_CHUNK_SIZE} read`,
    );
  const n = usize === 0 ? 0 : Math.ceil(usize / chunk);
  const tableBytes = 4 * n;
  if (SOLID_HEADER_SIZE + tableBytes > r.sizeInWim || tableBytes > MAX_CHUNK_TABLE_BYTES) {
    throw new WimFormatError(
      file,
      r.offset,
      'solid resource header',
      `${n} chunks claimed (${usize} bytes) do not fit the ${r.sizeInWim}-byte resource`,
    );
  }
  const sizes = readU32s(ctx.source, r.offset + SOLID_HEADER_SIZE, n, 'solid chunk table');
  const dataStart = r.offset + SOLID_HEADER_SIZE + tableBytes;
  const starts = startsFromSizes(file, r.offset, sizes, r.sizeInWim - SOLID_HEADER_SIZE - tableBytes, chunk, usize);
  if (compression === 'none') {
    // Format 0 stores every chunk raw: each stored size must be its data size (then no codec is used).
    for (let k = 0; k < n; k++) {
      if (sizes[k] !== Math.min(chunk, usize - k * chunk))
        throw new WimFormatError(file, r.offset, 'solid chunk table', `uncompressed solid chunk ${k} stored in ${sizes[k]} bytes`);
    }
    return new ChunkedResource(ctx, r.offset, usize, chunk, 'xpress', dataStart, starts);
  }
  return new ChunkedResource(ctx, r.offset, usize, chunk, compression, dataStart, starts);
}

/** A window onto part of another resource (a blob inside a solid resource). */
export class SliceResource implements Resource {
  constructor(
    private readonly file: string,
    private readonly inner: Resource,
    private readonly start: number,
    readonly size: number,
  ) {}
  read(position: number, length: number): Buffer {
    rangeCheck(this.file, -1, this.size, position, length);
    return this.inner.read(this.start + position, length);
  }
  readInto(position: number, length: number, target: Uint8Array, targetOffset: number): void {
    rangeCheck(this.file, -1, this.size, position, length);
    this.inner.readInto(this.start + position, length, target, targetOffset);
  }
}
