import { afterAll, describe, expect, it } from 'vitest';
import { findInstallations, looksLikeWindowsDir } from '../../src/windows/locate';
import { VolumeFs } from '../../src/windows/volume-fs';
import { cleanupVolumes, makeVolume } from './temp-volume';

afterAll(cleanupVolumes);

describe('findInstallations', () => {
  it.each<[string, Record<string, string | null>, string[]]>([
    ['standard layout', { 'Windows/System32/config/SYSTEM': 'regf' }, ['Windows']],
    ['odd casing on a case-sensitive mount', { 'windows/SYSTEM32/Config/system': 'regf' }, ['windows']],
    [
      'WINNT-like name and a second install',
      { 'WINNT/system32/CONFIG/SYSTEM': 'r', 'Windows/System32/config/SYSTEM': 'r' },
      ['Windows', 'WINNT'],
    ],
    ['Windows.old is not scanned deeply', { 'Windows.old/Windows/System32/config/SYSTEM': 'r' }, []],
    // A SYSTEM that is not a file still marks an installation: its hive is reported unreadable (HIV002).
    ['SYSTEM that is a directory', { 'Windows/System32/config/SYSTEM': null }, ['Windows']],
    ['hive missing', { 'Windows/System32/config/SOFTWARE': 'r', 'Users/Public': null }, []],
    ['empty volume', {}, []],
  ])('%s', (_name, layout, expected) => {
    const root = makeVolume(layout);
    expect(findInstallations(root).map((i) => i.windowsDir)).toEqual(expected);
    expect(findInstallations(new VolumeFs(root)).map((i) => i.windowsDir)).toEqual(expected);
  });

  it('does not throw on a missing root', () => {
    expect(findInstallations('/nonexistent/preflight/root')).toEqual([]);
  });

  it('recognises a Windows directory passed instead of its volume', () => {
    const root = makeVolume({ 'Windows/System32/config/SYSTEM': 'r' });
    expect(looksLikeWindowsDir(`${root}/Windows`)).toBe(true);
    expect(looksLikeWindowsDir(root)).toBe(false);
  });
});
