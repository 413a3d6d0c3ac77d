// winpe-scripts/startnet.cmd run for real by wine's cmd, as WinPE runs it: from X:\Windows\System32, after a
// stand-in wpeinit, with the real preflight.exe on a stick mapped as a drive letter — or a stand-in that
// crashes. Each exit code must take its own branch, and only 0 may read as ready.
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../support/corpus';
import { buildScenario, oneVolumeScenario } from '../../src/sample/windows-volume';
import { buildStandin, EXE, mapDrives, runWine, setWinPE, wineSetup, type WineSetup } from '../support/wine';

const setup = wineSetup();
const tmp = mkdtempSync(join(tmpdir(), 'preflight-startnet-'));
const STARTNET = join(PROJECT_ROOT, 'winpe-scripts', 'startnet.cmd');

/** X:\Windows\System32 of a WinPE image: startnet.cmd, and the wpeinit stand-in (cmd finds it in the current directory). */
function winpeSystem32(root: string, wpeinit: string): string {
  const system32 = join(root, 'Windows', 'System32');
  mkdirSync(system32, { recursive: true });
  copyFileSync(STARTNET, join(system32, 'startnet.cmd'));
  copyFileSync(wpeinit, join(system32, 'wpeinit.exe'));
  return system32;
}

/** A stick as make-stick.ps1 lays it out: \preflight\preflight.exe and the marker beside it. */
function stickWith(dir: string, exe: string): string {
  mkdirSync(join(dir, 'preflight'), { recursive: true });
  symlinkSync(exe, join(dir, 'preflight', 'preflight.exe'));
  writeFileSync(join(dir, 'preflight', 'preflight-stick.txt'), 'preflight stick\r\n');
  return dir;
}

