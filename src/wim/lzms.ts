// LZMS, the codec of solid WIMs (.esd) and `--compress=lzms`. Microsoft publishes no specification; this
// decoder is written from the description in wim-format.md §11, which was made by reading wimlib
// (src/lzms_decompress.c, src/lzms_common.c, src/compress_common.c, v1.14.5) and confirmed by experiment.
// The Huffman rebuild must give exactly the lengths the compressor used, so `adaptiveLengths` follows the
// construction described there step by step (sorted by frequency then symbol, two-queue tree, leaves
// first on ties, depth-limited length counts, longest lengths to the least frequent symbols).
import { CodecError } from './errors';
import { HuffmanCode } from './huffman';

const MAX_CODEWORD_LEN = 15;
const NUM_LITERAL_SYMS = 256;
const NUM_LENGTH_SYMS = 54;
const NUM_DELTA_POWER_SYMS = 8;
const PROB_BITS = 6; // probabilities are in 64ths
const PROB_DENOM = 1 << PROB_BITS;

// Offset slot extra bits as (bits, count) runs [wim-format.md §11 "Tables"]; 799 slots.
const OFFSET_EXTRA_RUNS: [number, number][] = [
  [0, 8],
  [2, 9],
  [3, 7],
  [4, 10],
  [5, 15],
  [6, 15],
  [7, 20],
  [8, 20],
  [9, 30],
  [10, 33],
  [11, 40],
  [12, 42],
  [13, 45],
  [14, 60],
  [15, 73],
  [16, 80],
  [17, 85],
  [18, 95],
  [19, 105],
  [20, 6],
  [30, 1],
];
const LENGTH_EXTRA_RUNS: [number, number][] = [
  [0, 26],
  [1, 4],
  [2, 6],
  [3, 4],
  [4, 5],
  [5, 2],
  [6, 1],
  [7, 1],
  [8, 1],
  [9, 1],
  [10, 1],
  [16, 1],
  [30, 1],
];

function expand(runs: [number, number][]): { extra: Uint8Array; base: number[] } {
  const extra: number[] = [];
  for (const [b, n] of runs) for (let i = 0; i < n; i++) extra.push(b);
  const base = [1];
  for (let i = 0; i < extra.length; i++) base.push(base[i] + 2 ** extra[i]);
  return { extra: Uint8Array.from(extra), base };
}
const OFFSET = expand(OFFSET_EXTRA_RUNS);
const LENGTH = expand(LENGTH_EXTRA_RUNS);
export const LZMS_MAX_OFFSET_SLOTS = OFFSET.extra.length;

/** Number of offset slots a chunk of `size` bytes uses: 1 + the slot of size − 1. */
function numOffsetSlots(size: number): number {
  const v = size - 1;
  let lo = 0;
  let hi = LZMS_MAX_OFFSET_SLOTS - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if (OFFSET.base[mid] <= v) lo = mid;
    else hi = mid - 1;
  }
  return lo + 1;
}

// ---------------------------------------------------------------------------------------------------
// Adaptive Huffman codes.

const SYM_BITS = 10; // symbols < 1024 live in the low bits of one u32, the frequency or parent above
const SYM_MASK = (1 << SYM_BITS) - 1;

/**
 * Codeword lengths from frequencies (all ≥ 1 in LZMS), limited to `maxLen`. Same construction as the
 * compressor so that both sides agree bit for bit.
 */
