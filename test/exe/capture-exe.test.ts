// preflight.exe capture --engine dism under wine, against a Windows build of the DISM stand-in (the test
// script test/support/dism-standin.mjs made into a single executable like preflight.exe): Windows quoting of
// the argument list, process spawning, pipes and full 32-bit exit codes (HRESULTs) are exercised for real.
// The stand-in replays recorded real DISM transcripts (test/data/dism/README.md) and leaves a real WIM as the
// image (DISM_STANDIN_WIM), which preflight.exe reads back with its own reader: an image of the volume with
// its NTFS security descriptors verifies; one of the volume's parent folder (Windows under \vol\Windows) does not.
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCliAsync } from '../support/cli';
import { PROJECT_ROOT } from '../support/corpus';
import { ntfsWim } from '../support/ntfs-wim';
import { treeHash } from '../support/tree-hash';
import { makeDiskImage, sfdiskAvailable, TWO_WINDOWS_GPT } from '../support/disk-image';
import { buildScenario, buildWindowsVolume, mountedGpt } from '../../src/sample/windows-volume';
import { dismStandin, importReg, makeStick, mapDrives, regDelete, regHex, runExe, wineSetup, type WineSetup } from '../support/wine';

const setup = wineSetup();
const tmp = mkdtempSync(join(tmpdir(), 'preflight-capture-exe-'));
const DATA = join(PROJECT_ROOT, 'test', 'data', 'dism');

