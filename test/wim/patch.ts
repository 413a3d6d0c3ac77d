// Byte surgery on small wimlib-written WIMs for the hostile tests. The locating is done here by hand from
// the format description (header at 0, 50-byte blob-table entries), not with the reader under test.
import { createHash } from 'node:crypto';

export interface RawEntry {
  /** File offset of the 50-byte entry. */
  at: number;
  sizeInWim: number;
  flags: number;
  offset: number;
  size: number;
  hash: string;
}

export function blobEntries(wim: Buffer): RawEntry[] {
  const tableOffset = Number(wim.readBigUInt64LE(0x30 + 8));
  const tableSize = Number(wim.readBigUInt64LE(0x30 + 16));
  const out: RawEntry[] = [];
  for (let at = tableOffset; at < tableOffset + tableSize; at += 50) {
    out.push({
      at,
      sizeInWim: wim.readUInt32LE(at) + wim.readUInt16LE(at + 4) * 2 ** 32,
      flags: wim[at + 7],
      offset: Number(wim.readBigUInt64LE(at + 8)),
      size: Number(wim.readBigUInt64LE(at + 16)),
      hash: wim.toString('hex', at + 30, at + 50),
    });
  }
  return out;
}

/** The (uncompressed, --compress=none) metadata resource of image 1 and a function that re-hashes it after edits. */
export function rawMetadata(wim: Buffer): { meta: Buffer; rehash: () => void } {
  const e = blobEntries(wim).find((x) => x.flags & 0x02)!;
  if (e.flags & 0x04) throw new Error('metadata is compressed: build the WIM with --compress=none');
  const meta = wim.subarray(e.offset, e.offset + e.size);
  return {
    meta,
    rehash: () => {
      createHash('sha1')
        .update(meta)
        .digest()
        .copy(wim, e.at + 30);
    },
  };
}

/** Offset (in the metadata) of the dentry whose long name is `name`. */
export function dentryOf(meta: Buffer, name: string): number {
  const needle = Buffer.from(name + '\0', 'utf16le');
  let at = meta.indexOf(needle);
  while (at >= 0) {
    const start = at - 0x66;
    if (start >= 0 && meta.readUInt16LE(start + 0x64) === name.length * 2) return start;
    at = meta.indexOf(needle, at + 1);
  }
  throw new Error(`no dentry named ${name}`);
}

export function renameDentry(meta: Buffer, from: string, to: string): void {
  if (from.length !== to.length) throw new Error('same length only');
  const d = dentryOf(meta, from);
  Buffer.from(to, 'utf16le').copy(meta, d + 0x66);
}
