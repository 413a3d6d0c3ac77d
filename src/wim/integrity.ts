// Integrity table (WIMHASH), optional, written by `DISM /CheckIntegrity` and `wimlib --check`
// [wim-format.md §7; wimlib src/integrity.c]:
//   0  u32  size of the table (12 + 20·n)
//   4  u32  n, number of SHA-1s
//   8  u32  chunk size (wimlib: 10 MiB)
//  12  n × SHA-1, each over one chunk of the file from byte 208 (after the header) to the end of the blob table
// Checking it reads that whole range once, a chunk at a time (memory: one chunk).
import { sha1 } from './sha1';
import { WimFormatError } from './errors';
import { HEADER_SIZE } from './header';
import type { Reshdr } from './reshdr';
import type { WimSource } from './source';

/** Chunks larger than this are refused (wimlib writes 10 MiB). */
export const MAX_INTEGRITY_CHUNK = 64 * 1024 * 1024;

export interface IntegrityResult {
  /** The file has an integrity table. */
  present: boolean;
  /** Every chunk matched (true when absent: nothing to check). */
  ok: boolean;
  chunks: number;
  /** Indexes of the chunks whose SHA-1 differs. */
  mismatched: number[];
}

export function checkIntegrity(source: WimSource, table: Reshdr, blobTable: Reshdr): IntegrityResult {
  if (table.offset === 0 && table.sizeInWim === 0) return { present: false, ok: true, chunks: 0, mismatched: [] };
  const file = source.path;
  if (table.sizeInWim !== table.size || table.size < 12)
    throw new WimFormatError(
      file,
      table.offset,
      'integrity table',
      `stored in ${table.sizeInWim} bytes for ${table.size}: not a raw table`,
    );
  const head = source.read(table.offset, 12, 'integrity table');
  const size = head.readUInt32LE(0);
  const n = head.readUInt32LE(4);
  const chunk = head.readUInt32LE(8);
  const end = blobTable.offset + blobTable.sizeInWim;
  source.check(HEADER_SIZE, end - HEADER_SIZE, 'integrity range');
  if (chunk === 0 || chunk > MAX_INTEGRITY_CHUNK)
    throw new WimFormatError(file, table.offset + 8, 'integrity table', `chunk size ${chunk} is out of range`);
  const expected = Math.ceil((end - HEADER_SIZE) / chunk);
  if (n !== expected || size !== 12 + 20 * n || size > table.size) {
    throw new WimFormatError(
      file,
      table.offset,
      'integrity table',
      `${n} hashes of ${chunk}-byte chunks (table ${size} bytes) do not cover the ${end - HEADER_SIZE} bytes up to the blob table's end`,
    );
  }
  const hashes = source.read(table.offset + 12, 20 * n, 'integrity table');
  const mismatched: number[] = [];
  for (let k = 0; k < n; k++) {
    const at = HEADER_SIZE + k * chunk;
    const data = source.read(at, Math.min(chunk, end - at), 'integrity chunk');
    if (
      !sha1()
        .update(data)
        .digest()
        .equals(hashes.subarray(20 * k, 20 * k + 20))
    )
      mismatched.push(k);
  }
  return { present: true, ok: mismatched.length === 0, chunks: n, mismatched };
}
