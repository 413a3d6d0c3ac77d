// VolumeFs resolves a volume-relative path the way Windows would find it on NTFS: component by component,
// exact spelling first, else the one name that upcases the same. Each path asked is resolved once per VolumeFs
// (a check asks for the same folders many times); the answers must be those path.join would give.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { VolumeFs } from '../../src/windows/volume-fs';

const root = mkdtempSync(join(tmpdir(), 'preflight-volume-fs-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
mkdirSync(join(root, 'windows', 'SYSTEM32', 'Config'), { recursive: true });
writeFileSync(join(root, 'windows', 'SYSTEM32', 'Config', 'system'), 'hive');
mkdirSync(join(root, 'Users'));

describe('VolumeFs', () => {
  const vol = new VolumeFs(root);

  it('finds a path in any case, spelled as on disk, again and again', () => {
    for (let i = 0; i < 2; i++) {
      expect(vol.resolve('Windows\\System32\\config\\SYSTEM')).toBe(join(root, 'windows', 'SYSTEM32', 'Config', 'system'));
      expect(vol.resolve('/windows/system32/CONFIG/')).toBe(join(root, 'windows', 'SYSTEM32', 'Config'));
      expect(vol.displayPath('Windows/System32/config/SYSTEM')).toBe('windows\\SYSTEM32\\Config\\system');
      expect(vol.resolve('')).toBe(root);
      expect(vol.resolve('.\\Users\\.')).toBe(join(root, 'Users'));
      expect(vol.isFile('WINDOWS\\system32\\config\\System')).toBe(true);
    }
  });

  it('answers null for what is not there and for a path that climbs out', () => {
    for (let i = 0; i < 2; i++) {
      expect(vol.resolve('Windows\\System32\\config\\SOFTWARE')).toBeNull();
      expect(vol.resolve('Windows\\..\\..\\etc')).toBeNull();
      expect(vol.displayPath('Windows\\Panther\\setupact.log')).toBe('Windows\\Panther\\setupact.log');
    }
  });

  it('joins names to the file system root as path.join does', () => {
    const top = new VolumeFs('/');
    expect(top.resolve('ETC')).toBe(join('/', 'etc'));
    expect(top.resolve('etc\\HOSTS')).toBe(join('/', 'etc', 'hosts'));
  });
});
