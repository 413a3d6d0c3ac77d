// Where `check --out` may write: never on an inspected volume (however it is spelled), never on WinPE's X:.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkOutputDir, inspectedRoots } from '../../src/cli/output-guard';
import { buildPlan } from '../../src/capture/plan';
import { captureRequest } from '../support/capture-request';

const tmp = mkdtempSync(join(tmpdir(), 'preflight-guard-'));
const volume = join(tmp, 'vol');
mkdirSync(join(volume, 'Windows'), { recursive: true });
const stick = join(tmp, 'stick');
mkdirSync(stick);

describe('checkOutputDir', () => {
  it('accepts a folder on another volume, existing or not', () => {
    expect(() => checkOutputDir(join(stick, 'logs', 'today'), [volume])).not.toThrow();
  });

  it.each([
    ['the volume itself', () => volume],
    ['a new folder on it', () => join(volume, 'reports', 'new')],
    [
      'a path through a link to it',
      () => {
        const link = join(tmp, 'link-to-vol');
        symlinkSync(volume, link);
        return join(link, 'logs');
      },
    ],
    ['a relative path that resolves onto it', () => join(volume, 'Windows', '..', 'out')],
  ])('refuses %s', (_, out) => {
    expect(() => checkOutputDir(out(), [volume])).toThrow(/never writes there/);
  });

  it('on Windows, compares case-insensitively and refuses the X: RAM disk of WinPE', () => {
    const env = { SystemRoot: 'X:\\Windows' };
    expect(() => checkOutputDir('X:\\logs', [], { platform: 'win32', env })).toThrow(/RAM disk/);
    expect(() =>
      checkOutputDir('X:\\logs', [], { platform: 'win32', env: { SystemRoot: 'C:\\Windows' }, isWinPE: () => false }),
    ).not.toThrow();
    // The MiniNT key says WinPE: its X: is the RAM disk whatever %SystemRoot% says.
    expect(() => checkOutputDir('X:\\logs', [], { platform: 'win32', env: { SystemRoot: 'C:\\Windows' }, isWinPE: () => true })).toThrow(
      /RAM disk/,
    );
    expect(() => checkOutputDir('c:\\Logs', ['C:\\'], { platform: 'win32', env: {} })).toThrow(/never writes there/);
    expect(() => checkOutputDir('E:\\logs', ['C:\\'], { platform: 'win32', env: {} })).not.toThrow();
  });
});

describe('inspectedRoots: what --out must stay off', () => {
  const scan = { installations: [{ volume: 'C:\\' }], unreadable: [{ volume: 'F:\\' }] } as never;
  it('volumes found on the machine: only those with Windows (or unreadable), not the capture drive without Windows', () => {
    expect(inspectedRoots(['C:\\', 'E:\\', 'F:\\'], true, scan)).toEqual(['C:\\', 'F:\\']);
    expect(() =>
      checkOutputDir('E:\\reports', inspectedRoots(['C:\\', 'E:\\', 'F:\\'], true, scan), { platform: 'win32', env: {} }),
    ).not.toThrow();
  });
  it('volumes the technician named: every one of them, and the volume of a Windows folder named', () => {
    expect(inspectedRoots(['E:\\', 'C:\\Windows'], false, scan)).toEqual(['E:\\', 'C:\\Windows', 'C:\\', 'F:\\']);
  });
});

// Bind mounts need root (CI runs as root); a second name for the same files must not pass the guard.
const mounts: string[] = [];
const bind = (from: string, to: string) => {
  mkdirSync(to, { recursive: true });
  const ok = spawnSync('mount', ['--bind', from, to]).status === 0;
  if (ok) mounts.unshift(to);
  return ok;
};
const canBind = process.platform === 'linux' && process.getuid?.() === 0 && bind(stick, join(tmp, 'probe-bind'));
if (!canBind) console.warn('output-guard: the bind-mount tests are skipped: mount --bind needs root (CI runs as root)');

describe.runIf(canBind)('a bind mount or second mount of the inspected volume (by device and inode, not by name)', () => {
  it('check --out and capture --image on a bind mount of the volume are refused', () => {
    const alias = join(tmp, 'alias-of-vol');
    expect(bind(volume, alias)).toBe(true);
    expect(() => checkOutputDir(join(alias, 'reports'), [volume])).toThrow(/is on the inspected volume/);
    const request = captureRequest({ source: volume, image: join(alias, 'x.wim') });
    const deps = {
      platform: 'linux' as const,
      env: {},
      spaceOf: () => ({ freeBytes: 2 ** 40, kind: 'ext4' as never }),
      measureSource: () => ({ bytes: 1, files: 1, directories: 1, excludedFiles: 0, excludedBytes: 0, largestFileBytes: 1 }),
      listImages: () => [],
      program: 'wimlib-imagex',
      mountOf: () => null,
    };
    expect(() => buildPlan(request, deps)).toThrow(/--image .* is on the source/);
  });
  it('when the volume is a mount point, a bind mount of one of its folders is on it too', () => {
    const vol2 = join(tmp, 'vol2');
    mkdirSync(vol2);
    expect(spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=4m', 'tmpfs', vol2]).status).toBe(0);
    mounts.unshift(vol2);
    mkdirSync(join(vol2, 'Users'));
    const alias = join(tmp, 'users-alias');
    expect(bind(join(vol2, 'Users'), alias)).toBe(true);
    expect(() => checkOutputDir(join(alias, 'reports'), [vol2])).toThrow(/is on the inspected volume/);
    expect(() => checkOutputDir(join(stick, 'reports'), [vol2])).not.toThrow();
  });
});

afterAll(() => {
  for (const m of mounts) spawnSync('umount', [m]);
});