export function adaptiveLengths(freqs: Uint32Array, n: number, maxLen: number, lens: Uint8Array, a: Uint32Array): void {
  // Sort symbols by (frequency, symbol): pack frequency above the symbol and sort numerically.
  for (let s = 0; s < n; s++) a[s] = freqs[s] * (1 << SYM_BITS) + s;
  const view = a.subarray(0, n);
  view.sort();
  if (n === 1) {
    lens[0] = 1;
    lens[1] = 1;
    return;
  }
  // Two-queue tree in place: leaves at i.., internal nodes at b..e; a merged node's frequency overwrites
  // A[e] (keeping the symbol bits), its children's upper bits become the parent index.
  const last = n - 1;
  let i = 0;
  let b = 0;
  let e = 0;
  const F = (x: number) => x & ~SYM_MASK;
  do {
    let freq: number;
    if (i + 1 <= last && (b === e || F(a[i + 1]) <= F(a[b]))) {
      freq = F(a[i]) + F(a[i + 1]);
      i += 2;
    } else if (b + 2 <= e && (i > last || F(a[b + 1]) < F(a[i]))) {
      freq = F(a[b]) + F(a[b + 1]);
      a[b] = ((e << SYM_BITS) | (a[b] & SYM_MASK)) >>> 0;
      a[b + 1] = ((e << SYM_BITS) | (a[b + 1] & SYM_MASK)) >>> 0;
      b += 2;
    } else {
      freq = F(a[i]) + F(a[b]);
      a[b] = ((e << SYM_BITS) | (a[b] & SYM_MASK)) >>> 0;
      i++;
      b++;
    }
    a[e] = (freq | (a[e] & SYM_MASK)) >>> 0;
  } while (++e < last);
  // Depths, root (index n−2) first; a depth past maxLen takes the longest length still available.
  const counts = new Uint32Array(maxLen + 2);
  counts[1] = 2;
  const root = n - 2;
  a[root] &= SYM_MASK;
  for (let node = root - 1; node >= 0; node--) {
    const parent = a[node] >>> SYM_BITS;
    const depth = (a[parent] >>> SYM_BITS) + 1;
    a[node] = ((a[node] & SYM_MASK) | (depth << SYM_BITS)) >>> 0;
    let len = depth;
    if (len >= maxLen) {
      len = maxLen;
      do len--;
      while (counts[len] === 0);
    }
    counts[len]--;
    counts[len + 1] += 2;
  }
  // Longest lengths go to the least frequent symbols (the front of the sorted order).
  let k = 0;
  for (let len = maxLen; len >= 1; len--) {
    for (let c = counts[len]; c > 0; c--) lens[a[k++] & SYM_MASK] = len;
  }
}

class AdaptiveCode {
  readonly freqs: Uint32Array;
  private readonly lens: Uint8Array;
  private readonly work: Uint32Array;
  readonly code: HuffmanCode;
  private countdown: number;

  constructor(
    readonly numSyms: number,
    readonly rebuildPeriod: number,
    tableBits: number,
  ) {
    // A one-symbol alphabet (offset slots of a 1-byte chunk) gets two 1-bit codewords, the second
    // unused, as the compressor's code builder does; decoding the unused one is corrupt input.
    const codeSyms = Math.max(2, numSyms);
    this.freqs = new Uint32Array(numSyms);
    this.lens = new Uint8Array(codeSyms);
    this.work = new Uint32Array(numSyms);
    this.code = new HuffmanCode(codeSyms, MAX_CODEWORD_LEN, tableBits);
    this.countdown = rebuildPeriod;
  }

  reset(): void {
    this.freqs.fill(1);
    this.countdown = this.rebuildPeriod;
    this.rebuild();
  }

  private rebuild(): void {
    adaptiveLengths(this.freqs, this.numSyms, MAX_CODEWORD_LEN, this.lens, this.work);
    this.code.build(this.lens);
  }

  /** After decoding `sym`: count it; every period, rebuild from the counts, then halve them. */
  used(sym: number): void {
    this.freqs[sym]++;
    if (--this.countdown === 0) {
      this.rebuild();
      for (let s = 0; s < this.numSyms; s++) this.freqs[s] = (this.freqs[s] >>> 1) + 1;
      this.countdown = this.rebuildPeriod;
    }
  }
}

// ---------------------------------------------------------------------------------------------------

