// Canonical Huffman decoding shared by the three codecs (XPRESS [MS-XCA] §2.2.4, LZX [MS-PATCH] §2.2, LZMS).
// A code is given by its codeword lengths; codewords are assigned in order of (length, symbol), which is
// what all three formats specify.
//
// Decoders keep the unread bits left-justified in a 32-bit integer (the next bit is bit 31, the bits after
// the unread ones are 0), so that peeking k bits is one shift and consuming them another, with no mask.
// One table answers every codeword in at most two look-ups: a root part indexed by the first `rootBits`
// bits, and for each root prefix shared by longer codewords a subtable indexed by the bits after the
// prefix (the layout zlib's inflate describes). Canonical codewords in (length, symbol) order increase as
// left-aligned fractions and leave no gaps in a complete code, so the long codewords of one prefix come
// one after another, the first at the start of the prefix's range: each subtable is made, exactly filled,
// as they come. Building is cheap on purpose: LZMS rebuilds its codes every 512 or 1024 symbols.
import { CodecError } from './errors';

/**
 * Table entries. A leaf is (symbol << 8) | length (length ≤ 16: bits 5–7 are clear). A root entry with
 * SUBTABLE set points to a subtable: (start << 8) | SUBTABLE | subBits, subBits ≥ 1; an empty code's root
 * entries are SUBTABLE alone (subBits 0), which `subEntry` refuses.
 */
export const SUBTABLE = 0x80;

/**
 * The leaf for root entry `e` when it has SUBTABLE set, the next bits given left-justified in `left`. The
 * decoders' loops look the root up themselves and call this only for codewords longer than the root.
 */
export function subEntry(table: Uint32Array, e: number, left: number, rootBits: number): number {
  const subBits = e & 31;
  if (subBits === 0) throw new CodecError('symbol read from an empty Huffman code');
  return table[(e >>> 8) + ((left << rootBits) >>> (32 - subBits))];
}

export class HuffmanCode {
  /** Root entries [0, 2^rootBits), then the subtables. Replaced by a larger one if a code needs it. */
  table: Uint32Array;
  readonly rootBits: number;
  private readonly counts: Uint16Array;
  private readonly remaining: Uint16Array;
  private readonly sorted: Uint16Array;
  private readonly offsets: Uint16Array;

  constructor(
    readonly numSyms: number,
    readonly maxLen: number,
    tableBits: number,
  ) {
    this.rootBits = Math.min(tableBits, maxLen);
    this.table = new Uint32Array((1 << this.rootBits) + (maxLen > this.rootBits ? 1024 : 0));
    this.counts = new Uint16Array(maxLen + 1);
    this.remaining = new Uint16Array(maxLen + 1);
    this.sorted = new Uint16Array(numSyms);
    this.offsets = new Uint16Array(maxLen + 2);
  }

  /**
   * Build from `lengths[0..numSyms)`. The code must be complete (Kraft sum exactly 1) or empty; an
   * over-subscribed or incomplete code is corrupt input (wimlib rejects both).
   */
  build(lengths: Uint8Array | number[]): void {
    const { counts, sorted, offsets, remaining, maxLen, numSyms, rootBits: root } = this;
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
    let table = this.table;
    if (used === 0) {
      table.fill(SUBTABLE, 0, 1 << root);
      return;
    }
    if (left !== 0) throw new CodecError('incomplete Huffman code');
    // Symbols sorted by (length, symbol): `remaining` serves as the next free slot per length here.
    offsets[1] = 0;
    for (let l = 1; l <= maxLen; l++) offsets[l + 1] = offsets[l] + counts[l];
    remaining.set(offsets.subarray(0, maxLen + 1));
    for (let s = 0; s < numSyms; s++) {
      const l = lengths[s];
      if (l !== 0) sorted[remaining[l]++] = s;
    }
    // Codewords of length ≤ root fill 2^(root−len) root entries each.
    let code = 0;
    let idx = 0;
    for (let l = 1; l <= root; l++) {
      for (let k = counts[l]; k > 0; k--, idx++, code++) {
        const start = code << (root - l);
        if (l === root) table[start] = (sorted[idx] << 8) | l;
        else table.fill((sorted[idx] << 8) | l, start, start + (1 << (root - l)));
      }
      code <<= 1;
    }
    // Longer ones: a subtable per root prefix, as large as the prefix's codewords fill exactly (the
    // codewords not yet placed at each length decide it, as in zlib's inflate_table).
    for (let l = root + 1; l <= maxLen; l++) remaining[l] = counts[l];
    let next = 1 << root;
    let prefix = -1;
    let subStart = 0;
    let subBits = 0;
    for (let l = root + 1; l <= maxLen; l++) {
      for (let k = counts[l]; k > 0; k--, idx++, code++) {
        const p = code >>> (l - root);
        if (p !== prefix) {
          let bits = l - root;
          let room = 1 << bits;
          for (;;) {
            room -= remaining[root + bits];
            if (room <= 0 || root + bits >= maxLen) break;
            bits++;
            room <<= 1;
          }
          prefix = p;
          subStart = next;
          subBits = bits;
          next += 1 << bits;
          if (next > table.length) table = this.grow(next);
          table[p] = (subStart << 8) | SUBTABLE | bits;
        }
        const drop = subBits - (l - root);
        const start = subStart + ((code & ((1 << (l - root)) - 1)) << drop);
        const entry = (sorted[idx] << 8) | l;
        for (let e = 0; e < 1 << drop; e++) table[start + e] = entry;
        remaining[l]--;
      }
      code <<= 1;
    }
  }

