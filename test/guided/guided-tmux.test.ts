// The guided run in a real terminal: the built CLI (dist/preflight.cjs) runs in tmux in an 80x25 window
// against scenario volumes with real hives; keys are sent as a technician types them and the screen is
// read back. Captures are real wimlib captures, read back with `wimlib-imagex info` — those that must
// verify are DISM captures whose stand-in leaves a real WIM of the volume with its NTFS security
// descriptors (test/support/ntfs-wim.ts): wimlib's directory capture on Linux has none and does not verify.
// Ctrl+C is the key a raw-mode console delivers, and the engine process is looked for afterwards.
import { randomBytes } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CLI } from '../support/cli';
import { dismLeaving, ntfsWim, ntfsWimAvailable } from '../support/ntfs-wim';
import { haveTmux, Tmux } from '../support/tmux';
import { buildBcdStore } from '../support/bcd-store';
import { buildScenario, buildWindowsVolume, IMAGE_STATE, mountedGpt, UNPROVISIONED_LXP } from '../../src/sample/windows-volume';

const haveWimlib = !spawnSync('wimlib-imagex', ['--version']).error;
if ((!haveTmux || !haveWimlib) && process.env.PREFLIGHT_REQUIRE_CORPUS)
  throw new Error('tmux or wimlib-imagex is missing: apt-get install tmux wimtools (.ci/run does)');

// The system's temporary folder, not the run's (vitest.config.ts): the report's path must fit the 80x25 screen
// whole. Removed below.
const tmp = mkdtempSync(join(process.env.PREFLIGHT_TEST_SYSTEM_TMPDIR ?? tmpdir(), 'pfg-'));
const READY = join(tmp, 'ready');
const BLOCKED = join(tmp, 'blocked');
const sessions: Tmux[] = [];
let n = 0;

