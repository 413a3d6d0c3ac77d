// Directory entry (DIRENTRY) and its stream entries, inside an image's metadata resource
// [wim-format.md §5.2–5.4; wimlib src/dentry.c; 7-Zip WimIn.cpp]. Offsets are from the dentry's start:
//   0x00 u64   length of the dentry (fixed part, names, padding, tagged items; not its streams); ≤ 8 ends a list
//   0x08 u32   attributes (FILE_ATTRIBUTE_*)
//   0x0C u32   security id (index into the security data; 0xFFFFFFFF = none)
//   0x10 u64   subdir offset (first child, from the start of the metadata resource; 0 = none)
//   0x28/0x30/0x38 u64  creation / last access / last write time (FILETIME)
//   0x40 SHA-1 main hash
//   0x58 u32 reparse tag, u16 reserved, u16 flags — or u64 hard-link group id when not a reparse point
//   0x60 u16   number of stream entries after the dentry
//   0x62 u16   short name length in bytes (no NUL)
//   0x64 u16   long name length in bytes (no NUL)
//   0x66       long name UTF-16LE + NUL (if any), short name + NUL (if any), padding to 8, tagged items
// Stream entry (on an 8-byte boundary after the dentry):
//   0x00 u64 length (name and padding included) | 0x08 u64 reserved | 0x10 SHA-1 | 0x24 u16 name length | 0x26 name + NUL
import { WimMetadataError } from './errors';
import { u16, u32 } from './le';
import type { MetadataBytes } from './metadata-bytes';

export const DENTRY_FIXED_SIZE = 0x66;
const OFF_ATTRIBUTES = 0x08;
const OFF_SECURITY_ID = 0x0c;
const OFF_SUBDIR = 0x10;
const OFF_CREATION = 0x28;
const OFF_LAST_ACCESS = 0x30;
const OFF_LAST_WRITE = 0x38;
const OFF_HASH = 0x40;
const OFF_REPARSE_TAG = 0x58;
const OFF_REPARSE_RESERVED = 0x5c;
const OFF_RP_FLAGS = 0x5e;
const OFF_HARD_LINK = 0x58;
const OFF_NUM_STREAMS = 0x60;
const OFF_SHORT_NAME_LEN = 0x62;
const OFF_NAME_LEN = 0x64;

const STREAM_FIXED_SIZE = 0x26;
const OFF_STREAM_HASH = 0x10;
const OFF_STREAM_NAME_LEN = 0x24;

export const FILE_ATTRIBUTE_READONLY = 0x1;
export const FILE_ATTRIBUTE_HIDDEN = 0x2;
export const FILE_ATTRIBUTE_SYSTEM = 0x4;
export const FILE_ATTRIBUTE_DIRECTORY = 0x10;
export const FILE_ATTRIBUTE_REPARSE_POINT = 0x400;
export const FILE_ATTRIBUTE_ENCRYPTED = 0x4000;
export const NO_SECURITY_ID = 0xffffffff;

export interface StreamEntry {
  /** '' for an unnamed stream. */
  name: string;
  hash: string;
}

export interface RawDentry {
  /** Offset of the dentry in the metadata resource. */
  offset: number;
  attributes: number;
  securityId: number;
  subdirOffset: number;
  creationTime: bigint;
  lastAccessTime: bigint;
  lastWriteTime: bigint;
  mainHash: string;
  reparseTag: number;
  reparseReserved: number;
  rpFlags: number;
  /** Nonzero: the same number on another dentry makes the two hard links of one file. */
  hardLinkGroup: bigint;
  name: string;
  shortName: string;
  streams: StreamEntry[];
  /** Where the next sibling starts (after the stream entries). */
  next: number;
}

const round8 = (n: number) => Math.ceil(n / 8) * 8;

/** The u64 subdir offset, capped at the metadata's length (past it, the list read fails as "past the end"). */
function subdirOffset(meta: Buffer, at: number): number {
  const lo = u32(meta, at);
  return u32(meta, at + 4) !== 0 || lo > meta.length ? meta.length : lo;
}

function utf16(buf: Buffer, start: number, bytes: number): string {
  return buf.toString('utf16le', start, start + bytes);
}

/**
 * The dentry at `p`, or null for the end-of-list marker (a length that rounds to ≤ 8). `where` names the
 * image for errors. All lengths are checked against the resource before anything is read, and each range
 * is decoded (`bytes.ensure`) before it is read.
 */
