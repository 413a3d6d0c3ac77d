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
  /** The entry of a SHA-1 (hex): the first one in table order; null when the table has none (or skipped it). */
  find(hash: string): BlobEntry | null;
  /** Metadata resources of this part in table order (image N = element N−1); refcount-0 ones skipped. */
  metadata: BlobEntry[];
  /** Entries skipped as wimlib skips them (zero hash, duplicate hash), for diagnostics. */
  skipped: number;
}

/**
 * `solidAllowed`: the WIM is version 0xE00; elsewhere the SOLID flag is ignored, as wimlib does. A table
 * without solid entries is indexed, not parsed (`IndexedBlobTable`); one with solid runs is parsed whole.
 */
export function parseBlobTable(file: string, buf: Buffer, tableFileOffset: number, partNumber: number, solidAllowed: boolean): BlobTable {
  if (buf.length % BLOB_ENTRY_SIZE !== 0) {
    throw new WimFormatError(file, tableFileOffset, 'blob table', `${buf.length} bytes is not a whole number of 50-byte entries`);
  }
  if (solidAllowed) {
    for (let at = 0; at < buf.length; at += BLOB_ENTRY_SIZE)
      if (buf[at + 7] & RESHDR_FLAG_SOLID) return parseWholeTable(file, buf, tableFileOffset, partNumber, true);
  }
  const indexed = new IndexedBlobTable(file, buf, tableFileOffset, partNumber);
  // The hashes are the file's bytes, not SHA-1s that happen to differ: a table whose entries share their
  // first four bytes would make indexing them quadratic (40,000 such entries took over a minute). Real
  // SHA-1s never crowd a key so; such a table is parsed whole, in time linear in its entries.
  return indexed.crowded ? parseWholeTable(file, buf, tableFileOffset, partNumber, false) : indexed;
}

/** More entries under one first-four-bytes key than real SHA-1s ever put there (about 2^-90 for 10^6 blobs). */
const MAX_CHAIN = 16;

/**
 * A table without solid runs, kept as the bytes it is: opening indexes each entry by the first four bytes
 * of its SHA-1 (a number, no string or object per entry) and checks what parsing it would check, and
 * `find` makes the entry it is asked for. A Windows image's table holds 100,000 blobs or more; a check
 * looks up a few dozen. The skipping rules are wimlib's, as in the whole parse: zero hash, size 0, a hash
 * seen before (the first entry wins).
 */
class IndexedBlobTable implements BlobTable {
  readonly metadata: BlobEntry[] = [];
  skipped = 0;
  /** First-four-bytes key → the last entry (its offset) indexed under it; `chain` links to the one before. */
  private readonly heads = new Map<number, number>();
  private readonly chain: Int32Array;
  private readonly made = new Map<string, BlobEntry | null>();
  /** True when indexing stopped at a key holding more than MAX_CHAIN entries: the table is not usable. */
  crowded = false;

  constructor(
    private readonly file: string,
    private readonly buf: Buffer,
    private readonly tableFileOffset: number,
    private readonly partNumber: number,
  ) {
    this.chain = new Int32Array(buf.length / BLOB_ENTRY_SIZE);
    for (let at = 0; at < buf.length; at += BLOB_ENTRY_SIZE) {
      // What parseReshdr refuses (a size or offset beyond 2^53), found by three reads; it then says why.
      if (buf[at + 6] >= 0x20 || u32(buf, at + 12) >= 0x200000 || u32(buf, at + 20) >= 0x200000)
        parseReshdr(buf, at, file, tableFileOffset + at, 'blob table entry');
      if (buf[at + 7] & RESHDR_FLAG_METADATA) {
        if (u32(buf, at + OFF_REFCOUNT) === 0 || u16(buf, at + OFF_PART) !== partNumber) {
          this.skipped++;
          continue;
        }
        this.metadata.push(this.plainEntry(at));
        this.insert(at);
      } else {
        const zeroSize = u32(buf, at + 16) === 0 && u32(buf, at + 20) === 0;
        if (zeroSize || this.isZeroHash(at) || !this.insert(at)) this.skipped++;
      }
      if (this.crowded) return;
    }
  }

  /** The entry at `at` (a table without solid runs: the SOLID flag is ignored, as wimlib does). */
  private plainEntry(at: number): BlobEntry {
    const reshdr = parseReshdr(this.buf, at, this.file, this.tableFileOffset + at, 'blob table entry');
    reshdr.flags &= ~RESHDR_FLAG_SOLID;
    return {
      hash: this.buf.toString('hex', at + OFF_HASH, at + OFF_HASH + SHA1_SIZE),
      size: reshdr.size,
      refCount: u32(this.buf, at + OFF_REFCOUNT),
      partNumber: this.partNumber,
      location: { kind: 'plain', reshdr },
      tableOffset: this.tableFileOffset + at,
    };
  }

  private isZeroHash(at: number): boolean {
    for (let i = at + OFF_HASH; i < at + OFF_HASH + SHA1_SIZE; i++) if (this.buf[i] !== 0) return false;
    return true;
  }

  /** Indexes the entry at `at`; false when an earlier entry has its hash. */
  private insert(at: number): boolean {
    const key = u32(this.buf, at + OFF_HASH);
    const head = this.heads.get(key);
    let walked = 0;
    for (let e = head ?? -1; e >= 0; e = this.chain[e / BLOB_ENTRY_SIZE] - 1) {
      if (this.buf.compare(this.buf, at + OFF_HASH, at + OFF_HASH + SHA1_SIZE, e + OFF_HASH, e + OFF_HASH + SHA1_SIZE) === 0) return false;
      walked++;
    }
    if (walked >= MAX_CHAIN) {
      this.crowded = true;
      return false;
    }
    // chain[i] = offset of the previous entry under the key + 1 (0: none).
    this.chain[at / BLOB_ENTRY_SIZE] = head === undefined ? 0 : head + 1;
    this.heads.set(key, at);
    return true;
  }

  find(hash: string): BlobEntry | null {
    const known = this.made.get(hash);
    if (known !== undefined) return known;
    let found: BlobEntry | null = null;
    const want = /^[0-9a-f]{40}$/.test(hash) ? Buffer.from(hash, 'hex') : null;
    if (want) {
      const { buf } = this;
      for (let e = this.heads.get(u32(want, 0)) ?? -1; e >= 0; e = this.chain[e / BLOB_ENTRY_SIZE] - 1) {
        if (want.compare(buf, e + OFF_HASH, e + OFF_HASH + SHA1_SIZE) !== 0) continue;
        found = this.metadata.find((m) => m.tableOffset === this.tableFileOffset + e) ?? this.plainEntry(e);
        break;
      }
    }
    this.made.set(hash, found);
    return found;
  }
}

/**
 * The table parsed entry by entry: the one with solid runs (an ESD), whose entries depend on their
 * neighbours, and a crowded one (see parseBlobTable). `solidAllowed` as there.
 */
function parseWholeTable(file: string, buf: Buffer, tableFileOffset: number, partNumber: number, solidAllowed: boolean): BlobTable {
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
        partNumber,
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
        partNumber,
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
    blobs.set(hash, { hash, size: reshdr.size, refCount, partNumber, location: { kind: 'plain', reshdr }, tableOffset: where });
  }
  return { find: (hash) => blobs.get(hash) ?? null, metadata, skipped };
}
