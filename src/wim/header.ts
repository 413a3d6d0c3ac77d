// WIM header (WIMHEADER_V1_PACKED), 208 bytes at offset 0 [wim-format.md §1; wimlib include/wimlib/header.h;
// 7-Zip WimIn.cpp CHeader::Parse]. Offsets below are from the start of the file.
import { NotAWimError, UnsupportedWimError, WimFormatError } from './errors';
import { parseReshdr, type Reshdr } from './reshdr';

export const HEADER_SIZE = 208;
const OFF_MAGIC = 0x00; // "MSWIM\0\0\0", pipable "WLPWM\0\0\0"
const OFF_HEADER_SIZE = 0x08;
const OFF_VERSION = 0x0c;
const OFF_FLAGS = 0x10;
const OFF_CHUNK_SIZE = 0x14;
const OFF_GUID = 0x18; // 16 bytes
const OFF_PART_NUMBER = 0x28; // u16, 1-based
const OFF_TOTAL_PARTS = 0x2a; // u16
const OFF_IMAGE_COUNT = 0x2c;
const OFF_BLOB_TABLE = 0x30; // reshdr
const OFF_XML = 0x48; // reshdr
const OFF_BOOT_METADATA = 0x60; // reshdr
const OFF_BOOT_INDEX = 0x78;
const OFF_INTEGRITY = 0x7c; // reshdr, only 4-byte aligned

const MAGIC = 'MSWIM\0\0\0';
const PIPABLE_MAGIC = 'WLPWM\0\0\0';
export const VERSION_DEFAULT = 0x10d00;
export const VERSION_SOLID = 0xe00;

export const HDR_FLAG_COMPRESSION = 0x2;
export const HDR_FLAG_READONLY = 0x4;
export const HDR_FLAG_SPANNED = 0x8;
export const HDR_FLAG_RESOURCE_ONLY = 0x10;
export const HDR_FLAG_METADATA_ONLY = 0x20;
export const HDR_FLAG_WRITE_IN_PROGRESS = 0x40;
export const HDR_FLAG_RP_FIX = 0x80;
export const HDR_FLAG_COMPRESS_XPRESS = 0x20000;
export const HDR_FLAG_COMPRESS_LZX = 0x40000;
export const HDR_FLAG_COMPRESS_LZMS = 0x80000;
export const HDR_FLAG_COMPRESS_XPRESS_2 = 0x200000; // read as XPRESS by wimlib and 7-Zip (meaning unconfirmed)

/** wimlib's image-count limit [WL:src/header.c]. */
export const MAX_IMAGES = 65535;

export type Compression = 'none' | 'xpress' | 'lzx' | 'lzms';

export interface WimHeader {
  version: number;
  flags: number;
  compression: Compression;
  /** Chunk size of non-solid compressed resources (0 when uncompressed). */
  chunkSize: number;
  guid: string;
  partNumber: number;
  totalParts: number;
  imageCount: number;
  blobTable: Reshdr;
  xml: Reshdr;
  bootMetadata: Reshdr;
  bootIndex: number;
  integrity: Reshdr;
}

/** Chunk sizes each codec allows: powers of two in [min, max] [wim-format.md §1 "Chunk size"]. */
export const CHUNK_LIMITS: Record<Exclude<Compression, 'none'>, [number, number]> = {
  xpress: [1 << 12, 1 << 16],
  lzx: [1 << 15, 1 << 21],
  lzms: [1 << 15, 1 << 30],
};

export function checkChunkSize(
  file: string,
  offset: number,
  compression: Exclude<Compression, 'none'>,
  chunk: number,
  structure: string,
): void {
  const [min, max] = CHUNK_LIMITS[compression];
  if (chunk < min || chunk > max || (chunk & (chunk - 1)) !== 0) {
    throw new WimFormatError(
      file,
      offset,
      structure,
      `chunk size ${chunk} is not a power of two from ${min} to ${max} for ${compression.toUpperCase()}`,
    );
  }
}

