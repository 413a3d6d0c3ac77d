// Where `check --out` may write: never on an inspected volume (however it is spelled), never on WinPE's X:.
import { mkdirSync, mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkOutputDir } from '../../src/cli/output-guard';

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
    ['a path through a link to it', () => {
      const link = join(tmp, 'link-to-vol');
      symlinkSync(volume, link);
      return join(link, 'logs');
    }],
    ['a relative path that resolves onto it', () => join(volume, 'Windows', '..', 'out')],
  ])('refuses %s', (_, out) => {
    expect(() => checkOutputDir(out(), [volume])).toThrow(/never writes there/);
  });

  it('on Windows, compares case-insensitively and refuses the X: RAM disk of WinPE', () => {
    const env = { SystemRoot: 'X:\\Windows' };
    expect(() => checkOutputDir('X:\\logs', [], { platform: 'win32', env })).toThrow(/RAM disk/);
    expect(() => checkOutputDir('X:\\logs', [], { platform: 'win32', env: { SystemRoot: 'C:\\Windows' }, isWinPE: () => false })).not.toThrow();
    // The MiniNT key says WinPE: its X: is the RAM disk whatever %SystemRoot% says.
    expect(() => checkOutputDir('X:\\logs', [], { platform: 'win32', env: { SystemRoot: 'C:\\Windows' }, isWinPE: () => true })).toThrow(/RAM disk/);
    expect(() => checkOutputDir('c:\\Logs', ['C:\\'], { platform: 'win32', env: {} })).toThrow(/never writes there/);
    expect(() => checkOutputDir('E:\\logs', ['C:\\'], { platform: 'win32', env: {} })).not.toThrow();
  });
});
