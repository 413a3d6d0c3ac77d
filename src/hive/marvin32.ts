// Marvin32 — the keyed 64-bit hash that new-format transaction logs use for the Hash-1 and Hash-2
// fields of an HvLE log entry ([REGF] "Format of transaction log files" > "New format" > "Log entries",
// notes 1–3). Written from the algorithm as published by Microsoft (SymCrypt / .NET "Marvin"): the
// state is two 32-bit words (p0, p1) initialised from the low and high halves of the 64-bit seed,
// every little-endian 32-bit word of input is added to p0 and mixed by one "block" round, the 0–3
// tail bytes are packed with a 0x80 terminator, then two final rounds run. The result is
// (p1 << 32) | p0, which is what an HvLE entry stores as a little-endian 64-bit integer.

/**
 * Seed for log entries. [REGF] "Log entries", note 3 lists the seed as the hexadecimal bytes
 * `82 EF 4D 88 7A 4E 55 C5`; that is the 64-bit number 0x82EF4D887A4E55C5 written most significant
 * byte first (p0 = 0x7A4E55C5, p1 = 0x82EF4D88), as yarp's MARVIN32_SEED also has it. Reading the
 * bytes little-endian instead (0xC5554E7A884DEF82) does NOT reproduce the Hash-1/Hash-2 stored in
 * real logs (checked on yarp's NewDirtyHive.LOG1 and on every new-format log of the corpus).
 */
export const LOG_ENTRY_SEED = 0x82ef4d887a4e55c5n;

interface MarvinState {
  p0: number;
  p1: number;
}

function rotl32(x: number, n: number): number {
  return ((x << n) | (x >>> (32 - n))) >>> 0;
}

/** One mixing round ("Block" in the Microsoft sources), on unsigned 32-bit words. */
function block(s: MarvinState): void {
  let { p0, p1 } = s;
  p1 = (p1 ^ p0) >>> 0;
  p0 = rotl32(p0, 20);
  p0 = (p0 + p1) >>> 0;
  p1 = rotl32(p1, 9);
  p1 = (p1 ^ p0) >>> 0;
  p0 = rotl32(p0, 27);
  p0 = (p0 + p1) >>> 0;
  p1 = rotl32(p1, 19);
  s.p0 = p0;
  s.p1 = p1;
}

function absorb(s: MarvinState, word: number): void {
  s.p0 = (s.p0 + word) >>> 0;
  block(s);
}

/** The final word: the remaining 0–3 bytes, little-endian, followed by a 0x80 byte. */
function tailWord(data: Uint8Array, start: number, count: number): number {
  let word = 0x80;
  for (let i = count - 1; i >= 0; i--) word = ((word << 8) | data[start + i]) >>> 0;
  return word;
}

/**
 * Marvin32 of `data[offset, offset + length)` (defaults: the whole array) with `seed`.
 * Returns the 64-bit result as an unsigned bigint. Never reads outside `data`: the range is clamped.
 */
export function marvin32(data: Uint8Array, seed: bigint = LOG_ENTRY_SEED, offset = 0, length: number = data.length - offset): bigint {
  const start = Math.max(0, Math.min(offset, data.length));
  const end = Math.max(start, Math.min(start + Math.max(0, length), data.length));
  const s: MarvinState = {
    p0: Number(seed & 0xffffffffn),
    p1: Number((seed >> 32n) & 0xffffffffn),
  };
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  let pos = start;
  for (; pos + 4 <= end; pos += 4) absorb(s, view.getUint32(pos, true));
  absorb(s, tailWord(data, pos, end - pos));
  absorb(s, 0);
  return (BigInt(s.p1) << 32n) | BigInt(s.p0);
}

/** The 32-bit variant used by .NET string hashing (p0 ^ p1); exported for test vectors only. */
export function marvin32Folded(data: Uint8Array, seed: bigint): number {
  const h = marvin32(data, seed);
  return Number((h >> 32n) ^ (h & 0xffffffffn)) >>> 0;
}