  /** A larger table holding what was built so far (at most 2^root + 2^maxLen entries are ever needed). */
  private grow(needed: number): Uint32Array {
    const bigger = new Uint32Array(Math.max(needed, 2 * this.table.length));
    bigger.set(this.table);
    this.table = bigger;
    return bigger;
  }

  /** The entry for the next bits, given left-justified in `left` (at least maxLen of them valid). */
  lookup(left: number): number {
    const e = this.table[left >>> (32 - this.rootBits)];
    return e & SUBTABLE ? subEntry(this.table, e, left, this.rootBits) : e;
  }
}

/**
 * Bits read as 16-bit little-endian words, most significant bit first: the order of XPRESS Huffman and
 * LZX [MS-XCA §2.2.4; MS-PATCH §2.1]; LZX reads with it, XPRESS's loop keeps the same reader in locals
 * (xpress.ts). Words are loaded only when needed (at most one per `ensure`), which fixes where the byte
 * position is when a format interleaves raw bytes (XPRESS long lengths, LZX uncompressed blocks). Past the
 * end of the input, words read as zero (wimlib does the same); the callers bound their output, so garbage
 * input ends in a CodecError or a full chunk, never a loop.
 */
export class WordBits {
  pos: number;
  /**
   * The `n` unread bits (n ≤ 31), left-justified (see above). A hot loop may take `buf`, `n` and `pos` into
   * locals, load words the same way, and put them back.
   */
  buf = 0;
  n = 0;

  constructor(
    readonly data: Uint8Array,
    start: number,
    readonly end: number,
  ) {
    this.pos = start;
  }

  /** At least `k` (≤ 16) bits buffered: one word loaded if fewer are. */
  ensure(k: number): void {
    if (this.n < k) {
      if (this.pos + 1 < this.end) {
        this.buf |= (this.data[this.pos] | (this.data[this.pos + 1] << 8)) << (16 - this.n);
        this.pos += 2;
      }
      this.n += 16;
    }
  }

  /** Read up to 32 bits (more than 16 in two steps: MSB first, so the halves concatenate). */
  read(k: number): number {
    if (k === 0) return 0;
    if (k > 16) {
      const hi = this.read(k - 16);
      return hi * 65536 + this.read(16);
    }
    this.ensure(k);
    const v = this.buf >>> (32 - k);
    this.buf <<= k;
    this.n -= k;
    return v;
  }

  /** Decode one symbol with `code` (maxLen ≤ 16). */
  symbol(code: HuffmanCode): number {
    // ensure(16) and the root look-up written out: LZX reads its ~700 pretree symbols per block here, and
    // before this is optimized every call costs.
    let buf = this.buf;
    let n = this.n;
    if (n < 16) {
      if (this.pos + 1 < this.end) {
        buf |= (this.data[this.pos] | (this.data[this.pos + 1] << 8)) << (16 - n);
        this.pos += 2;
      }
      n += 16;
    }
    const table = code.table;
    let e = table[buf >>> (32 - code.rootBits)];
    if (e & SUBTABLE) e = subEntry(table, e, buf, code.rootBits);
    this.buf = buf << (e & 31);
    this.n = n - (e & 31);
    return e >>> 8;
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
