// Malformed and lying WIMs: each must end in a typed WimError (or, through ImageFs, an ImageReadError
// carrying one), quickly and without allocating what the file claims.
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  NotAWimError,
  UnsupportedWimError,
  Wim,
  WimDecompressError,
  WimError,
  WimFormatError,
  WimHashError,
  WimMetadataError,
} from '../../src/wim';
import { ImageFs, ImageReadError } from '../../src/windows/image-fs';
import { FileTooLargeError } from '../../src/windows/volume-fs';
import { wimlib, wimlibAvailable } from '../support/wimlib';
import { prng } from './fixtures';
import { blobEntries, dentryOf, rawMetadata, renameDentry } from './patch';

const ready = wimlibAvailable();
let dir = '';
let noneWim: Buffer;
let xpressWim: Buffer;
let solidWim: Buffer;

function tree(root: string): void {
  mkdirSync(join(root, 'd1', 'd2'), { recursive: true });
  writeFileSync(join(root, 'a1.txt'), 'first file');
  writeFileSync(join(root, 'a2.txt'), 'second file');
  writeFileSync(join(root, 'ab'), 'two letters');
  writeFileSync(join(root, 'd1', 'd2', 'x.txt'), 'deep');
  const r = prng(9);
  writeFileSync(join(root, 'big.txt'), Array.from({ length: 20000 }, () => `value ${r() % 100}\n`).join(''));
  const rnd = Buffer.alloc(1_300_000);
  for (let i = 0; i < rnd.length; i++) rnd[i] = r() & 0xff;
  writeFileSync(join(root, 'random.bin'), rnd);
}

/** Write `buf` to a fresh file and open it; returns what open + reading everything threw, or null. */
function attempt(buf: Buffer, read: (w: Wim) => void = readAll): unknown {
  const p = join(dir, `case-${Math.random().toString(36).slice(2)}.wim`);
  writeFileSync(p, buf);
  let w: Wim | null = null;
  try {
    w = Wim.open(p);
    read(w);
    return null;
  } catch (e) {
    return e;
  } finally {
    w?.close();
  }
}

function readAll(w: Wim): void {
  for (let i = 1; i <= w.imageCount; i++) {
    const img = w.image(i);
    // The metadata read whole and hashed (opening an image reads only what its lookups need), then the walk.
    img.parseAll();
    const stack = [img.root];
    while (stack.length) {
      const n = stack.pop()!;
      for (const c of n.children ?? []) stack.push(c);
      if (!n.children && !n.reparse) w.readBlob(n.dataHash, 1 << 26);
    }
  }
}

