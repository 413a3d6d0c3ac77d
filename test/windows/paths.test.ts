import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  FileTooLargeError,
  VolumeFs,
  VolumeReadError,
  resolvePath,
  splitRelative,
  toVolumeRelative,
  upcaseName,
} from '../../src/windows/volume-fs';
import { cleanupVolumes, makeVolume } from './temp-volume';

afterAll(cleanupVolumes);

describe('case-insensitive resolution on a case-sensitive file system', () => {
  const root = makeVolume({
    'windows/SYSTEM32/Config/system': 'hive',
    'windows/SYSTEM32/Config/SOFTWARE': 'sw',
    'windows/Panther/setupact.log': 'log',
    'Both/lower': 'exact-lower',
    'Both/LOWER': 'exact-upper',
    'Straße/file.txt': 'x',
    'Été/f': 'y',
  });
  const vol = new VolumeFs(root);

  it.each([
    ['Windows\\System32\\config\\SYSTEM', 'windows/SYSTEM32/Config/system'],
    ['WINDOWS/system32/CONFIG/software', 'windows/SYSTEM32/Config/SOFTWARE'],
    ['\\Windows\\Panther\\SETUPACT.LOG', 'windows/Panther/setupact.log'],
    ['windows//panther/./setupact.log', 'windows/Panther/setupact.log'],
    ['STRASSE/file.txt', null], // no 'ß' → 'SS' folding (Windows upcase keeps the length)
    ['STRAßE/FILE.TXT', 'Straße/file.txt'],
    ['éTÉ/F', 'Été/f'],
    ['Windows\\System32\\config\\SAM', null],
    ['Windows\\..\\etc\\passwd', null],
    ['nope', null],
  ])('%s → %s', (rel, expected) => {
    const got = vol.resolve(rel);
    expect(got).toBe(expected === null ? null : path.join(root, ...expected.split('/')));
    expect(resolvePath(root, rel)).toBe(got);
  });

  it('prefers the exact spelling when several entries differ only in case', () => {
    expect(vol.readFile('Both/LOWER')?.toString()).toBe('exact-upper');
    expect(vol.readFile('Both/lower')?.toString()).toBe('exact-lower');
    // no exact match: the first in sorted order, deterministically
    expect(vol.readFile('both/Lower')?.toString()).toBe('exact-upper');
  });

  it('reports evidence paths with on-disk casing and backslashes', () => {
    expect(vol.displayPath('Windows/System32/config/SYSTEM')).toBe('windows\\SYSTEM32\\Config\\system');
    expect(vol.displayPath('Windows/System32/config/SAM')).toBe('Windows\\System32\\config\\SAM');
  });

  it('answers exists / isFile / isDirectory / list', () => {
    expect(vol.exists('WINDOWS')).toBe(true);
    expect(vol.isDirectory('WINDOWS')).toBe(true);
    expect(vol.isFile('WINDOWS')).toBe(false);
    expect(vol.isFile('windows/system32/config/system')).toBe(true);
    expect(vol.list('windows/system32/config')).toEqual(['SOFTWARE', 'system']);
    expect(vol.list('windows/system32/config/system')).toBeNull();
    expect(vol.list('missing')).toBeNull();
    expect(vol.list('')).toContain('windows');
  });
});

describe('reads', () => {
  const root = makeVolume({ 'a/big.bin': Buffer.alloc(1000, 7), 'a/log.txt': '0123456789', 'a/empty': '', 'a/dir': null });
  const vol = new VolumeFs(root);

  it('readFile returns null when absent and guards the size', () => {
    expect(vol.readFile('a/none')).toBeNull();
    expect(vol.readFile('A/LOG.TXT')?.toString()).toBe('0123456789');
    expect(vol.readFile('a/empty')?.length).toBe(0);
    expect(() => vol.readFile('a/big.bin', 999)).toThrow(FileTooLargeError);
    expect(vol.readFile('a/big.bin', 1000)?.length).toBe(1000);
  });

  it('readHead and readTail', () => {
    expect(vol.readHead('a/log.txt', 4)?.toString()).toBe('0123');
    expect(vol.readHead('a/log.txt', 100)?.toString()).toBe('0123456789');
    expect(vol.readTail('a/log.txt', 3)).toEqual({ data: Buffer.from('789'), size: 10, truncated: true });
    expect(vol.readTail('a/log.txt', 30)?.truncated).toBe(false);
    expect(vol.readTail('a/none', 3)).toBeNull();
  });

  it('refuses to read a directory as a file', () => {
    expect(() => vol.readFile('a/dir')).toThrow(VolumeReadError);
  });

  it('caches directory listings for the object lifetime (one VolumeFs = one snapshot of names)', () => {
    const v2 = new VolumeFs(root);
    expect(v2.exists('a/later')).toBe(false);
    fs.writeFileSync(path.join(root, 'a', 'later'), 'x');
    expect(v2.exists('a/later')).toBe(false);
    expect(new VolumeFs(root).exists('a/later')).toBe(true);
  });
});

describe('helpers', () => {
  it.each([
    ['Windows/System32//config/', 'Windows\\System32\\config'],
    ['\\Windows\\Panther\\', 'Windows\\Panther'],
    ['./hiberfil.sys', 'hiberfil.sys'],
  ])('toVolumeRelative(%s) = %s', (input, out) => expect(toVolumeRelative(input)).toBe(out));

  it('splitRelative refuses to climb out of the volume', () => {
    expect(splitRelative('a\\..\\b')).toBeNull();
    expect(splitRelative('a/./b')).toEqual(['a', 'b']);
  });

  it('upcaseName keeps one unit per unit', () => {
    expect(upcaseName('straße')).toBe('STRAßE');
    expect(upcaseName('système32')).toBe('SYSTÈME32');
  });
});
