// The LZ77 match copy of the codecs: out[op + i] = out[op − offset + i] for i < length, in order, so that a
// match overlapping its own output repeats its last `offset` bytes [MS-XCA 2.2.4; MS-PATCH 2.2.3.1.2].
// Hives make many matches of tens of bytes (a quarter of a hive's LZX matches cover three quarters of its
// bytes), and a native copy (copyWithin) costs more per call than a loop over that many bytes: matches are
// copied four bytes at a time through a DataView of `out`, which is exact even when the match overlaps
// its output as long as offset ≥ 4 (every four bytes read were written before). Only long matches are
// worth a native copy; offset 1 (a run of one byte) is a fill.
// The callers have checked 1 ≤ offset ≤ op and op + length ≤ out.length.

/** Matches at least this long are copied natively. */
const LONG_MATCH = 256;

/** `view` is a DataView of exactly the bytes of `out`. */
export function copyMatch(out: Uint8Array, view: DataView, op: number, offset: number, length: number): void {
  const src = op - offset;
  if (length >= LONG_MATCH) {
    if (offset === 1) {
      out.fill(out[src], op, op + length);
      return;
    }
    // [src, op + w) repeats with period `offset`, and its length, offset + w, is a multiple of it: copied
    // to op + w it continues the pattern, without a copy overlapping itself (one copy when offset ≥ length).
    for (let w = 0; w < length; ) {
      const c = Math.min(length - w, offset + w);
      out.copyWithin(op + w, src, src + c);
      w += c;
    }
    return;
  }
  let k = 0;
  if (offset >= 4) for (; k + 4 <= length; k += 4) view.setUint32(op + k, view.getUint32(src + k, true), true);
  for (; k < length; k++) out[op + k] = out[src + k];
}
