// Resource header (RESHDR_DISK_SHORT), 24 bytes [wim-format.md §2; wimlib include/wimlib/resource.h]:
//   0  7 bytes  size in the WIM (compressed size, chunk table included)
//   7  1 byte   flags
//   8  u64      offset from the start of the file
//  16  u64      uncompressed size
import { WimFormatError } from './errors';
import { u16, u32 } from './le';

export const RESHDR_SIZE = 24;
export const RESHDR_FLAG_FREE = 0x01;
export const RESHDR_FLAG_METADATA = 0x02;
export const RESHDR_FLAG_COMPRESSED = 0x04;
export const RESHDR_FLAG_SPANNED = 0x08;
export const RESHDR_FLAG_SOLID = 0x10;

export interface Reshdr {
  sizeInWim: number;
  flags: number;
  offset: number;
  /** Uncompressed size. For a solid resource entry 2^32 (a marker); for a blob inside a solid run 0. */
  size: number;
}

/** A u64 read as a number; values past 2^53 cannot be offsets or sizes of any real file and are refused. */
export function readSafeU64(buf: Buffer, at: number, file: string, fileOffset: number, what: string): number {
  // Two u32 halves, no BigInt on the way (every blob-table entry has two): the value fits 2^53 − 1 exactly
  // when the high half is below 2^21.
  const hi = u32(buf, at + 4);
  if (hi >= 0x200000)
    throw new WimFormatError(file, fileOffset, what, `value 0x${buf.readBigUInt64LE(at).toString(16)} is beyond any file size`);
  return hi * 0x100000000 + u32(buf, at);
}

export function parseReshdr(buf: Buffer, at: number, file: string, fileOffset: number, what: string): Reshdr {
  // 56-bit little-endian size: 7 bytes, at most 2^56 − 1, which may exceed 2^53.
  if (at < 0 || at + RESHDR_SIZE > buf.length)
    throw new WimFormatError(file, fileOffset, what, `a ${RESHDR_SIZE}-byte resource header does not fit at ${at}`);
  const lo = u32(buf, at);
  const hi = u16(buf, at + 4) + buf[at + 6] * 0x10000;
  if (hi >= 0x200000) throw new WimFormatError(file, fileOffset, what, 'size in the WIM is beyond any file size');
  return {
    sizeInWim: hi * 0x100000000 + lo,
    flags: buf[at + 7],
    offset: readSafeU64(buf, at + 8, file, fileOffset + 8, what),
    size: readSafeU64(buf, at + 16, file, fileOffset + 16, what),
  };
}

export function isZeroReshdr(r: Reshdr): boolean {
  return r.sizeInWim === 0 && r.offset === 0 && r.size === 0 && r.flags === 0;
}
