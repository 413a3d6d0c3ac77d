// `preflight capture --disk … --ffu …` end to end through the built CLI: a disk image with a real GPT
// (sfdisk), scenario volumes whose MountedDevices tie them to its partitions, and DISM through the stand-in
// that replays recorded DISM output (test/data/dism/README.md) and logs the exact argument list. The gate
// (every Windows on the disk generalized, nothing unknown), the plan's refusals, usage errors, DISM
// missing, DISM failing, and the read-back with /Get-ImageInfo.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli, type CliResult } from '../support/cli';
import { PROJECT_ROOT } from '../support/corpus';
import { makeDiskImage, sfdiskAvailable, TWO_WINDOWS_GPT } from '../support/disk-image';
import { treeHash } from '../support/tree-hash';
import { IMAGE_STATE, buildWindowsVolume, mountedGpt, mountedMbr } from '../../src/sample/windows-volume';

const tmp = mkdtempSync(join(tmpdir(), 'preflight-ffu-'));
const STANDIN = join(PROJECT_ROOT, 'test', 'support', 'dism-standin.mjs');
const P3 = `{${TWO_WINDOWS_GPT.partitions[2].uuid!.toLowerCase()}}`;
const P4 = `{${TWO_WINDOWS_GPT.partitions[3].uuid!.toLowerCase()}}`;
let n = 0;

const oneLine = (r: CliResult) => {
  expect(r.stderr.trim().split('\n')).toHaveLength(1);
  expect(r.stderr).not.toMatch(/\bat .*\.(c?js|ts):\d+/);
};
const dest = () => {
  const d = join(tmp, `dest-${++n}`);
  mkdirSync(d, { recursive: true });
  return d;
};
const calls = (file: string) =>
  readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as string[]);

