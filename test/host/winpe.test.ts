import { describe, expect, it } from 'vitest';
import { MININT_KEY, detectWinPE, isWinPE } from '../../src/host/winpe';

function fakeSpawn(result: { status: number | null; error?: Error } | 'throw') {
  const calls: { command: string; args: string[] }[] = [];
  const spawnSync = (command: string, args: string[]) => {
    calls.push({ command, args });
    if (result === 'throw') throw new Error('spawn failed');
    return result;
  };
  return { calls, spawnSync };
}

describe('detectWinPE', () => {
  it.each<[string, { status: number | null; error?: Error } | 'throw', boolean | null]>([
    ['MiniNT key exists (reg exit 0)', { status: 0 }, true],
    ['key missing (reg exit 1)', { status: 1 }, false],
    ['reg.exe missing', { status: null, error: new Error('spawnSync reg.exe ENOENT') }, null],
    ['unexpected exit code', { status: 5 }, null],
    ['spawn throws', 'throw', null],
  ])('%s → %s', (_n, result, expected) => {
    const fake = fakeSpawn(result);
    const r = detectWinPE({ platform: 'win32', env: { SystemRoot: 'X:\\windows' }, spawnSync: fake.spawnSync });
    expect(r.winpe).toBe(expected);
    expect(r.detail.length).toBeGreaterThan(0);
    expect(fake.calls).toEqual([{ command: 'X:\\windows\\System32\\reg.exe', args: ['query', MININT_KEY] }]);
    expect(isWinPE({ platform: 'win32', env: { SystemRoot: 'X:\\windows' }, spawnSync: fake.spawnSync })).toBe(expected === true);
  });

  it('does not run anything off Windows', () => {
    const fake = fakeSpawn({ status: 0 });
    expect(detectWinPE({ platform: 'linux', spawnSync: fake.spawnSync }).winpe).toBe(false);
    expect(fake.calls).toEqual([]);
  });

  it('MiniNT key path is the documented one', () => {
    expect(MININT_KEY).toBe('HKLM\\SYSTEM\\CurrentControlSet\\Control\\MiniNT');
  });
});
