// Canonical Huffman decoding shared by the three codecs (XPRESS [MS-XCA] §2.2.4, LZX [MS-PATCH] §2.2, LZMS).
// A code is given by its codeword lengths; codewords are assigned in order of (length, symbol), which is
// what all three formats specify. Decoding takes the next `maxLen` bits of the stream, most significant bit
// first, and returns the symbol and how many of those bits it used.
//
// A primary table indexed by the first `tableBits` bits answers short codewords in one look-up; longer ones
// fall back to the canonical walk (first code / count per length, as in zlib's puff.c description). The
// table is small on purpose: LZMS rebuilds its codes every 512 or 1024 symbols, so building must be cheap.
import { CodecError } from './errors';

/** A primary-table entry whose codeword is longer than the table: resolve it with `decode`. */
export const SLOW_ENTRY = 0xffff;

export class HuffmanCode {
  /**
   * Primary table, indexed by the next `tableBits` bits: (symbol << 5) | length, or SLOW_ENTRY for a longer
   * codeword (then `decode`). Public so that a decoder's hot loop can look up without a call.
   */
  readonly table: Uint16Array;
  private readonly counts: Uint16Array;
  private readonly sorted: Uint16Array;
  private readonly offsets: Uint16Array;
  /** True when every length is 0: decoding anything is an error (wimlib accepts such a code until it is used). */
  empty = true;

  constructor(
    readonly numSyms: number,
    readonly maxLen: number,
    readonly tableBits: number,
  ) {
    this.table = new Uint16Array(1 << tableBits);
    this.counts = new Uint16Array(maxLen + 1);
    this.sorted = new Uint16Array(numSyms);
    this.offsets = new Uint16Array(maxLen + 2);
  }

  /**
   * Build from `lengths[0..numSyms)`. The code must be complete (Kraft sum exactly 1) or empty; an
   * over-subscribed or incomplete code is corrupt input (wimlib rejects both).
   */
  build(lengths: Uint8Array | number[]): void {
    const { counts, sorted, offsets, maxLen, numSyms, tableBits, table } = this;
    counts.fill(0);
    for (let s = 0; s < numSyms; s++) {
      const l = lengths[s];
      if (l > maxLen) throw new CodecError(`codeword length ${l} exceeds ${maxLen}`);
      counts[l]++;
    }
    counts[0] = 0;
    let used = 0;
    let left = 1; // Kraft: codewords still available at the current length
    for (let l = 1; l <= maxLen; l++) {
      left = left * 2 - counts[l];
      if (left < 0) throw new CodecError('over-subscribed Huffman code');
      used += counts[l];
    }
    if (used === 0) {
      this.empty = true;
      return;
    }
    if (left !== 0) throw new CodecError('incomplete Huffman code');
    this.empty = false;
    offsets[1] = 0;
    for (let l = 1; l <= maxLen; l++) offsets[l + 1] = offsets[l] + counts[l];
    const next = offsets.slice();
    for (let s = 0; s < numSyms; s++) {
      const l = lengths[s];
      if (l !== 0) sorted[next[l]++] = s;
    }
    // Primary table: every codeword of length ≤ tableBits fills 2^(tableBits−len) entries; longer
    // codewords mark their tableBits-bit prefix SLOW_ENTRY.
    table.fill(SLOW_ENTRY);
    let code = 0;
    let idx = 0;
    for (let l = 1; l <= maxLen; l++) {
      for (let k = 0; k < counts[l]; k++, idx++, code++) {
        if (l <= tableBits) {
          const span = 1 << (tableBits - l);
          const start = code << (tableBits - l);
          const entry = (sorted[idx] << 5) | l;
          for (let e = 0; e < span; e++) table[start + e] = entry;
        }
      }
      code <<= 1;
    }
  }

