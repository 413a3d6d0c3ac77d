import { describe, expect, it } from 'vitest';
import { candidateVolumes, driveOf } from '../../src/host/volumes';

const present =
  (...letters: string[]) =>
  (p: string) =>
    letters.some((l) => p.toUpperCase() === `${l}:\\`);

describe('candidateVolumes', () => {
  it('in WinPE: every existing letter C..Z except X: (RAM disk) and the stick preflight runs from', () => {
    const r = candidateVolumes({
      platform: 'win32',
      exists: present('C', 'D', 'E', 'X'),
      env: { SystemRoot: 'X:\\windows', SystemDrive: 'X:' },
      execPath: 'E:\\preflight\\preflight.exe',
    });
    expect(r.volumes).toEqual(['C:\\', 'D:\\']);
    expect(r.skipped).toEqual([
      { volume: 'E:\\', reason: 'the drive preflight runs from' },
      { volume: 'X:\\', reason: 'WinPE RAM disk (%SystemRoot% drive)' },
    ]);
    expect(r.reason).toBeNull();
  });

  it('X: is a normal drive when %SystemRoot% is not on it; outside WinPE the running system drive is skipped', () => {
    const r = candidateVolumes({
      platform: 'win32',
      exists: present('C', 'D', 'X'),
      env: { SystemRoot: 'C:\\Windows' },
      execPath: 'E:\\tools\\preflight.exe',
      isWinPE: () => false,
    });
    expect(r.volumes).toEqual(['D:\\', 'X:\\']);
    expect(r.skipped).toEqual([{ volume: 'C:\\', reason: 'the running Windows (%SystemRoot% drive), not an offline installation' }]);
  });

  it('X: is skipped when the MiniNT key says this is WinPE, even where %SystemRoot% is elsewhere', () => {
    let asked = 0;
    const isWinPE = () => (asked++, true);
    const r = candidateVolumes({
      platform: 'win32',
      exists: present('C', 'D', 'X'),
      env: { SystemRoot: 'C:\\Windows' },
      execPath: 'E:\\p.exe',
      isWinPE,
    });
    expect(r.volumes).toEqual(['D:\\']);
    expect(r.skipped).toContainEqual({ volume: 'X:\\', reason: 'WinPE RAM disk (X: in WinPE)' });
    expect(asked).toBe(1);
  });

  it('never tries A: or B:', () => {
    const tried: string[] = [];
    candidateVolumes({ platform: 'win32', exists: (p) => (tried.push(p), false), env: {}, execPath: 'X:\\p.exe' });
    expect(tried[0]).toBe('C:\\');
    expect(tried).toHaveLength(24);
    expect(tried).not.toContain('A:\\');
  });

  it.each(['linux', 'darwin'] as const)('on %s: no volumes, and a reason for the CLI', (platform) => {
    const r = candidateVolumes({ platform, exists: () => true });
    expect(r.volumes).toEqual([]);
    expect(r.reason).toMatch(/pass a volume folder/);
  });

  it.each<[string | undefined, string | null]>([
    ['X:\\windows', 'X:'],
    ['c:', 'C:'],
    ['/usr/bin/node', null],
    [undefined, null],
  ])('driveOf(%s) = %s', (p, d) => expect(driveOf(p)).toBe(d));
});