describe.skipIf(!setup)('preflight.exe capture --engine dism under wine', () => {
  const wine = setup as WineSetup;
  let stick: string;
  let volume: string;
  let tools: string;
  beforeAll(async () => {
    stick = makeStick(tmp);
    [volume] = buildScenario(join(tmp, 'volume', 'vol'), 'generalized-win11');
    tools = join(tmp, 'tools');
    mkdirSync(tools, { recursive: true });
    copyFileSync(dismStandin(), join(tools, 'dism-standin.exe'));
    // U:\volume.wim: the volume as DISM captures it; U:\parent.wim: its parent folder (a wrong capture root).
    await ntfsWim(volume, join(tools, 'volume.wim'), 'volume');
    await ntfsWim(join(tmp, 'volume'), join(tools, 'parent.wim'), 'parent');
  }, 300_000);

  /** D: the source, E: the destination, S: the stick, T: the transcripts, U: the stand-in. */
  function drives(dest: string): void {
    mapDrives(wine, { D: volume, E: dest, S: stick, T: DATA, U: tools });
  }
  const standinEnv = (extra: Record<string, string> = {}) => ({
    PREFLIGHT_DISM: 'U:\\dism-standin.exe',
    DISM_STANDIN_DATA: 'T:\\',
    DISM_STANDIN_WIM: 'U:\\volume.wim',
    ...extra,
  });
  const destination = (name: string) => {
    const dest = join(tmp, name);
    mkdirSync(join(dest, 'images'), { recursive: true });
    return dest;
  };

  it('success: DISM receives exactly the arguments, quoted the Windows way, and the image is read back by preflight.exe and verified', async () => {
    const dest = destination('ok');
    drives(dest);
    const before = treeHash(volume);
    const r = await runExe(
      wine,
      [
        'capture',
        'D:\\',
        '--image',
        'E:\\images\\Référence 11.wim',
        '--name',
        'Ref "11"',
        '--description',
        'two words',
        '--engine',
        'dism',
        '--compress',
        'max',
        '--check-integrity',
      ],
      {
        env: standinEnv({ DISM_STANDIN_ARGV: 'E:\\argv.jsonl' }),
      },
    );
    expect(r.stderr).toBe('');
    // The replayed DISM is 10.0.19041, older than the Windows 11 (26100) it captured: a warning, exit 1.
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('warning: DISM is older than the Windows it captured');
    // cmd cannot carry a " inside a quoted argument (\" is no escape to it): no command to paste, and why.
    expect(r.stdout).toContain(
      'command: (not shown: "/Name:Ref \\"11\\"" cannot be quoted safely for cmd; the engine is started without a shell and gets it as one argument)',
    );
    const calls = readFileSync(join(dest, 'argv.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as string[]);
    // What DISM's own command-line parsing gives back from the command line Windows built.
    expect(calls[0]).toEqual([
      '/Capture-Image',
      '/ImageFile:E:\\images\\Référence 11.wim',
      '/CaptureDir:D:\\',
      '/Name:Ref "11"',
      '/Description:two words',
      '/ConfigFile:E:\\images\\Référence 11.WimScript.ini',
      '/Compress:max',
      '/CheckIntegrity',
      '/ScratchDir:E:\\images\\Référence 11.scratch',
      '/LogPath:E:\\images\\Référence 11.1.dism.log',
      '/English',
    ]);
    expect(calls.slice(1)).toEqual([
      ['/Get-WimInfo', '/WimFile:E:\\images\\Référence 11.wim', '/English'],
      ['/Get-WimInfo', '/WimFile:E:\\images\\Référence 11.wim', '/Index:1', '/English'],
    ]);
    expect(r.stdout).toMatch(
      /^Read back: image 1 of E:\\images\\Référence 11\.wim holds Windows 11 Pro build 26100 at \\Windows of its root, generalized \(IMAGE_STATE_GENERALIZE_RESEAL_TO_OOBE\), SID S-1-5-21-3623811015-3361044348-30300820, verdict READY \(check said READY\), [1-9]\d* security descriptors\r?$/m,
    );
    const record = JSON.parse(readFileSync(join(dest, 'images', 'Référence 11.1.capture.json'), 'utf8'));
    expect(record).toMatchObject({
      ok: true,
      engine: { name: 'dism', version: '10.0.19041.844' },
      verification: {
        ok: true,
        readBack: { ok: true, index: 1, withoutSecurity: [], installations: [{ windowsDir: 'Windows', build: 26100 }] },
      },
    });
    expect(treeHash(volume)).toEqual(before);
  });

  it("an image of the volume's parent folder (Windows under \\vol\\Windows): preflight.exe's read-back fails it, exit 3, the image kept", async () => {
    const dest = destination('wrong-root');
    drives(dest);
    const r = await runExe(wine, ['capture', 'D:\\', '--image', 'E:\\images\\w.wim', '--name', 'W', '--engine', 'dism'], {
      env: standinEnv({ DISM_STANDIN_WIM: 'U:\\parent.wim', DISM_STANDIN_REPLAY: 'capture-success-26100.txt' }),
    });
    expect(r.status).toBe(3);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(
      /^preflight: capture failed: the image did not verify: the image holds no Windows at \\Windows of its root, where the gate checked one; Windows is at \\vol\\Windows instead \(the capture's root is wrong\) \(kept for inspection\)/,
    );
    expect(existsSync(join(dest, 'images', 'w.wim'))).toBe(true);
    const record = JSON.parse(readFileSync(join(dest, 'images', 'w.1.capture.json'), 'utf8'));
    expect(record).toMatchObject({ ok: false, verification: { ok: false, readBack: { installations: [], misplaced: ['vol\\Windows'] } } });
  });

  it('an HRESULT exit (0xC1420117) reaches preflight whole and is put in words; the half-written image is removed', async () => {
    const dest = destination('hresult');
    drives(dest);
    const r = await runExe(wine, ['capture', 'D:\\', '--image', 'E:\\images\\f.wim', '--name', 'F', '--engine', 'dism'], {
      env: standinEnv({ DISM_STANDIN_REPLAY: 'error-0xc1420117-unmount.txt', DISM_STANDIN_PARTIAL: '4096' }),
    });
    expect(r.status).toBe(3);
    expect(r.stderr).toMatch(/^preflight: capture failed: dism failed: 0xC1420117 the image could not be completely unmounted/);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    const left = readdirSync(join(dest, 'images'));
    expect(left).not.toContain('f.wim');
    expect(left).toContain('f.1.preflight.log');
  });

  it('disk full (DISM error 112) is exit 3 in words', async () => {
    const dest = destination('full');
    drives(dest);
    const r = await runExe(wine, ['capture', 'D:\\', '--image', 'E:\\images\\g.wim', '--name', 'G', '--engine', 'dism'], {
      env: standinEnv({ DISM_STANDIN_REPLAY: 'error-112-disk-full.txt', DISM_STANDIN_PARTIAL: '4096' }),
    });
    expect(r.status).toBe(3);
    expect(r.stderr).toContain('dism failed: 112 disk full: there is not enough space on the disk');
    expect(existsSync(join(dest, 'images', 'g.wim'))).toBe(false);
  });

  it('--dry-run prints the same plan as the Linux run, paths aside, and writes nothing', async () => {
    const dest = destination('dry');
    drives(dest);
    const exe = await runExe(wine, ['capture', 'D:\\', '--image', 'E:\\images\\d.wim', '--name', 'D D', '--engine', 'dism', '--dry-run'], {
      env: standinEnv(),
    });
    const linuxImage = join(dest, 'images', 'd.wim');
    const linux = await runCliAsync(['capture', volume, '--image', linuxImage, '--name', 'D D', '--engine', 'dism', '--dry-run'], {
      PREFLIGHT_DISM: join(PROJECT_ROOT, 'test', 'support', 'dism-standin.mjs'),
    });
    expect(exe.status).toBe(0);
    expect(linux.status).toBe(0);
    const normal = (text: string, src: string, images: string, dism: string) =>
      text
        .split(dism)
        .join('<dism>')
        .split(images)
        .join('<images>')
        .split(src)
        .join('<source>')
        .replace(/<source>\\?(?=[:\s])/g, '<source>')
        .replace(/<images>[^\s,"]*/g, (p) => p.replace(/\\/g, '/'))
        // The file system is named where the platform can tell it without administrator rights.
        .replace(/ MiB free \([^)]*\)/, ' MiB free')
        // The free space of the disk at that moment: the disk is the machine's, and other programs write to it
        // between the two runs, so the figure is a number in both, not the same number.
        .replace(/^( {2}space: )\d+( MiB free)/m, '$1<free>$2');
    for (const out of [exe.stdout, linux.stdout]) expect(out).toMatch(/^ {2}space: \d+ MiB free/m);
    expect(normal(exe.stdout, 'D:\\', 'E:\\images', 'U:\\dism-standin.exe')).toBe(
      normal(linux.stdout, volume, join(dest, 'images'), join(PROJECT_ROOT, 'test', 'support', 'dism-standin.mjs')),
    );
    expect(readdirSync(join(dest, 'images'))).toEqual([]);
  });
});

// capture --ffu under wine: `--disk 0` is \\.\PhysicalDrive0 for DISM, as in WinPE. Wine has no physical
// drive to read, so the partition table of disk 0 comes from a disk image through PREFLIGHT_DISK_TABLE
// (tests only, src/cli/ffu-disk.ts); the volumes D: and F: carry the MountedDevices of its partitions 3 and 4.
describe.skipIf(!setup || !sfdiskAvailable())('preflight.exe capture --ffu under wine', () => {
  const wine = setup as WineSetup;
  const P3 = `{${TWO_WINDOWS_GPT.partitions[2].uuid!.toLowerCase()}}`;
  const P4 = `{${TWO_WINDOWS_GPT.partitions[3].uuid!.toLowerCase()}}`;
  const root = join(tmp, 'ffu');
  let stick: string;
  let tools: string;
  beforeAll(() => {
    stick = makeStick(root);
    mkdirSync(join(root, 'disks'), { recursive: true });
    makeDiskImage(join(root, 'disks', 'disk.img'), TWO_WINDOWS_GPT);
    buildWindowsVolume(join(root, 'C'), { installations: [{ hiberboot: 0, mountedDevices: { C: mountedGpt(P3) } }] });
    buildWindowsVolume(join(root, 'D'), {
      installations: [{ hiberboot: 0, machineSid: 'S-1-5-21-9-8-7', mountedDevices: { C: mountedGpt(P4) } }],
    });
    tools = join(root, 'tools');
    mkdirSync(tools, { recursive: true });
    copyFileSync(dismStandin(), join(tools, 'dism-standin.exe'));
  }, 300_000);
  const ffuDrives = (dest: string) =>
    mapDrives(wine, { D: join(root, 'C'), F: join(root, 'D'), E: dest, G: join(root, 'disks'), S: stick, T: DATA, U: tools });
  const env = (extra: Record<string, string> = {}) => ({
    PREFLIGHT_DISM: 'U:\\dism-standin.exe',
    DISM_STANDIN_DATA: 'T:\\',
    PREFLIGHT_DISK_TABLE: 'G:\\disk.img',
    ...extra,
  });

  it('--disk 0: DISM receives exactly /Capture-Ffu … /CaptureDrive:\\\\.\\PhysicalDrive0, quoted the Windows way; the FFU is read back', async () => {
    const dest = join(root, 'ok');
    mkdirSync(join(dest, 'images'), { recursive: true });
    ffuDrives(dest);
    const r = await runExe(
      wine,
      ['capture', '--disk', '0', '--ffu', 'E:\\images\\Disque 0.ffu', '--name', 'Disk "0"', '--description', 'two words', 'D:\\', 'F:\\'],
      { env: env({ DISM_STANDIN_ARGV: 'E:\\argv.jsonl' }) },
    );
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const calls = readFileSync(join(dest, 'argv.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as string[]);
    expect(calls).toEqual([
      [
        '/Capture-Ffu',
        '/ImageFile:E:\\images\\Disque 0.ffu',
        '/CaptureDrive:\\\\.\\PhysicalDrive0',
        '/Name:Disk "0"',
        '/Description:two words',
        '/Compress:Default',
        '/ScratchDir:E:\\images\\Disque 0.scratch',
        '/LogPath:E:\\images\\Disque 0.1.dism.log',
        '/English',
      ],
      ['/Get-ImageInfo', '/ImageFile:E:\\images\\Disque 0.ffu', '/English'],
    ]);
    const record = JSON.parse(readFileSync(join(dest, 'images', 'Disque 0.1.capture.json'), 'utf8'));
    expect(record).toMatchObject({
      ok: true,
      source: '\\\\.\\PhysicalDrive0',
      index: 1,
      verdict: 'ready',
      engine: { name: 'dism', version: '10.0.26100.1' },
    });
  });

  it("no volume named: every drive letter is read (D: and F: hold the disk's Windows, the others none), and the disk is captured", async () => {
    const dest = join(root, 'all-letters');
    mkdirSync(dest, { recursive: true });
    ffuDrives(dest);
    const r = await runExe(wine, ['capture', '--disk', '0', '--ffu', 'E:\\all.ffu', '--name', 'all'], { env: env() });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const record = JSON.parse(readFileSync(join(dest, 'all.1.capture.json'), 'utf8'));
    expect(record.installations.map((i: { volume: string }) => i.volume)).toEqual(['D:\\', 'F:\\']);
  });

  it('usage errors on Windows (exit 5, one line): a disk image file for --disk (DISM captures physical drives), --engine wimlib', async () => {
    const dest = join(root, 'usage');
    mkdirSync(dest, { recursive: true });
    ffuDrives(dest);
    const file = await runExe(wine, ['capture', '--disk', 'G:\\disk.img', '--ffu', 'E:\\d.ffu', '--name', 'D', 'D:\\', 'F:\\'], {
      env: env(),
    });
    expect(file.status).toBe(5);
    expect(file.stderr.trim().split('\n')).toHaveLength(1);
    expect(file.stderr).toContain('an FFU is captured from a physical drive; give its number');
    const wimlib = await runExe(wine, ['capture', '--disk', '0', '--ffu', 'E:\\d.ffu', '--name', 'D', '--engine', 'wimlib', 'D:\\'], {
      env: env(),
    });
    expect(wimlib.status).toBe(5);
    expect(wimlib.stderr).toContain('--ffu is DISM only');
    expect(readdirSync(dest)).toEqual([]);
  });

  it('one partition not given (F: left out): refused with exit 2, nothing written', async () => {
    const dest = join(root, 'refused');
    mkdirSync(dest, { recursive: true });
    ffuDrives(dest);
    const r = await runExe(wine, ['capture', '--disk', '0', '--ffu', 'E:\\d.ffu', '--name', 'D', 'D:\\'], { env: env() });
    expect(r.status).toBe(2);
    // The refusal names the partition table it read (here PREFLIGHT_DISK_TABLE's image; in WinPE \\\\.\\PhysicalDrive0).
    expect(r.stderr).toMatch(/^preflight: capture refused: G:\\disk\.img must not be captured whole as it is: FFU-UNINSPECTED/);
    expect(readdirSync(dest)).toEqual([]);
  });
  describe("a data partition tied to its drive letter by the live MountedDevices (wine's registry, as WinPE's)", () => {
    const VALUE = '\\DosDevices\\H:';
    const data = join(root, 'data');
    /** H: is partition 4 in the live table: the value Windows writes for a GPT partition's letter. */
    async function tieH(dest: string): Promise<void> {
      await importReg(
        wine,
        dest,
        'E',
        `Windows Registry Editor Version 5.00\n\n[HKEY_LOCAL_MACHINE\\SYSTEM\\MountedDevices]\n"${VALUE.replace(/\\/g, '\\\\')}"=${regHex(mountedGpt(P4))}\n`,
      );
    }
    const drives = (dest: string) => {
      mkdirSync(join(data, 'Photos'), { recursive: true });
      mapDrives(wine, { D: join(root, 'C'), H: data, E: dest, G: join(root, 'disks'), S: stick, T: DATA, U: tools });
    };

    it('its volume was read and holds no Windows: the disk may be captured; without the entry it is unknown and refused', async () => {
      const dest = join(root, 'data-ok');
      mkdirSync(dest, { recursive: true });
      drives(dest);
      const unknown = await runExe(wine, ['capture', '--disk', '0', '--ffu', 'E:\\unknown.ffu', '--name', 'D', 'D:\\', 'H:\\'], {
        env: env(),
      });
      expect(unknown.status).toBe(2);
      expect(unknown.stderr).toContain('FFU-UNINSPECTED');
      await tieH(dest);
      try {
        const r = await runExe(wine, ['capture', '--disk', '0', '--ffu', 'E:\\d.ffu', '--name', 'D', 'D:\\', 'H:\\'], { env: env() });
        expect(r.stderr).toBe('');
        expect(r.status).toBe(0);
        const check = await runExe(wine, ['check', 'D:\\', 'H:\\', '--disk', 'G:\\disk.img', '--json']);
        const rows = (JSON.parse(check.stdout) as { disks: { rows: { volume: string | null }[] }[] }).disks[0].rows;
        expect(rows.map((row) => row.volume)).toEqual([null, null, 'D:\\', 'H:\\', null]);
      } finally {
        await regDelete(wine, 'HKLM\\SYSTEM\\MountedDevices', VALUE);
      }
    });

    it('an FFU is never written onto the disk it copies: H: is on it by the live table, named or not (exit 4)', async () => {
      const dest = join(root, 'data-dest');
      mkdirSync(dest, { recursive: true });
      drives(dest);
      await tieH(dest);
      try {
        const named = await runExe(wine, ['capture', '--disk', '0', '--ffu', 'H:\\d.ffu', '--name', 'D', 'D:\\', 'H:\\'], { env: env() });
        expect(named.status).toBe(4);
        expect(named.stderr).toContain('H:\\, a volume of the captured disk');
        // H: not named (and the gate overridden): the live table alone says H: is on the disk.
        const unnamed = await runExe(wine, ['capture', '--disk', '0', '--ffu', 'H:\\d.ffu', '--name', 'D', '--force', 'D:\\'], {
          env: env(),
        });
        expect(unnamed.status).toBe(4);
        expect(unnamed.stderr).toContain('H:\\, a volume of the captured disk');
        expect(readdirSync(data)).toEqual(['Photos']);
      } finally {
        await regDelete(wine, 'HKLM\\SYSTEM\\MountedDevices', VALUE);
      }
    });
  });
});