  /** Decode from `bits`, the next maxLen bits of the stream. Returns (symbol << 5) | length. */
  decode(bits: number): number {
    const entry = this.table[bits >>> (this.maxLen - this.tableBits)];
    if (entry !== SLOW_ENTRY) return entry;
    if (this.empty) throw new CodecError('symbol read from an empty Huffman code');
    const { counts, sorted, maxLen } = this;
    let code = 0;
    let first = 0;
    let index = 0;
    for (let l = 1; l <= maxLen; l++) {
      code |= (bits >>> (maxLen - l)) & 1;
      const count = counts[l];
      if (code - first < count) return (sorted[index + code - first] << 5) | l;
      index += count;
      first = (first + count) << 1;
      code <<= 1;
    }
    throw new CodecError('invalid Huffman codeword');
  }
}

/**
 * Bits read as 16-bit little-endian words, most significant bit first: the order of XPRESS Huffman and
 * LZX [MS-XCA §2.2.4; MS-PATCH §2.1]. Words are loaded only when needed (at most one per `ensure`), which
 * fixes where the byte position is when a format interleaves raw bytes (XPRESS long lengths, LZX
 * uncompressed blocks). Past the end of the input, words read as zero (wimlib does the same); the callers
 * bound their output, so garbage input ends in a CodecError or a full chunk, never a loop.
 */
export class WordBits {
  pos: number;
  /** The `n` unread bits (n ≤ 31), most significant first; a hot loop may take these into locals and put them back. */
  buf = 0;
  n = 0;

  constructor(
    private readonly data: Uint8Array,
    start: number,
    private readonly end: number,
  ) {
    this.pos = start;
  }

  ensure(k: number): void {
    if (this.n < k) {
      let w = 0;
      if (this.pos + 1 < this.end) {
        w = this.data[this.pos] | (this.data[this.pos + 1] << 8);
        this.pos += 2;
      }
      this.buf = ((this.buf << 16) | w) >>> 0;
      this.n += 16;
    }
  }

  /** The next `k` (≤ 16) bits without consuming them; ensure(k) first. */
  peek(k: number): number {
    return (this.buf >>> (this.n - k)) & ((1 << k) - 1);
  }

  consume(k: number): void {
    this.n -= k;
    this.buf &= this.n >= 31 ? 0x7fffffff : (1 << this.n) - 1;
  }

  /** Read up to 32 bits (more than 16 in two steps: MSB first, so the halves concatenate). */
  read(k: number): number {
    if (k === 0) return 0;
    if (k > 16) {
      const hi = this.read(k - 16);
      return hi * 65536 + this.read(16);
    }
    this.ensure(k);
    const v = this.peek(k);
    this.consume(k);
    return v;
  }

  /** Decode one symbol with `code` (maxLen ≤ 16). */
  symbol(code: HuffmanCode): number {
    this.ensure(16);
    const bits = (this.buf >>> (this.n - 16)) & 0xffff;
    // The primary table first, without a call; `decode` only for a longer codeword.
    let e = code.table[bits >>> (16 - code.tableBits)];
    if (e === SLOW_ENTRY) e = code.decode(bits >>> (16 - code.maxLen));
    this.consume(e & 31);
    return e >>> 5;
  }

  /** One raw byte at the byte position after the loaded words (XPRESS long lengths). */
  rawByte(): number {
    if (this.pos >= this.end) throw new CodecError('input ended inside a raw byte');
    return this.data[this.pos++];
  }

  /**
   * Go to the next 16-bit boundary for raw data (LZX uncompressed block, [MS-PATCH] 2.2.3.1.3): drop the
   * unread bits of the current word; when already on a boundary, 16 bits of padding are skipped. Returns
   * the byte position where raw data starts and leaves the reader empty.
   */
  alignForRaw(): number {
    const partial = this.n % 16;
    let pos = this.pos - ((this.n - partial) >>> 4) * 2;
    if (partial === 0) pos += 2;
    this.buf = 0;
    this.n = 0;
    this.pos = pos;
    return pos;
  }
}
