// LZX as WIM uses it for one chunk [MS-PATCH "LZX DELTA" §2.2 for the bitstream; wim-format.md §10 for the
// WIM variant]: every chunk is an independent LZX stream whose window is the chunk size, with no header
// and no translation-size field; E8 call translation is always undone with a fixed size of 12000000.
import { CodecError } from './errors';
import { copyMatch } from './match-copy';
import { HuffmanCode, SUBTABLE, WordBits, subEntry } from './huffman';

const BLOCKTYPE_VERBATIM = 1;
const BLOCKTYPE_ALIGNED = 2;
const BLOCKTYPE_UNCOMPRESSED = 3;
const DEFAULT_BLOCK_SIZE = 32768;
/** Output bytes per call of the block loop: optimized once as a function, not also on the stack (xpress.ts). */
const SLICE = 4096;
const NUM_CHARS = 256;
const NUM_PRIMARY_LENS = 7; // length header 7 means "add a length-tree symbol"
const MIN_MATCH = 2;
const LENCODE_SYMS = 249;
const PRECODE_SYMS = 20;
const ALIGNED_SYMS = 8;
const MAX_MAIN_LEN = 16;
const MAX_ALIGNED_LEN = 7;
const MAX_PRE_LEN = 15;
/** Root table bits of the main and length codes (longer codewords take a subtable, huffman.ts). */
const MAIN_ROOT = 11;
const LEN_ROOT = 10;
/** E8 translation size WIM always uses (wimlib LZX_WIM_MAGIC_FILESIZE, go-winio e8filesize). */
const E8_FILE_SIZE = 12000000;

/** Offset slots per window order 15..21 (32 KiB .. 2 MiB) [MS-PATCH 2.2.1 table; wim-format.md §10]. */
const SLOTS_BY_ORDER: Record<number, number> = { 15: 30, 16: 32, 17: 34, 18: 36, 19: 38, 20: 42, 21: 50 };

const MAX_SLOTS = 50;
/** Extra bits per offset slot: 0 below 4, then (slot>>1)−1, capped at 17 [MS-PATCH 2.2.1]. */
const EXTRA_BITS = new Uint8Array(MAX_SLOTS);
/** Base of the *formatted* offset per slot; the real offset is formatted − 2. */
const SLOT_BASE = new Uint32Array(MAX_SLOTS + 1);
for (let s = 0; s < MAX_SLOTS; s++) {
  EXTRA_BITS[s] = s < 4 ? 0 : Math.min((s >>> 1) - 1, 17);
  SLOT_BASE[s + 1] = SLOT_BASE[s] + 2 ** EXTRA_BITS[s];
}

export function lzxMainSymbols(chunkSize: number): number {
  const order = Math.log2(chunkSize);
  const slots = SLOTS_BY_ORDER[order];
  if (slots === undefined) throw new CodecError(`LZX window of ${chunkSize} bytes is not a power of two from 32 KiB to 2 MiB`);
  return NUM_CHARS + 8 * slots;
}

export class LzxDecoder {
  private readonly numMain: number;
  private readonly mainLens: Uint8Array;
  private readonly lenLens = new Uint8Array(LENCODE_SYMS);
  private readonly alignedLens = new Uint8Array(ALIGNED_SYMS);
  private readonly preLens = new Uint8Array(PRECODE_SYMS);
  private readonly main: HuffmanCode;
  private readonly len = new HuffmanCode(LENCODE_SYMS, MAX_MAIN_LEN, LEN_ROOT);
  private readonly aligned = new HuffmanCode(ALIGNED_SYMS, MAX_ALIGNED_LEN, 7);
  private readonly pre = new HuffmanCode(PRECODE_SYMS, MAX_PRE_LEN, 8);
  /** The three recent match offsets, R0–R2 [MS-PATCH 2.2.3.1.2], kept from block to block of a chunk. */
  private r0 = 1;
  private r1 = 1;
  private r2 = 1;

  /** `windowSize` is the resource's chunk size (the last chunk is shorter but keeps the window). */
  constructor(readonly windowSize: number) {
    this.numMain = lzxMainSymbols(windowSize);
    this.mainLens = new Uint8Array(this.numMain);
    this.main = new HuffmanCode(this.numMain, MAX_MAIN_LEN, MAIN_ROOT);
  }