describe.skipIf(!sfdiskAvailable())('capture --ffu: the whole disk through DISM /Capture-Ffu', () => {
  const disk = join(tmp, 'disk.img');
  const c = join(tmp, 'ok', 'C');
  const d = join(tmp, 'ok', 'D');
  const dirty = join(tmp, 'dirty', 'D');
  beforeAll(() => {
    makeDiskImage(disk, TWO_WINDOWS_GPT);
    buildWindowsVolume(c, { installations: [{ hiberboot: 0, mountedDevices: { C: mountedGpt(P3) } }] });
    buildWindowsVolume(d, { installations: [{ hiberboot: 0, machineSid: 'S-1-5-21-9-8-7', mountedDevices: { C: mountedGpt(P4) } }] });
    buildWindowsVolume(dirty, {
      installations: [
        { imageState: IMAGE_STATE.COMPLETE, computerName: 'OLD-PC', machineSid: 'S-1-5-21-1-2-3', mountedDevices: { C: mountedGpt(P4) } },
      ],
    });
  });
  const ffu = (out: string, vols: string[], extra: string[] = [], env: Record<string, string> = {}) =>
    runCli(['capture', '--disk', disk, '--ffu', join(out, 'disk0.ffu'), '--name', 'disk0', ...vols, ...extra], {
      PREFLIGHT_DISM: STANDIN,
      DISM_STANDIN_ARGV: join(out, 'argv.jsonl'),
      ...env,
    });

  it('every Windows generalized: DISM gets exactly /Capture-Ffu …, the FFU is read back with /Get-ImageInfo, record and log beside it, volumes untouched', () => {
    const out = dest();
    const before = [treeHash(c), treeHash(d)];
    const r = ffu(out, [c, d], ['--description', 'two words', '--verify']);
    expect(r.stderr).toBe('');
    // The replayed DISM is 10.0.26100.1, the Windows 11 captured is build 26100: no warning.
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(`captured ${join(out, 'disk0.ffu')} index 1 "disk0": the whole of ${disk}`);
    expect(calls(join(out, 'argv.jsonl'))).toEqual([
      [
        '/Capture-Ffu',
        `/ImageFile:${join(out, 'disk0.ffu')}`,
        `/CaptureDrive:${disk}`,
        '/Name:disk0',
        '/Description:two words',
        '/Compress:Default',
        `/ScratchDir:${join(out, 'disk0.scratch')}`,
        `/LogPath:${join(out, 'disk0.1.dism.log')}`,
        '/English',
      ],
      ['/Get-ImageInfo', `/ImageFile:${join(out, 'disk0.ffu')}`, '/English'],
    ]);
    const record = JSON.parse(readFileSync(join(out, 'disk0.1.capture.json'), 'utf8'));
    expect(record).toMatchObject({
      ok: true,
      source: disk,
      index: 1,
      name: 'disk0',
      verdict: 'ready',
      overriddenFindings: [],
      engine: { name: 'dism', version: '10.0.26100.1' },
      options: { format: 'ffu', ffu: { disk, captureDrive: disk } },
    });
    expect(record.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(record.installations.map((i: { volume: string }) => i.volume)).toEqual([c, d]);
    expect(readFileSync(join(out, 'disk0.1.preflight.log'), 'utf8')).toContain(
      `capture of ${disk} to ${join(out, 'disk0.ffu')} as "disk0"`,
    );
    expect(existsSync(join(out, 'disk0.scratch'))).toBe(false);
    expect([treeHash(c), treeHash(d)]).toEqual(before);
  });

  it('one Windows not generalized: refused with exit 2 and nothing written; --force captures and records what it overrode', () => {
    const out = dest();
    const r = ffu(out, [c, dirty]);
    expect(r.status).toBe(2);
    oneLine(r);
    expect(r.stderr).toMatch(
      /^preflight: capture refused: .*disk\.img must not be captured whole as it is: GEN001 .*FFU-NOT-GENERALIZED A Windows on the disk is not generalized/,
    );
    expect(readdirSync(out)).toEqual([]);
    const forced = ffu(out, [c, dirty], ['--force']);
    // Captured, but of a disk check blocked: never 0, and the last line says so.
    expect(forced.status).toBe(2);
    expect(forced.stdout.trim().split('\n').at(-1)).toMatch(/^FORCED: captured although check said BLOCKED .*GEN001 .*FFU-NOT-GENERALIZED/);
    expect(forced.stdout).toMatch(
      /check: blocked - capturing anyway \(--force\)\n {2}overridden: GEN001 .*\n {2}overridden: FFU-NOT-GENERALIZED/,
    );
    const record = JSON.parse(readFileSync(join(out, 'disk0.1.capture.json'), 'utf8'));
    expect(record.verdict).toBe('blocked');
    expect(record.overriddenFindings.map((f: { id: string }) => f.id)).toEqual(['GEN001', 'FFU-NOT-GENERALIZED']);
    expect(readFileSync(join(out, 'disk0.1.preflight.log'), 'utf8')).toContain('OVERRIDDEN by --force: FFU-NOT-GENERALIZED');
  });

  it('a Windows partition no volume was given for: unknown, refused (exit 2)', () => {
    const out = dest();
    const r = ffu(out, [c]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/FFU-UNINSPECTED A partition of the disk that may hold Windows was not inspected/);
    expect(readdirSync(out)).toEqual([]);
  });

  it('usage errors, one line and exit 5: --engine wimlib, no --disk, --append, --config, --compress max, both --image and --ffu', () => {
    const out = dest();
    const cases: [string[], RegExp][] = [
      [
        ['capture', '--disk', disk, '--ffu', join(out, 'x.ffu'), '--name', 'X', c, d, '--engine', 'wimlib'],
        /--ffu is DISM only: wimlib cannot write an FFU/,
      ],
      [['capture', '--ffu', join(out, 'x.ffu'), '--name', 'X', c], /--ffu needs --disk N/],
      [['capture', '--disk', disk, '--ffu', join(out, 'x.ffu'), '--name', 'X', c, '--append'], /--append is for WIMs/],
      [['capture', '--disk', disk, '--ffu', join(out, 'x.ffu'), '--name', 'X', c, '--config', disk], /--config is for WIMs/],
      [['capture', '--disk', disk, '--ffu', join(out, 'x.ffu'), '--name', 'X', c, '--compress', 'max'], /--compress max is for WIMs/],
      [['capture', '--disk', disk, '--ffu', join(out, 'x.ffu'), '--image', join(out, 'x.wim'), '--name', 'X', c], /not both/],
      [['capture', c, d, '--image', join(out, 'x.wim'), '--name', 'X'], /a WIM captures one volume/],
      [['capture', '--name', 'X', c], /capture needs --image FILE .* or --ffu FILE with --disk N/],
    ];
    for (const [args, message] of cases) {
      const r = runCli(args, { PREFLIGHT_DISM: STANDIN });
      expect(r.status, args.join(' ')).toBe(5);
      oneLine(r);
      expect(r.stderr).toMatch(message);
    }
    expect(readdirSync(out)).toEqual([]);
  });

  it('the plan refuses (exit 4, nothing written): the image on a volume of the disk, an existing file, an MBR disk', () => {
    const onDisk = runCli(['capture', '--disk', disk, '--ffu', join(c, 'disk0.ffu'), '--name', 'X', c, d], { PREFLIGHT_DISM: STANDIN });
    expect(onDisk.status).toBe(4);
    oneLine(onDisk);
    expect(onDisk.stderr).toContain(`a volume of the captured disk ${disk}`);
    const out = dest();
    const first = ffu(out, [c, d]);
    expect(first.status).toBe(0);
    const again = ffu(out, [c, d]);
    expect(again.status).toBe(4);
    expect(again.stderr).toMatch(/disk0\.ffu already exists; an FFU holds one disk/);

    const mbrDisk = join(tmp, 'mbr.img');
    makeDiskImage(mbrDisk, { label: 'dos', labelId: '0x1234abcd', sizeMiB: 512, partitions: [{ startMiB: 1, sizeMiB: 500, type: '7' }] });
    const m = join(tmp, 'mbr', 'C');
    buildWindowsVolume(m, { installations: [{ hiberboot: 0, mountedDevices: { C: mountedMbr(0x1234abcd, 1048576) } }] });
    const mbrOut = dest();
    const mbr = runCli(['capture', '--disk', mbrDisk, '--ffu', join(mbrOut, 'm.ffu'), '--name', 'M', m], { PREFLIGHT_DISM: STANDIN });
    expect(mbr.status).toBe(4);
    oneLine(mbr);
    expect(mbr.stderr).toMatch(/is an MBR disk: DISM cannot capture an FFU of an MBR disk/);
    expect(readdirSync(mbrOut)).toEqual([]);
  });

  it('no DISM here: --dry-run plans and prints the exact command (exit 0); a real run fails with exit 3 naming what was looked for', () => {
    const out = dest();
    const dry = runCli(['capture', '--disk', disk, '--ffu', join(out, 'disk0.ffu'), '--name', 'disk0', c, d, '--dry-run']);
    expect(dry.status).toBe(0);
    expect(dry.stdout).toContain(
      `command: %SystemRoot%\\System32\\Dism.exe /Capture-Ffu /ImageFile:${join(out, 'disk0.ffu')} /CaptureDrive:${disk} /Name:disk0 /Compress:Default`,
    );
    expect(dry.stdout).toContain('note: dism not found');
    const real = runCli(['capture', '--disk', disk, '--ffu', join(out, 'disk0.ffu'), '--name', 'disk0', c, d]);
    expect(real.status).toBe(3);
    oneLine(real);
    expect(real.stderr).toMatch(/capture failed: dism not found: looked for %SystemRoot%\\System32\\Dism\.exe/);
    expect(readdirSync(out)).toEqual([]);
  });

  it('DISM fails (a recorded /Capture-FFU error 87): exit 3 in words, the partial FFU removed, record and log kept', () => {
    const out = dest();
    const r = ffu(out, [c, d], [], { DISM_STANDIN_REPLAY: 'capture-ffu-error-87-option.txt', DISM_STANDIN_PARTIAL: '4096' });
    expect(r.status).toBe(3);
    oneLine(r);
    expect(r.stderr).toMatch(/^preflight: capture failed: dism failed: 87 /);
    expect(existsSync(join(out, 'disk0.ffu'))).toBe(false);
    const record = JSON.parse(readFileSync(join(out, 'disk0.1.capture.json'), 'utf8'));
    expect(record.ok).toBe(false);
    expect(record.result.outputTail.join('\n')).toContain(`DISM doesn't recognize the command-line option`);
  });

  it("DISM's /Get-ImageInfo failing on the new FFU: exit 3, said with its exit code and last line, the FFU kept", () => {
    const out = dest();
    const r = ffu(out, [c, d], [], { DISM_STANDIN_LIST_FAILS: '1' });
    expect(r.status).toBe(3);
    oneLine(r);
    expect(r.stderr).toMatch(
      /the image did not verify: \S+disk0\.ffu cannot be read back by DISM \(\/Get-ImageInfo, exit 2: The system cannot find the file specified\.\)[;( ]/,
    );
    expect(existsSync(join(out, 'disk0.ffu'))).toBe(true);
  });

  it('a DISM older than the Windows on the disk (the 19041 transcript): captured, with the warning, exit 1', () => {
    const out = dest();
    const r = ffu(out, [c, d], [], { DISM_STANDIN_REPLAY: 'capture-success-19041.txt' });
    expect(r.status).toBe(1);
    expect(r.stdout).toContain(
      'warning: DISM is older than the Windows it captured: DISM 10.0.19041.844 (build 19041) captured Windows build 26100',
    );
    const record = JSON.parse(readFileSync(join(out, 'disk0.1.capture.json'), 'utf8'));
    expect(record.warnings.map((w: { id: string }) => w.id)).toContain('DISM-OLDER');
  });

  it('--json: gate, plan, percent events and the result, one JSON object a line', () => {
    const out = dest();
    const r = ffu(out, [c, d], ['--json']);
    expect(r.status).toBe(0);
    const events = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(events[0]).toEqual({ event: 'gate', verdict: 'ready', overridden: [], warnings: [] });
    expect(events[1]).toMatchObject({
      event: 'plan',
      source: disk,
      configFile: null,
      command: { engine: 'dism', args: expect.arrayContaining(['/Capture-Ffu']) },
    });
    expect(events.filter((e) => e.event === 'percent').map((e) => e.percent)).toEqual([8, 27, 100]);
    expect(events.at(-1)).toMatchObject({ event: 'result', ok: true, index: 1 });
  });
});
