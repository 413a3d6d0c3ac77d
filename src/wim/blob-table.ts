// Blob ("lookup") table: one 50-byte entry per stored blob [wim-format.md §3; wimlib src/blob_table.c;
// 7-Zip WimIn.cpp]:
//   0  reshdr (24)   where the blob is stored
//  24  u16           part number (split WIMs)
//  26  u32           reference count
//  30  SHA-1 (20)    of the uncompressed bytes
// Metadata resources (flag 0x02) are the images, in table order. A solid run is a maximal sequence of
// consecutive entries with flag 0x10: its resource entries (size 2^32), wherever they stand in the run,
// in order, and its blob entries, whose offset is a position in the concatenated uncompressed data of
// all the run's resources (wimlib src/blob_table.c read_blob_table; wimlib's own appends put a second
// resource entry after the first resource's blob entries).
import { WimFormatError } from './errors';
import { u16, u32 } from './le';
import { parseReshdr, RESHDR_FLAG_METADATA, RESHDR_FLAG_SOLID, type Reshdr } from './reshdr';

export const BLOB_ENTRY_SIZE = 50;
const OFF_PART = 24;
const OFF_REFCOUNT = 26;
const OFF_HASH = 30;
export const SHA1_SIZE = 20;
export const ZERO_HASH = '0'.repeat(40);
/** Uncompressed-size marker of a solid resource entry [wim-format.md §3 "Solid runs"]. */
export const SOLID_RESOURCE_MARKER = 0x100000000;

/** The resources of one solid run, in table order. */
export interface SolidRun {
  id: number;
  resources: { reshdr: Reshdr; tableOffset: number }[];
}

export type BlobLocation = { kind: 'plain'; reshdr: Reshdr } | { kind: 'solid'; run: SolidRun; offset: number };

export interface BlobEntry {
  hash: string;
  /** Uncompressed size. */
  size: number;
  refCount: number;
  partNumber: number;
  location: BlobLocation;
  /** File offset of the table entry (for error messages). */
  tableOffset: number;
}

export interface BlobTable {
  blobs: Map<string, BlobEntry>;
  /** Metadata resources of this part in table order (image N = element N−1); refcount-0 ones skipped. */
  metadata: BlobEntry[];
  /** Entries skipped as wimlib skips them (zero hash, duplicate hash), for diagnostics. */
  skipped: number;
}

/** `solidAllowed`: the WIM is version 0xE00; elsewhere the SOLID flag is ignored, as wimlib does. */
export function parseBlobTable(file: string, buf: Buffer, tableFileOffset: number, partNumber: number, solidAllowed: boolean): BlobTable {
  if (buf.length % BLOB_ENTRY_SIZE !== 0) {
    throw new WimFormatError(file, tableFileOffset, 'blob table', `${buf.length} bytes is not a whole number of 50-byte entries`);
  }
  const blobs = new Map<string, BlobEntry>();
  const metadata: BlobEntry[] = [];
  let skipped = 0;
  let run: SolidRun | null = null;
  let runs = 0;
  for (let at = 0; at < buf.length; at += BLOB_ENTRY_SIZE) {
    const where = tableFileOffset + at;
    const reshdr = parseReshdr(buf, at, file, where, 'blob table entry');
    if (!solidAllowed) reshdr.flags &= ~RESHDR_FLAG_SOLID;
    const part = u16(buf, at + OFF_PART);
    const refCount = u32(buf, at + OFF_REFCOUNT);
    const hash = buf.toString('hex', at + OFF_HASH, at + OFF_HASH + SHA1_SIZE);
    if (reshdr.flags & RESHDR_FLAG_SOLID) {
      run ??= { id: runs++, resources: [] };
      if (reshdr.size === SOLID_RESOURCE_MARKER) {
        run.resources.push({ reshdr, tableOffset: where });
        continue;
      }
      if (hash === ZERO_HASH || reshdr.sizeInWim === 0) {
        skipped++;
        continue;
      }
      if (reshdr.flags & RESHDR_FLAG_METADATA)
        throw new WimFormatError(file, where, 'blob table entry', 'image metadata stored in a solid resource is not allowed');
      if (blobs.has(hash)) {
        skipped++;
        continue;
      }
      // In a solid blob entry, size-in-WIM holds the blob's uncompressed size and offset its position in the run.
      blobs.set(hash, {
        hash,
        size: reshdr.sizeInWim,
        refCount,
        partNumber: part,
        location: { kind: 'solid', run, offset: reshdr.offset },
        tableOffset: where,
      });
      continue;
    }
    run = null;
    if (reshdr.flags & RESHDR_FLAG_METADATA) {
      if (refCount === 0 || part !== partNumber) {
        skipped++;
        continue;
      }
      const entry: BlobEntry = {
        hash,
        size: reshdr.size,
        refCount,
        partNumber: part,
        location: { kind: 'plain', reshdr },
        tableOffset: where,
      };
      metadata.push(entry);
      if (!blobs.has(hash)) blobs.set(hash, entry);
      continue;
    }
    if (hash === ZERO_HASH || reshdr.size === 0 || blobs.has(hash)) {
      skipped++;
      continue;
    }
    blobs.set(hash, { hash, size: reshdr.size, refCount, partNumber: part, location: { kind: 'plain', reshdr }, tableOffset: where });
  }
  return { blobs, metadata, skipped };
}