beforeAll(() => {
  buildWindowsVolume(READY, {
    installations: [{ hiberboot: 0, computerName: 'PC-READY-01', machineSid: 'S-1-5-21-1111111111-2222222222-3333333333' }],
  });
  buildWindowsVolume(BLOCKED, {
    installations: [{ imageState: IMAGE_STATE.COMPLETE, users: [{ name: 'tech', rid: 1001 }], computerName: 'PC-BLOCKED-02' }],
  });
});
afterEach(() => {
  // Every tmux server goes, whether the test passed or not (its command with it).
  for (const s of sessions.splice(0)) s.kill();
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** A fresh folder (a destination, a report folder). */
function folder(label: string): string {
  const d = join(tmp, `${label}-${++n}`);
  mkdirSync(d, { recursive: true });
  return d;
}

/** `preflight ARGS…` in an 80x25 tmux window (or another size). */
function guided(args: string[], o: { width?: number; height?: number; env?: Record<string, string> } = {}): Tmux {
  const t = new Tmux([process.execPath, CLI, ...args], o);
  sessions.push(t);
  return t;
}

/** After the run: exit code, the console given back (line mode, echo, cursor, main screen). */
async function endsRestored(t: Tmux): Promise<number> {
  const code = await t.exitCode();
  const s = t.screen();
  expect(s).toMatch(/^modes: icanon echo$/m);
  const pane = t.pane();
  expect(pane.alternate).toBe(false);
  expect(pane.cursor).toBe(true);
  return code;
}

/** From the summary to a running capture, every default taken: the first destination, the proposed name, the plan. */
async function captureWithDefaults(t: Tmux): Promise<void> {
  await t.waitFor('Enter open  c capture');
  t.keys('c');
  await t.waitFor('destination');
  t.keys('Enter');
  await t.waitFor('image name');
  t.keys('Enter');
  await t.waitFor('confirm the plan', 180_000);
  t.keys('Enter');
}

const runFolderOf = (out: string) => {
  const runs = readdirSync(out);
  expect(runs).toHaveLength(1);
  return join(out, runs[0]);
};

// Each test waits for several screens, each wait with its own generous deadline: the test's deadline is their sum.
describe.runIf(haveTmux && haveWimlib)('preflight VOLUME… on a console: the guided run in tmux', { timeout: 600_000 }, () => {
  it('summary: one line per installation (volume, OS and build, computer, generalization, verdict), fits 80x25', async () => {
    const out = folder('out');
    const t = guided([READY, BLOCKED, '--out', out]);
    const s = await t.waitFor('Enter open  c capture');
    const rows = t.rows();
    expect(rows).toHaveLength(25);
    expect(rows[24]).toMatch(/^Up\/Down or 1-2 choose\s+Enter open\s+c capture\s+q quit/);
    for (const r of rows) expect(r.length).toBeLessThan(80);
    expect(s).toMatch(/^> 1  \S*ready\s+Windows 11 Pro 26100 PC-READY-01\s+generalized\s+READY$/m);
    expect(s).toMatch(/^ {2}2  \S*blocked\s+Windows 11 Pro 26100 PC-BLOCKED-02\s+NOT generalized BLOCKED$/m);
    expect(s).toMatch(/^Verdict: BLOCKED - do not capture$/m);
    expect(s).toMatch(/^Blocked by: GEN001$/m);
    expect(s).toContain(`Report: ${out}/PC-READY-01+PC-BLOCKED-02_`);
    expect(t.pane().alternate).toBe(true);
    t.keys('q');
    expect(await endsRestored(t)).toBe(2); // quit without capture: check's exit code
    expect(t.screen()).toMatch(/^preflight: BLOCKED - do not capture$/m);
    const run = runFolderOf(out);
    expect(readdirSync(run).sort()).toEqual(['preflight-report.html', 'preflight-report.json', 'preflight-report.txt', 'preflight.log']);
    expect(readFileSync(join(run, 'preflight.log'), 'utf8')).toMatch(/guided run ended by the technician; exit code 2/);
  });

  it('summary with a boot store: the disk table under the installations; the system partition is no destination', async () => {
    const disk = '{5b7e6a6c-0a4e-4c0f-9f43-7d1f3bb0c001}';
    const part = '{5b7e6a6c-0a4e-4c0f-9f43-7d1f3bb0c003}';
    const esp = folder('esp');
    buildBcdStore(join(esp, 'EFI', 'Microsoft', 'Boot', 'BCD'), [
      { id: '{11111111-0000-4000-8000-000000000011}', description: 'Windows 11', partitionGuid: part, diskGuid: disk },
    ]);
    const c = folder('c');
    buildWindowsVolume(c, { installations: [{ hiberboot: 0, computerName: 'PC-DISK-04', mountedDevices: { C: mountedGpt(part) } }] });
    const dest = folder('dest');
    const t = guided([esp, c, dest]);
    const s = await t.waitFor('Enter open');
    expect(s).toMatch(/^> 1  .*PC-DISK-04\s+generalized\s+READY$/m);
    expect(s).toMatch(/^Boot entries and installations on no disk read$/m);
    expect(s.replace(/\n +/g, ' ')).toMatch(
      /partition \{5b7e6a6c-0a4e-4c0f-9f43-7d1f3bb0c003\}: boots "Windows 11" \(default\); \S+c-\d+\/Windows: Windows 11 26100, generalized/,
    );
    t.keys('c');
    const d = await t.waitFor('destination');
    expect(d).toContain(dest);
    expect(d).not.toContain(esp);
    t.keys('q');
    expect(await endsRestored(t)).toBe(0);
  });

  it('opening an installation shows its findings with the fix; PgDn scrolls; Esc goes back to the summary', async () => {
    const t = guided([READY, BLOCKED]);
    await t.waitFor('Enter open  c capture');
    t.keys('2');
    let s = await t.waitFor(/^Installation 2: .*blocked/m);
    expect(s).toMatch(/\[BLOCK\] GEN001 Not generalized/);
    expect(s).toMatch(/^\s+%WINDIR%\\System32\\Sysprep\\sysprep\.exe \/generalize \/oobe \/shutdown$/m);
    const range = /\(lines 1-(\d+) of (\d+)\)/.exec(s);
    expect(range).not.toBeNull();
    t.keys('NPage');
    s = await t.waitFor(/\(lines (?!1-)\d+-\d+ of \d+\)/);
    t.keys('Escape');
    s = await t.waitFor('preflight: 2 installations found');
    expect(s).toMatch(/^ {2}1  .*READY$/m);
    expect(s).toMatch(/^> 2  .*BLOCKED$/m); // back on the installation that was open
    t.keys('q');
    expect(await endsRestored(t)).toBe(2);
  });

  it('a command longer than the window is shown whole, in pieces, never cut off at the edge', async () => {
    const appx = folder('appx');
    buildScenario(appx, 'appx-sysprep-failed');
    const t = guided([appx], { width: 80, height: 150 });
    await t.waitFor('Enter open  c capture');
    t.keys('Enter');
    await t.waitFor('[BLOCK] APX001');
    const rows = t.rows();
    const at = rows.findIndex((r) => r.trimStart().startsWith("Remove-AppxPackage -Package 'Microsoft.LanguageExperiencePackde-DE"));
    expect(at).toBeGreaterThan(0);
    expect(rows[at]).toHaveLength(79);
    const indent = /^ */.exec(rows[at])![0].length + 2;
    expect(rows[at] + rows[at + 1].slice(indent)).toBe(
      `${' '.repeat(indent - 2)}Remove-AppxPackage -Package '${UNPROVISIONED_LXP}' -AllUsers`,
    );
    t.keys('q');
    expect(await endsRestored(t)).toBe(2);
  });

  it('a ready installation: destination from the list, proposed name, plan, capture (DISM: a real WIM of the volume), verified and read back', async () => {
    expect(await ntfsWimAvailable()).toBe(true);
    const dest = folder('dest');
    const out = folder('out');
    const wim = await ntfsWim(READY, join(tmp, `ready-${++n}.wim`), 'Windows 11 Pro 26100 - PC-READY-01');
    const t = guided([READY, dest, '--out', out, '--engine', 'dism'], { env: dismLeaving(wim) });
    await t.waitFor('Enter open  c capture');
    t.keys('Enter');
    await t.waitFor(/^Installation 1: /m);
    t.keys('Enter');
    let s = await t.waitFor('destination');
    expect(s).toMatch(new RegExp(`^> 1  ${dest.replace(/[/\\]/g, '.')}\\s+\\d+(\\.\\d)? [MG]iB free\\s+\\S+$`, 'm'));
    expect(s).toMatch(/^ {2}2  Type a path or a share/m);
    t.keys('1');
    s = await t.waitFor('image name');
    expect(s).toMatch(/^Name: Windows 11 Pro 26100 - PC-READY-01_$/m);
    t.keys('Enter');
    s = await t.waitFor('confirm the plan');
    expect(s).toMatch(/^check: ready$/m);
    expect(s).toContain('Press Enter to capture now');
    t.keys('Enter');
    s = (await t.waitFor('Capture done', 180_000)).replace(/\n +/g, ' ');
    const image = join(dest, 'Windows 11 Pro 26100 - PC-READY-01.wim');
    expect(s).toContain(`Captured and verified: ${image}`);
    expect(s).toMatch(/Image 1 "Windows 11 Pro 26100 - PC-READY-01": \d+ files/);
    expect(s).toContain(
      `Read back: image 1 of ${image} holds Windows 11 Pro build 26100 at \\Windows of its root, generalized (IMAGE_STATE_GENERALIZE_RESEAL_TO_OOBE), SID S-1-5-21-1111111111-2222222222-3333333333, verdict READY (check said READY),`,
    );
    expect(s).toContain(`Record: ${join(dest, 'Windows 11 Pro 26100 - PC-READY-01.1.capture.json')}`);
    expect(s).toContain(`Report: ${out}/PC-READY-01_`);
    t.keys('Enter');
    expect(await endsRestored(t)).toBe(0);

    const info = spawnSync('wimlib-imagex', ['info', image, '1'], { encoding: 'utf8' });
    expect(info.status, info.stderr).toBe(0);
    expect(info.stdout).toMatch(/^Name:\s+Windows 11 Pro 26100 - PC-READY-01$/m);
    const run = runFolderOf(out);
    expect(JSON.parse(readFileSync(join(run, 'preflight-capture.json'), 'utf8'))).toMatchObject({
      ok: true,
      image,
      verdict: 'ready',
      overriddenFindings: [],
    });
    expect(readFileSync(join(run, 'preflight-report.html'), 'utf8')).toContain(image.replace(/&/g, '&amp;'));
    expect(readFileSync(join(run, 'preflight.log'), 'utf8')).toMatch(/capture succeeded and verified/);
  });

  it("wimlib's directory capture on Linux: Capture failed, why and what was read back, the image kept, exit 3", async () => {
    const dest = folder('dest');
    const t = guided([READY, dest]);
    await captureWithDefaults(t);
    const s = (await t.waitFor('Capture failed', 180_000)).replace(/\n +/g, ' ');
    const image = join(dest, 'Windows 11 Pro 26100 - PC-READY-01.wim');
    expect(s).toContain('the image did not verify: the image holds no NTFS security descriptors');
    expect(s).toContain('(kept for inspection)');
    expect(s).toContain(`Read back: image 1 of ${image} holds Windows 11 Pro build 26100 at \\Windows of its root`);
    expect(s).toMatch(/, 0 security descriptors/);
    t.keys('Enter');
    expect(await endsRestored(t)).toBe(3);
    expect(existsSync(image)).toBe(true);
  });

  it('a blocked installation is not captured without the typed OVERRIDE; with it, the override is recorded', async () => {
    const dest = folder('dest');
    const wim = await ntfsWim(BLOCKED, join(tmp, `blocked-${++n}.wim`), 'LAB');
    // 40 rows: DISM's plan (scratch folder, its longer command) is taller than 25.
    const t = guided([BLOCKED, '--engine', 'dism'], { env: dismLeaving(wim), height: 40 });
    await t.waitFor('Enter open  c capture');
    t.keys('c');
    let s = await t.waitFor('override needed');
    expect(s).toMatch(/BLOCKED: it must not be captured as it is/);
    expect(s).toMatch(/- GEN001 Not generalized/);
    t.keys('Enter'); // Enter alone is no override
    s = await t.waitFor('is not OVERRIDE');
    t.type('yes');
    t.keys('Enter');
    s = await t.waitFor('"yes" is not OVERRIDE');
    t.keys('Escape');
    await t.waitFor(/^Installation 1: /m);
    expect(readdirSync(dest)).toEqual([]);

    t.keys('Enter');
    await t.waitFor('override needed');
    t.type('OVERRIDE');
    t.keys('Enter');
    s = await t.waitFor('destination');
    // No other volume was named: the only choice is a typed folder.
    expect(s).toMatch(/^> 1  Type a path or a share/m);
    t.keys('Enter');
    await t.waitFor('Folder: _');
    t.type(dest);
    t.keys('Enter');
    await t.waitFor('image name');
    // The proposed name is editable: erase the computer name, type another.
    for (let i = 0; i < 'PC-BLOCKED-02'.length; i++) t.keys('BSpace');
    t.type('LAB');
    await t.waitFor('Name: Windows 11 Pro 26100 - LAB_');
    t.keys('Enter');
    s = await t.waitFor('confirm the plan');
    expect(s).toMatch(/^check: blocked - capturing anyway \(override typed\)$/m);
    expect(s).toMatch(/^ {2}overridden: GEN001 Not generalized$/m);
    t.keys('Enter');
    s = await t.waitFor('Capture done', 180_000);
    expect(s.replace(/\s+/g, '')).toContain("FORCEDpastcheck'sBLOCKEDverdict");
    t.keys('q');
    // Captured, but forced past check's verdict: never 0.
    expect(await endsRestored(t)).toBe(2);
    const rec = JSON.parse(readFileSync(join(dest, 'Windows 11 Pro 26100 - LAB.1.capture.json'), 'utf8'));
    expect(rec).toMatchObject({
      ok: true,
      verification: { readBack: { ok: true, verdict: 'blocked', gateVerdict: 'blocked' } },
      verdict: 'blocked',
      options: { force: true },
      forced: expect.stringMatching(/^FORCED: .*GEN001/),
    });
    expect(rec.overriddenFindings.map((f: { id: string }) => f.id)).toEqual(['GEN001']);
  });

  /** A volume with 256 MiB of random data (LZX makes that seconds of work for wimlib), made once. */
  let bigVolume: string | null = null;
  function big(): string {
    if (bigVolume) return bigVolume;
    bigVolume = folder('big');
    buildWindowsVolume(bigVolume, { installations: [{ hiberboot: 0, computerName: 'PC-BIG-03' }] });
    const data = join(bigVolume, 'Users', 'data.bin');
    writeFileSync(data, '');
    for (let i = 0; i < 16; i++) writeFileSync(data, randomBytes(16 * 1024 * 1024), { flag: 'a' });
    return bigVolume;
  }

  /** The guided run on the big volume, taken to the progress bar of a real capture into a new folder. */
  async function captureUnderWay() {
    const dest = folder('dest-stopped');
    const out = folder('out');
    const t = guided([big(), dest, '--out', out, '--compress', 'max']);
    await captureWithDefaults(t);
    await t.waitFor(/^\[#*-+\]\s+\d+\.\d%$/m, 180_000);
    // Only the engine's command line names the image file (preflight's names the destination folder).
    const engine = () => spawnSync('pgrep', ['-af', `${dest}/Windows 11 Pro`], { encoding: 'utf8' }).stdout.trim();
    expect(engine()).toMatch(/wimlib-imagex capture /);
    return { t, dest, out, engine };
  }

  it('Ctrl+C during a capture: the engine is gone, no image is left, the log says interrupted, exit 3', async () => {
    const { t, dest, out, engine } = await captureUnderWay();
    t.keys('C-c');
    expect(await endsRestored(t)).toBe(3);
    expect(t.screen()).toMatch(/^preflight: interrupted \(Ctrl\+C\)$/m);
    expect(engine()).toBe('');
    expect(readdirSync(dest).filter((f) => f.endsWith('.wim'))).toEqual([]);
    const rec = JSON.parse(readFileSync(join(dest, 'Windows 11 Pro 26100 - PC-BIG-03.1.capture.json'), 'utf8'));
    expect(rec.result).toMatchObject({ ok: false, interrupted: true });
    const log = readFileSync(join(runFolderOf(out), 'preflight.log'), 'utf8');
    expect(log).toMatch(/interrupted \(Ctrl\+C\) during the capture: stopping the engine/);
    expect(log).toMatch(/guided run interrupted \(Ctrl\+C\); exit code 3/);
    expect(existsSync(join(runFolderOf(out), 'preflight-capture.json'))).toBe(true);
  });

  it('the window closed during a capture (SIGHUP): preflight and the engine end, no image, the log says why', async () => {
    const { t, dest, out, engine } = await captureUnderWay();
    t.kill();
    const preflight = () =>
      spawnSync('pgrep', ['-f', `preflight.cjs ${dest}|preflight.cjs ${big()} ${dest}`], { encoding: 'utf8' }).stdout.trim();
    const t0 = Date.now();
    while ((engine() !== '' || preflight() !== '') && Date.now() - t0 < 90_000) await new Promise((r) => setTimeout(r, 100));
    expect(engine()).toBe('');
    expect(preflight()).toBe('');
    expect(readdirSync(dest).filter((f) => f.endsWith('.wim'))).toEqual([]);
    const log = readFileSync(join(runFolderOf(out), 'preflight.log'), 'utf8');
    expect(log).toMatch(/guided run interrupted \(SIGHUP: the console went away\); exit code 3/);
  });

  it('Ctrl+C at the summary ends at once with exit 3 and the console restored', async () => {
    const t = guided([READY]);
    await t.waitFor('Enter open  c capture');
    t.keys('C-c');
    expect(await endsRestored(t)).toBe(3);
  });

  it('a resize redraws the screen for the new size, and back', async () => {
    const t = guided([READY, BLOCKED]);
    await t.waitFor('Enter open  c capture');
    expect(t.rows()[1]).toBe('-'.repeat(79));
    t.resize(120, 40);
    await t.waitFor(new RegExp(`^-{119}$`, 'm'));
    let rows = t.rows();
    expect(rows).toHaveLength(40);
    expect(rows[39]).toMatch(/^Up\/Down/);
    expect(rows.join('\n')).toContain(`  2  ${BLOCKED}`); // room for the whole volume path now
    t.resize(80, 25);
    await t.waitFor(/^-{79}$/m);
    rows = t.rows();
    expect(rows).toHaveLength(25);
    expect(rows[24]).toMatch(/^Up\/Down/);
    for (const r of rows) expect(r.length).toBeLessThan(80);
    t.keys('q');
    expect(await endsRestored(t)).toBe(2);
  });

  it('--yes on a console asks nothing: it prints the check report and exits with its code', async () => {
    const t = guided([READY, '--yes']);
    expect(await endsRestored(t)).toBe(0);
    expect(t.screen()).toMatch(/^Verdict: READY - may be captured$/m);
  });

  it('output redirected to a file (input still a console): no guided run, the check report in the file', async () => {
    const file = join(folder('redirect'), 'report.txt');
    const r = new Tmux(['sh', '-c', `"$1" "$2" "$3" > "$4"`, 'sh', process.execPath, CLI, READY, file]);
    sessions.push(r);
    expect(await endsRestored(r)).toBe(0);
    const text = readFileSync(file, 'utf8');
    expect(text).toMatch(/^Verdict: READY - may be captured$/m);
    expect(text).not.toContain('\x1b');
  });

  it('colours on a console unless NO_COLOR is set', async () => {
    const coloured = new Tmux([process.execPath, CLI, READY], { env: { NO_COLOR: '' } });
    sessions.push(coloured);
    await coloured.waitFor('Enter open  c capture');
    expect(coloured.screenWithCodes()).toMatch(/\x1b\[32m(\x1b\[\d+m)*> 1 .*READY/); // the ready line in green
    const plainRun = guided([READY]);
    await plainRun.waitFor('Enter open  c capture');
    expect(plainRun.screenWithCodes()).not.toMatch(/\x1b\[[0-9;]*3[1-6]m/);
  });

  it('no volume on Linux: a usage error, exit 5, before the console is taken', async () => {
    const t = guided([]);
    expect(await endsRestored(t)).toBe(5);
    expect(t.screen().replace(/\n/g, ' ')).toMatch(/preflight: drive letters exist only on Windows: .* \(see preflight --help\) exited 5/);
  });
});
