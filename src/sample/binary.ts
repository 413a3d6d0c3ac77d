// Small binary helpers: SIDs, LSA strings, GUIDs and FILETIMEs as Windows stores them.
import { concat } from './bytes';
import { type KeySpec, type ValueSpec, v } from './hive-builder';

/** Deterministic 32-bit generator (xorshift32 seeded by FNV-1a of the text). */
export function prng(seedText: string): () => number {
  let x = 2166136261;
  for (let i = 0; i < seedText.length; i++) x = Math.imul(x ^ seedText.charCodeAt(i), 16777619) >>> 0;
  x ||= 1;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x;
  };
}

export function pseudoRandomBytes(n: number, seedText: string): Uint8Array {
  const next = prng(seedText);
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = next() & 0xff;
  return out;
}

export function guid(next: () => number): string {
  const hex = (n: number, len: number) => (n >>> 0).toString(16).toUpperCase().padStart(8, '0').slice(-len);
  const a = next();
  const b = next();
  const c = next();
  const d = next();
  return `{${hex(a, 8)}-${hex(b >>> 16, 4)}-4${hex(b, 3)}-${hex(0x8000 | (c & 0x3fff), 4)}-${hex(c >>> 16, 4)}${hex(d, 8)}}`;
}

/** Binary SID: revision 1, count, 48-bit big-endian authority, little-endian sub-authorities (domain.md §4.1). */
export function sidToBytes(sid: string): Uint8Array {
  const m = /^S-1-(\d+)((?:-\d+)+)$/i.exec(sid.trim());
  if (!m) throw new Error(`windows-volume: not a SID: ${sid}`);
  const subs = m[2]
    .split('-')
    .filter((s) => s !== '')
    .map(Number);
  const out = new Uint8Array(8 + 4 * subs.length);
  const d = new DataView(out.buffer);
  out[0] = 1;
  out[1] = subs.length;
  d.setUint16(2, 0, false);
  d.setUint32(4, Number(m[1]), false);
  subs.forEach((s, i) => d.setUint32(8 + 4 * i, s >>> 0, true));
  return out;
}

export function utf16(s: string): Uint8Array {
  return new Uint8Array(Buffer.from(s, 'utf16le'));
}

/** LSA UNICODE_STRING as SECURITY stores it: Length, MaximumLength, offset 8, UTF-16 text, NUL (domain.md §4.1). */
export function lsaUnicodeString(s: string): Uint8Array {
  const body = utf16(s);
  const out = new Uint8Array(8 + body.length + 2);
  const d = new DataView(out.buffer);
  d.setUint16(0, body.length, true);
  d.setUint16(2, body.length + 2, true);
  d.setUint32(4, 8, true);
  out.set(body, 8);
  return out;
}

export function pad4(b: Uint8Array): Uint8Array {
  return b.length % 4 === 0 ? b : concat([b, new Uint8Array(4 - (b.length % 4))]);
}

export function unixTime(d: Date): number {
  return Math.floor(d.getTime() / 1000);
}

export function hoursBefore(d: Date, h: number): Date {
  return new Date(d.getTime() - h * 3600_000);
}

export const { sz, expandSz, multiSz, dword, qword, binary, none, raw } = v;

/** A key whose data is in its (default) value typed REG_NONE, as SECURITY stores LSA attributes. */
export const lsaAttr = (data: Uint8Array | number[] = []): ValueSpec[] => [none('', data)];

export type Entries = [string, ValueSpec[] | null][];

/** Removes a key (case-insensitive path below the root); used to make stale primaries. */
export function removeKey(root: KeySpec, path: string): void {
  const parts = path.split('\\');
  let node: KeySpec | undefined = root;
  for (const part of parts.slice(0, -1)) node = node?.subkeys?.find((k) => k.name.toUpperCase() === part.toUpperCase());
  const last = parts[parts.length - 1].toUpperCase();
  if (node?.subkeys) node.subkeys = node.subkeys.filter((k) => k.name.toUpperCase() !== last);
}
