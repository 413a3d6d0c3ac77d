// The blob table of a WIM without solid runs, indexed rather than parsed [wim-format.md §3]: entries built
// byte by byte, each lookup and the skipping rules (wimlib's: zero hash, size 0, a hash seen before — the
// first wins; metadata with refcount 0 or of another part) checked one by one.
import { describe, expect, it } from 'vitest';
import { parseBlobTable } from '../../src/wim/blob-table';
import { WimFormatError } from '../../src/wim/errors';

interface Spec {
  hash: string;
  offset: number;
  size: number;
  flags?: number;
  refCount?: number;
  part?: number;
}

function table(entries: Spec[]): Buffer {
  const b = Buffer.alloc(entries.length * 50);
  entries.forEach((e, i) => {
    const at = i * 50;
    b.writeUInt32LE(e.size, at); // size in the WIM (stored raw)
    b[at + 7] = e.flags ?? 0;
    b.writeBigUInt64LE(BigInt(e.offset), at + 8);
    b.writeBigUInt64LE(BigInt(e.size), at + 16);
    b.writeUInt16LE(e.part ?? 1, at + 24);
    b.writeUInt32LE(e.refCount ?? 1, at + 26);
    Buffer.from(e.hash, 'hex').copy(b, at + 30);
  });
  return b;
}

const H = (c: string) => c.repeat(40);
// Same first four bytes as A, different after: one index key, two blobs.
const A = `aaaaaaaa${'1'.repeat(32)}`;
const A2 = `aaaaaaaa${'2'.repeat(32)}`;

describe('indexed blob table', () => {
  it('finds each blob by its SHA-1 and skips as wimlib does', () => {
    const t = parseBlobTable(
      'x.wim',
      table([
        { hash: A, offset: 1000, size: 10 },
        { hash: A2, offset: 2000, size: 20 },
        { hash: A, offset: 3000, size: 10 }, // duplicate: the first wins
        { hash: H('0'), offset: 4000, size: 5 }, // zero hash
        { hash: H('b'), offset: 5000, size: 0 }, // empty
        { hash: H('c'), offset: 6000, size: 60, flags: 0x02 }, // image 1
        { hash: H('d'), offset: 7000, size: 70, flags: 0x02, refCount: 0 }, // skipped metadata
        { hash: H('e'), offset: 8000, size: 80, flags: 0x02, part: 2 }, // another part's metadata
        { hash: H('f'), offset: 9000, size: 90, flags: 0x04 },
      ]),
      208,
      1,
      false,
    );
    expect(t.find(A)).toMatchObject({ hash: A, size: 10, location: { kind: 'plain', reshdr: { offset: 1000 } }, tableOffset: 208 });
    expect(t.find(A2)).toMatchObject({ size: 20, tableOffset: 258 });
    expect(t.find(H('0'))).toBeNull();
    expect(t.find(H('b'))).toBeNull();
    expect(t.find(H('d'))).toBeNull();
    expect(t.find(H('e'))).toBeNull();
    expect(t.find(H('f'))).toMatchObject({ size: 90, location: { reshdr: { flags: 0x04 } } });
    expect(t.find(H('9'))).toBeNull();
    expect(t.find('not a hash')).toBeNull();
    expect(t.metadata.map((m) => m.hash)).toEqual([H('c')]);
    expect(t.find(H('c'))).toBe(t.metadata[0]);
    expect(t.find(A)).toBe(t.find(A)); // made once
    expect(t.skipped).toBe(5);
  });

  it('an entry whose offset or size is beyond any file is refused on opening, as when it was parsed', () => {
    for (const field of [8, 16]) {
      const b = table([{ hash: A, offset: 1000, size: 10 }]);
      b.writeBigUInt64LE(2n ** 60n, field);
      expect(() => parseBlobTable('x.wim', b, 208, 1, false)).toThrow(WimFormatError);
    }
    const b = table([{ hash: A, offset: 1000, size: 10 }]);
    b[6] = 0xff; // size in the WIM of 2^56 − 1
    expect(() => parseBlobTable('x.wim', b, 208, 1, false)).toThrow(/beyond any file size/);
  });
});

describe('a hostile blob table', () => {
  it('entries sharing the first four bytes of their hashes are read in linear time, and found as in any table', () => {
    // The hashes are bytes of the file: 30,000 entries under one index key took about a minute when each
    // entry was compared with every one before it.
    const n = 30_000;
    const hashOf = (i: number) => `aaaaaaaa${i.toString(16).padStart(32, '0')}`;
    const specs: Spec[] = [];
    for (let i = 0; i < n; i++) specs.push({ hash: hashOf(i), offset: 1000 + i, size: 10 });
    specs.push({ hash: hashOf(7), offset: 5, size: 10 }); // a repeat: the first wins
    specs.push({ hash: H('c'), offset: 6000, size: 60, flags: 0x02 }); // image 1
    specs.push({ hash: hashOf(n), offset: 9, size: 10, flags: 0x10 }); // SOLID outside a solid WIM: ignored
    const started = performance.now();
    const t = parseBlobTable('x.wim', table(specs), 208, 1, false);
    expect(performance.now() - started).toBeLessThan(3000);
    expect(t.find(hashOf(0))).toMatchObject({ size: 10, location: { kind: 'plain', reshdr: { offset: 1000 } }, tableOffset: 208 });
    expect(t.find(hashOf(7))).toMatchObject({ location: { reshdr: { offset: 1007 } } });
    expect(t.find(hashOf(n - 1))).toMatchObject({ location: { reshdr: { offset: 1000 + n - 1 } } });
    expect(t.find(hashOf(n))).toMatchObject({ location: { kind: 'plain', reshdr: { offset: 9, flags: 0 } } });
    expect(t.find(hashOf(n + 1))).toBeNull();
    expect(t.metadata.map((m) => m.hash)).toEqual([H('c')]);
    expect(t.find(H('c'))).toBe(t.metadata[0]);
    expect(t.skipped).toBe(1);
  });
});
