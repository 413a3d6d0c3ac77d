// check --disk from preflight.exe under wine: the partition table of a disk image read through the same
// code that reads \\.\PhysicalDriveN, the BCD store on the ESP drive, the installation on D: — the same
// report as the Linux build gives for the same files.
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildBcdStore } from '../support/bcd-store';
import { runCliAsync } from '../support/cli';
import { makeDiskImage, sfdiskAvailable, TWO_WINDOWS_GPT } from '../support/disk-image';
import { buildWindowsVolume, mountedGpt } from '../../src/sample/windows-volume';
import { makeStick, mapDrives, runExe, wineSetup, type WineSetup } from '../support/wine';

const setup = wineSetup();
const tmp = mkdtempSync(join(tmpdir(), 'preflight-disk-exe-'));

/** Replaces each Windows root by its Linux folder, separators after it made forward slashes, time dropped. */
function sameAsLinux(json: string, roots: [string, string][]): unknown {
  let text = json;
  for (const [win, linux] of roots) {
    const escaped = JSON.stringify(win).slice(1, -1);
    text = text.split(escaped.replace(/\\\\$/, '')).join(`<${linux}>`);
  }
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string')
      return v.replace(
        /<([^>]+)>((?:\\[^\s"\\]+)*\\?)/g,
        (_m, root: string, rest: string) => `${root}${rest.replace(/\\/g, '/').replace(/\/$/, '')}`,
      );
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object')
      return Object.fromEntries(
        Object.entries(v)
          .filter(([k]) => k !== 'generatedAt' && k !== 'host')
          .map(([k, x]) => [k, walk(x)]),
      );
    return v;
  };
  return walk(JSON.parse(text));
}

describe.skipIf(!setup || !sfdiskAvailable())('preflight.exe check --disk under wine', () => {
  const wine = setup as WineSetup;
  it('a GPT image, the ESP and a Windows volume: the JSON equals the Linux run', async () => {
    const P3 = `{${TWO_WINDOWS_GPT.partitions[2].uuid!.toLowerCase()}}`;
    const disks = join(tmp, 'disks');
    mkdirSync(disks, { recursive: true });
    makeDiskImage(join(disks, 'disk.img'), TWO_WINDOWS_GPT);
    const esp = join(tmp, 'esp');
    buildBcdStore(join(esp, 'EFI', 'Microsoft', 'Boot', 'BCD'), [
      {
        id: '{11111111-0000-4000-8000-000000000011}',
        description: 'Windows 11',
        partitionGuid: P3,
        diskGuid: `{${TWO_WINDOWS_GPT.labelId.toLowerCase()}}`,
      },
    ]);
    const volume = join(tmp, 'C');
    buildWindowsVolume(volume, { installations: [{ hiberboot: 0, mountedDevices: { C: mountedGpt(P3) } }] });
    mapDrives(wine, { D: volume, E: esp, F: disks, S: makeStick(tmp) });
    const exe = await runExe(wine, ['check', 'E:\\', 'D:\\', '--disk', 'F:\\disk.img', '--json']);
    const linux = await runCliAsync(['check', esp, volume, '--disk', join(disks, 'disk.img'), '--json']);
    expect(exe.stderr).toBe('');
    expect(exe.status).toBe(linux.status);
    const report = JSON.parse(exe.stdout) as { disks: { rows: { installation: { id: string } | null; bootEntries: unknown[] }[] }[] };
    expect(report.disks[0].rows[2]).toMatchObject({
      installation: { id: 'D:\\Windows' },
      bootEntries: [expect.objectContaining({ store: 'E:\\EFI\\Microsoft\\Boot\\BCD' })],
    });
    const roots: [string, string][] = [
      ['F:\\', disks],
      ['E:\\', esp],
      ['D:\\', volume],
    ];
    expect(sameAsLinux(exe.stdout, roots)).toEqual(sameAsLinux(linux.stdout, []));
  });
});
