// The guided run in the real preflight.exe under wine, in a real terminal (tmux): the Windows paths of the
// guided run — the destinations offered from the drive letters, the report folder beside the executable on
// the stick, a capture by DISM (the tests' Windows stand-in replaying recorded real transcripts) and Ctrl+C
// during that capture.
//
// Wine draws a console program's screen onto the Unix terminal through its own conhost, which re-renders
// the console buffer and misplaces parts of rows (rows shifted, text of two rows mixed; the same escape
// codes are drawn exactly by tmux itself in test/guided). So these tests wait for words, not for the layout,
// and judge by what the run leaves behind: the image, the DISM arguments, the record, the report folder,
// the log and the exit code. The layout is asserted on Linux (test/guided/guided-tmux.test.ts).
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../support/corpus';
import { ntfsWim } from '../support/ntfs-wim';
import { processesWith } from '../support/processes';
import { haveTmux, Tmux } from '../support/tmux';
import { buildWindowsVolume } from '../../src/sample/windows-volume';
import { wineEnv } from '../support/wine-env';
import { dismStandin, makeStick, mapDrives, wineSetup, type WineSetup } from '../support/wine';

const setup = wineSetup();
const tmp = mkdtempSync(join(tmpdir(), 'preflight-guided-exe-'));
const DATA = join(PROJECT_ROOT, 'test', 'data', 'dism');
const NAME = 'Windows 11 Pro 26100 - PC-GUIDED-07';

