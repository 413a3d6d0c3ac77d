import { describe, expect, it } from 'vitest';
import { readHostFacts } from '../../src/host/host-facts';
import type { Spawn } from '../../src/host/reg-query';

/** A reg.exe that answers from a table, as `reg query KEY` prints a key's values, key names in full (exit 1 when absent). */
function regExe(values: Record<string, [string, string]>): Spawn {
  return (_cmd, args) => {
    const [, key] = args;
    const lines = Object.entries(values)
      .filter(([path]) => path.slice(0, path.lastIndexOf('\\')) === key)
      .map(([path, [type, data]]) => `    ${path.slice(path.lastIndexOf('\\') + 1)}    ${type}    ${data}`);
    if (lines.length === 0) return { status: 1, stdout: '' };
    return { status: 0, stdout: `\r\n${key}\r\n${lines.join('\r\n')}\r\n\r\n` };
  };
}

const CONTROL = 'HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control';
const CV = 'HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion';

describe('readHostFacts', () => {
  it('WinPE booted with UEFI, its build and UBR', () => {
    const spawn = regExe({
      [`${CONTROL}\\PEFirmwareType`]: ['REG_DWORD', '0x2'],
      [`${CV}\\CurrentBuildNumber`]: ['REG_SZ', '26100'],
      [`${CV}\\UBR`]: ['REG_DWORD', '0x1'],
    });
    expect(readHostFacts({ platform: 'win32', isWinPE: () => true, spawn })).toEqual({
      platform: 'win32',
      winpe: true,
      firmware: 'uefi',
      windowsVersion: '10.0.26100.1',
      registry: 'reg.exe',
    });
  });
  it('BIOS; a missing PEFirmwareType is unknown, not a guess', () => {
    expect(
      readHostFacts({ platform: 'win32', isWinPE: () => true, spawn: regExe({ [`${CONTROL}\\PEFirmwareType`]: ['REG_DWORD', '0x1'] }) })
        .firmware,
    ).toBe('bios');
    expect(readHostFacts({ platform: 'win32', isWinPE: () => true, spawn: regExe({}) })).toMatchObject({
      firmware: null,
      windowsVersion: null,
      registry: 'reg.exe',
    });
  });
  it('outside Windows: no look-ups', () => {
    expect(
      readHostFacts({
        platform: 'linux',
        spawn: () => {
          throw new Error('must not run');
        },
      }),
    ).toEqual({ platform: 'linux', winpe: false, firmware: null, windowsVersion: null, registry: null });
  });
});
