// Small decoding helpers over a Buffer. Callers check bounds against the structure they read; these
// helpers only decode.

/** FILETIME (100 ns ticks since 1601-01-01) → ISO 8601 with all seven fractional digits, or null if out of range. */
export function filetimeToIso(lo: number, hi: number): string | null {
  const ticks = (BigInt(hi >>> 0) << 32n) | BigInt(lo >>> 0);
  if (ticks === 0n) return null;
  const EPOCH_DIFF_TICKS = 116444736000000000n; // 1601 → 1970
  const unixTicks = ticks - EPOCH_DIFF_TICKS;
  const ms = unixTicks / 10000n - (unixTicks < 0n && unixTicks % 10000n !== 0n ? 1n : 0n);
  const sub = Number(unixTicks - ms * 10000n); // 0..9999 ticks below the millisecond
  const msNum = Number(ms);
  if (!Number.isSafeInteger(msNum) || Math.abs(msNum) > 8.64e15) return null;
  const d = new Date(msNum);
  if (Number.isNaN(d.getTime())) return null;
  const iso = d.toISOString(); // YYYY-MM-DDTHH:MM:SS.mmmZ (or ±YYYYYY for far years)
  return `${iso.slice(0, -1)}${String(sub).padStart(4, '0')}Z`;
}

export function readFiletime(buf: Buffer, offset: number): string | null {
  return filetimeToIso(buf.readUInt32LE(offset), buf.readUInt32LE(offset + 4));
}

/** Latin-1 ("compressed") names: one byte per character [REGF "Key node", flag KEY_COMP_NAME]. */
export function latin1(buf: Buffer, start: number, length: number): string {
  return buf.toString('latin1', start, start + length);
}

/** UTF-16LE text; an odd trailing byte is dropped. */
export function utf16le(buf: Buffer | Uint8Array, start: number, length: number): string {
  const even = length & ~1;
  return Buffer.from(buf.buffer, buf.byteOffset + start, even).toString('utf16le');
}

export function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}
