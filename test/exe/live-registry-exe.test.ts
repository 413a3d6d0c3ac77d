// The live registry from preflight.exe under wine, whose registry is a real one (wine keeps its own
// HKLM\SYSTEM\MountedDevices, and takes keys imported with its reg.exe): both routes — the native-reg addon
// the executable carries, and reg.exe (PREFLIGHT_REGISTRY=reg.exe) — must read the same bytes.
//   - `bcd` with no FILE reads the system store at HKLM\BCD00000000: a corpus store imported there reads
//     exactly as the store file does.
//   - `check --disk` reads a partition that has no drive letter through its \\?\Volume{GUID}\ root, found by
//     its partition identity in the live MountedDevices (wine resolves \??\Volume{GUID} through the prefix's
//     dosdevices folder, as it resolves drive letters).
import { mkdirSync, mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { buildBcdStore } from '../support/bcd-store';
import { runCliAsync } from '../support/cli';
import { corpusPath } from '../support/corpus';
import { makeDiskImage, sfdiskAvailable, TWO_WINDOWS_GPT } from '../support/disk-image';
import { buildWindowsVolume, mountedGpt } from '../../src/sample/windows-volume';
import { importReg, makeStick, mapDrives, regDelete, ranAs, regHex, runExe, wineSetup, type WineSetup } from '../support/wine';

const setup = wineSetup();
const tmp = mkdtempSync(join(tmpdir(), 'preflight-live-registry-exe-'));
const ROUTES = [
  { route: 'native-reg', env: {} },
  { route: 'reg.exe', env: { PREFLIGHT_REGISTRY: 'reg.exe' } },
] as const;
const SYSTEM_STORE = 'HKLM\\BCD00000000';
const MOUNTED_DEVICES = 'HKLM\\SYSTEM\\MountedDevices';

describe.skipIf(!setup)('the live registry from preflight.exe under wine', () => {
  const wine = setup as WineSetup;
  afterEach(async () => {
    await regDelete(wine, SYSTEM_STORE);
  });

  it.each(ROUTES)('bcd with no FILE and no system store loaded: exit 4, one line ($route)', async ({ env }) => {
    mapDrives(wine, { S: makeStick(tmp) });
    await regDelete(wine, SYSTEM_STORE);
    const r = await runExe(wine, ['bcd'], { env });
    expect(r.status).toBe(4);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('no system store is loaded (HKLM\\BCD00000000 does not exist');
  });

  it.each(['regipy/BCD', 'ericzimmerman-registry/BCD', 'dfirartifactmuseum/Registry/Win10/BCD-Template'])(
    'bcd with no FILE reads %s loaded as the system store exactly as the file, through both routes',
    async (name) => {
      const file = corpusPath(name);
      const dir = join(tmp, `store-${name.replace(/\W+/g, '-')}`);
      mkdirSync(dir, { recursive: true });
      mapDrives(wine, { F: dir, G: join(file, '..'), S: makeStick(tmp) });
      // The store's own tree, exported by the Linux build, imported where Windows keeps its system store.
      const exported = await runCliAsync(['hive', 'export', file, '--format', 'reg', '--prefix', 'HKEY_LOCAL_MACHINE\\BCD00000000']);
      expect(exported.status).toBe(0);
      await importReg(wine, dir, 'F', exported.stdout);

      const fromFile = await runExe(wine, ['bcd', `G:\\${name.split('/').pop()}`, '--json']);
      expect(fromFile.status).toBe(0);
      const expected = JSON.parse(fromFile.stdout) as { file: string; objects: unknown[] };
      expect(expected.objects.length).toBeGreaterThan(5);
      const fileText = (await runExe(wine, ['bcd', `G:\\${name.split('/').pop()}`])).stdout;
      for (const { route, env } of ROUTES) {
        const live = await runExe(wine, ['bcd', '--json'], { env });
        // What the run said goes into the failure message: an exit without a word must still say which route.
        const said = ranAs(`bcd --json through ${route}`, live);
        expect(live.stderr, said).toBe('');
        expect(live.status, said).toBe(0);
        const got = JSON.parse(live.stdout) as { file: string };
        // The route is named: the addon really loaded inside the executable (no silent fall-back).
        expect(got.file).toBe(`HKLM\\BCD00000000 (system store, read with ${route})`);
        expect({ ...got, file: null }).toEqual({ ...expected, file: null });
        const text = (await runExe(wine, ['bcd'], { env })).stdout;
        expect(text.split(expected.file).join('<store>')).toBe(fileText.split(expected.file).join('<store>'));
      }
    },
  );

  it('PREFLIGHT_REGISTRY=native-reg makes the addon mandatory; it loads in the executable', async () => {
    mapDrives(wine, { S: makeStick(tmp) });
    const r = await runExe(wine, ['bcd'], { env: { PREFLIGHT_REGISTRY: 'native-reg' } });
    expect(r.status).toBe(4);
    expect(r.stderr).toContain('no system store is loaded');
  });

  describe.skipIf(!sfdiskAvailable())('check --disk and a partition without a drive letter', () => {
    const P3 = `{${TWO_WINDOWS_GPT.partitions[2].uuid!.toLowerCase()}}`;
    const P4 = `{${TWO_WINDOWS_GPT.partitions[3].uuid!.toLowerCase()}}`;
    const DISK = `{${TWO_WINDOWS_GPT.labelId.toLowerCase()}}`;
    // A volume GUID as Windows makes them; the value name is what mountmgr writes for every volume.
    const VOLUME = '{4f0b7c1e-9d2a-4c36-8e51-2a7d3b9c6f10}';
    const VALUE = `\\??\\Volume${VOLUME}`;
    const root = join(tmp, 'unlettered');
    const disks = join(root, 'disks');
    const esp = join(root, 'esp');
    const first = join(root, 'first');
    const second = join(root, 'second');

    function prepare(): void {
      mkdirSync(disks, { recursive: true });
      makeDiskImage(join(disks, 'disk.img'), TWO_WINDOWS_GPT);
      buildBcdStore(join(esp, 'EFI', 'Microsoft', 'Boot', 'BCD'), [
        { id: '{11111111-0000-4000-8000-000000000011}', description: 'Windows 11', partitionGuid: P3, diskGuid: DISK },
        { id: '{22222222-0000-4000-8000-000000000022}', description: 'Windows 10 (second)', partitionGuid: P4, diskGuid: DISK },
      ]);
      buildWindowsVolume(first, { installations: [{ hiberboot: 0, mountedDevices: { C: mountedGpt(P3) } }] });
      // The second Windows was not generalized: only reading it shows that the disk may not be imaged whole.
      buildWindowsVolume(second, {
        installations: [
          {
            hiberboot: 0,
            imageState: 'IMAGE_STATE_COMPLETE',
            computerName: 'OLD-PC',
            machineSid: 'S-1-5-21-1-2-3',
            mountedDevices: { C: mountedGpt(P4) },
          },
        ],
      });
    }

    type Report = {
      installations: { id: string; volume: string }[];
      disks: {
        source: string | null;
        rows: {
          installation: { id: string; generalization: string } | null;
          bootEntries: { description: string }[];
          volume: string | null;
        }[];
      }[];
      findings?: unknown;
    };

    it.each(ROUTES)(
      'the second Windows is read through \\\\?\\Volume{GUID}\\ when its partition is in the live MountedDevices ($route)',
      async ({ env }) => {
        prepare();
        mapDrives(wine, { D: first, E: esp, F: disks, S: makeStick(root) });
        // No drive letter: only the volume's name in wine's object namespace (its dosdevices folder) and its
        // live MountedDevices entry, holding the partition identity as Windows stores it.
        const link = join(wine.prefix, 'dosdevices', `volume${VOLUME}`);
        try {
          symlinkSync(second, link);
        } catch {
          // left by the other route's run
        }
        await importReg(
          wine,
          disks,
          'F',
          `Windows Registry Editor Version 5.00\n\n[HKEY_LOCAL_MACHINE\\SYSTEM\\MountedDevices]\n"${VALUE.replace(/\\/g, '\\\\')}"=${regHex(mountedGpt(P4))}\n`,
        );
        try {
          const r = await runExe(wine, ['check', 'E:\\', 'D:\\', '--disk', 'F:\\disk.img', '--json'], { env });
          expect(r.stderr).toBe('');
          expect(r.status).toBe(2);
          const report = JSON.parse(r.stdout) as Report;
          const volumeRoot = `\\\\?\\Volume${VOLUME}\\`;
          expect(report.installations.map((i) => i.volume)).toEqual(['D:\\', volumeRoot]);
          const rows = report.disks[0].rows;
          expect(report.disks[0].source).toBe('F:\\disk.img');
          expect(rows[2].installation).toMatchObject({ id: 'D:\\Windows' });
          expect(rows[3].installation).toMatchObject({ id: `${volumeRoot}Windows`, generalization: 'not-generalized' });
          expect(rows[3].bootEntries.map((e) => e.description)).toEqual(['Windows 10 (second)']);
          // The disk table names the volume each partition was read through.
          expect(rows.map((row) => row.volume)).toEqual([null, null, 'D:\\', volumeRoot, null]);
        } finally {
          await regDelete(wine, MOUNTED_DEVICES, VALUE);
        }
      },
    );

    it('without that entry the partition stays unread: the boot entry points to a Windows not inspected', async () => {
      prepare();
      mapDrives(wine, { D: first, E: esp, F: disks, S: makeStick(root) });
      await regDelete(wine, MOUNTED_DEVICES, VALUE);
      const r = await runExe(wine, ['check', 'E:\\', 'D:\\', '--disk', 'F:\\disk.img', '--json']);
      expect(r.stderr).toBe('');
      const report = JSON.parse(r.stdout) as Report & { installations: { findings: { id: string }[] }[] };
      expect(report.installations.map((i) => i.volume)).toEqual(['D:\\']);
      expect(report.disks[0].rows[3].installation).toBeNull();
      expect(JSON.stringify(report)).toContain('DSK001');
    });
  });
});
