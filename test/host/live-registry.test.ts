// The live registry's reg.exe route, read back from what reg.exe really prints (test/data/reg-query/,
// recorded from wine's reg.exe; see its README), compared byte for byte with the same keys read from the
// store file by the hive reader. Both routes run for real in test/exe/live-registry-exe.test.ts.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openHive, type Key } from '../../src/hive';
import { MemoryKey } from '../../src/hive/memory-key';
import { LiveRegistryError, openLiveRegistry } from '../../src/host/live-registry';
import { readLiveMounts } from '../../src/host/live-volumes';
import { parseRegQuery } from '../../src/host/reg-exe-output';
import { rawDeviceOf } from '../../src/host/volumes';
import { corpusDir, corpusPath, PROJECT_ROOT } from '../support/corpus';
import { mountedGpt } from '../../src/sample/windows-volume';

const DATA = join(PROJECT_ROOT, 'test', 'data', 'reg-query');
const recorded = (name: string) => readFileSync(join(DATA, name), 'utf8');
const BOOTMGR = 'HKLM\\BCD00000000\\Objects\\{9dea862c-5cdd-4e70-acc1-f32b344d4795}';

/**
 * Every value of a tree as `path\name type data`, in a stable order: bytes in hex, text values as their text
 * (reg.exe prints text: a REG_SZ stored with more than one terminating NUL, as this store has one, comes
 * back with one).
 */
function flatten(key: Key | MemoryKey, path = ''): string[] {
  const data = (v: { type: number; raw(): Uint8Array; string(): string | null }) =>
    v.type === 1 || v.type === 2 ? JSON.stringify(v.string()) : Buffer.from(v.raw()).toString('hex');
  const lines = key.values().map((v) => `${path}\\${v.name} ${v.type} ${data(v)}`);
  for (const sub of key.subkeys()) lines.push(...flatten(sub, `${path}\\${sub.name.toLowerCase()}`));
  return lines.sort();
}

/** A spawn that answers as reg.exe answered, and records what it was asked. */
function regExe(stdout: string, status = 0) {
  const calls: string[][] = [];
  const spawn = (_cmd: string, args: string[]) => {
    calls.push(args);
    return { status, stdout };
  };
  return { spawn, calls };
}

describe('reg query output read back', () => {
  it.skipIf(!corpusDir())('a BCD object read with /s holds exactly the values of the store file it was imported from', () => {
    const tree = parseRegQuery(recorded('bcd-bootmgr-s.txt'), BOOTMGR)!;
    const fromFile = openHive(corpusPath('regipy/BCD')).root.subkey('Objects')!.subkey('{9dea862c-5cdd-4e70-acc1-f32b344d4795}')!;
    expect(tree.name).toBe('{9dea862c-5cdd-4e70-acc1-f32b344d4795}');
    expect(flatten(tree)).toEqual(flatten(fromFile));
    expect(flatten(tree).length).toBe(12);
  });

  it('every registry type is turned back into the bytes Windows stores', () => {
    const out = [
      '',
      'HKEY_LOCAL_MACHINE\\SOFTWARE\\T',
      '    (Default)    REG_SZ    default text',
      '    Empty    REG_SZ    ',
      '    Path    REG_EXPAND_SZ    %SystemRoot%\\system32',
      '    List    REG_MULTI_SZ    one\\0two\\0three',
      '    Count    REG_DWORD    0x1f',
      '    Big    REG_QWORD    0x100000002',
      '    Blob    REG_BINARY    DEADBEEF',
      '    Nothing    REG_NONE    ',
      '',
    ].join('\r\n');
    const t = parseRegQuery(out, 'HKLM\\SOFTWARE\\T')!;
    expect(t.value('')!.string()).toBe('default text');
    expect(Buffer.from(t.value('empty')!.raw()).toString('hex')).toBe('0000');
    expect(t.value('Path')!.string()).toBe('%SystemRoot%\\system32');
    expect(t.value('List')!.strings()).toEqual(['one', 'two', 'three']);
    expect(Buffer.from(t.value('List')!.raw()).toString('utf16le')).toBe('one\0two\0three\0\0');
    expect(t.value('Count')!.number()).toBe(31);
    expect(Buffer.from(t.value('Big')!.raw()).toString('hex')).toBe('0200000001000000');
    expect(Buffer.from(t.value('Blob')!.raw()).toString('hex')).toBe('deadbeef');
    expect(t.value('Nothing')!.raw().length).toBe(0);
  });

  it('lines of other keys are not taken for the one asked', () => {
    const out =
      'HKEY_LOCAL_MACHINE\\SOFTWARE\\Tx\r\n    A    REG_DWORD    0x1\r\n\r\nHKEY_LOCAL_MACHINE\\SOFTWARE\\T\r\n    B    REG_DWORD    0x2\r\n';
    const t = parseRegQuery(out, 'HKLM\\SOFTWARE\\T')!;
    expect(t.values().map((v) => v.name)).toEqual(['B']);
    expect(parseRegQuery('', 'HKLM\\X')).toBeNull();
  });
});