  decode(input: Uint8Array, out: Uint8Array): void {
    const end = out.length;
    if (end > this.windowSize) throw new CodecError(`LZX chunk of ${end} bytes is larger than its window`);
    // Each chunk starts afresh: previous lengths 0, R0=R1=R2=1 [wim-format.md §10].
    this.mainLens.fill(0);
    this.lenLens.fill(0);
    this.r0 = 1;
    this.r1 = 1;
    this.r2 = 1;
    const bits = new WordBits(input, 0, input.length);
    let op = 0;
    while (op < end) {
      const type = bits.read(3);
      let size = DEFAULT_BLOCK_SIZE;
      if (bits.read(1) === 0) {
        size = bits.read(16);
        if (this.windowSize >= 65536) size = size * 256 + bits.read(8); // wimlib's larger windows
      }
      if (size < 1 || size > end - op)
        throw new CodecError(`LZX block of ${size} bytes does not fit the ${end - op} bytes left in the chunk`);
      if (type === BLOCKTYPE_UNCOMPRESSED) {
        let p = bits.alignForRaw();
        if (p + 12 + size > input.length) throw new CodecError('LZX uncompressed block runs past the chunk');
        const dv = new DataView(input.buffer, input.byteOffset + p, 12);
        this.r0 = dv.getUint32(0, true);
        this.r1 = dv.getUint32(4, true);
        this.r2 = dv.getUint32(8, true);
        if (this.r0 === 0 || this.r1 === 0 || this.r2 === 0) throw new CodecError('LZX uncompressed block with a zero recent offset');
        p += 12;
        out.set(input.subarray(p, p + size), op);
        op += size;
        p += size + (size & 1); // odd sizes are padded to a word
        bits.pos = p;
        continue;
      }
      if (type !== BLOCKTYPE_VERBATIM && type !== BLOCKTYPE_ALIGNED) throw new CodecError(`LZX block type ${type} is invalid`);
      const isAligned = type === BLOCKTYPE_ALIGNED;
      if (isAligned) {
        for (let i = 0; i < ALIGNED_SYMS; i++) this.alignedLens[i] = bits.read(3);
        this.aligned.build(this.alignedLens);
      }
      this.readLens(bits, this.mainLens, 0, NUM_CHARS);
      this.readLens(bits, this.mainLens, NUM_CHARS, this.numMain);
      this.main.build(this.mainLens);
      this.readLens(bits, this.lenLens, 0, LENCODE_SYMS);
      this.len.build(this.lenLens);
      const blockEnd = op + size;
      while (op < blockEnd) op = this.decodeSlice(bits, out, op, blockEnd, Math.min(blockEnd, op + SLICE), isAligned);
    }
    undoE8(out);
  }

  /**
   * Symbols of a verbatim or aligned block from out[start] until at least `stop` (a match may run past it,
   * up to blockEnd) [MS-PATCH 2.2.3.1]; returns where they end. In slices, as in xpress.ts.
   * WordBits and the recent offsets are taken into locals and put back, and each step loads words exactly
   * as WordBits would (≥ 16 bits before a symbol, ≥ k before k raw bits), so where the words stand at the
   * next block's header does not depend on this loop.
   */
  private decodeSlice(bits: WordBits, out: Uint8Array, start: number, blockEnd: number, stop: number, isAligned: boolean): number {
    const input = bits.data;
    const inEnd = bits.end;
    let pos = bits.pos;
    let buf = bits.buf;
    let n = bits.n;
    let r0 = this.r0;
    let r1 = this.r1;
    let r2 = this.r2;
    const mainT = this.main.table;
    const lenT = this.len.table;
    const alignedT = this.aligned.table;
    let op = start;
    while (op < stop) {
      // Each load below is WordBits.ensure: one word when fewer bits are left than the next step needs.
      if (n < 16) {
        if (pos + 1 < inEnd) buf |= (input[pos++] | (input[pos++] << 8)) << (16 - n);
        n += 16;
      }
      let e = mainT[buf >>> (32 - MAIN_ROOT)];
      if (e & SUBTABLE) e = subEntry(mainT, e, buf, MAIN_ROOT);
      const m = e >>> 8;
      buf <<= e & 31;
      n -= e & 31;
      if (m < NUM_CHARS) {
        out[op++] = m;
        continue;
      }
      // Main symbol 256 + 8·slot + length header [MS-PATCH 2.2.3.1.2].
      const slot = (m - NUM_CHARS) >>> 3;
      let length = (m & 7) + MIN_MATCH;
      if (length === NUM_PRIMARY_LENS + MIN_MATCH) {
        if (n < 16) {
          if (pos + 1 < inEnd) buf |= (input[pos++] | (input[pos++] << 8)) << (16 - n);
          n += 16;
        }
        let le = lenT[buf >>> (32 - LEN_ROOT)];
        if (le & SUBTABLE) le = subEntry(lenT, le, buf, LEN_ROOT);
        length += le >>> 8;
        buf <<= le & 31;
        n -= le & 31;
      }
      let offset: number;
      if (slot === 0) offset = r0;
      else if (slot === 1) {
        offset = r1;
        r1 = r0;
        r0 = offset;
      } else if (slot === 2) {
        offset = r2;
        r2 = r0;
        r0 = offset;
      } else {
        const extra = EXTRA_BITS[slot];
        // Verbatim bits: all `extra` of them, or in an aligned block with extra ≥ 3 all but the low 3,
        // which an aligned-tree symbol gives. Up to 17 (a 2 MiB window): read 16 at most at a time, the
        // high part first, as WordBits.read does.
        const alignedLow = isAligned && extra >= 3;
        let raw = alignedLow ? extra - 3 : extra;
        let formatted = 0;
        while (raw > 0) {
          const k = raw > 16 ? raw - 16 : raw;
          if (n < k) {
            if (pos + 1 < inEnd) buf |= (input[pos++] | (input[pos++] << 8)) << (16 - n);
            n += 16;
          }
          formatted = (formatted << k) | (buf >>> (32 - k)); // ≤ 17 bits in all
          buf <<= k;
          n -= k;
          raw -= k;
        }
        if (alignedLow) {
          if (n < 16) {
            if (pos + 1 < inEnd) buf |= (input[pos++] | (input[pos++] << 8)) << (16 - n);
            n += 16;
          }
          // 7-bit codewords under a 7-bit root: a subtable entry only for an empty code, which subEntry refuses.
          let ae = alignedT[buf >>> (32 - MAX_ALIGNED_LEN)];
          if (ae & SUBTABLE) ae = subEntry(alignedT, ae, buf, MAX_ALIGNED_LEN);
          formatted = formatted * 8 + (ae >>> 8);
          n -= ae & 31;
          buf <<= ae & 31;
        }
        offset = SLOT_BASE[slot] + formatted - 2;
        r2 = r1;
        r1 = r0;
        r0 = offset;
      }
      if (offset > op || offset === 0 || length > blockEnd - op) throw badMatch(offset, length, op, blockEnd);
      op = copyMatch(out, op, offset, length);
    }
    bits.pos = pos;
    bits.buf = buf;
    bits.n = n;
    this.r0 = r0;
    this.r1 = r1;
    this.r2 = r2;
    return op;
  }