describe.skipIf(!setup || !haveTmux)('the guided run of preflight.exe under wine, in tmux', () => {
  const wine = setup as WineSetup;
  let volume: string;
  let tools: string;
  let t: Tmux | null = null;
  beforeAll(async () => {
    volume = join(tmp, 'volume');
    buildWindowsVolume(volume, {
      installations: [{ hiberboot: 0, computerName: 'PC-GUIDED-07', machineSid: 'S-1-5-21-1111111111-2222222222-3333333333' }],
    });
    tools = join(tmp, 'tools');
    mkdirSync(tools, { recursive: true });
    copyFileSync(dismStandin(), join(tools, 'dism-standin.exe'));
    // What the stand-in leaves as the image (DISM_STANDIN_WIM): a real WIM of the volume with its security
    // descriptors, which preflight.exe reads back and verifies.
    await ntfsWim(volume, join(tools, 'volume.wim'), NAME);
  }, 300_000);
  afterEach(() => {
    t?.kill();
    t = null;
  });

  /** D: the Windows, E: the destination, S: the stick, T: the transcripts, U: the stand-in; the run on S:. */
  function start(name: string, extraEnv: Record<string, string> = {}, volumes = ["'D:\\'"]): { dest: string; stick: string } {
    const dest = join(tmp, name, 'dest');
    const stick = makeStick(join(tmp, name));
    mkdirSync(dest, { recursive: true });
    mapDrives(wine, { D: volume, E: dest, S: stick, T: DATA, U: tools });
    const env = wineEnv(wine.prefix) as Record<string, string>;
    const keep = ['WINEPREFIX', 'WINEARCH', 'WINEDEBUG', 'WINEDLLOVERRIDES', 'PATH', 'HOME'];
    // Started in the stick's folder, as a technician starts it from the stick (wine's current directory S:\).
    t = new Tmux(['sh', '-c', `cd '${stick}' && exec wine 'S:\\preflight.exe' ${volumes.join(' ')}`], {
      env: {
        ...Object.fromEntries(keep.filter((k) => env[k] !== undefined).map((k) => [k, env[k]])),
        PREFLIGHT_DISM: 'U:\\dism-standin.exe',
        DISM_STANDIN_DATA: 'T:\\',
        DISM_STANDIN_WIM: 'U:\\volume.wim',
        ...extraEnv,
      },
    });
    return { dest, stick };
  }

  /** The run's preflight.log on the stick so far ('' before the run folder exists). */
  function runLog(stick: string): string {
    const reports = join(stick, 'reports');
    const [run] = existsSync(reports) ? readdirSync(reports) : [];
    const log = run === undefined ? null : join(reports, run, 'preflight.log');
    return log !== null && existsSync(log) ? readFileSync(log, 'utf8') : '';
  }

  /** Polls until `ok()` holds (a file the run writes), or fails after `timeoutMs`. */
  async function until(what: string, ok: () => boolean, timeoutMs = 180_000): Promise<void> {
    const t0 = Date.now();
    while (!ok()) {
      if (Date.now() - t0 > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; the screen:\n${t?.screen()}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /**
   * Waits for words on wine's screen, whose renderer may also break a line early: compared with every
   * space and line break taken out of both.
   */
  async function waitForWords(tm: Tmux, words: string, timeoutMs = 180_000): Promise<string> {
    const squeeze = (x: string) => x.replace(/\s+/g, '');
    return tm.waitFor((screen) => squeeze(screen).includes(squeeze(words)), timeoutMs);
  }

  /**
   * The summary, then c: the destinations from the drive letters, E: chosen by its number; the proposed
   * name; the plan. Each screen is known by the words of its keys line. The list is ordered by free space,
   * and every letter here is a folder of the same Linux disk, whose free space other programs change while
   * the letters are measured one after the other: E:'s place in the list is not the test's to know.
   */
  async function toThePlan(tm: Tmux): Promise<void> {
    await waitForWords(tm, 'c capture  q quit');
    tm.keys('c');
    const destinations = await waitForWords(tm, 'choose  Enter accept');
    // Drive letters, not folders: the Windows way of offering a place for the image. D: (the source) is not one.
    const squeezed = destinations.replace(/\s+/g, '');
    const e = /(\d)E:\\/.exec(squeezed);
    expect(e, squeezed).not.toBeNull();
    expect(squeezed).not.toMatch(/\dD:\\/);
    tm.keys(e![1]);
    await waitForWords(tm, 'Backspace erases');
    tm.keys('Enter');
    await waitForWords(tm, 'Enter capture  Esc back');
  }

  it('a capture from the guided run: DISM gets the image E:\\<OS - computer>.wim, the run folder lands on the stick', async () => {
    const { dest, stick } = start('capture', { DISM_STANDIN_ARGV: 'E:\\argv.jsonl' });
    const tm = t!;
    await toThePlan(tm);
    tm.keys('Enter');
    const recordFile = join(dest, `${NAME}.1.capture.json`);
    // preflight writes the record in place (writeFileSync, no rename): a read can meet it half-written,
    // which is not yet the record waited for. Seen under load: 'SyntaxError: Unexpected end of JSON input'.
    const verified = () => {
      try {
        return (JSON.parse(readFileSync(recordFile, 'utf8')) as { verification: unknown }).verification !== null;
      } catch {
        return false;
      }
    };
    await until('the capture record', () => existsSync(recordFile) && verified());
    // The result screen, known by the run's log rather than by its words: wine's renderer mixes rows of a
    // screen this full (seen under load: its keys line drawn over by another row's text). The log line is
    // written in the same synchronous step that shows the result screen, so the next key goes to it.
    await until('the run log to say the capture ended', () => runLog(stick).includes('capture succeeded and verified'));
    tm.keys('q');
    // The replayed DISM (10.0.19041) is older than the Windows 11 it captured: verified, with a warning.
    expect(await tm.exitCode(180_000)).toBe(1);

    expect(existsSync(join(dest, `${NAME}.wim`))).toBe(true);
    const argv = JSON.parse(readFileSync(join(dest, 'argv.jsonl'), 'utf8').trim().split('\n')[0]) as string[];
    expect(argv.slice(0, 4)).toEqual(['/Capture-Image', `/ImageFile:E:\\${NAME}.wim`, '/CaptureDir:D:\\', `/Name:${NAME}`]);
    const record = JSON.parse(readFileSync(recordFile, 'utf8')) as { ok: boolean; verification: { ok: boolean } };
    expect(record).toMatchObject({
      ok: true,
      verification: {
        ok: true,
        readBack: { ok: true, image: `E:\\${NAME}.wim`, installations: [{ machineSid: 'S-1-5-21-1111111111-2222222222-3333333333' }] },
      },
    });
    // The report folder: beside the executable on the stick, named after the computer and the time.
    const runs = readdirSync(join(stick, 'reports'));
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatch(/^PC-GUIDED-07_\d{8}-\d{6}Z$/);
    expect(readdirSync(join(stick, 'reports', runs[0])).sort()).toEqual([
      'preflight-capture.json',
      'preflight-report.html',
      'preflight-report.json',
      'preflight-report.txt',
      'preflight.log',
    ]);
  }, 600_000);

  it('Ctrl+C during the capture: DISM is stopped, no image is left, the log says interrupted, exit 3', async () => {
    const { dest, stick } = start('interrupt', { DISM_STANDIN_HANG_MS: '120000', DISM_STANDIN_PID: 'E:\\standin.pid' });
    const tm = t!;
    await toThePlan(tm);
    tm.keys('Enter');
    // The stand-in runs (it has written its process id, then draws its first bar frame and hangs there). The
    // keys line alone is not enough: it is drawn before the stand-in has started, and on a busy machine a
    // Ctrl+C while wine was still starting the stand-in left preflight waiting for it, 'Stopping the capture...'.
    await waitForWords(tm, 'Ctrl+C stops the capture');
    const pidFile = join(dest, 'standin.pid');
    await until('the stand-in to write its process id', () => existsSync(pidFile) && /^\d+$/.test(readFileSync(pidFile, 'utf8')));
    // This run's stand-in only (by its wine prefix): other test runs on the machine start the same program.
    const standins = () => processesWith('dism-standin.exe /Capture-Image', `WINEPREFIX=${wine.prefix}`);
    await until('the stand-in to run', () => standins().length > 0);
    tm.keys('C-c');
    expect(await tm.exitCode(180_000)).toBe(3);
    expect(standins()).toEqual([]);
    expect(existsSync(join(dest, `${NAME}.wim`))).toBe(false);
    const [run] = readdirSync(join(stick, 'reports'));
    expect(readFileSync(join(stick, 'reports', run, 'preflight.log'), 'utf8')).toMatch(/interrupted/i);
  }, 600_000);
  it('nothing named: every drive letter is read (and every physical drive tried: wine has none to read); q quits with the verdict', async () => {
    const { stick } = start('nothing-named', {}, []);
    const tm = t!;
    await waitForWords(tm, 'c capture  q quit');
    tm.keys('q');
    expect(await tm.exitCode(180_000)).toBe(0);
    const [run] = readdirSync(join(stick, 'reports'));
    const report = JSON.parse(readFileSync(join(stick, 'reports', run, 'preflight-report.json'), 'utf8')) as {
      scannedVolumes: string[];
      disks: unknown[];
    };
    // D: holds the Windows; E:, T: and U: none; S: (the stick) and C: (wine's own Windows) are not read.
    expect(report.scannedVolumes).toEqual(['D:\\', 'E:\\', 'T:\\', 'U:\\']);
    expect(report.disks).toEqual([]);
  }, 600_000);
});
