// The reader against wimlib: for every compression (none, XPRESS, LZX, LZMS, solid LZMS/LZX/XPRESS, odd
// chunk sizes) and both images, the listing equals `wimlib-imagex dir`, the XML equals `info --xml`, and
// every file read through ImageFs equals `wimlib-imagex extract`'s bytes.
import { lstatSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Wim } from '../../src/wim';
import { nodePath, type WimNode } from '../../src/wim/image';
import { ImageFs } from '../../src/windows/image-fs';
import { wimlib, wimlibAvailable, wimlibDir } from '../support/wimlib';
import { extracted, fixtures } from './fixtures';

const ready = wimlibAvailable();

function walk(n: WimNode, out: WimNode[] = []): WimNode[] {
  out.push(n);
  for (const c of n.children ?? []) walk(c, out);
  return out;
}

function hostFiles(dir: string): string[] {
  const out: string[] = [];
  const rec = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      const st = lstatSync(p);
      if (st.isDirectory()) rec(p);
      else if (st.isFile()) out.push(relative(dir, p));
    }
  };
  rec(dir);
  return out.sort();
}

describe.skipIf(!ready)('WIM reader against wimlib', () => {
  const all = ready ? fixtures().fixtures : [];
  for (const f of all) {
    describe(f.name, () => {
      it('header, XML and image count match wimlib info', () => {
        const wim = Wim.open(f.wim);
        try {
          expect(wim.imageCount).toBe(2);
          expect(wim.warnings).toEqual([]);
          const xml = wimlib(['info', '--xml', f.wim]);
          expect(xml[0]).toBe(0xff);
          expect(wim.xml.text).toBe(xml.toString('utf16le', 2));
          expect(wim.xml.images.map((i) => i.name)).toEqual(['First', 'Second']);
          expect(wim.xml.images[0].description).toBe('the first image');
          expect(wim.resolveImage('second')).toBe(2);
          expect(wim.resolveImage('2')).toBe(2);
          expect(wim.resolveImage('3')).toBeNull();
        } finally {
          wim.close();
        }
      });

      for (const index of [1, 2]) {
        it(`image ${index}: listing equals wimlib dir and every file equals wimlib extract`, () => {
          const wim = Wim.open(f.wim);
          try {
            const img = wim.image(index);
            const listed = walk(img.root).map((n) => '/' + nodePath(n).replace(/\\/g, '/'));
            listed[0] = '/';
            expect(listed.sort()).toEqual(wimlibDir(f.wim, index).sort());
            const dest = extracted(f, index);
            const fs = new ImageFs(wim, index);
            const files = hostFiles(dest);
            expect(files.length).toBeGreaterThan(10);
            for (const rel of files) {
              const winPath = rel.split(sep).join('\\');
              const mine = fs.readFile(winPath, 1 << 30);
              expect(mine, winPath).not.toBeNull();
              expect(mine!.equals(readFileSync(join(dest, rel))), winPath).toBe(true);
            }
            // Every regular file of the image was among them (nothing read that wimlib did not extract).
            const regular = walk(img.root).filter((n) => n.children === null && n.reparse === null);
            expect(regular.length).toBe(files.length);
          } finally {
            wim.close();
          }
        });

        it(`image ${index}: listed directory by directory through ImageFs (each parsed on its first lookup), equals wimlib dir`, () => {
          const wim = Wim.open(f.wim);
          try {
            const fs = new ImageFs(wim, index);
            expect(wim.image(index).nodeCount).toBe(1); // opened: the root only
            const listed = ['/'];
            const pending = [''];
            while (pending.length > 0) {
              const d = pending.pop()!;
              for (const name of fs.list(d)!) {
                const rel = d === '' ? name : `${d}\\${name}`;
                listed.push(`/${rel.replace(/\\/g, '/')}`);
                if (fs.isDirectory(rel)) pending.push(rel);
              }
            }
            expect(listed.sort()).toEqual(wimlibDir(f.wim, index).sort());
            expect(fs.damage).toBeNull();
          } finally {
            wim.close();
          }
        });
      }
    });
  }
});