/** One adaptive probability: the last 64 bits it coded, and how many of them were 0. */
class ProbEntries {
  readonly zeros: Uint8Array;
  readonly hi: Uint32Array;
  readonly lo: Uint32Array;
  state = 0;
  constructor(readonly count: number) {
    this.zeros = new Uint8Array(count);
    this.hi = new Uint32Array(count);
    this.lo = new Uint32Array(count);
  }
  reset(): void {
    // 0x0000000055555555: 48 zeros among 64 bits
    this.zeros.fill(48);
    this.hi.fill(0);
    this.lo.fill(0x55555555);
    this.state = 0;
  }
}

/** Output sizes up to this are decoded; a chunk claiming more is refused before allocation by the caller. */
export const LZMS_MAX_CHUNK = 1 << 30;

export class LzmsDecoder {
  private readonly literal = new AdaptiveCode(NUM_LITERAL_SYMS, 1024, 10);
  private readonly length = new AdaptiveCode(NUM_LENGTH_SYMS, 512, 10);
  private readonly deltaPower = new AdaptiveCode(NUM_DELTA_POWER_SYMS, 512, 8);
  private lzOffset: AdaptiveCode | null = null;
  private deltaOffset: AdaptiveCode | null = null;
  private readonly main = new ProbEntries(16);
  private readonly match = new ProbEntries(32);
  private readonly lz = new ProbEntries(64);
  private readonly delta = new ProbEntries(64);
  private readonly lzRep = [new ProbEntries(64), new ProbEntries(64)];
  private readonly deltaRep = [new ProbEntries(64), new ProbEntries(64)];
  private lastTarget: Int32Array | null = null;

  // Range decoder over the input read forward, Huffman/raw bits over the input read backward.
  private input: Uint8Array = new Uint8Array(0);
  private range = 0;
  private code = 0;
  private fwd = 0;
  private back = 0;
  private bitbuf = 0;
  private nbits = 0;