describe.skipIf(!ready)('hostile WIMs', () => {
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'preflight-wim-hostile-'));
    const src = join(dir, 'src');
    tree(src);
    wimlib(['capture', src, join(dir, 'none.wim'), 'img', '--compress=none']);
    wimlib(['capture', src, join(dir, 'xpress.wim'), 'img', '--compress=xpress']);
    wimlib(['capture', src, join(dir, 'solid.wim'), 'img', '--solid']);
    noneWim = readFileSync(join(dir, 'none.wim'));
    xpressWim = readFileSync(join(dir, 'xpress.wim'));
    solidWim = readFileSync(join(dir, 'solid.wim'));
  });

  it('the untouched images read (the cases below fail for their own reason)', () => {
    expect(attempt(noneWim)).toBeNull();
    expect(attempt(xpressWim)).toBeNull();
    expect(attempt(solidWim)).toBeNull();
  });

  it('not a WIM: empty, short, wrong magic', () => {
    expect(attempt(Buffer.alloc(0))).toBeInstanceOf(NotAWimError);
    expect(attempt(Buffer.from('MSWIM\0\0\0abc'))).toBeInstanceOf(NotAWimError);
    const b = Buffer.from(noneWim);
    b.write('MSWIN', 0, 'latin1');
    expect(attempt(b)).toBeInstanceOf(NotAWimError);
  });

  it('unsupported versions and pipable WIMs are refused by name', () => {
    const b = Buffer.from(noneWim);
    b.writeUInt32LE(0x10b00, 0x0c);
    expect(attempt(b)).toBeInstanceOf(UnsupportedWimError);
    wimlib(['capture', join(dir, 'src'), join(dir, 'pipable.wim'), 'img', '--pipable']);
    const e = attempt(readFileSync(join(dir, 'pipable.wim')));
    expect(e).toBeInstanceOf(UnsupportedWimError);
    expect((e as Error).message).toMatch(/pipable/);
  });

  it('a split set reads with all its parts and is refused clearly without them', () => {
    const sdir = join(dir, 'split');
    mkdirSync(sdir);
    wimlib(['split', join(dir, 'xpress.wim'), join(sdir, 'set.swm'), '1']);
    const whole = Wim.open(join(dir, 'xpress.wim'));
    const split = Wim.open(join(sdir, 'set.swm'));
    try {
      expect(split.header.totalParts).toBeGreaterThan(1);
      const a = new ImageFs(whole, 1);
      const b = new ImageFs(split, 1);
      // Range reads (not hashed) first, so that chunks of every part meet in the one cache the parts share.
      for (const f of ['random.bin', 'big.txt', 'a1.txt', 'd1\\d2\\x.txt'])
        expect(b.readHead(f, 1 << 24)!.equals(a.readHead(f, 1 << 24)!), f).toBe(true);
      for (const f of ['a1.txt', 'big.txt', 'random.bin', 'd1\\d2\\x.txt'])
        expect(b.readFile(f, 1 << 24)!.equals(a.readFile(f, 1 << 24)!)).toBe(true);
    } finally {
      whole.close();
      split.close();
    }
    expect(() => Wim.open(join(sdir, 'set2.swm'))).toThrow(/part 2 of a \d+-part split WIM: open part 1/);
    renameSync(join(sdir, 'set2.swm'), join(sdir, 'moved.swm'));
    expect(() => Wim.open(join(sdir, 'set.swm'))).toThrow(UnsupportedWimError);
    expect(() => Wim.open(join(sdir, 'set.swm'))).toThrow(/part 2 \(set2\.swm\) is not beside it/);
  });

  it('a cut file: every length of the header, tables and data fails typed', () => {
    for (const cut of [100, 208, 4096, Math.floor(noneWim.length / 2), noneWim.length - 60, noneWim.length - 1]) {
      const e = attempt(noneWim.subarray(0, cut));
      expect(e, `cut at ${cut}`).toBeInstanceOf(WimError);
    }
    for (const cut of [Math.floor(xpressWim.length / 3), xpressWim.length - 200])
      expect(attempt(xpressWim.subarray(0, cut))).toBeInstanceOf(WimError);
  });

  it('table and XML sizes far beyond the file, and offsets past its end', () => {
    const before = process.memoryUsage().rss;
    for (const [field, value] of [
      [0x30 + 16, 2n ** 40n], // blob table uncompressed size
      [0x30 + 8, 2n ** 40n], // blob table offset
      [0x48 + 16, 2n ** 50n], // XML size
      [0x48 + 8, BigInt(noneWim.length)], // XML right at the end
    ] as const) {
      const b = Buffer.from(noneWim);
      b.writeBigUInt64LE(value, field);
      const e = attempt(b);
      expect(e, `field 0x${field.toString(16)}`).toBeInstanceOf(WimFormatError);
    }
    // Blob and metadata resources claiming terabytes.
    for (const pick of [
      (x: { flags: number }) => (x.flags & 0x02) !== 0,
      (x: { flags: number; size: number }) => (x.flags & 0x02) === 0 && x.size > 100_000,
    ]) {
      const b = Buffer.from(xpressWim);
      const e = blobEntries(b).find(pick)!;
      b.writeBigUInt64LE(2n ** 44n, e.at + 16);
      expect(attempt(b)).toBeInstanceOf(WimError);
    }
    expect(process.memoryUsage().rss - before).toBeLessThan(256 * 1024 * 1024);
  });

  it('a file larger than the caller allows is refused before reading', () => {
    const p = join(dir, 'x-copy.wim');
    copyFileSync(join(dir, 'xpress.wim'), p);
    const w = Wim.open(p);
    try {
      expect(() => new ImageFs(w, 1).readFile('random.bin', 1000)).toThrow(FileTooLargeError);
    } finally {
      w.close();
    }
  });

  it('a solid resource header claiming a huge size or a bad format', () => {
    const solidEntry = blobEntries(solidWim).find((x) => x.flags & 0x10 && x.size === 2 ** 32)!;
    const huge = Buffer.from(solidWim);
    huge.writeBigUInt64LE(2n ** 50n, solidEntry.offset);
    expect(attempt(huge)).toBeInstanceOf(WimFormatError);
    const fmt = Buffer.from(solidWim);
    fmt.writeUInt32LE(9, solidEntry.offset + 12);
    expect(attempt(fmt)).toBeInstanceOf(WimFormatError);
    const chunk = Buffer.from(solidWim);
    chunk.writeUInt32LE(1 << 30, solidEntry.offset + 8); // valid for LZMS but more than is decoded
    expect(attempt(chunk)).toBeInstanceOf(WimError);
  });

  it('bad hashes: metadata and file data', () => {
    const meta = Buffer.from(noneWim);
    const { meta: m } = rawMetadata(meta);
    m[dentryOf(m, 'a1.txt') + 0x66] ^= 1; // changes a name; the hash no longer matches
    expect(attempt(meta)).toBeInstanceOf(WimHashError);
    // Lookups read the metadata as they need it, not hashed (documented): the changed name is what they see;
    // the whole read (parseAll) checks the SHA-1.
    expect(
      attempt(meta, (w) => {
        const fs = new ImageFs(w, 1);
        expect(fs.exists('a1.txt')).toBe(false);
        expect(fs.readFile('a2.txt')!.toString()).toBe('second file');
        w.image(1).parseAll();
      }),
    ).toBeInstanceOf(WimHashError);

    const data = Buffer.from(noneWim);
    const e = blobEntries(data).find((x) => !(x.flags & 0x02) && x.size === 'first file'.length)!;
    data[e.offset] ^= 0x20;
    const p = join(dir, 'badhash.wim');
    writeFileSync(p, data);
    const w = Wim.open(p);
    try {
      const fs = new ImageFs(w, 1);
      let thrown: unknown = null;
      try {
        fs.readFile('A1.TXT');
      } catch (err) {
        thrown = err;
      }
      expect(thrown).toBeInstanceOf(ImageReadError);
      expect((thrown as ImageReadError).cause).toBeInstanceOf(WimHashError);
      // A range read is not hashed (documented): it returns the stored bytes.
      expect(fs.readHead('a1.txt', 5)!.toString()).toBe('First');
    } finally {
      w.close();
    }
  });

  /** A folder whose metadata spans many chunks: top.txt in the root's list, 3000 files in `many`. */
  function wideSource(): string {
    const src = join(dir, 'wide');
    if (existsSync(src)) return src;
    mkdirSync(join(src, 'many'), { recursive: true });
    writeFileSync(join(src, 'top.txt'), 'top');
    for (let i = 0; i < 3000; i++) writeFileSync(join(src, 'many', `a-file-with-a-longer-name-${i}.txt`), String(i));
    return src;
  }

  it('an image opened for lookups reads the metadata chunks they need, not the whole resource', () => {
    const src = wideSource();
    const p = join(dir, 'wide.wim');
    wimlib(['capture', src, p, 'img', '--compress=xpress']);
    const meta = blobEntries(readFileSync(p)).find((x) => x.flags & 0x02)!;
    expect(meta.size).toBeGreaterThan(8 * 32768);
    const w = Wim.open(p);
    try {
      const fs = new ImageFs(w, 1);
      expect(fs.readFile('top.txt')!.toString()).toBe('top');
      expect(w.cache.decompressedBytes).toBeLessThan(meta.size / 4);
      expect(fs.list('many')).toHaveLength(3000);
      w.image(1).parseAll(); // the rest read, and the SHA-1 of the whole checked
      expect(w.image(1).nodeCount).toBe(3003);
    } finally {
      w.close();
    }
  });

  it('an undecodable metadata chunk met by a lookup: the directory is unreadable, the damage kept, never thrown', () => {
    const src = wideSource();
    const p = join(dir, 'wide-bad.wim');
    wimlib(['capture', src, p, 'img', '--compress=xpress']);
    const b = readFileSync(p);
    const e = blobEntries(b).find((x) => x.flags & 0x02)!;
    const n = Math.ceil(e.size / 32768);
    const lastChunk = e.offset + (n - 1) * 4 + b.readUInt32LE(e.offset + (n - 2) * 4);
    b.fill(0x11, lastChunk, lastChunk + 256); // an over-subscribed code in the last chunk
    writeFileSync(p, b);
    const w = Wim.open(p);
    try {
      const fs = new ImageFs(w, 1);
      expect(fs.exists('top.txt')).toBe(true);
      expect(fs.list('many')).toBeNull();
      expect(fs.damage).toBeInstanceOf(WimDecompressError);
    } finally {
      w.close();
    }
  });

  it('an undecodable chunk is a WimDecompressError', () => {
    const b = Buffer.from(xpressWim);
    const e = blobEntries(b).find((x) => x.flags & 0x04 && !(x.flags & 0x02) && x.size > 100_000 && x.sizeInWim < x.size)!;
    const n = Math.ceil(e.size / 32768);
    const firstChunk = e.offset + (n - 1) * 4;
    b.fill(0x11, firstChunk, firstChunk + 256); // every symbol of length 1: an over-subscribed code
    expect(attempt(b)).toBeInstanceOf(WimDecompressError);
  });

  describe('lying directory trees (metadata edited and re-hashed)', () => {
    function edited(edit: (meta: Buffer) => void): unknown {
      const b = Buffer.from(noneWim);
      const { meta, rehash } = rawMetadata(b);
      edit(meta);
      rehash();
      return attempt(b);
    }

    it('the re-hash itself keeps an untouched tree readable', () => {
      expect(edited(() => undefined)).toBeNull();
    });

    it('a directory whose children list is its parent’s (a cycle)', () => {
      const e = edited((m) => {
        const d1 = dentryOf(m, 'd1');
        const d2 = dentryOf(m, 'd2');
        m.writeBigUInt64LE(m.readBigUInt64LE(d1 + 0x10), d2 + 0x10); // d2's children = d1's children (d2 itself)
      });
      expect(e).toBeInstanceOf(WimMetadataError);
      expect((e as Error).message).toMatch(/reached twice|more dentry bytes/);
    });

    it('a directory whose children list is the root’s list', () => {
      const e = edited((m) => {
        const rootList = m.readBigUInt64LE(8 * Math.ceil(m.readUInt32LE(0) / 8) + 0x10);
        m.writeBigUInt64LE(rootList, dentryOf(m, 'd2') + 0x10);
      });
      expect(e).toBeInstanceOf(WimMetadataError);
    });

    it('a list pointing into the security data or past the end', () => {
      expect(edited((m) => m.writeBigUInt64LE(0n + 4n, dentryOf(m, 'd1') + 0x10))).toBeInstanceOf(WimMetadataError);
      expect(edited((m) => m.writeBigUInt64LE(2n ** 60n, dentryOf(m, 'd1') + 0x10))).toBeInstanceOf(WimMetadataError);
    });

    it('duplicate names in one directory', () => {
      const e = edited((m) => renameDentry(m, 'a2.txt', 'a1.txt'));
      expect(e).toBeInstanceOf(WimMetadataError);
      expect((e as Error).message).toMatch(/two entries named "a1.txt"/);
    });

    it('".." and separators as names', () => {
      expect(edited((m) => renameDentry(m, 'ab', '..'))).toBeInstanceOf(WimMetadataError);
      expect(edited((m) => renameDentry(m, 'ab', 'a\\'))).toBeInstanceOf(WimMetadataError);
      expect(edited((m) => renameDentry(m, 'ab', 'a/'))).toBeInstanceOf(WimMetadataError);
    });

    it('dentry and stream lengths that lie', () => {
      expect(edited((m) => m.writeBigUInt64LE(2n ** 62n, dentryOf(m, 'a1.txt')))).toBeInstanceOf(WimMetadataError);
      expect(edited((m) => m.writeBigUInt64LE(40n, dentryOf(m, 'a1.txt')))).toBeInstanceOf(WimMetadataError);
      expect(edited((m) => m.writeUInt16LE(1000, dentryOf(m, 'a1.txt') + 0x64))).toBeInstanceOf(WimMetadataError);
      expect(edited((m) => m.writeUInt16LE(3, dentryOf(m, 'a1.txt') + 0x64))).toBeInstanceOf(WimMetadataError);
      expect(edited((m) => m.writeUInt32LE(0xfffffff0, 0))).toBeInstanceOf(WimMetadataError); // security length
      expect(edited((m) => m.writeUInt32LE(0x7fffffff, 4))).toBeInstanceOf(WimMetadataError); // descriptor count
    });

    /** The edited copy of the uncompressed image, written to a file. */
    function editedFile(edit: (meta: Buffer) => void): string {
      const b = Buffer.from(noneWim);
      const { meta, rehash } = rawMetadata(b);
      edit(meta);
      rehash();
      const p = join(dir, `lazy-${Math.random().toString(36).slice(2)}.wim`);
      writeFileSync(p, b);
      return p;
    }

    it('damage deep in the tree is found when its directory is first listed, the same error a whole walk finds', () => {
      const p = editedFile((m) => m.writeBigUInt64LE(40n, dentryOf(m, 'x.txt'))); // d1\d2's only child
      const w = Wim.open(p);
      try {
        const img = w.image(1); // opens: only the root is parsed
        const fs = new ImageFs(w, 1);
        expect(fs.readFile('a1.txt')!.toString()).toBe('first file');
        expect(fs.list('d1')).toEqual(['d2']);
        expect(fs.isDirectory('d1\\d2')).toBe(true);
        expect(fs.damage).toBeNull();
        const parsedBefore = img.nodeCount;
        // Lookups through the damaged list find nothing and never throw (as an unreadable directory on a volume)…
        expect(fs.exists('d1\\d2\\x.txt')).toBe(false);
        expect(fs.list('d1\\d2')).toBeNull();
        expect(fs.readFile('d1\\d2\\x.txt')).toBeNull();
        // …and the damage is kept, as the eager parse reported it.
        expect(fs.damage).toBeInstanceOf(WimMetadataError);
        expect(fs.damage!.message).toMatch(/shorter than the 102-byte fixed part/);
        expect(img.nodeCount).toBe(parsedBefore);
        expect(() => img.parseAll()).toThrow(fs.damage!.message);
      } finally {
        w.close();
      }
      const whole = attempt(readFileSync(p));
      expect(whole).toBeInstanceOf(WimMetadataError);
      expect((whole as Error).message).toMatch(/shorter than the 102-byte fixed part/);
    });

    it('a cycle found late (a deep directory listing the root’s list) is damage, not a hang', () => {
      const p = editedFile((m) => {
        const rootList = m.readBigUInt64LE(8 * Math.ceil(m.readUInt32LE(0) / 8) + 0x10);
        m.writeBigUInt64LE(rootList, dentryOf(m, 'd2') + 0x10);
      });
      const w = Wim.open(p);
      try {
        const fs = new ImageFs(w, 1);
        expect(fs.exists('ab')).toBe(true);
        expect(fs.damage).toBeNull();
        // Through the cycle, d1\d2\d1 would be the root's d1 again: the list is refused, never re-entered.
        expect(fs.exists('d1\\d2\\d1\\d2\\d1')).toBe(false);
        expect(fs.list('d1\\d2')).toBeNull();
        expect(fs.damage!.message).toMatch(/reached twice/);
        // The same node asked again throws the same error (not a second parse with another message).
        const d2 = w.image(1).root.children!.find((c) => c.name === 'd1')!.children![0];
        let again: unknown = null;
        try {
          void d2.children;
        } catch (e) {
          again = e;
        }
        expect(again).toBe(fs.damage);
      } finally {
        w.close();
      }
    });

    it('a file whose hash is not in the blob table', () => {
      const e = edited((m) => m.fill(0xab, dentryOf(m, 'a1.txt') + 0x40, dentryOf(m, 'a1.txt') + 0x54));
      expect(e).toBeInstanceOf(WimFormatError);
      expect((e as Error).message).toMatch(/no blob with SHA-1 abab/);
    });
  });
});

