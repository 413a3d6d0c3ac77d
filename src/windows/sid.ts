// Binary security identifiers (SID) as stored in SAM and SECURITY (domain.md §4.1).

/** Parses a binary SID at `offset`: revision, sub-authority count, 48-bit big-endian authority, LE sub-authorities. */
export function parseSid(bytes: Uint8Array, offset = 0): string | null {
  if (bytes.length < offset + 8) return null;
  const revision = bytes[offset];
  const count = bytes[offset + 1];
  if (revision !== 1 || count === 0 || count > 15 || bytes.length < offset + 8 + count * 4) return null;
  let authority = 0;
  for (let i = 2; i < 8; i++) authority = authority * 256 + bytes[offset + i];
  const view = new DataView(bytes.buffer, bytes.byteOffset + offset + 8, count * 4);
  const subs: number[] = [];
  for (let i = 0; i < count; i++) subs.push(view.getUint32(i * 4, true));
  return `S-${revision}-${authority}-${subs.join('-')}`;
}

/** A machine (account domain) SID is S-1-5-21-x-y-z. */
export function isMachineSid(sid: string | null): sid is string {
  return sid !== null && /^S-1-5-21-\d+-\d+-\d+$/.test(sid);
}
