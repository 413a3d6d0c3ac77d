// XPRESS (LZ77 + Huffman) as WIM uses it for one chunk [MS-XCA §2.2.4 "LZ77+Huffman Decompression";
// wim-format.md §9]. A chunk is one XCA block (chunks are ≤ 64 KiB, XCA starts a new table every 64 KiB)
// with no end-of-block requirement: decoding stops when the chunk's known size is produced.
import { CodecError } from './errors';
import { copyMatch } from './match-copy';
import { HuffmanCode, SUBTABLE, subEntry } from './huffman';

/** 256 bytes of 4-bit codeword lengths open each chunk: 512 symbols [MS-XCA 2.2.4]. */
const TABLE_BYTES = 256;
const NUM_SYMS = 512;
const MAX_CODEWORD_LEN = 15;
const MIN_MATCH = 3;
/** Root table bits (longer codewords take a subtable, huffman.ts). */
const ROOT_BITS = 11;
/** Output bytes per call of the decoding loop (see decodeSlice). */
const SLICE = 4096;

export class XpressDecoder {
  private readonly code = new HuffmanCode(NUM_SYMS, MAX_CODEWORD_LEN, ROOT_BITS);
  private readonly lens = new Uint8Array(NUM_SYMS);
  /** The bit reader between slices: byte position, unread bits (left-justified) and their number. */
  private pos = 0;
  private buf = 0;
  private n = 0;

  /** Decode `input` into all of `out` (its length is the chunk's uncompressed size). */
  decode(input: Uint8Array, out: Uint8Array): void {
    if (input.length < TABLE_BYTES) throw new CodecError(`XPRESS chunk of ${input.length} bytes is shorter than its 256-byte code table`);
    const lens = this.lens;
    for (let i = 0; i < TABLE_BYTES; i++) {
      // byte i: low nibble = symbol 2i, high nibble = symbol 2i+1 [MS-XCA 2.2.4]
      lens[2 * i] = input[i] & 15;
      lens[2 * i + 1] = input[i] >>> 4;
    }
    this.code.build(lens);
    this.pos = TABLE_BYTES;
    this.buf = 0;
    this.n = 0;
    const end = out.length;
    for (let op = 0; op < end; ) op = this.decodeSlice(input, out, op, Math.min(end, op + SLICE));
  }

  /**
   * Symbols from out[start] until at least `stop` (a match may run past it, up to the chunk's end); returns
   * where they end. In slices, so that the loop is optimized as a function called again and again rather
   * than twice over (on-stack replacement while its first call runs, then again for the next call).
   */
  private decodeSlice(input: Uint8Array, out: Uint8Array, start: number, stop: number): number {
    // The bit reader of WordBits (huffman.ts) kept in locals, so that the loop makes no call per symbol:
    // `buf` holds `n` unread bits left-justified (n ≤ 31), a 16-bit LE word is loaded only when fewer than
    // 16 bits are left (one at a time, as WordBits does: the position of the raw long-length bytes depends
    // on it), and words past the end read as zero.
    const inEnd = input.length;
    let pos = this.pos;
    let buf = this.buf;
    let n = this.n;
    const table = this.code.table;
    const end = out.length;
    let op = start;
    while (op < stop) {
      if (n < 16) {
        const w = pos + 1 < inEnd ? input[pos] | (input[pos + 1] << 8) : 0;
        if (pos + 1 < inEnd) pos += 2;
        buf |= w << (16 - n);
        n += 16;
      }
      let entry = table[buf >>> (32 - ROOT_BITS)];
      if (entry & SUBTABLE) entry = subEntry(table, entry, buf, ROOT_BITS);
      buf <<= entry & 31;
      n -= entry & 31;
      const sym = entry >>> 8;
      if (sym < 256) {
        out[op++] = sym;
        continue;
      }
      const v = sym - 256;
      const log2 = v >>> 4;
      let length = v & 15;
      // [MS-XCA]: the long-length bytes follow the words loaded so far; load one if fewer than 16 bits
      // are buffered, as the reference decoder keeps ≥ 16 bits after every step.
      if (n < 16) {
        const w = pos + 1 < inEnd ? input[pos] | (input[pos + 1] << 8) : 0;
        if (pos + 1 < inEnd) pos += 2;
        buf |= w << (16 - n);
        n += 16;
      }
      if (length === 15) {
        if (pos >= inEnd) throw new CodecError('input ended inside a raw byte');
        const b = input[pos++];
        if (b === 255) {
          if (pos + 1 >= inEnd) throw new CodecError('input ended inside a raw byte');
          length = input[pos] | (input[pos + 1] << 8);
          pos += 2;
          if (length < 15) throw new CodecError(`XPRESS long match length ${length} is shorter than 15`);
        } else {
          length = b + 15;
        }
      }
      length += MIN_MATCH;
      // log2 ≤ 15 bits, and n ≥ 16 here: no load needed. (log2 = 0 is offset 1: a shift by 32 is none.)
      const offset = log2 === 0 ? 1 : (1 << log2) + (buf >>> (32 - log2));
      buf <<= log2;
      n -= log2;
      if (offset > op || length > end - op) throw badMatch(offset, length, op, end);
      op = copyMatch(out, op, offset, length);
    }
    this.pos = pos;
    this.buf = buf;
    this.n = n;
    return op;
  }
}

/** The error for a match that starts before the chunk or ends after it (kept out of the decoding loop). */
function badMatch(offset: number, length: number, op: number, end: number): CodecError {
  if (offset > op) return new CodecError(`XPRESS match offset ${offset} before the start of the chunk (at ${op})`);
  return new CodecError(`XPRESS match of ${length} bytes runs past the chunk's end`);
}
