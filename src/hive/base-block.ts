// The base block: the first 4096 bytes of a primary hive file [REGF "Base block"]. Offsets below are
// relative to the start of the file.
import { BaseBlockError, NotAHiveError, UnsupportedHiveError } from './errors';
import type { BaseBlockInfo, HiveWarning } from './types';
import { readFiletime } from './bytes';

export const BASE_BLOCK_SIZE = 4096;
export const HBIN_ALIGNMENT = 4096;

const OFF_SIGNATURE = 0; // "regf"
const OFF_PRIMARY_SEQ = 4;
const OFF_SECONDARY_SEQ = 8;
const OFF_LAST_WRITTEN = 12; // FILETIME
const OFF_MAJOR = 20;
const OFF_MINOR = 24;
const OFF_FILE_TYPE = 28; // 0 primary, 1/2 old logs, 6 new log
const OFF_FILE_FORMAT = 32; // 1 = direct memory load
const OFF_ROOT_CELL = 36;
const OFF_HBINS_SIZE = 40;
const OFF_FILE_NAME = 48; // 64 bytes UTF-16LE
const OFF_FLAGS = 144;
const OFF_CHECKSUM = 508; // XOR of the 127 dwords before it

export const FILE_TYPE_PRIMARY = 0;

/** XOR-32 checksum of bytes 0..507 with the spec's two substitutions (-1 → -2, 0 → 1) [REGF]. */
export function baseBlockChecksum(buf: Uint8Array, offset = 0): number {
  const view = new DataView(buf.buffer, buf.byteOffset + offset, 512);
  let sum = 0;
  for (let off = 0; off < OFF_CHECKSUM; off += 4) sum = (sum ^ view.getUint32(off, true)) >>> 0;
  if (sum === 0xffffffff) return 0xfffffffe;
  if (sum === 0) return 1;
  return sum;
}

export interface BaseBlock extends BaseBlockInfo {
  /** Dirty per the spec: checksum wrong or sequence numbers differ. */
  dirty: boolean;
}

export function parseBaseBlock(file: string, buf: Buffer, warnings: HiveWarning[]): BaseBlock {
  if (buf.length < 4 || buf.toString('latin1', OFF_SIGNATURE, 4) !== 'regf') {
    throw new NotAHiveError(file, 0, 'base block', 'no "regf" signature: not a registry hive');
  }
  if (buf.length < BASE_BLOCK_SIZE) {
    throw new NotAHiveError(file, 0, 'base block', `file is ${buf.length} bytes, shorter than the 4096-byte base block`);
  }
  const major = buf.readUInt32LE(OFF_MAJOR);
  const minor = buf.readUInt32LE(OFF_MINOR);
  const fileType = buf.readUInt32LE(OFF_FILE_TYPE);
  if (major !== 1 || minor < 2) {
    throw new UnsupportedHiveError(file, OFF_MAJOR, 'base block', `format version ${major}.${minor} is not supported (1.3 to 1.6 are)`);
  }
  if (fileType !== FILE_TYPE_PRIMARY) {
    const kind =
      fileType === 6
        ? 'a new-format transaction log'
        : fileType === 1 || fileType === 2
          ? 'an old-format transaction log'
          : `file type ${fileType}`;
    throw new UnsupportedHiveError(file, OFF_FILE_TYPE, 'base block', `this is ${kind}, not a primary hive file`);
  }
  if (minor > 6)
    warnings.push({ offset: OFF_MINOR, structure: 'base-block', message: `minor version ${minor} is newer than 1.6; reading it as 1.6` });
  if (minor === 2) warnings.push({ offset: OFF_MINOR, structure: 'base-block', message: 'minor version 1.2 (NT 3.5) read as 1.3' });
  const fileFormat = buf.readUInt32LE(OFF_FILE_FORMAT);
  if (fileFormat !== 1)
    warnings.push({ offset: OFF_FILE_FORMAT, structure: 'base-block', message: `file format ${fileFormat}, expected 1` });

  const checksumStored = buf.readUInt32LE(OFF_CHECKSUM);
  const checksumComputed = baseBlockChecksum(buf);
  const primarySequence = buf.readUInt32LE(OFF_PRIMARY_SEQ);
  const secondarySequence = buf.readUInt32LE(OFF_SECONDARY_SEQ);
  const hiveBinsDataSize = buf.readUInt32LE(OFF_HBINS_SIZE);
  const rootCellOffset = buf.readUInt32LE(OFF_ROOT_CELL);

  // "Effective" size: what the file really holds, in whole 4096-byte bins, whatever the header claims.
  const available = Math.floor((buf.length - BASE_BLOCK_SIZE) / HBIN_ALIGNMENT) * HBIN_ALIGNMENT;
  let effective = hiveBinsDataSize;
  if (hiveBinsDataSize % HBIN_ALIGNMENT !== 0) {
    effective = Math.floor(hiveBinsDataSize / HBIN_ALIGNMENT) * HBIN_ALIGNMENT;
    warnings.push({
      offset: OFF_HBINS_SIZE,
      structure: 'base-block',
      message: `hive bins data size 0x${hiveBinsDataSize.toString(16)} is not a multiple of 4096`,
    });
  }
  if (effective > available) {
    warnings.push({
      offset: OFF_HBINS_SIZE,
      structure: 'base-block',
      message: `hive bins data size 0x${hiveBinsDataSize.toString(16)} exceeds the file; file is truncated, reading 0x${available.toString(16)} bytes`,
    });
    effective = available;
  }
  if (effective === 0 && available > 0) {
    warnings.push({
      offset: OFF_HBINS_SIZE,
      structure: 'base-block',
      message: 'hive bins data size is zero; using the bins present in the file',
    });
    effective = available;
  }
  if (effective === 0) {
    throw new BaseBlockError(file, OFF_HBINS_SIZE, 'base block', 'the file holds no hive bins (truncated after the base block)');
  }

  const checksumValid = checksumStored === checksumComputed;
  return {
    majorVersion: major,
    minorVersion: minor,
    primarySequence,
    secondarySequence,
    lastWritten: readFiletime(buf, OFF_LAST_WRITTEN),
    fileType,
    rootCellOffset,
    hiveBinsDataSize,
    effectiveHiveBinsDataSize: effective,
    checksumStored,
    checksumComputed,
    checksumValid,
    fileName: readEmbeddedName(buf),
    flags: buf.readUInt32LE(OFF_FLAGS),
    dirty: !checksumValid || primarySequence !== secondarySequence,
  };
}

function readEmbeddedName(buf: Buffer): string {
  const raw = buf.subarray(OFF_FILE_NAME, OFF_FILE_NAME + 64).toString('utf16le');
  const nul = raw.indexOf('\0');
  return nul >= 0 ? raw.slice(0, nul) : raw;
}
