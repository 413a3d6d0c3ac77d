// The decoders' fast paths, each on input that takes it: Huffman codewords longer than the root table (a
// subtable look-up), and the ways a match is copied (byte by byte when short, a fill for a long one at
// offset 1, native copies for other long ones, overlapping their output or not), on data wimlib compresses;
// and a chunk decoded straight into the reader's buffer against the same chunk read through the cache; an
// empty code in a chunk after a chunk with a code, refused.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CodecError, WimDecompressError } from '../../src/wim/errors';
import { HuffmanCode } from '../../src/wim/huffman';
import { Wim } from '../../src/wim';
import { ImageFs } from '../../src/windows/image-fs';
import { wimlib, wimlibAvailable } from '../support/wimlib';
import { prng } from './fixtures';
import { blobEntries } from './patch';

/** Canonical codewords of `lengths` ([MS-XCA] 2.2.4: by length, then symbol): [symbol, code, length]. */
function canonical(lengths: number[]): [number, number, number][] {
  const order = lengths.map((l, s) => [s, l]).filter(([, l]) => l > 0);
  order.sort((a, b) => a[1] - b[1] || a[0] - b[0]);
  const out: [number, number, number][] = [];
  let code = 0;
  let len = order[0][1];
  for (const [s, l] of order) {
    code <<= l - len;
    len = l;
    out.push([s, code, l]);
    code++;
  }
  return out;
}

describe('Huffman codes with codewords longer than the root table', () => {
  // Complete codes: lengths 1, 2, ..., maxLen−1, maxLen, maxLen (the deepest possible), and a flatter one
  // whose long codewords spread over several root prefixes with subtables of different sizes.
  const deep = (maxLen: number, syms: number) => {
    const l = Array.from({ length: syms }, () => 0);
    for (let i = 0; i < maxLen; i++) l[i] = i + 1;
    l[maxLen] = maxLen;
    return l;
  };
  const spread = (() => {
    const l = Array.from({ length: 656 }, () => 0);
    // In 2^-16 units: 8 × 4096 (length 4) + 500 × 64 (10) + 40 × 16 (12) + 12 × 8 (13) + 32 × 1 (16) = 65536.
    let s = 0;
    for (const [count, len] of [
      [8, 4],
      [500, 10],
      [40, 12],
      [12, 13],
      [32, 16],
    ]) {
      for (let i = 0; i < count; i++) l[s++] = len;
    }
    return l;
  })();
  for (const [name, lengths, maxLen, rootBits] of [
    ['deepest 16-bit code, 11-bit root', deep(16, 656), 16, 11],
    ['deepest 15-bit code, 8-bit root', deep(15, 20), 15, 8],
    ['codewords of 4, 10, 12, 13 and 16 bits, 11-bit root', spread, 16, 11],
    ['the same, 10-bit root', spread, 16, 10],
  ] as const) {
    it(`${name}: every codeword decodes to its symbol and length`, () => {
      let kraft = 0;
      for (const l of lengths) if (l) kraft += 2 ** -l;
      expect(kraft).toBe(1);
      const code = new HuffmanCode(lengths.length, maxLen, rootBits);
      code.build([...lengths]);
      const words = canonical([...lengths]);
      expect(words.some(([, , l]) => l > rootBits)).toBe(true);
      for (const [sym, cw, len] of words) {
        // The codeword, then ones: the bits after it must not matter.
        const left = ((cw << (32 - len)) | (2 ** (32 - len) - 1)) >>> 0;
        const e = code.lookup(left | 0);
        expect([e >>> 8, e & 31]).toEqual([sym, len]);
        expect(code.lookup(cw << (32 - len))).toBe(e);
      }
    });
  }

  it('an empty code builds and refuses a look-up; incomplete and over-subscribed codes are refused', () => {
    const code = new HuffmanCode(20, 15, 8);
    code.build(new Array(20).fill(0));
    expect(() => code.lookup(0)).toThrow(CodecError);
    expect(() => code.build([1, 2, 3, ...new Array(17).fill(0)])).toThrow(/incomplete/);
    expect(() => code.build([1, 1, 1, ...new Array(17).fill(0)])).toThrow(/over-subscribed/);
  });
});

const ready = wimlibAvailable();