describe.skipIf(!setup)('startnet.cmd under wine', () => {
  const wine = setup as WineSetup;
  let crasher: string;
  let wpeinit: string;
  beforeAll(async () => {
    crasher = await buildStandin('crashing-preflight', tmp);
    wpeinit = await buildStandin('wpeinit', tmp);
    mapDrives(wine, {});
    await setWinPE(wine, true);
    return () => setWinPE(wine, false);
  });

  it('is kept with CRLF line endings (cmd misreads labels in LF files)', () => {
    const text = readFileSync(STARTNET, 'latin1');
    expect(text.split('\n').length).toBeGreaterThan(20);
    expect(text.split('\r\n').length).toBe(text.split('\n').length);
  });

  async function boot(name: string, volume: string | null, exe: string, extraDrives: Record<string, string> = {}) {
    const root = join(tmp, name);
    winpeSystem32(join(root, 'x'), wpeinit);
    const stick = stickWith(join(root, 'stick'), exe);
    mapDrives(wine, { ...(volume ? { D: volume } : {}), ...extraDrives, S: stick, X: join(root, 'x') });
    const r = await runWine(wine, 'cmd', ['/c', 'X:\\Windows\\System32\\startnet.cmd'], { cwd: 'X:\\Windows\\System32' });
    expect(r.stdout).toMatch(/^wpeinit \(test stand-in\) ran\r?\n/);
    const reports = join(stick, 'preflight', 'reports');
    return { ...r, runs: existsSync(reports) ? readdirSync(reports).map((d) => join(reports, d)) : [] };
  }

  it.each([
    ['ready', 'RESULT: READY'],
    ['warnings', 'RESULT: WARNINGS'],
    ['blocked', 'RESULT: BLOCKED'],
  ] as const)(
    '%s volume: takes the %s branch and leaves the report on the stick, in a folder of the offline computer',
    async (verdict, line) => {
      const name = oneVolumeScenario(verdict);
      const [volume] = buildScenario(join(tmp, `vol-${verdict}`), name);
      const r = await boot(verdict, volume, EXE);
      expect(r.stdout).toContain(line);
      expect(r.stdout.match(/RESULT: /g)).toHaveLength(1);
      expect(r.runs).toHaveLength(1);
      expect(r.runs[0]).toMatch(/[\\/]DESKTOP-7QK2M4V_\d{8}-\d{6}Z$/);
      const report = JSON.parse(readFileSync(join(r.runs[0], 'preflight-report.json'), 'utf8')) as {
        verdict: string;
        scannedVolumes: string[];
      };
      expect(report.verdict).toBe(verdict);
      // X: (WinPE) and S: (the stick) are passed over.
      expect(report.scannedVolumes).toEqual(['D:\\']);
    },
  );

  it('a stick that cannot take the report (a file where the reports folder goes): REPORT-NOT-WRITTEN, not ready', async () => {
    const [volume] = buildScenario(join(tmp, 'vol-noreport'), oneVolumeScenario('ready'));
    const root = join(tmp, 'noreport');
    winpeSystem32(join(root, 'x'), wpeinit);
    const stick = stickWith(join(root, 'stick'), EXE);
    writeFileSync(join(stick, 'preflight', 'reports'), 'a file, not a folder');
    mapDrives(wine, { D: volume, S: stick, X: join(root, 'x') });
    const r = await runWine(wine, 'cmd', ['/c', 'X:\\Windows\\System32\\startnet.cmd'], { cwd: 'X:\\Windows\\System32' });
    expect(r.stdout).toContain('Verdict: READY');
    expect(r.stdout).toContain('RESULT: REPORT-NOT-WRITTEN');
    expect(r.stdout).not.toContain('RESULT: READY');
  });

  it('a preflight.exe that crashes (exit -1073741515) fails closed, never ready', async () => {
    const [volume] = buildScenario(join(tmp, 'vol-crash'), oneVolumeScenario('ready'));
    const r = await boot('crash', volume, crasher);
    expect(r.stdout).toContain('RESULT: FAILED - preflight did not finish (exit code -1073741515)');
    expect(r.stdout).not.toContain('RESULT: READY');
  });

  it('a copy of preflight on the Windows volume is never taken for the stick', async () => {
    // D: is a ready Windows volume that also carries \preflight\ with the marker — and the crashing stand-in.
    const [volume] = buildScenario(join(tmp, 'vol-decoy'), oneVolumeScenario('ready'));
    stickWith(volume, crasher);
    const r = await boot('decoy', volume, EXE);
    expect(r.stdout).toContain('RESULT: READY');
    expect(existsSync(join(volume, 'preflight', 'reports'))).toBe(false);
  });

  it('run from the stick itself (beside preflight.exe), the stick is the folder it runs from', async () => {
    const [volume] = buildScenario(join(tmp, 'vol-onstick'), oneVolumeScenario('ready'));
    const root = join(tmp, 'onstick');
    const stick = stickWith(join(root, 'stick'), EXE);
    copyFileSync(STARTNET, join(stick, 'preflight', 'startnet.cmd'));
    copyFileSync(wpeinit, join(stick, 'preflight', 'wpeinit.exe'));
    // A second stick-like drive that sorts first: the script's own folder wins over any search.
    const other = stickWith(join(root, 'other'), crasher);
    mapDrives(wine, { D: volume, E: other, S: stick });
    const r = await runWine(wine, 'cmd', ['/c', 'S:\\preflight\\startnet.cmd'], { cwd: 'S:\\preflight' });
    expect(r.stdout).toContain('RESULT: READY');
    expect(readdirSync(join(stick, 'preflight', 'reports'))).toHaveLength(1);
  });

  it('with no stick: says so, runs nothing', async () => {
    const root = join(tmp, 'nostick');
    winpeSystem32(join(root, 'x'), wpeinit);
    mapDrives(wine, { X: join(root, 'x') });
    const r = await runWine(wine, 'cmd', ['/c', 'X:\\Windows\\System32\\startnet.cmd'], { cwd: 'X:\\Windows\\System32' });
    expect(r.stdout).toContain('RESULT: NO-STICK');
  });
});
