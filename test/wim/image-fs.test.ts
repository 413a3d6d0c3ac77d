// ImageFs: the VolumeFs seam over one image — case-insensitive names as on NTFS, range reads that cost
// only the chunks they touch, and the extractors reading an image exactly as they read the folder it
// was captured from.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Wim } from '../../src/wim';
import { ImageFs } from '../../src/windows/image-fs';
import { VolumeFs } from '../../src/windows/volume-fs';
import { readPantherLogs } from '../../src/windows/panther-logs';
import { findInstallations } from '../../src/windows/locate';
import { wimlibAvailable } from '../support/wimlib';
import { fixtures } from './fixtures';

const ready = wimlibAvailable();

describe('ImageFs is a complete VolumeFs', () => {
  it('overrides every public member of VolumeFs (nothing inherited may reach the host file system)', () => {
    // listing, found, walk and readRange are VolumeFs's private helpers, called only by its own public methods.
    const privateHelpers = new Set(['constructor', 'listing', 'found', 'walk', 'readRange']);
    const missing = Object.getOwnPropertyNames(VolumeFs.prototype).filter(
      (m) => !privateHelpers.has(m) && !Object.hasOwn(ImageFs.prototype, m),
    );
    expect(missing).toEqual([]);
  });
});

describe.skipIf(!ready)('ImageFs over wimlib images', () => {
  const f = ready ? fixtures() : null;
  const open = (name: string) => Wim.open(f!.fixtures.find((x) => x.name === name)!.wim);

  it('resolves names case-insensitively, exact spelling first, and shows them as stored', () => {
    const wim = open('lzx');
    try {
      const fs = new ImageFs(wim, 1);
      expect(fs.isFile('windows\\SYSTEM32\\config\\software')).toBe(true);
      expect(fs.displayPath('windows/system32/CONFIG/software')).toBe('Windows\\System32\\config\\SOFTWARE');
      expect(fs.readFile('case.txt')!.toString()).toBe('lower');
      expect(fs.readFile('Case.txt')!.toString()).toBe('upper');
      expect(fs.readFile('CASE.TXT')!.toString()).toBe('upper'); // first in sorted order, as VolumeFs does
      expect(fs.readFile('ünïcødé €.TXT')!.toString()).toBe('unicode name');
      expect(fs.isDirectory('WINDOWS')).toBe(true);
      expect(fs.isDirectory('emptydir')).toBe(true);
      expect(fs.list('emptydir')).toEqual([]);
      expect(fs.list('')).toEqual(
        [
          'Case.txt',
          'Windows',
          'case.txt',
          'empty.txt',
          'emptydir',
          'links',
          'one.txt',
          'random.bin',
          'a-rather-long-directory-name-0',
          'Ünïcødé €.txt',
        ].sort(),
      );
      expect(fs.exists('nope')).toBe(false);
      expect(fs.readFile('nope')).toBeNull();
      expect(fs.resolve('..\\x')).toBeNull();
      expect(fs.resolve('one.txt')).toBe(`${wim.path}:1\\one.txt`);
      expect(fs.readFile('empty.txt')!.length).toBe(0);
      expect(fs.stat('random.bin')!.size).toBe(150_000);
      expect(fs.stat('links')!.isDirectory()).toBe(true);
      // Hard links are separate names of one content; the symbolic link is a reparse point, not followed.
      expect(fs.readFile('links\\hard1.bin')!.equals(fs.readFile('random.bin')!)).toBe(true);
      expect(fs.isFile('links\\sym.txt')).toBe(false);
      expect(fs.stat('links\\sym.txt')!.isSymbolicLink()).toBe(true);
      expect(() => fs.readFile('links\\sym.txt')).toThrow(/reparse point/);
      const hard = wim.image(1).root.children!.find((c) => c.name === 'links')!.children!;
      const ids = hard.filter((c) => c.name.startsWith('hard')).map((c) => c.hardLinkGroup);
      expect(ids[0]).not.toBe(0n);
      expect(ids[0]).toBe(ids[1]);
      const sym = hard.find((c) => c.name === 'sym.txt')!;
      expect(sym.reparse!.tag).toBe(0xa000000c);
      // The 260+-character path.
      const deep = Array.from({ length: 12 }, (_, i) => `a-rather-long-directory-name-${i}`).join('\\') + '\\deep.txt';
      expect(deep.length).toBeGreaterThan(260);
      expect(fs.readFile(deep.toUpperCase())!.toString()).toBe('at the bottom');
    } finally {
      wim.close();
    }
  });

  for (const name of ['lzx', 'xpress', 'lzms', 'solid-lzx-small']) {
    it(`${name}: a range costs the chunks it touches, not the file`, () => {
      const wim = open(name);
      try {
        const fs = new ImageFs(wim, 1);
        const host = readFileSync(join(f!.src, 'Windows', 'System32', 'config', 'SOFTWARE'));
        expect(host.length).toBeGreaterThan(1_000_000);
        // The paths resolved first: their directories' metadata chunks are read on the first lookup.
        expect(fs.isFile('Windows\\System32\\config\\SOFTWARE')).toBe(true);
        const before = wim.cache.decompressedBytes;
        const head = fs.readHead('Windows\\System32\\config\\SOFTWARE', 256 * 1024)!;
        expect(head.equals(host.subarray(0, 256 * 1024))).toBe(true);
        const tail = fs.readTail('Windows\\System32\\config\\SOFTWARE', 64 * 1024)!;
        expect(tail.truncated).toBe(true);
        expect(tail.data.equals(host.subarray(host.length - 64 * 1024))).toBe(true);
        const cost = wim.cache.decompressedBytes - before;
        // 320 KiB asked for; at most a chunk more at each end of each range (solid: chunks shared with other files).
        const chunk = name === 'lzms' ? 131072 : 32768;
        expect(cost).toBeLessThanOrEqual(320 * 1024 + 4 * chunk);
        expect(cost).toBeLessThan(host.length * 0.75);
        const pieces: Buffer[] = [];
        fs.forEachTailChunk('Windows\\Panther\\setupact.log', 150_000, 65536, (c, pos) => {
          expect(pos).toBe(200_000 - 150_000 + pieces.reduce((n, p) => n + p.length, 0));
          pieces.push(Buffer.from(c));
        });
        expect(Buffer.concat(pieces).equals(readFileSync(join(f!.src, 'Windows', 'Panther', 'setupact.log')).subarray(50_000))).toBe(true);
      } finally {
        wim.close();
      }
    });
  }

  it('extractors read an image as they read the folder it was captured from', () => {
    const wim = open('lzms');
    try {
      const img = new ImageFs(wim, 1);
      const vol = new VolumeFs(f!.src);
      expect(findInstallations(img)).toEqual(findInstallations(vol));
      const a = readPantherLogs(img, 'Windows');
      const b = readPantherLogs(vol, 'Windows');
      expect(JSON.stringify(a).split(f!.src).join('')).toBe(JSON.stringify(b).split(f!.src).join(''));
    } finally {
      wim.close();
    }
  });
});
