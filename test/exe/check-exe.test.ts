// The real dist/preflight.exe under wine: the Windows code paths (drive letters, the drive it runs from,
// X: in WinPE, raw \\.\D: devices, backslash paths) run where they will run, and what the exe says must
// equal what the Linux build says about the same volume.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCliAsync } from '../support/cli';
import { corpusDir } from '../support/corpus';
import { comparableReport } from '../support/report-strings';
import { treeHash } from '../support/tree-hash';
import { buildScenario, oneVolumeScenario, SCENARIO_INTENT, type ScenarioName } from '../../src/sample/windows-volume';
import { makeStick, mapDrives, ranAs, runExe, runWine, setWinPE, wineSetup, type WineSetup } from '../support/wine';

const setup = wineSetup();
const tmp = mkdtempSync(join(tmpdir(), 'preflight-exe-'));
const EXIT = { ready: 0, warnings: 1, blocked: 2 } as const;
const RUNTIME = JSON.parse(readFileSync(new URL('../../build/node-runtime.json', import.meta.url), 'utf8')) as { version: string };

const volumes = new Map<ScenarioName, string>();
function volumeOf(name: ScenarioName): string {
  if (!volumes.has(name)) {
    const [volume] = buildScenario(join(tmp, 'volumes', name), name);
    volumes.set(name, volume);
  }
  return volumes.get(name)!;
}

/**
 * The same report seen from Windows and from Linux: the volume root (`D:\` there, `/tmp/…/volume` here)
 * becomes `<volume>`, the separators after it backslashes; the time of the run and the host it ran on are dropped.
 */
