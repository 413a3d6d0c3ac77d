// Named data streams, short names and reparse points as wimlib captures them from a real NTFS volume (see
// ntfs-fixture.ts), in LZX, XPRESS and solid LZMS: what preflight's reader lists equals `wimlib-imagex dir
// --detailed`, and what it reads equals what was written and what wimlib's own NTFS-3G apply puts on a
// volume (read back with ntfscat).
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ZERO_HASH } from '../../src/wim/blob-table';
import { Wim } from '../../src/wim';
import { nodePath, type WimNode } from '../../src/wim/image';
import { ImageFs } from '../../src/windows/image-fs';
import { NTFS_TREE, ntfsFixtures, ntfsToolsAvailable, ntfscat, REPARSE_STREAM, wimlibDetailed } from './ntfs-fixture';

const ready = ntfsToolsAvailable();
const sha1 = (b: Buffer) => createHash('sha1').update(b).digest('hex');

function walk(n: WimNode, out: WimNode[] = []): WimNode[] {
  out.push(n);
  for (const c of n.children ?? []) walk(c, out);
  return out;
}

describe.skipIf(!ready)('named streams, short names and reparse points from a real NTFS volume', () => {
  const all = ready ? ntfsFixtures().fixtures : [];
  for (const f of all) {
    describe(f.name, () => {
      it('every entry equals wimlib-imagex dir --detailed: short name, attributes, reparse tag, every stream', () => {
        const wim = Wim.open(f.wim);
        try {
          const detailed = wimlibDetailed(f.wim);
          const nodes = walk(wim.image(1).root);
          expect(nodes.map((n) => nodePath(n)).sort()).toEqual([...detailed.keys()].sort());
          for (const n of nodes) {
            const path = nodePath(n);
            const d = detailed.get(path)!;
            expect(n.shortName, path).toBe(d.shortName);
            expect(n.attributes, path).toBe(d.attributes);
            expect(n.reparse?.tag ?? null, path).toBe(d.reparseTag);
            const mine = new Map<string, string>();
            if (n.reparse) mine.set(REPARSE_STREAM, n.reparse.hash);
            // wimlib lists the unnamed stream of every file and directory, zero for a directory or an empty file.
            if (!n.reparse || n.dataHash !== ZERO_HASH) mine.set('', n.dataHash);
            for (const s of n.namedStreams) mine.set(s.name, s.hash);
            const theirs = new Map([...d.streams].map(([k, v]) => [k, v.hash]));
            if (n.reparse && !theirs.has('')) mine.delete('');
            expect(mine, path).toEqual(theirs);
          }
          // An NTFS capture carries security descriptors (a Linux directory capture has none).
          expect(wim.image(1).security.descriptors.length).toBeGreaterThan(0);
        } finally {
          wim.close();
        }
      });

      it('ImageFs lists and reads what was written, as wimlib applies it to NTFS (ntfscat)', () => {
        const wim = Wim.open(f.wim);
        try {
          const fs = new ImageFs(wim, 1);
          const detailed = wimlibDetailed(f.wim);
          for (const e of NTFS_TREE) {
            const d = detailed.get(e.path)!;
            expect(fs.exists(e.path), e.path).toBe(true);
            expect(fs.shortName(e.path), e.path).toBe(e.shortName ?? '');
            // Listed by name and size, in wimlib's order.
            const named = [...d.streams].filter(([k]) => k !== '' && k !== REPARSE_STREAM).map(([name, s]) => ({ name, size: s.size }));
            expect(fs.streams(e.path), e.path).toEqual(named);
            expect(Object.keys(e.streams ?? {}).sort()).toEqual(named.map((s) => s.name).sort());
            for (const [name, bytes] of Object.entries(e.streams ?? {})) {
              const read = fs.readStream(e.path, name, 1 << 20);
              expect(read?.equals(bytes), `${e.path}:${name}`).toBe(true);
              expect(read?.equals(ntfscat(f.applied, e.path, 0x80, name)), `${e.path}:${name} vs ntfscat`).toBe(true);
              expect(bytes.length === 0 ? ZERO_HASH : sha1(bytes)).toBe(d.streams.get(name)!.hash);
              // Stream names compare case-insensitively, as on NTFS.
              expect(fs.readStream(e.path, name.toUpperCase(), 1 << 20)?.equals(bytes)).toBe(true);
            }
            if (e.reparse) {
              const rp = fs.readReparsePoint(e.path);
              expect(rp?.tag, e.path).toBe(e.reparse.readUInt32LE(0));
              expect(rp?.data.equals(e.reparse), e.path).toBe(true);
              expect(rp?.data.equals(ntfscat(f.applied, e.path, 0xc0)), `${e.path} vs ntfscat`).toBe(true);
              // A reparse point is neither a file nor a directory to the extractors.
              expect(fs.isFile(e.path) || fs.isDirectory(e.path)).toBe(false);
            } else {
              expect(fs.readReparsePoint(e.path)).toBeNull();
            }
            if (e.data) {
              expect(fs.readFile(e.path, 1 << 20)?.equals(e.data), e.path).toBe(true);
              expect(fs.readFile(e.path, 1 << 20)?.equals(ntfscat(f.applied, e.path, 0x80)), `${e.path} vs ntfscat`).toBe(true);
            }
          }
          expect(fs.readStream('report.txt', 'no-such-stream')).toBeNull();
          expect(fs.streams('no-such-file')).toBeNull();
          expect(fs.shortName('no-such-file')).toBeNull();
        } finally {
          wim.close();
        }
      });
    });
  }
});