describe.skipIf(!ready)('integrity table', () => {
  it('wimlib --check writes one; it verifies, and a flipped byte in a blob is found in its chunk', () => {
    const d = mkdtempSync(join(tmpdir(), 'preflight-wim-integrity-'));
    const src = join(d, 'src');
    tree(src);
    const p = join(d, 'checked.wim');
    wimlib(['capture', src, p, 'img', '--compress=xpress', '--check']);
    let w = Wim.open(p);
    expect(w.checkIntegrity()).toMatchObject({ present: true, ok: true, chunks: 1, mismatched: [] });
    w.close();
    const bytes = readFileSync(p);
    bytes[1000] ^= 0xff;
    writeFileSync(p, bytes);
    w = Wim.open(p);
    expect(w.checkIntegrity()).toMatchObject({ present: true, ok: false, mismatched: [0] });
    w.close();
    wimlib(['capture', src, join(d, 'plain.wim'), 'img', '--compress=xpress']);
    const plain = Wim.open(join(d, 'plain.wim'));
    expect(plain.checkIntegrity()).toEqual({ present: false, ok: true, chunks: 0, mismatched: [] });
    plain.close();
    // A table whose count does not cover the range is a format error, not a verdict.
    const lying = readFileSync(join(d, 'checked.wim'));
    const at = Number(lying.readBigUInt64LE(0x7c + 8));
    lying.writeUInt32LE(7, at + 4);
    writeFileSync(p, lying);
    w = Wim.open(p);
    expect(() => w.checkIntegrity()).toThrow(WimFormatError);
    w.close();
  });
});