function comparable(json: string, root: string): unknown {
  const isWindowsRoot = /^[A-Z]:\\$/.test(root);
  return comparableReport(json, (v) => {
    if (v === root || v === root.replace(/\\$/, '')) return '<volume>';
    const prefix = isWindowsRoot ? root : `${root}/`;
    if (!v.includes(prefix)) return v;
    // Only the path itself (up to a blank or a quote) changes separators, not a command's /switches after it.
    const windowsPath = (part: string) => part.replace(/^[^\s`'"]*/, (p) => p.replace(/\//g, '\\'));
    return v
      .split(prefix)
      .map((part, i) => (i === 0 ? part : windowsPath(part)))
      .join('<volume>\\');
  });
}

describe.skipIf(!setup)('preflight.exe under wine', () => {
  const wine = setup as WineSetup;
  let stick: string;
  beforeAll(() => {
    stick = makeStick(tmp);
  });

  it('--version names the tool, the commit, the node inside and the platform', async () => {
    mapDrives(wine, { S: stick });
    const r = await runExe(wine, ['--version']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const linux = (await runCliAsync(['--version'])).stdout.trim();
    const commit = /\(commit (\S+);/.exec(linux)![1];
    expect(r.stdout.trim()).toBe(`preflight 0.1.0 (commit ${commit}; node ${RUNTIME.version}; win32-x64)`);
  });

  describe.each(['ready', 'warnings', 'blocked'] as const)('check D:\\ on a %s volume', (verdict) => {
    const name = oneVolumeScenario(verdict);

    it(`text: ${name} exits ${EXIT[verdict]} and reads as the Linux run does`, async () => {
      const volume = volumeOf(name);
      mapDrives(wine, { D: volume, S: stick });
      const r = await runExe(wine, ['check', 'D:\\', '--no-color']);
      expect(r.stderr).toBe('');
      expect(r.status).toBe(EXIT[verdict]);
      expect(r.stdout).toContain(verdict === 'ready' ? 'READY' : verdict === 'warnings' ? 'WARNINGS' : 'BLOCKED');
      for (const id of [...SCENARIO_INTENT[name].block, ...SCENARIO_INTENT[name].warn]) expect(r.stdout).toContain(id);
    });

    it(`--json: ${name} equals the Linux report of the same volume, paths and time aside`, async () => {
      const volume = volumeOf(name);
      const before = treeHash(volume);
      mapDrives(wine, { D: volume, S: stick });
      const exe = await runExe(wine, ['check', 'D:\\', '--json']);
      const linux = await runCliAsync(['check', volume, '--json']);
      expect(exe.status).toBe(EXIT[verdict]);
      expect(linux.status).toBe(EXIT[verdict]);
      expect(comparable(exe.stdout, 'D:\\')).toEqual(comparable(linux.stdout, volume));
      // Read-only under Windows file semantics too.
      expect(treeHash(volume)).toEqual(before);
    });
  });

  it('check with no volume inspects the mapped letters, skipping its own drive and C: (the running Windows)', async () => {
    mapDrives(wine, { D: volumeOf(oneVolumeScenario('ready')), E: volumeOf(oneVolumeScenario('warnings')), S: stick });
    const r = await runExe(wine, ['check', '--json']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(EXIT.warnings);
    const report = JSON.parse(r.stdout) as { scannedVolumes: string[]; installations: { volume: string }[] };
    expect(report.scannedVolumes).toEqual(['D:\\', 'E:\\']);
    expect(report.installations.map((i) => i.volume)).toEqual(['D:\\', 'E:\\']);
  });

  describe('in WinPE (the MiniNT key set in the wine registry)', () => {
    beforeAll(async () => {
      mapDrives(wine, { S: stick });
      await setWinPE(wine, true);
      return () => setWinPE(wine, false);
    });

    it("the report says it ran in WinPE, with the firmware from PEFirmwareType and WinPE's version (native-reg and reg.exe, for real)", async () => {
      mapDrives(wine, { D: volumeOf(oneVolumeScenario('ready')), S: stick });
      const added = await runWine(wine, 'reg', [
        'add',
        'HKLM\\SYSTEM\\CurrentControlSet\\Control',
        '/v',
        'PEFirmwareType',
        '/t',
        'REG_DWORD',
        '/d',
        '2',
        '/f',
      ]);
      expect(added.status).toBe(0);
      const json = JSON.parse((await runExe(wine, ['check', 'D:\\', '--json'])).stdout) as { host: unknown };
      expect(json.host).toMatchObject({
        platform: 'win32',
        winpe: true,
        firmware: 'uefi',
        windowsVersion: expect.stringMatching(/^10\.0\.\d+/),
        registry: 'native-reg',
      });
      expect((await runExe(wine, ['check', 'D:\\'])).stdout).toMatch(/^Running in WinPE 10\.0\.\d+(\.\d+)?, UEFI$/m);
      // Through reg.exe, the fallback route, the same facts.
      const viaRegExe = JSON.parse(
        (await runExe(wine, ['check', 'D:\\', '--json'], { env: { PREFLIGHT_REGISTRY: 'reg.exe' } })).stdout,
      ) as { host: unknown };
      expect(viaRegExe.host).toEqual({ ...(json.host as object), registry: 'reg.exe' });
    });

    it('check with no volume passes over X:, the RAM disk', async () => {
      const ramDisk = join(tmp, 'ramdisk');
      mkdirSync(ramDisk, { recursive: true });
      mapDrives(wine, { D: volumeOf(oneVolumeScenario('ready')), X: ramDisk, S: stick });
      const r = await runExe(wine, ['check', '--json']);
      expect(r.status).toBe(EXIT.ready);
      expect((JSON.parse(r.stdout) as { scannedVolumes: string[] }).scannedVolumes).toEqual(['D:\\']);
    });

    it('--out X:\\… is refused (lost at reboot); nothing is written there', async () => {
      const ramDisk = join(tmp, 'ramdisk-out');
      mkdirSync(ramDisk, { recursive: true });
      mapDrives(wine, { D: volumeOf(oneVolumeScenario('ready')), X: ramDisk, S: stick });
      const r = await runExe(wine, ['check', 'D:\\', '--out', 'X:\\reports']);
      expect(r.status).toBe(5);
      expect(r.stderr).toMatch(/^preflight: --out X:\\reports is on X:, WinPE's RAM disk/);
      expect(existsSync(join(ramDisk, 'reports'))).toBe(false);
    });
  });

  it('check --out E:\\reports writes the JSON, text and CMTrace reports into a folder of the run', async () => {
    const dest = join(tmp, 'dest-ok');
    mkdirSync(dest, { recursive: true });
    mapDrives(wine, { D: volumeOf(oneVolumeScenario('blocked')), E: dest, S: stick });
    const r = await runExe(wine, ['check', 'D:\\', '--out', 'E:\\reports']);
    expect(r.status).toBe(EXIT.blocked);
    const [run] = readdirSync(join(dest, 'reports'));
    expect(r.stderr).toBe(`preflight: report written to E:\\reports\\${run}\n`);
    const dir = join(dest, 'reports', run);
    for (const f of ['preflight-report.json', 'preflight-report.txt', 'preflight-report.html', 'preflight.log'])
      expect(existsSync(join(dir, f)), f).toBe(true);
    const report = JSON.parse(readFileSync(join(dir, 'preflight-report.json'), 'utf8')) as { verdict: string; scannedVolumes: string[] };
    expect(report).toMatchObject({ verdict: 'blocked', scannedVolumes: ['D:\\'] });
    // CMTrace lines: <![LOG[…]LOG]!><time=… component="preflight" …>
    expect(readFileSync(join(dir, 'preflight.log'), 'utf8')).toMatch(/^<!\[LOG\[.*\]LOG\]!><time="/m);
  });

  it('check --out E:\\reports with no volume named: E: was scanned but holds no Windows, so the report goes there', async () => {
    const dest = join(tmp, 'dest-discovered');
    mkdirSync(dest, { recursive: true });
    mapDrives(wine, { D: volumeOf(oneVolumeScenario('blocked')), E: dest, S: stick });
    const r = await runExe(wine, ['check', '--out', 'E:\\reports']);
    expect(r.status).toBe(EXIT.blocked);
    expect(r.stderr).toMatch(/^preflight: report written to E:\\reports\\/);
    expect(readdirSync(join(dest, 'reports'))).toHaveLength(1);
  });

  it('--out on the inspected volume is refused, also through another spelling of it', async () => {
    const volume = volumeOf(oneVolumeScenario('ready'));
    const before = treeHash(volume);
    mapDrives(wine, { D: volume, S: stick });
    for (const out of ['D:\\reports', 'd:\\Windows\\..\\reports']) {
      const r = await runExe(wine, ['check', 'D:\\', '--out', out]);
      expect(r.status, out).toBe(5);
      expect(r.stderr).toMatch(/is on the inspected volume/);
    }
    expect(treeHash(volume)).toEqual(before);
  });

  it('bad input: a drive without Windows, a missing drive, a file that is not a hive — one line, exit 4', async () => {
    const empty = join(tmp, 'empty-volume');
    mkdirSync(empty, { recursive: true });
    writeFileSync(join(stick, 'notes.txt'), 'not a hive');
    mapDrives(wine, { D: empty, S: stick });
    const noWindows = await runExe(wine, ['check', 'D:\\']);
    expect(noWindows.status).toBe(4);
    expect(noWindows.stderr).toMatch(/^preflight: no Windows installation found on D:\\ .*\n$/);
    const missing = await runExe(wine, ['check', 'Q:\\']);
    expect(missing.status).toBe(4);
    expect(missing.stderr).toBe('preflight: Q:\\: no such volume, folder or file\n');
    const notHive = await runExe(wine, ['hive', 'info', 'S:\\notes.txt']);
    expect(notHive.status).toBe(4);
    expect(notHive.stderr).toBe('preflight: S:\\notes.txt: base block at offset 0x0: no "regf" signature: not a registry hive\n');
  });

  it('usage errors: exit 5, one line', async () => {
    mapDrives(wine, { S: stick });
    for (const args of [['check', '--bogus'], ['frobnicate'], ['hive', 'get']]) {
      const r = await runExe(wine, args);
      expect(r.status, args.join(' ')).toBe(5);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(/^preflight: /);
    }
  });

  it('check \\\\.\\D: (a raw device) fails cleanly: no crash, no stack trace', async () => {
    mapDrives(wine, { D: volumeOf(oneVolumeScenario('ready')), S: stick });
    const r = await runExe(wine, ['check', '\\\\.\\D:']);
    expect([2, 4]).toContain(r.status);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.stderr + r.stdout).not.toMatch(/internal error/);
  });

  describe.skipIf(!corpusDir())('hive commands on corpus hives read as on Linux', () => {
    const hives = [
      { file: 'regipy/SYSTEM_WIN_10_1709', key: 'ControlSet001\\Control\\ComputerName\\ComputerName', value: 'ComputerName', bcd: false },
      { file: 'yarp/tests/NewDirtyHive1/NewDirtyHive', key: '', value: null, bcd: false },
      { file: 'regipy/BCD', key: 'Objects', value: null, bcd: true },
    ];
    it.each(hives)('$file: info, ls, get, export (and bcd for a BCD store)', async ({ file, key, value, bcd }) => {
      const corpus = corpusDir()!;
      mapDrives(wine, { H: corpus, S: stick });
      const winFile = `H:\\${file.replace(/\//g, '\\')}`;
      const linuxFile = join(corpus, file);
      const cases: [string[], string[]][] = [
        [
          ['hive', 'info', winFile, '--json'],
          ['hive', 'info', linuxFile, '--json'],
        ],
        [
          ['hive', 'ls', winFile, key],
          ['hive', 'ls', linuxFile, key],
        ],
        [
          ['hive', 'export', winFile, key, '--format', 'reg'],
          ['hive', 'export', linuxFile, key, '--format', 'reg'],
        ],
        [
          ['hive', 'export', winFile, '--format', 'jsonl'],
          ['hive', 'export', linuxFile, '--format', 'jsonl'],
        ],
      ];
      if (value)
        cases.push([
          ['hive', 'get', winFile, key, value],
          ['hive', 'get', linuxFile, key, value],
        ]);
      if (bcd)
        cases.push(
          [
            ['bcd', winFile],
            ['bcd', linuxFile],
          ],
          [
            ['bcd', winFile, '--json'],
            ['bcd', linuxFile, '--json'],
          ],
        );
      for (const [winArgs, linuxArgs] of cases) {
        const exe = await runExe(wine, winArgs);
        const linux = await runCliAsync(linuxArgs);
        expect(exe.status, ranAs(winArgs.join(' '), exe)).toBe(linux.status);
        expect(exe.status, ranAs(winArgs.join(' '), exe)).toBe(0);
        // The file's own name appears in the output as given (JSON-escaped in --json).
        const anonymous = (out: string, f: string) => out.split(f).join('<file>').split(JSON.stringify(f).slice(1, -1)).join('<file>');
        expect(anonymous(exe.stdout, winFile), winArgs.join(' ')).toBe(anonymous(linux.stdout, linuxFile));
      }
    });
  });
});