export function parseHeader(file: string, buf: Buffer, fileSize: number): WimHeader {
  if (buf.length < 8) throw new NotAWimError(file, 0, 'header', `file of ${fileSize} bytes is too short to be a WIM`);
  const magic = buf.toString('latin1', OFF_MAGIC, 8);
  if (magic === PIPABLE_MAGIC) {
    throw new UnsupportedWimError(
      file,
      0,
      'header',
      'a pipable WIM (wimlib --pipable) is not read; convert it with `wimlib-imagex optimize --not-pipable`',
    );
  }
  if (magic !== MAGIC) throw new NotAWimError(file, 0, 'header', 'no "MSWIM" magic: not a WIM file');
  if (buf.length < HEADER_SIZE)
    throw new NotAWimError(file, 0, 'header', `file of ${fileSize} bytes is shorter than the 208-byte WIM header`);
  const headerSize = buf.readUInt32LE(OFF_HEADER_SIZE);
  if (headerSize !== HEADER_SIZE) throw new WimFormatError(file, OFF_HEADER_SIZE, 'header', `header size ${headerSize}, expected 208`);
  const version = buf.readUInt32LE(OFF_VERSION);
  if (version !== VERSION_DEFAULT && version !== VERSION_SOLID) {
    throw new UnsupportedWimError(
      file,
      OFF_VERSION,
      'header',
      `version 0x${version.toString(16)} is not read (0x10d00 and 0xe00 are; older ones are Vista betas)`,
    );
  }
  const flags = buf.readUInt32LE(OFF_FLAGS);
  let compression: Compression = 'none';
  // Codec choice in wimlib's order [WL:src/wim.c]: LZX, then XPRESS or XPRESS_2, then LZMS.
  if (flags & HDR_FLAG_COMPRESSION) {
    if (flags & HDR_FLAG_COMPRESS_LZX) compression = 'lzx';
    else if (flags & (HDR_FLAG_COMPRESS_XPRESS | HDR_FLAG_COMPRESS_XPRESS_2)) compression = 'xpress';
    else if (flags & HDR_FLAG_COMPRESS_LZMS) compression = 'lzms';
    else throw new WimFormatError(file, OFF_FLAGS, 'header', `flags 0x${flags.toString(16)} say "compressed" but name no known codec`);
  }
  const chunkSize = buf.readUInt32LE(OFF_CHUNK_SIZE);
  if (compression !== 'none') checkChunkSize(file, OFF_CHUNK_SIZE, compression, chunkSize, 'header');
  const partNumber = buf.readUInt16LE(OFF_PART_NUMBER);
  const totalParts = buf.readUInt16LE(OFF_TOTAL_PARTS);
  if (partNumber < 1 || totalParts < 1 || partNumber > totalParts) {
    throw new WimFormatError(file, OFF_PART_NUMBER, 'header', `part ${partNumber} of ${totalParts} is impossible`);
  }
  const imageCount = buf.readUInt32LE(OFF_IMAGE_COUNT);
  if (imageCount > MAX_IMAGES)
    throw new WimFormatError(file, OFF_IMAGE_COUNT, 'header', `image count ${imageCount} is more than ${MAX_IMAGES}`);
  const bootIndex = buf.readUInt32LE(OFF_BOOT_INDEX);
  return {
    version,
    flags,
    compression,
    chunkSize,
    guid: buf.subarray(OFF_GUID, OFF_GUID + 16).toString('hex'),
    partNumber,
    totalParts,
    imageCount,
    blobTable: parseReshdr(buf, OFF_BLOB_TABLE, file, OFF_BLOB_TABLE, 'header blob-table reshdr'),
    xml: parseReshdr(buf, OFF_XML, file, OFF_XML, 'header XML reshdr'),
    bootMetadata: parseReshdr(buf, OFF_BOOT_METADATA, file, OFF_BOOT_METADATA, 'header boot-metadata reshdr'),
    // A boot index beyond the image count is ignored, as wimlib does [WL:src/wim.c].
    bootIndex: bootIndex <= imageCount ? bootIndex : 0,
    integrity: parseReshdr(buf, OFF_INTEGRITY, file, OFF_INTEGRITY, 'header integrity reshdr'),
  };
}