describe.skipIf(!ready)('encrypted ESD', () => {
  it('is refused by name from its XML, before its tables are read', () => {
    const d = mkdtempSync(join(tmpdir(), 'preflight-wim-esd-'));
    const src = join(d, 'src');
    mkdirSync(src);
    writeFileSync(join(src, 'a.txt'), 'a');
    const p = join(d, 'x.esd');
    wimlib(['capture', src, p, 'img', '--compress=none']);
    const b = readFileSync(p);
    const xmlAt = Number(b.readBigUInt64LE(0x48 + 8));
    const xmlSize = Number(b.readBigUInt64LE(0x48 + 16));
    expect(xmlAt + xmlSize).toBe(b.length); // the XML is last: it can be rewritten in place
    const text = b.toString('utf16le', xmlAt + 2, xmlAt + xmlSize).replace('<WIM>', '<WIM><ESD><ENCRYPTED>1</ENCRYPTED></ESD>');
    const xml = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    const out = Buffer.concat([b.subarray(0, xmlAt), xml]);
    out.writeUInt32LE(xml.length, 0x48); // size in WIM (56-bit, small)
    out.writeBigUInt64LE(BigInt(xml.length), 0x48 + 16);
    writeFileSync(p, out);
    expect(() => Wim.open(p)).toThrow(/encrypted ESD/);
    expect(() => Wim.open(p)).toThrow(UnsupportedWimError);
  });
});