describe('openLiveRegistry', () => {
  it('is null off Windows', () => {
    expect(openLiveRegistry({ platform: 'linux' })).toBeNull();
  });

  it('falls back to reg.exe where the addon cannot be had (plain node), and says why', () => {
    const { spawn, calls } = regExe(recorded('bcd-bootmgr-s.txt'));
    const live = openLiveRegistry({ platform: 'win32', env: { SystemRoot: 'X:\\windows' }, spawn: spawn as never })!;
    expect(live.route).toBe('reg.exe');
    expect(live.fallbackReason).toMatch(/node:sea|not running as preflight\.exe|not Windows/);
    const tree = live.read(BOOTMGR, 2)!;
    expect(calls).toEqual([['query', 'HKEY_LOCAL_MACHINE\\BCD00000000\\Objects\\{9dea862c-5cdd-4e70-acc1-f32b344d4795}', '/s']]);
    expect(tree.subkey('Elements')!.subkeys().length).toBe(10);
    // depth 0: the key's own values only
    expect(live.read(BOOTMGR, 0)!.subkeys()).toEqual([]);
  });

  it('a key reg.exe cannot find is null; reg.exe that cannot run is a LiveRegistryError; only HKLM is read', () => {
    const missing = openLiveRegistry({ platform: 'win32', env: { PREFLIGHT_REGISTRY: 'reg.exe' }, spawn: regExe('', 1).spawn as never })!;
    expect(missing.read('HKLM\\BCD00000000', 4)).toBeNull();
    const broken = openLiveRegistry({
      platform: 'win32',
      env: {},
      spawn: (() => ({ status: null, error: new Error('spawn reg.exe ENOENT') })) as never,
    })!;
    expect(() => broken.read('HKLM\\SYSTEM')).toThrow(LiveRegistryError);
    expect(() => missing.read('HKCU\\Software')).toThrow(/only HKEY_LOCAL_MACHINE/);
  });

  it('PREFLIGHT_REGISTRY=native-reg without the addon is a one-line error, not a silent fall-back', () => {
    expect(() => openLiveRegistry({ platform: 'win32', env: { PREFLIGHT_REGISTRY: 'native-reg' } })).toThrow(
      /PREFLIGHT_REGISTRY=native-reg, but/,
    );
  });
});

describe('readLiveMounts', () => {
  it("wine's MountedDevices: volumes and letters whose values are Unix paths name no partition", () => {
    const live = openLiveRegistry({
      platform: 'win32',
      env: { PREFLIGHT_REGISTRY: 'reg.exe' },
      spawn: regExe(recorded('mounted-devices.txt')).spawn as never,
    })!;
    const mounts = readLiveMounts(live)!;
    expect(mounts.volumes).toEqual([
      { root: '\\\\?\\Volume{00000000-0000-0000-0000-000000000043}\\', identity: null },
      { root: '\\\\?\\Volume{00000000-0000-0000-0000-000000000044}\\', identity: null },
    ]);
    expect([...mounts.letters]).toEqual([
      ['C:', null],
      ['D:', null],
    ]);
  });

  it('a volume entry holding DMIO:ID: and a GPT partition GUID names that partition', () => {
    const hex = Buffer.from(mountedGpt('{5d8f8e3a-1c2b-4e7f-9a6b-0123456789ab}')).toString('hex').toUpperCase();
    const out = `\r\nHKEY_LOCAL_MACHINE\\SYSTEM\\MountedDevices\r\n    \\??\\Volume{4f0b7c1e-9d2a-4c36-8e51-2a7d3b9c6f10}    REG_BINARY    ${hex}\r\n    \\DosDevices\\E:    REG_BINARY    ${hex}\r\n`;
    const live = openLiveRegistry({ platform: 'win32', env: { PREFLIGHT_REGISTRY: 'reg.exe' }, spawn: regExe(out).spawn as never })!;
    const mounts = readLiveMounts(live)!;
    const identity = { style: 'gpt', partitionGuid: '{5d8f8e3a-1c2b-4e7f-9a6b-0123456789ab}' };
    expect(mounts.volumes).toEqual([{ root: '\\\\?\\Volume{4f0b7c1e-9d2a-4c36-8e51-2a7d3b9c6f10}\\', identity }]);
    expect(mounts.letters.get('E:')).toEqual(identity);
  });
});

describe('rawDeviceOf', () => {
  it('a volume GUID root: the volume itself is the path without its last backslash', () => {
    expect(rawDeviceOf('\\\\?\\Volume{4f0b7c1e-9d2a-4c36-8e51-2a7d3b9c6f10}\\', 'win32')).toBe(
      '\\\\?\\Volume{4f0b7c1e-9d2a-4c36-8e51-2a7d3b9c6f10}',
    );
    expect(rawDeviceOf('D:\\', 'win32')).toBe('\\\\.\\D:');
    expect(rawDeviceOf('\\\\?\\Volume{4f0b7c1e-9d2a-4c36-8e51-2a7d3b9c6f10}\\', 'linux')).toBeNull();
  });
});
