// Wording on hostile disks: a SYSTEM that is no file is an installation whose hive cannot be
// read, not "no Windows installation found"; an unreadable State.ini is not "not found".
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findInstallations } from '../../src/windows/locate';
import { runCli } from '../support/cli';
import { buildWindowsVolume } from '../../src/sample/windows-volume';

const tmp = mkdtempSync(join(tmpdir(), 'preflight-wording-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** A generalized Windows 11 volume whose `rel` (path parts below the root) is replaced by `make`. */
function volumeWith(name: string, rel: string[], make: (abs: string) => void): string {
  const root = join(tmp, name);
  buildWindowsVolume(root, { installations: [{ hiberboot: 0 }] });
  const abs = join(root, ...rel);
  rmSync(abs, { force: true });
  make(abs);
  return root;
}

const SYSTEM = ['Windows', 'System32', 'config', 'SYSTEM'];

describe('a SYSTEM hive that is not a regular file', () => {
  const cases: [string, (p: string) => void][] = [['directory', (p) => mkdirSync(p)]];
  if (process.platform !== 'win32') {
    cases.push(['FIFO', (p) => expect(spawnSync('mkfifo', [p]).status).toBe(0)]);
    cases.push(['device', (p) => symlinkSync('/dev/zero', p)]); // a device that would stream zeros forever
  }
  it.each(cases)('a %s: the installation is found and HIV002 names the SYSTEM hive', (kind, make) => {
    const root = volumeWith(`system-${kind}`, SYSTEM, make);
    expect(findInstallations(root)).toEqual([{ windowsDir: 'Windows' }]);
    const r = runCli(['check', root, '--json']);
    expect(r.stderr).not.toMatch(/no Windows installation found/);
    const report = JSON.parse(r.stdout);
    const hiv = report.installations[0].findings.find((f: { id: string; message: string }) => f.id === 'HIV002');
    expect(hiv.message).toMatch(/SYSTEM hive could not be read/);
    expect(report.verdict).not.toBe('ready');
  });
});

describe('State.ini that cannot be read', () => {
  it('a directory named State.ini: the reason says unreadable, not "not found"', () => {
    const root = volumeWith('stateini-dir', ['Windows', 'Setup', 'State', 'State.ini'], (p) => mkdirSync(p));
    // The registry alone decides; the reason must say why State.ini did not count.
    const report = JSON.parse(runCli(['check', root, '--json']).stdout);
    const reason: string = report.installations[0].generalization.reason;
    expect(reason).toMatch(/State\.ini unreadable: not a regular file/);
    expect(reason).not.toMatch(/not found/);
  });
});