/** Bytes whose values follow a steep distribution (long codewords for the rare ones), and every kind of match. */
function matchy(): Buffer {
  const r = prng(17);
  const parts: Buffer[] = [];
  const skewed = Buffer.alloc(40000);
  for (let i = 0; i < skewed.length; i++) {
    let v = 0;
    while (v < 255 && r() % 3 === 0) v++;
    skewed[i] = v;
  }
  parts.push(skewed);
  parts.push(Buffer.alloc(5000, 0x41)); // offset 1, long: a fill
  parts.push(Buffer.from('xyz'.repeat(1500))); // offset 3, long: doubling native copies
  for (let i = 0; i < 300; i++) parts.push(Buffer.from(`${'abcdefg'.repeat(1 + (i % 30))}#${i}|`)); // offset 7, short and long, overlapping
  parts.push(Buffer.from('0123'.repeat(20)), Buffer.from('ab'.repeat(9)), Buffer.from('q'.repeat(12))); // offsets 4, 2, 1 short
  parts.push(skewed.subarray(1000, 3000)); // far and long: one native copy
  const out = Buffer.concat(parts);
  return Buffer.concat([out, out.subarray(0, 100_000)]); // across chunk edges again
}

describe.skipIf(!ready)('decoding real chunks through every copy path', () => {
  const dir = mkdtempSync(join(tmpdir(), 'preflight-decode-paths-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const data = matchy();
  const src = join(dir, 'src');
  mkdirSync(src);
  writeFileSync(join(src, 'matchy.bin'), data);

  for (const compress of ['xpress', 'lzx']) {
    it(`${compress}: the file read whole (decoded into the caller's buffer) and by ranges (through the cache) is the file`, () => {
      const wim = join(dir, `${compress}.wim`);
      wimlib(['capture', src, wim, 'img', `--compress=${compress}`]);
      const w = Wim.open(wim);
      try {
        const fs = new ImageFs(w, 1);
        expect(fs.readFile('matchy.bin')!.equals(data)).toBe(true);
        const r = fs.openRange('matchy.bin')!;
        for (const [pos, len] of [
          [0, 100],
          [32768 - 50, 100],
          [40000, 32768],
          [50000, 70000],
          [data.length - 777, 777],
        ]) {
          expect(r.read(pos, len).equals(data.subarray(pos, pos + len))).toBe(true);
        }
        // Whole chunks now in the cache are copied from it; the rest decoded into the buffer again.
        expect(r.read(0, data.length).equals(data)).toBe(true);
      } finally {
        w.close();
      }
    });
  }

  // A decoder is reused from chunk to chunk, so an empty code must not leave the previous chunk's table in
  // use: the reader before the subtables returned early from build() and decoded such a chunk with the
  // tables of the one before it, yielding wrong bytes where nothing checks a hash (a hive read by pages).
  for (const [compress, emptyCode] of [
    ['xpress', []], // 256 zero bytes: 512 codeword lengths of 0
    ['lzx', [0x00, 0x30]], // a verbatim block of the default size whose main-tree pretree has 20 lengths of 0
  ] as const) {
    it(`${compress}: a chunk whose code is empty, after a chunk whose code was not, is refused`, () => {
      const wim = join(dir, `empty-${compress}.wim`);
      wimlib(['capture', src, wim, 'img', `--compress=${compress}`]);
      const bytes = readFileSync(wim);
      const e = blobEntries(bytes).find((x) => x.size === data.length)!;
      const tableBytes = (Math.ceil(e.size / 32768) - 1) * 4;
      const chunk1 = e.offset + tableBytes + bytes.readUInt32LE(e.offset);
      const chunk2 = e.offset + tableBytes + bytes.readUInt32LE(e.offset + 4);
      bytes.fill(0, chunk1, chunk2);
      bytes.set(emptyCode, chunk1);
      writeFileSync(wim, bytes);
      const w = Wim.open(wim);
      try {
        const r = new ImageFs(w, 1).openRange('matchy.bin')!;
        expect(r.read(0, 32768).equals(data.subarray(0, 32768))).toBe(true);
        expect(() => r.read(0, 65536)).toThrow(WimDecompressError);
        expect(() => r.read(32768, 100)).toThrow(/empty Huffman code/);
      } finally {
        w.close();
      }
    });
  }
});