  decode(input: Uint8Array, out: Uint8Array): void {
    const size = out.length;
    if (input.length < 4 || input.length % 2 !== 0)
      throw new CodecError(`LZMS chunk of ${input.length} bytes (must be even and at least 4)`);
    this.input = input;
    this.range = 0xffffffff;
    this.code = ((input[0] | (input[1] << 8)) * 65536 + (input[2] | (input[3] << 8))) >>> 0;
    this.fwd = 4;
    this.back = input.length;
    this.bitbuf = 0;
    this.nbits = 0;
    const slots = numOffsetSlots(Math.max(1, size));
    if (!this.lzOffset || this.lzOffset.numSyms !== slots) {
      this.lzOffset = new AdaptiveCode(slots, 1024, 10);
      this.deltaOffset = new AdaptiveCode(slots, 1024, 10);
    }
    const lzOffset = this.lzOffset;
    const deltaOffset = this.deltaOffset!;
    for (const c of [this.literal, this.length, this.deltaPower, lzOffset, deltaOffset]) c.reset();
    for (const p of [this.main, this.match, this.lz, this.delta, ...this.lzRep, ...this.deltaRep]) p.reset();

    // Repeat queues [wim-format.md §11]: LZ offsets, and delta (power, raw offset) pairs.
    const lzQ = [1, 2, 3, 4];
    const dPow = [0, 0, 0, 0];
    const dRaw = [1, 2, 3, 4];
    let prev = 0; // 0 literal, 1 LZ match, 2 delta match
    let op = 0;
    while (op < size) {
      if (this.bit(this.main, 16) === 0) {
        out[op++] = this.huff(this.literal);
        prev = 0;
        continue;
      }
      if (this.bit(this.match, 32) === 0) {
        let offset: number;
        if (this.bit(this.lz, 64) === 0) {
          const slot = this.huff(lzOffset);
          offset = OFFSET.base[slot] + this.raw(OFFSET.extra[slot]);
          lzQ[3] = lzQ[2];
          lzQ[2] = lzQ[1];
          lzQ[1] = lzQ[0];
          lzQ[0] = offset;
        } else {
          const k = this.bit(this.lzRep[0], 64) === 0 ? 0 : this.bit(this.lzRep[1], 64) === 0 ? 1 : 2;
          const j = prev === 1 ? k + 1 : k;
          offset = lzQ[j];
          lzQ[j] = lzQ[k];
          for (let t = k; t > 0; t--) lzQ[t] = lzQ[t - 1];
          lzQ[0] = offset;
        }
        const length = this.readLength();
        if (offset > op) throw new CodecError(`LZMS match offset ${offset} before the start of the chunk (at ${op})`);
        if (length > size - op) throw new CodecError(`LZMS match of ${length} bytes runs past the chunk's end`);
        for (let k = 0; k < length; k++, op++) out[op] = out[op - offset];
        prev = 1;
        continue;
      }
      let power: number;
      let rawOffset: number;
      if (this.bit(this.delta, 64) === 0) {
        power = this.huff(this.deltaPower);
        const slot = this.huff(deltaOffset);
        rawOffset = OFFSET.base[slot] + this.raw(OFFSET.extra[slot]);
        for (let t = 3; t > 0; t--) {
          dPow[t] = dPow[t - 1];
          dRaw[t] = dRaw[t - 1];
        }
        dPow[0] = power;
        dRaw[0] = rawOffset;
      } else {
        const k = this.bit(this.deltaRep[0], 64) === 0 ? 0 : this.bit(this.deltaRep[1], 64) === 0 ? 1 : 2;
        const j = prev === 2 ? k + 1 : k;
        power = dPow[j];
        rawOffset = dRaw[j];
        dPow[j] = dPow[k];
        dRaw[j] = dRaw[k];
        for (let t = k; t > 0; t--) {
          dPow[t] = dPow[t - 1];
          dRaw[t] = dRaw[t - 1];
        }
        dPow[0] = power;
        dRaw[0] = rawOffset;
      }
      const length = this.readLength();
      const span = 2 ** power;
      const offset = rawOffset * span;
      if (offset + span > op) throw new CodecError(`LZMS delta match reaches before the start of the chunk (at ${op})`);
      if (length > size - op) throw new CodecError(`LZMS delta match of ${length} bytes runs past the chunk's end`);
      for (let k = 0; k < length; k++, op++) out[op] = (out[op - offset] + out[op - span] - out[op - offset - span]) & 0xff;
      prev = 2;
    }
    this.lastTarget ??= new Int32Array(65536);
    undoX86(out, this.lastTarget);
    this.input = new Uint8Array(0);
  }

  private readLength(): number {
    const slot = this.huff(this.length);
    return LENGTH.base[slot] + this.raw(LENGTH.extra[slot]);
  }

  /** One bit from the range decoder with the probability selected by the context's state. */
  private bit(p: ProbEntries, numStates: number): number {
    const s = p.state;
    let prob = p.zeros[s];
    if (prob === 0) prob = 1;
    else if (prob >= PROB_DENOM) prob = PROB_DENOM - 1;
    if (this.range <= 0xffff) {
      this.range = (this.range * 65536) >>> 0;
      let w = 0;
      if (this.fwd + 1 < this.input.length) {
        w = this.input[this.fwd] | (this.input[this.fwd + 1] << 8);
        this.fwd += 2;
      }
      this.code = (this.code * 65536 + w) >>> 0;
    }
    const bound = (this.range >>> PROB_BITS) * prob;
    let bit: number;
    if (this.code < bound) {
      this.range = bound;
      bit = 0;
    } else {
      this.range -= bound;
      this.code -= bound;
      bit = 1;
    }
    // Keep the last 64 bits: the oldest leaves, this one enters.
    const oldest = p.hi[s] >>> 31;
    p.zeros[s] += oldest - bit;
    p.hi[s] = ((p.hi[s] << 1) | (p.lo[s] >>> 31)) >>> 0;
    p.lo[s] = ((p.lo[s] << 1) | bit) >>> 0;
    p.state = ((s << 1) | bit) & (numStates - 1);
    return bit;
  }