describe.skipIf(!ready)('split sets and the chunk cache', () => {
  it('chunks of two parts at the same offset are never confused (range reads, not hashed)', () => {
    const d = mkdtempSync(join(tmpdir(), 'preflight-wim-split2-'));
    const src = join(d, 'src');
    mkdirSync(src);
    const r = prng(77);
    // Hex text of random bytes: compressible by half, so every part holds chunked (compressed) resources.
    for (let i = 0; i < 8; i++) {
      const raw = Buffer.alloc(200_000);
      for (let k = 0; k < raw.length; k++) raw[k] = r() & 0xff;
      writeFileSync(join(src, `f${i}.txt`), raw.toString('hex'));
    }
    wimlib(['capture', src, join(d, 'whole.wim'), 'img', '--compress=xpress']);
    wimlib(['split', join(d, 'whole.wim'), join(d, 'set.swm'), '1']);
    const split = Wim.open(join(d, 'set.swm'));
    try {
      expect(split.header.totalParts).toBeGreaterThan(1);
      const fs = new ImageFs(split, 1);
      for (let i = 0; i < 8; i++) {
        const want = readFileSync(join(src, `f${i}.txt`));
        expect(fs.readHead(`f${i}.txt`, 40_000)!.equals(want.subarray(0, 40_000)), `f${i}.txt`).toBe(true);
      }
    } finally {
      split.close();
    }
  });
});