  /**
   * Codeword lengths [start, end) as deltas from the previous ones, led by a 20-symbol pretree
   * [MS-PATCH 2.2.2]. A run past `end` is cut (wimlib tolerates the overrun the same way).
   */
  private readLens(bits: WordBits, lens: Uint8Array, start: number, end: number): void {
    for (let i = 0; i < PRECODE_SYMS; i++) this.preLens[i] = bits.read(4);
    this.pre.build(this.preLens);
    let i = start;
    while (i < end) {
      const sym = bits.symbol(this.pre);
      if (sym <= 16) {
        lens[i] = (lens[i] - sym + 17) % 17;
        i++;
      } else if (sym === 17 || sym === 18) {
        const run = sym === 17 ? 4 + bits.read(4) : 20 + bits.read(5);
        for (let k = 0; k < run && i < end; k++) lens[i++] = 0;
      } else {
        const run = 4 + bits.read(1);
        const d = bits.symbol(this.pre);
        if (d > 17) throw new CodecError(`LZX pretree symbol ${d} inside a same-length run`);
        const v = (lens[i] - d + 17) % 17;
        for (let k = 0; k < run && i < end; k++) lens[i++] = v;
      }
    }
  }
}

/** The error for a match that starts before the chunk or ends after its block (kept out of the decoding loop). */
function badMatch(offset: number, length: number, op: number, blockEnd: number): CodecError {
  if (offset > op || offset === 0) return new CodecError(`LZX match offset ${offset} before the start of the chunk (at ${op})`);
  return new CodecError(`LZX match of ${length} bytes runs past its block (${blockEnd - op} bytes left)`);
}

/** Undo E8 (x86 CALL) translation over one chunk [MS-PATCH 2.2.4; wim-format.md §10]. */
export function undoE8(out: Uint8Array): void {
  const size = out.length;
  if (size <= 10) return;
  const last = size - 10;
  for (let i = 0; i < last; ) {
    // The next E8 byte found natively (memchr), not byte by byte.
    i = out.indexOf(0xe8, i);
    if (i < 0 || i >= last) break;
    const v = out[i + 1] | (out[i + 2] << 8) | (out[i + 3] << 16) | (out[i + 4] << 24); // signed i32
    let w: number | null = null;
    if (v >= 0 && v < E8_FILE_SIZE) w = v - i;
    else if (v < 0 && v >= -i) w = v + E8_FILE_SIZE;
    if (w !== null) {
      out[i + 1] = w & 0xff;
      out[i + 2] = (w >>> 8) & 0xff;
      out[i + 3] = (w >>> 16) & 0xff;
      out[i + 4] = (w >>> 24) & 0xff;
    }
    i += 5;
  }
}