  /** Make ≥ 16 bits available from the backward stream (u16 LE units from the end, MSB first). */
  private fill(): void {
    if (this.nbits < 16) {
      let w = 0;
      if (this.back >= 2) {
        this.back -= 2;
        w = this.input[this.back] | (this.input[this.back + 1] << 8);
      }
      this.bitbuf = ((this.bitbuf << 16) | w) >>> 0;
      this.nbits += 16;
    }
  }

  private take(k: number): number {
    const v = (this.bitbuf >>> (this.nbits - k)) & ((1 << k) - 1);
    this.nbits -= k;
    this.bitbuf &= (1 << this.nbits) - 1;
    return v;
  }

  private raw(k: number): number {
    if (k === 0) return 0;
    if (k > 16) {
      const hi = this.raw(k - 16);
      return hi * 65536 + this.raw(16);
    }
    this.fill();
    return this.take(k);
  }

  private huff(c: AdaptiveCode): number {
    this.fill();
    const bits = (this.bitbuf >>> (this.nbits - 16)) & 0xffff;
    const e = c.code.lookup(bits << 16); // the next 16 bits, left-justified
    this.nbits -= e & 31;
    this.bitbuf &= (1 << this.nbits) - 1;
    const sym = e >>> 8;
    if (sym >= c.numSyms) throw new CodecError('LZMS symbol outside its alphabet');
    c.used(sym);
    return sym;
  }
}

const X86_MAX_TRANSLATION = 1023;
/** Bytes that may open a translated instruction; everything else is skipped in a tight loop. */
const X86_OPCODE_START = new Uint8Array(256);
for (const b of [0x48, 0x4c, 0xe8, 0xe9, 0xf0, 0xff]) X86_OPCODE_START[b] = 1;
const X86_ID_WINDOW = 65535;

/** Undo the LZMS x86 filter over a whole chunk [wim-format.md §11 "x86 post-filter"]. */
export function undoX86(data: Uint8Array, last: Int32Array): void {
  const size = data.length;
  if (size <= 17) return;
  last.fill(-X86_ID_WINDOW - 1);
  let lastX86 = -X86_MAX_TRANSLATION - 1;
  const tail = size - 16;
  let i = 1;
  while (i < tail) {
    while (i < tail && X86_OPCODE_START[data[i]] === 0) i++;
    if (i >= tail) break;
    const b0 = data[i];
    let n: number;
    let max = X86_MAX_TRANSLATION;
    if (b0 === 0xff) {
      if (data[i + 1] !== 0x15) {
        i++;
        continue;
      }
      n = 2;
    } else if (b0 === 0xf0) {
      if (data[i + 1] !== 0x83 || data[i + 2] !== 0x05) {
        i++;
        continue;
      }
      n = 3;
    } else if (b0 === 0x48 || b0 === 0x4c) {
      const b1 = data[i + 1];
      const b2 = data[i + 2];
      if ((b2 & 7) !== 5 || !(b1 === 0x8d || (b1 === 0x8b && (b0 & 4) === 0 && (b2 & 0xf0) === 0))) {
        i++;
        continue;
      }
      n = 3;
    } else if (b0 === 0xe8) {
      n = 1;
      max = X86_MAX_TRANSLATION >>> 1;
    } else if (b0 === 0xe9) {
      i += 5;
      continue;
    } else {
      i++;
      continue;
    }
    const p = i + n;
    if (i - lastX86 <= max) {
      const v = (data[p] | (data[p + 1] << 8) | (data[p + 2] << 16) | (data[p + 3] << 24)) >>> 0;
      const w = (v - i) >>> 0;
      data[p] = w & 0xff;
      data[p + 1] = (w >>> 8) & 0xff;
      data[p + 2] = (w >>> 16) & 0xff;
      data[p + 3] = (w >>> 24) & 0xff;
    }
    const t = (i + (data[p] | (data[p + 1] << 8))) & 0xffff;
    const e = i + n + 3;
    if (e - last[t] <= X86_ID_WINDOW) lastX86 = e;
    last[t] = e;
    i = p + 4;
  }
}
