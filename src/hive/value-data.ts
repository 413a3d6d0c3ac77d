// Decoding value data by its declared type [REGF "Data types"]. The raw bytes stay available to every
// caller; decoding never throws: data that does not fit its type stays bytes.
import { decodeFullResourceDescriptor, decodeResourceList } from './resource-list';
import { RegType, type DecodedValue } from './types';

/** The reader hands out Buffer views already; other callers may pass plain Uint8Arrays. */
function asBuffer(data: Uint8Array): Buffer {
  return Buffer.isBuffer(data) ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
}

/** REG_SZ-style text: UTF-16LE up to the first NUL; works with or without terminator and odd lengths. */
export function decodeString(data: Uint8Array): string {
  return decodeStringAt(asBuffer(data), 0, data.byteLength);
}

/** decodeString of the `length` bytes at `start` of `buf`, without a view of them. */
export function decodeStringAt(buf: Buffer, start: number, length: number): string {
  const text = buf.toString('utf16le', start, start + (length & ~1));
  const nul = text.indexOf('\0');
  return nul >= 0 ? text.slice(0, nul) : text;
}

/** REG_MULTI_SZ: NUL-separated strings ending in an empty string; trailing empties dropped. */
export function decodeMultiString(data: Uint8Array): string[] {
  return decodeMultiStringAt(asBuffer(data), 0, data.byteLength);
}

/** decodeMultiString of the `length` bytes at `start` of `buf`, without a view of them. */
export function decodeMultiStringAt(buf: Buffer, start: number, length: number): string[] {
  const text = buf.toString('utf16le', start, start + (length & ~1));
  const parts = text.split('\0');
  while (parts.length > 0 && parts[parts.length - 1] === '') parts.pop();
  return parts;
}

export function decodeValue(type: number, data: Uint8Array): DecodedValue {
  switch (type) {
    case RegType.SZ:
    case RegType.EXPAND_SZ:
    case RegType.LINK:
      return { kind: 'string', value: decodeString(data) };
    case RegType.MULTI_SZ:
      return { kind: 'multi-string', value: decodeMultiString(data) };
    case RegType.DWORD:
      return data.length >= 4 ? { kind: 'number', value: asBuffer(data).readUInt32LE(0) } : { kind: 'bytes', value: data };
    case RegType.DWORD_BIG_ENDIAN:
      return data.length >= 4 ? { kind: 'number', value: asBuffer(data).readUInt32BE(0) } : { kind: 'bytes', value: data };
    case RegType.QWORD:
      return data.length >= 8 ? { kind: 'bigint', value: asBuffer(data).readBigUInt64LE(0) } : { kind: 'bytes', value: data };
    case RegType.RESOURCE_LIST: {
      const list = decodeResourceList(asBuffer(data));
      return list ? { kind: 'resource-list', value: list } : { kind: 'bytes', value: data };
    }
    case RegType.FULL_RESOURCE_DESCRIPTOR: {
      const full = decodeFullResourceDescriptor(asBuffer(data));
      return full ? { kind: 'resource-list', value: [full] } : { kind: 'bytes', value: data };
    }
    default:
      return { kind: 'bytes', value: data };
  }
}

// The typed readings every value offers (a hive's Value, a key read from the live registry): one rule each.

/** Text for any value holding UTF-16 text (SZ, EXPAND_SZ, LINK, or typeless/binary text), else null. */
export function valueString(type: number, raw: Uint8Array): string | null {
  const d = decodeValue(type, raw);
  if (d.kind === 'string') return d.value;
  if (d.kind === 'multi-string') return d.value.join('\n');
  if (d.kind === 'bytes' && (type === 0 || type === 3) && d.value.length >= 2) return decodeString(d.value);
  return null;
}

/** A DWORD (or a 4/8-byte binary holding one), else null. */
export function valueNumber(type: number, raw: Uint8Array): number | null {
  const d = decodeValue(type, raw);
  if (d.kind === 'number') return d.value;
  if (d.kind === 'bigint') return d.value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(d.value) : null;
  if (d.kind === 'string' && /^\s*\d+\s*$/.test(d.value)) return Number(d.value);
  if (d.kind === 'bytes' && type !== 1 && (d.value.length === 4 || d.value.length === 8)) return asBuffer(d.value).readUInt32LE(0);
  return null;
}

export function valueStrings(type: number, raw: Uint8Array): string[] | null {
  const d = decodeValue(type, raw);
  if (d.kind === 'multi-string') return d.value;
  if (d.kind === 'string') return [d.value];
  if (d.kind === 'bytes' && d.value.length >= 2 && (type === 0 || type === 3)) return decodeMultiString(d.value);
  return null;
}
