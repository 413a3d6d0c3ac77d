// The LZ77 match copy of the codecs: out[op + i] = out[op − offset + i] for i < length, in order, so that
// a match overlapping its own output repeats its last `offset` bytes [MS-XCA 2.2.4; MS-PATCH 2.2.3.1.2].
// Hives have runs of zeros and repeated records, which make matches of hundreds of bytes at small offsets,
// copied natively. Shorter ones are copied byte by byte: a native call costs more than the
// loop, above all before the loop is optimized (a check decodes a few MB, cold).
// The callers have checked 1 ≤ offset ≤ op and op + length ≤ out.length.

/** Matches at least this long are copied natively. */
const LONG_MATCH = 32;

/** Copies the match to out[op, op + length) and returns op + length. */
export function copyMatch(out: Uint8Array, op: number, offset: number, length: number): number {
  const src = op - offset;
  if (length < LONG_MATCH) {
    for (let k = 0; k < length; k++) out[op + k] = out[src + k];
  } else if (offset === 1) {
    out.fill(out[src], op, op + length);
  } else {
    // [src, op + w) repeats with period `offset`, and its length, offset + w, is a multiple of it: copied
    // to op + w it continues the pattern, without a copy overlapping itself (one copy when offset ≥ length).
    for (let w = 0; w < length; ) {
      const c = Math.min(length - w, offset + w);
      out.copyWithin(op + w, src, src + c);
      w += c;
    }
  }
  return op + length;
}