export function parseDentry(file: string, where: string, bytes: MetadataBytes, p: number): RawDentry | null {
  const fail = (reason: string): never => {
    throw new WimMetadataError(file, -1, `${where} dentry at metadata offset 0x${p.toString(16)}`, reason);
  };
  const meta = bytes.buf;
  if (p + 8 > meta.length) fail('list runs past the end of the metadata');
  bytes.ensure(p, p + 8);
  // u64 fields as two u32 halves (no BigInt per dentry); the metadata is far below 4 GiB, so a nonzero high
  // half is always "past the end".
  const lengthLo = u32(meta, p);
  const lengthHi = u32(meta, p + 4);
  if (lengthHi === 0 && lengthLo <= 8) return null;
  if (lengthHi !== 0 || lengthLo > meta.length - p) fail(`length ${meta.readBigUInt64LE(p)} runs past the end of the metadata`);
  const length = lengthLo;
  if (length < DENTRY_FIXED_SIZE) fail(`length ${length} is shorter than the 102-byte fixed part`);
  bytes.ensure(p, p + length);
  const attributes = u32(meta, p + OFF_ATTRIBUTES);
  const shortLen = u16(meta, p + OFF_SHORT_NAME_LEN);
  const nameLen = u16(meta, p + OFF_NAME_LEN);
  if (shortLen % 2 !== 0 || nameLen % 2 !== 0) fail('name lengths must be even (UTF-16)');
  const namesEnd = DENTRY_FIXED_SIZE + (nameLen ? nameLen + 2 : 0) + (shortLen ? shortLen + 2 : 0);
  if (namesEnd > length) fail(`names (${nameLen} + ${shortLen} bytes) do not fit the ${length}-byte dentry`);
  const name = nameLen ? utf16(meta, p + DENTRY_FIXED_SIZE, nameLen) : '';
  const shortStart = p + DENTRY_FIXED_SIZE + (nameLen ? nameLen + 2 : 0);
  const shortName = shortLen ? utf16(meta, shortStart, shortLen) : '';
  const isReparse = (attributes & FILE_ATTRIBUTE_REPARSE_POINT) !== 0;
  const numStreams = u16(meta, p + OFF_NUM_STREAMS);
  const streams: StreamEntry[] = [];
  let q = p + round8(length);
  for (let i = 0; i < numStreams; i++) {
    if (q + STREAM_FIXED_SIZE > meta.length) fail(`stream entry ${i} runs past the end of the metadata`);
    bytes.ensure(q, q + STREAM_FIXED_SIZE);
    const slen = u32(meta, q);
    if (u32(meta, q + 4) !== 0 || slen < STREAM_FIXED_SIZE || slen > meta.length - q)
      fail(`stream entry ${i} has length ${meta.readBigUInt64LE(q)}`);
    const snameLen = u16(meta, q + OFF_STREAM_NAME_LEN);
    if (snameLen % 2 !== 0 || STREAM_FIXED_SIZE + (snameLen ? snameLen + 2 : 0) > slen)
      fail(`stream entry ${i} name of ${snameLen} bytes does not fit`);
    bytes.ensure(q, q + slen);
    streams.push({
      name: snameLen ? utf16(meta, q + STREAM_FIXED_SIZE, snameLen) : '',
      hash: meta.toString('hex', q + OFF_STREAM_HASH, q + OFF_STREAM_HASH + 20),
    });
    q += round8(slen);
  }
  if (q > meta.length) q = meta.length;
  return {
    offset: p,
    attributes,
    securityId: u32(meta, p + OFF_SECURITY_ID),
    subdirOffset: subdirOffset(meta, p + OFF_SUBDIR),
    creationTime: meta.readBigUInt64LE(p + OFF_CREATION),
    lastAccessTime: meta.readBigUInt64LE(p + OFF_LAST_ACCESS),
    lastWriteTime: meta.readBigUInt64LE(p + OFF_LAST_WRITE),
    mainHash: meta.toString('hex', p + OFF_HASH, p + OFF_HASH + 20),
    reparseTag: isReparse ? u32(meta, p + OFF_REPARSE_TAG) : 0,
    reparseReserved: isReparse ? u16(meta, p + OFF_REPARSE_RESERVED) : 0,
    rpFlags: isReparse ? u16(meta, p + OFF_RP_FLAGS) : 0,
    hardLinkGroup: isReparse ? 0n : meta.readBigUInt64LE(p + OFF_HARD_LINK),
    name,
    shortName,
    streams,
    next: q,
  };
}
