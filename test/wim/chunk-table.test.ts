// The chunk table of a resource larger than 4 GiB − 1: u64 entries, read as low and high u32 [wim-format.md
// §4.1]. wimlib takes minutes to write such a WIM, so a source that computes its bytes stands in for the file:
// a chunk table whose last entries pass 2^32, and raw chunks whose bytes say where they lie.
import { describe, expect, it } from 'vitest';
import { ChunkCache } from '../../src/wim/chunk-cache';
import { Codecs } from '../../src/wim/codecs';
import { WimFormatError } from '../../src/wim/errors';
import { RESHDR_FLAG_COMPRESSED } from '../../src/wim/reshdr';
import { openResource } from '../../src/wim/resource';
import type { WimSource } from '../../src/wim/source';

const CHUNK = 32768;
const SIZE = 2 ** 32 + 40000; // 131,074 chunks, the last of 7,232 bytes
const N = Math.ceil(SIZE / CHUNK);
const AT = 4096; // the resource's offset in the file
const TABLE_BYTES = (N - 1) * 8;
const DATA = AT + TABLE_BYTES;

/** Byte `d` of the resource: differs between positions 2^32 apart, so a chunk read from the wrong place shows. */
function pattern(d: number): number {
  return (Math.imul(d >>> 0, 0x9e3779b1) ^ Math.imul(Math.floor(d / 2 ** 32) + 1, 0x85ebca6b)) >>> 24;
}

/** A WimSource over a made-up file: the chunk table (start of chunk k = k · CHUNK, all chunks stored raw), then the data. */
function fakeSource(patchEntry?: (k: number, lo: number, hi: number) => [number, number]): WimSource {
  const size = DATA + SIZE;
  const byteAt = (o: number): number => {
    if (o < AT) return 0;
    if (o >= DATA) return pattern(o - DATA);
    const k = Math.floor((o - AT) / 8) + 1; // entry k − 1 is the start of chunk k
    const start = k * CHUNK;
    let lo = start >>> 0;
    let hi = Math.floor(start / 2 ** 32);
    if (patchEntry) [lo, hi] = patchEntry(k, lo, hi);
    const i = (o - AT) % 8;
    return i < 4 ? (lo >>> (8 * i)) & 0xff : (hi >>> (8 * (i - 4))) & 0xff;
  };
  const check = (offset: number, length: number, structure: string): void => {
    if (offset < 0 || length < 0 || offset + length > size) throw new WimFormatError('fake.wim', offset, structure, 'past the end');
  };
  const readInto = (offset: number, length: number, structure: string, target: Uint8Array, targetOffset: number): void => {
    check(offset, length, structure);
    for (let i = 0; i < length; i++) target[targetOffset + i] = byteAt(offset + i);
  };
  const source = {
    path: 'fake.wim',
    size,
    check,
    readInto,
    read: (offset: number, length: number, structure: string): Buffer => {
      const b = Buffer.alloc(length);
      readInto(offset, length, structure, b, 0);
      return b;
    },
    close: () => {},
  };
  return source as unknown as WimSource;
}

function open(source: WimSource) {
  const ctx = { source, codecs: new Codecs(), cache: new ChunkCache(), compression: 'xpress' as const, chunkSize: CHUNK };
  return openResource(ctx, { offset: AT, sizeInWim: TABLE_BYTES + SIZE, size: SIZE, flags: RESHDR_FLAG_COMPRESSED });
}

const expected = (from: number, length: number): Buffer => Buffer.from(Array.from({ length }, (_, i) => pattern(from + i)));

describe('a resource over 4 GiB: 8-byte chunk table entries', () => {
  it('chunks before and after 4 GiB are read from where the table puts them', () => {
    const r = open(fakeSource());
    for (const [pos, len] of [
      [0, 100],
      [12345, CHUNK], // across a chunk edge, through the cache
      [2 ** 32 - CHUNK, CHUNK], // the last chunk whose start fits in a u32, read whole
      [2 ** 32 - 50, 100], // across 4 GiB
      [2 ** 32, CHUNK], // the first chunk whose start needs the high half
      [SIZE - 7232, 7232], // the short last chunk
    ]) {
      expect(r.read(pos, len).equals(expected(pos, len)), `${len} bytes at ${pos}`).toBe(true);
    }
  });

  it('a table whose high halves are lost (a start going back) is refused', () => {
    expect(() => open(fakeSource((k, lo) => [lo, 0]))).toThrow(/chunk table.*chunk 131071 has a stored size of -/);
  });
});
