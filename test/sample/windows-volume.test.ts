/**
 * The volume builder is checked three ways:
 *  - hivex (libguestfs, independent of this project) reads every hive written for every scenario and sees
 *    the keys and values intended: ImageState, the machine SID at the tail of SAM Domains\Account\V, the
 *    REG_NONE PolAcDmS, CurrentVersion, ProfileList, AppxAllUserStore …; for dirty hives it sees the STALE
 *    primary (hivex does not replay logs) while src/hive's openHive (logs on) sees the recovered content;
 *  - the files beside the hives (State.ini, tag, Panther logs, answer files, hiberfil.sys, pending.xml)
 *    have the bytes and encodings intended, and lowerCasePaths really lowers every component;
 *  - end to end, the project's own readers and checks say what each scenario is meant to trigger
 *    (SCENARIO_INTENT), so a scenario that stops exercising its check is noticed.
 * SIDs are written out as hex by hand (decoded with an independent script), not recomputed here.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openHive } from '../../src/hive';
import { recoverHive } from '../../src/hive/recovery';
import { runChecks } from '../../src/checks/registry';
import { inspectInstallation } from '../../src/windows/installation';
import { findInstallations } from '../../src/windows/locate';
import { VolumeFs } from '../../src/windows/volume-fs';
import type { InstallationFacts } from '../../src/windows/facts';
import { hivexAvailable, hivexDump, type HivexKey } from '../support/hivex';
import {
  CORP_DOMAIN,
  DEFAULT_MACHINE_SID,
  HIVE_NAMES,
  IMAGE_STATE,
  ORPHAN_SID,
  SCENARIOS,
  SCENARIO_INTENT,
  SCENARIO_NAMES,
  STORE_UPDATED_CALCULATOR,
  STORE_UPDATED_PHOTOS,
  UNPROVISIONED_LXP,
  buildInstallationHives,
  buildSample,
  buildScenario,
  osProfile,
  staleImageStateOf,
  type HiveName,
  type InstallationSpec,
  type ScenarioName,
  type VolumeSpec,
} from '../../src/sample/windows-volume';

const HAVE_HIVEX = hivexAvailable();

/** Binary SIDs, decoded independently (revision 1, 4 subs, authority 5, 21, then three LE dwords). */
const SID_HEX: Record<string, string> = {
  [DEFAULT_MACHINE_SID]: '010400000000000515000000c7f7fed77c7755c8945ace01',
  'S-1-5-21-1957816478-2793074591-1041990146': '0104000000000005150000009ee8b1749fef7aa602821b3e',
  'S-1-5-21-1004336348-1177238915-682003330': '010400000000000515000000dcf4dc3b833d2b46828ba628',
  'S-1-5-21-2557813048-1419227381-3911245683': '01040000000000051500000038217598f5b0975473df20e9',
};

const hex = (s: string) => Buffer.from(s, 'utf16le').toString('hex');
const szHex = (s: string) => hex(s + '\0');
const dwordHex = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n >>> 0);
  return b.toString('hex');
};

let base: string;
const roots = new Map<ScenarioName, string[]>();
/** CPU time of the build (user + system): the wall-clock time is the machine's, ten times longer when it is busy. */
let buildCpuMs = 0;

beforeAll(async () => {
  base = mkdtempSync(join(tmpdir(), 'windows-volume-'));
  const t0 = process.cpuUsage();
  for (const name of SCENARIO_NAMES) {
    roots.set(name, buildScenario(join(base, name), name));
    // The build is synchronous and takes half a minute on a busy machine: the worker's event loop turns
    // between scenarios, so vitest's RPC with it is answered (its deadline is 60 s).
    await new Promise(setImmediate);
  }
  const cpu = process.cpuUsage(t0);
  buildCpuMs = (cpu.user + cpu.system) / 1000;
});
afterAll(() => {
  rmSync(base, { recursive: true, force: true });
});

function volumesOf(name: ScenarioName): VolumeSpec[] {
  const s = SCENARIOS[name];
  return Array.isArray(s) ? s : [s];
}

/** [volume root, installation spec] for every installation of a scenario. */
function installationsOf(name: ScenarioName): [string, InstallationSpec][] {
  const vols = volumesOf(name);
  const r = roots.get(name)!;
  return vols.flatMap((vol, i) => vol.installations.map((inst): [string, InstallationSpec] => [r[i], inst]));
}

function hivePath(root: string, spec: InstallationSpec, hive: HiveName): string {
  const abs = new VolumeFs(root).resolve(`${spec.windowsDir ?? 'Windows'}\\System32\\config\\${hive}`);
  if (!abs) throw new Error(`${hive} not found under ${root}`);
  return abs;
}

const dumps = new Map<string, Map<string, HivexKey>>();

/** hivex's view of a hive: upper-cased key path → key (one hivex run per file). */
function dump(file: string): Map<string, HivexKey> {
  let keys = dumps.get(file);
  if (!keys) {
    keys = new Map(hivexDump(file).map((k) => [k.path.toUpperCase(), k]));
    dumps.set(file, keys);
  }
  return keys;
}

function value(keys: Map<string, HivexKey>, key: string, name: string) {
  return keys.get(`\\${key}`.toUpperCase())?.values.find((v) => v.name.toUpperCase() === name.toUpperCase());
}

function subkeyNames(keys: Map<string, HivexKey>, key: string): string[] {
  const prefix = `\\${key}\\`.toUpperCase();
  return [...keys.values()]
    .map((k) => k.path)
    .filter((p) => p.toUpperCase().startsWith(prefix) && !p.slice(prefix.length).includes('\\'))
    .map((p) => p.slice(prefix.length));
}

const CV = 'Microsoft\\Windows NT\\CurrentVersion';
const STATE = 'Microsoft\\Windows\\CurrentVersion\\Setup\\State';
const STORE = 'Microsoft\\Windows\\CurrentVersion\\Appx\\AppxAllUserStore';

describe('every scenario, read back with hivex', () => {
  it.skipIf(!HAVE_HIVEX).each(SCENARIO_NAMES)('%s', (name) => {
    for (const [root, spec] of installationsOf(name)) {
      const dirty = new Set(spec.dirtyHives ?? []);
      const os = osProfile(spec.os ?? 'win11-24h2');
      const sw = dump(hivePath(root, spec, 'SOFTWARE'));
      const sys = dump(hivePath(root, spec, 'SYSTEM'));
      const sam = dump(hivePath(root, spec, 'SAM'));
      const sec = dump(hivePath(root, spec, 'SECURITY'));

      // SOFTWARE: ImageState (the stale one when the primary is dirty: hivex does not replay logs).
      const intended = spec.imageState === undefined ? IMAGE_STATE.GENERALIZE_RESEAL_TO_OOBE : spec.imageState;
      const seen = dirty.has('SOFTWARE') ? staleImageStateOf(spec) : intended;
      const imageState = value(sw, STATE, 'ImageState');
      if (seen === null) expect(imageState).toBeUndefined();
      else expect(imageState).toEqual({ name: 'ImageState', type: 1, data: szHex(seen) });

      // CurrentVersion (domain.md §2.4): REG_SZ builds, DWORD UBR, the Windows 11 ProductName quirk.
      expect(value(sw, CV, 'CurrentBuild')).toEqual({ name: 'CurrentBuild', type: 1, data: szHex(String(os.build)) });
      expect(value(sw, CV, 'CurrentBuildNumber')?.data).toBe(szHex(String(os.build)));
      expect(value(sw, CV, 'ProductName')?.data).toBe(szHex(os.productName));
      expect(value(sw, CV, 'InstallationType')?.data).toBe(szHex(os.installationType));
      expect(value(sw, CV, 'CurrentVersion')?.data).toBe(szHex(os.currentVersion));
      if (os.ubr === null) expect(value(sw, CV, 'UBR')).toBeUndefined();
      else expect(value(sw, CV, 'UBR')).toEqual({ name: 'UBR', type: 4, data: dwordHex(os.ubr) });

      // ProfileList: built-ins always, then the users.
      const sid = spec.machineSid ?? DEFAULT_MACHINE_SID;
      const profiles = subkeyNames(sw, `${CV}\\ProfileList`);
      expect(profiles).toEqual(
        expect.arrayContaining(['S-1-5-18', 'S-1-5-19', 'S-1-5-20', ...(spec.users ?? []).map((u) => `${sid}-${u.rid}`)]),
      );
      for (const u of spec.users ?? []) {
        expect(value(sw, `${CV}\\ProfileList\\${sid}-${u.rid}`, 'ProfileImagePath')).toEqual({
          name: 'ProfileImagePath',
          type: 2,
          data: szHex(`C:\\Users\\${u.name}`),
        });
      }
      // Enough keys for an `ri` index under Classes\CLSID.
      expect(subkeyNames(sw, 'Classes\\CLSID')).toHaveLength(1500);

      // SYSTEM: Select and the current control set.
      expect(value(sys, 'Select', 'Current')?.data).toBe(dwordHex(1));
      expect(value(sys, 'ControlSet001\\Control\\Session Manager\\Environment', 'PROCESSOR_ARCHITECTURE')?.data).toBe(szHex('AMD64'));
      if (spec.computerName)
        expect(value(sys, 'ControlSet001\\Control\\ComputerName\\ComputerName', 'ComputerName')?.data).toBe(szHex(spec.computerName));

      // SAM: the machine SID is the last 24 bytes of Domains\Account\V (domain.md §4.1).
      const v = value(sam, 'SAM\\Domains\\Account', 'V');
      expect(v?.type).toBe(3);
      expect(v!.data.slice(-48)).toBe(SID_HEX[sid]);
      expect(v!.data.slice(-48, -24)).toBe('010400000000000515000000');
      expect(value(sam, 'SAM\\Domains\\Account', 'F')?.type).toBe(3);
      expect(value(sam, 'SAM\\Domains\\Account\\Users\\Names\\Administrator', '')).toEqual({ name: '', type: 500, data: '' });

      // SECURITY: PolAcDmS default value typed REG_NONE (0) holding the binary SID.
      expect(value(sec, 'Policy\\PolAcDmS', '')).toEqual({ name: '', type: 0, data: SID_HEX[spec.securitySid ?? sid] });
      if (!dirty.has('SECURITY')) {
        const acdmn = value(sec, 'Policy\\PolAcDmN', '')!;
        expect(acdmn.type).toBe(0);
        expect(acdmn.data.slice(16)).toBe(szHex(spec.computerName ?? os.computerName)); // after the 8-byte UNICODE_STRING header
      }
    }
  });
});

describe('files beside the hives', () => {
  it.each(SCENARIO_NAMES)('%s: State.ini, tag and Sysprep logs as specified', (name) => {
    for (const [root, spec] of installationsOf(name)) {
      const vol = new VolumeFs(root);
      const w = spec.windowsDir ?? 'Windows';
      const imageState = spec.imageState === undefined ? IMAGE_STATE.GENERALIZE_RESEAL_TO_OOBE : spec.imageState;
      const generalized = /GENERALIZE_RESEAL/.test(imageState ?? '');
      const ini = vol.readFile(`${w}\\Setup\\State\\State.ini`, 4096);
      const text = `[State]\r\nImageState="${imageState}"\r\n`;
      if (spec.stateIniEncoding === 'utf16le-bom')
        expect(ini).toEqual(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]));
      else expect(ini?.toString('latin1')).toBe(text);
      expect(vol.isFile(`${w}\\System32\\Sysprep\\Sysprep_succeeded.tag`)).toBe(spec.sysprepTag ?? generalized);
      expect(vol.isFile(`${w}\\System32\\Sysprep\\Panther\\setupact.log`)).toBe(generalized || !!spec.pantherSysprep);
      for (const hive of HIVE_NAMES) {
        expect(vol.isFile(`${w}\\System32\\config\\${hive}.LOG1`)).toBe(true);
        expect(vol.isFile(`${w}\\System32\\config\\${hive}.LOG2`)).toBe(true);
      }
    }
  });

  it('a successful run leaves an empty setuperr.log and a setupact.log in Windows column layout', () => {
    const [root] = roots.get('generalized-win11')!;
    const dir = join(root, 'Windows', 'System32', 'Sysprep', 'Panther');
    expect(statSync(join(dir, 'setuperr.log')).size).toBe(0);
    const act = readFileSync(join(dir, 'setupact.log'), 'utf8');
    expect(act).toContain('2024-11-20 14:01:35, Info                  SYSPRP ===          Beginning of a new sysprep run          ===\r\n');
    expect(act).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d, Info       \[0x0f004d\] SYSPRP The time is now /m);
    expect(act).toContain("ParseCommands:Found supported command line option 'GENERALIZE'");
    expect(act).toContain('FCreateTagFile:Successfully created tag file C:\\Windows\\System32\\Sysprep\\Sysprep_succeeded.tag');
    expect(act).not.toMatch(/, (Error|Warning) /);
  });

  it('appx-sysprep-failed: setuperr.log holds the KB 2769827 cascade naming the package', () => {
    const [root] = roots.get('appx-sysprep-failed')!;
    const err = readFileSync(join(root, 'Windows', 'System32', 'Sysprep', 'Panther', 'setuperr.log'), 'utf8')
      .split('\r\n')
      .filter(Boolean);
    expect(err).toHaveLength(10);
    expect(err.every((l) => /^2024-11-20 14:02:13, Error      /.test(l))).toBe(true);
    expect(err[0]).toBe(
      `2024-11-20 14:02:13, Error                 SYSPRP Package ${UNPROVISIONED_LXP} was installed for a user, but not provisioned for all users. This package will not function properly in the sysprep image.`,
    );
    expect(err[3]).toBe(
      "2024-11-20 14:02:13, Error      [0x0f0082] SYSPRP ActionPlatform::LaunchModule: Failure occurred while executing 'SysprepGeneralize' from C:\\Windows\\System32\\AppxSysprep.dll; dwRet = 0x3cf2",
    );
    expect(err[9]).toBe(
      '2024-11-20 14:02:13, Error      [0x0f00a8] SYSPRP WinMain:Hit failure while processing sysprep generalize internal providers; hr = 0x80073cf2',
    );
  });

  it('server-core writes its Sysprep logs as UTF-16LE with BOM', () => {
    const [root] = roots.get('server-core')!;
    const act = readFileSync(join(root, 'Windows', 'System32', 'Sysprep', 'Panther', 'setupact.log'));
    expect([...act.subarray(0, 4)]).toEqual([0xff, 0xfe, 0x32, 0x00]); // BOM, then "2" of the year
    expect(act.subarray(2).toString('utf16le')).toContain('Beginning of a new sysprep run');
  });

  it('hibernated: \\hiberfil.sys at the volume root starts with HIBR', () => {
    const [root] = roots.get('hibernated')!;
    expect(readFileSync(join(root, 'hiberfil.sys')).subarray(0, 4).toString('latin1')).toBe('HIBR');
    for (const other of SCENARIO_NAMES.filter((n) => n !== 'hibernated'))
      for (const r of roots.get(other)!) expect(existsSync(join(r, 'hiberfil.sys'))).toBe(false);
  });

  it('pending-reboot: pending.xml in WinSxS', () => {
    const [root] = roots.get('pending-reboot')!;
    expect(readFileSync(join(root, 'Windows', 'WinSxS', 'pending.xml'), 'utf8')).toMatch(
      /^<\?xml version='1.0' encoding='utf-8'\?>\r\n<PendingTransaction /,
    );
  });

  it('answer files land where the spec says', () => {
    const [w7] = roots.get('windows7')!;
    expect(readFileSync(join(w7, 'Windows', 'System32', 'Sysprep', 'unattend.xml'), 'utf8')).toContain('<SkipRearm>1</SkipRearm>');
    const [sec] = roots.get('answer-file-secrets')!;
    const xml = readFileSync(join(sec, 'Windows', 'Panther', 'unattend.xml'), 'utf8');
    expect(xml).toContain('<PersistAllDeviceInstalls>true</PersistAllDeviceInstalls>');
    expect(xml).toMatch(/<AdministratorPassword>\s*<Value>[^<]+<\/Value>\s*<PlainText>true<\/PlainText>/);
    expect(xml).toMatch(/<AutoLogon>\s*<Password>\s*<Value>[^<]+<\/Value>/);
  });
});

describe('scenario details in the hives', () => {
  it.skipIf(!HAVE_HIVEX)('dirty-hives: hivex sees the stale primaries, openHive with logs the recovered hives', () => {
    const [root, spec] = installationsOf('dirty-hives')[0];
    const softwareFile = hivePath(root, spec, 'SOFTWARE');
    const systemFile = hivePath(root, spec, 'SYSTEM');

    // The primaries are dirty: sequence numbers differ, and both logs are there and not empty.
    for (const file of [softwareFile, systemFile]) {
      const bb = readFileSync(file);
      expect(bb.readUInt32LE(4)).toBe(bb.readUInt32LE(8) + 1);
      expect(statSync(`${file}.LOG1`).size).toBeGreaterThan(512);
      expect(statSync(`${file}.LOG2`).size).toBeGreaterThan(512);
    }
    expect(statSync(`${hivePath(root, spec, 'SAM')}.LOG1`).size).toBe(0);

    const staleSw = dump(softwareFile);
    expect(value(staleSw, STATE, 'ImageState')?.data).toBe(szHex(IMAGE_STATE.COMPLETE));
    expect(staleSw.has('\\MICROSOFT\\WINDOWS\\CURRENTVERSION\\RUN')).toBe(false);
    const staleSys = dump(systemFile);
    expect(value(staleSys, 'Setup', 'CmdLine')?.data).toBe(szHex(''));
    expect(value(staleSys, 'Setup', 'SetupType')?.data).toBe(dwordHex(0));
    expect(staleSys.has('\\SETUP\\STATUS\\SYSPREPSTATUS')).toBe(false);

    const sw = openHive(softwareFile);
    expect(sw.recovery.dirty).toBe(true);
    expect(sw.recovery.recovered).toBe(true);
    expect(sw.value(STATE, 'ImageState')?.string()).toBe(IMAGE_STATE.GENERALIZE_RESEAL_TO_OOBE);
    expect(sw.key('Microsoft\\Windows\\CurrentVersion\\Run')).not.toBeNull();
    expect(sw.key('Classes\\CLSID')?.subkeys()).toHaveLength(1500);
    const sys = openHive(systemFile);
    expect(sys.recovery.recovered).toBe(true);
    expect(sys.value('Setup', 'CmdLine')?.string()).toBe('oobe\\windeploy.exe');
    expect(sys.value('Setup\\Status\\SysprepStatus', 'GeneralizationState')?.number()).toBe(4);

    // Without the logs, our reader sees what hivex sees.
    expect(openHive(softwareFile, { logs: false }).value(STATE, 'ImageState')?.string()).toBe(IMAGE_STATE.COMPLETE);

    expect(
      openHive(softwareFile)
        .key('Microsoft\\Windows\\CurrentVersion\\Appx\\AppxAllUserStore\\Deprovisioned')
        ?.subkeys()
        .map((k) => k.name),
    ).toEqual(['Microsoft.BingNews_8wekyb3d8bbwe', 'Microsoft.GamingApp_8wekyb3d8bbwe']);

    // Replaying the logs gives exactly the hive bins of the clean hives of the same spec.
    const clean = buildInstallationHives(spec);
    for (const [name, file] of [
      ['SOFTWARE', softwareFile],
      ['SYSTEM', systemFile],
    ] as const) {
      const logs = ['.LOG1', '.LOG2'].map((ext) => ({ file: file + ext, bytes: new Uint8Array(readFileSync(file + ext)) }));
      const recovered = recoverHive(new Uint8Array(readFileSync(file)), logs);
      expect(recovered.report.recovered).toBe(true);
      expect(Buffer.from(recovered.image.subarray(4096)).equals(Buffer.from(clean[name].subarray(4096)))).toBe(true);
    }
  });

  it.skipIf(!HAVE_HIVEX)('AppX: provisioned bundles with dependency subkeys, inbox apps, per-user state as specified', () => {
    const [root, spec] = installationsOf('appx-sysprep-failed')[0];
    const sw = dump(hivePath(root, spec, 'SOFTWARE'));
    const apps = subkeyNames(sw, `${STORE}\\Applications`);
    expect(apps).toContain('Microsoft.WindowsCalculator_11.2405.2.0_neutral_~_8wekyb3d8bbwe');
    expect(subkeyNames(sw, `${STORE}\\Applications\\Microsoft.WindowsCalculator_11.2405.2.0_neutral_~_8wekyb3d8bbwe`)).toEqual([
      'Microsoft.UI.Xaml.2.8_8.2310.30001.0_x64__8wekyb3d8bbwe',
      'Microsoft.VCLibs.140.00_14.0.33519.0_x64__8wekyb3d8bbwe',
    ]);
    expect(subkeyNames(sw, `${STORE}\\InboxApplications`)).toContain(
      'Microsoft.Windows.ShellExperienceHost_10.0.26100.1_neutral_neutral_cw5n1h2txyewy',
    );
    const user = subkeyNames(sw, `${STORE}\\${DEFAULT_MACHINE_SID}-1001`);
    expect(user).toContain(UNPROVISIONED_LXP);
    expect(user).toContain(STORE_UPDATED_CALCULATOR);
    expect(user).not.toContain('Microsoft.WindowsCalculator_11.2405.2.0_x64__8wekyb3d8bbwe');
    expect(subkeyNames(sw, STORE)).toEqual(
      expect.arrayContaining(['Applications', 'Deprovisioned', 'EndOfLife', 'InboxApplications', 'S-1-5-18', 'Staged']),
    );

    const [r2, s2] = installationsOf('store-updated')[0];
    expect(subkeyNames(dump(hivePath(r2, s2, 'SOFTWARE')), `${STORE}\\${DEFAULT_MACHINE_SID}-1001`)).toContain(STORE_UPDATED_PHOTOS);

    const [r3, s3] = installationsOf('orphan-appx')[0];
    const orphan = dump(hivePath(r3, s3, 'SOFTWARE'));
    expect(subkeyNames(orphan, STORE)).toContain(ORPHAN_SID);
    expect(subkeyNames(orphan, `${CV}\\ProfileList`)).not.toContain(ORPHAN_SID);
  });

  it.skipIf(!HAVE_HIVEX)('pending-reboot: servicing keys and PendingFileRenameOperations pairs', () => {
    const [root, spec] = installationsOf('pending-reboot')[0];
    const sw = dump(hivePath(root, spec, 'SOFTWARE'));
    expect(sw.has('\\MICROSOFT\\WINDOWS\\CURRENTVERSION\\COMPONENT BASED SERVICING\\REBOOTPENDING')).toBe(true);
    expect(sw.get('\\MICROSOFT\\WINDOWS\\CURRENTVERSION\\COMPONENT BASED SERVICING\\PACKAGESPENDING')?.values.length).toBeGreaterThan(0);
    expect(sw.has('\\MICROSOFT\\WINDOWS\\CURRENTVERSION\\WINDOWSUPDATE\\AUTO UPDATE\\REBOOTREQUIRED')).toBe(false);
    const sys = dump(hivePath(root, spec, 'SYSTEM'));
    const pfro = value(sys, 'ControlSet001\\Control\\Session Manager', 'PendingFileRenameOperations')!;
    expect(pfro.type).toBe(7);
    expect(Buffer.from(pfro.data, 'hex').toString('utf16le').split('\0')).toEqual([
      '\\??\\C:\\Windows\\System32\\drivers\\SET8F2A.tmp',
      '',
      '\\??\\C:\\Windows\\System32\\drivers\\SET8F3B.tmp',
      '',
      '\\??\\C:\\Windows\\System32\\spool\\DRIVERS\\x64\\3\\New\\mxdwdrv.dll',
      '\\??\\C:\\Windows\\System32\\spool\\DRIVERS\\x64\\3\\mxdwdrv.dll',
      '',
      '',
    ]);
  });

  it.skipIf(!HAVE_HIVEX)('windows7: format 1.3 hives, no AppX store, no UBR/DisplayVersion/HiberbootEnabled, two control sets', () => {
    const [root, spec] = installationsOf('windows7')[0];
    for (const hive of HIVE_NAMES) expect(readFileSync(hivePath(root, spec, hive)).readUInt32LE(24)).toBe(3);
    const sw = dump(hivePath(root, spec, 'SOFTWARE'));
    expect(sw.has(`\\${STORE}`.toUpperCase())).toBe(false);
    expect(value(sw, CV, 'DisplayVersion')).toBeUndefined();
    expect(value(sw, CV, 'ReleaseId')).toBeUndefined();
    expect(value(sw, CV, 'CurrentMajorVersionNumber')).toBeUndefined();
    expect(value(sw, CV, 'CSDVersion')?.data).toBe(szHex('Service Pack 1'));
    expect(value(sw, CV, 'BuildLabEx')?.data).toBe(szHex('7601.24546.amd64fre.win7sp1_ldr_escrow.200102-1707'));
    const sys = dump(hivePath(root, spec, 'SYSTEM'));
    expect(value(sys, 'ControlSet001\\Control\\Session Manager\\Power', 'HiberbootEnabled')).toBeUndefined();
    expect(value(sys, 'Select', 'LastKnownGood')?.data).toBe(dwordHex(2));
    expect(sys.has('\\CONTROLSET002\\CONTROL\\COMPUTERNAME\\COMPUTERNAME')).toBe(true);
  });

  it.skipIf(!HAVE_HIVEX)('generalized vs finished SYSTEM\\Setup values (domain.md §1.3)', () => {
    const [g, gs] = installationsOf('generalized-win11')[0];
    const gen = dump(hivePath(g, gs, 'SYSTEM'));
    expect(value(gen, 'Setup', 'CmdLine')?.data).toBe(szHex('oobe\\windeploy.exe'));
    expect(value(gen, 'Setup', 'SetupType')?.data).toBe(dwordHex(2));
    expect(value(gen, 'Setup', 'SystemSetupInProgress')?.data).toBe(dwordHex(1));
    expect(value(gen, 'Setup', 'OOBEInProgress')?.data).toBe(dwordHex(1));
    expect(value(gen, 'ControlSet001\\Control\\Session Manager\\Power', 'HiberbootEnabled')?.data).toBe(dwordHex(0));
    const [n, ns] = installationsOf('not-generalized-win11')[0];
    const fin = dump(hivePath(n, ns, 'SYSTEM'));
    for (const name of ['SetupType', 'SystemSetupInProgress', 'OOBEInProgress']) expect(value(fin, 'Setup', name)?.data).toBe(dwordHex(0));
    expect(value(fin, 'Setup', 'CmdLine')?.data).toBe(szHex(''));
    expect(value(fin, 'ControlSet001\\Control\\Session Manager\\Power', 'HiberbootEnabled')?.data).toBe(dwordHex(1));
    const [a, as] = installationsOf('answer-file-secrets')[0];
    expect(value(dump(hivePath(a, as, 'SYSTEM')), 'Setup', 'UnattendFile')?.data).toBe(szHex('C:\\Windows\\Panther\\unattend.xml'));
  });

  it.skipIf(!HAVE_HIVEX)('domain-joined and workgroup SECURITY policy', () => {
    const [d, ds] = installationsOf('domain-joined')[0];
    const sec = dump(hivePath(d, ds, 'SECURITY'));
    expect(value(sec, 'Policy\\PolPrDmS', '')).toEqual({ name: '', type: 0, data: SID_HEX[CORP_DOMAIN.sid] });
    // UNICODE_STRING: Length 8, MaximumLength 10, offset 8, then "CORP" NUL-terminated.
    expect(value(sec, 'Policy\\PolPrDmN', '')?.data).toBe('08000a0008000000' + szHex('CORP'));
    const sw = dump(hivePath(d, ds, 'SOFTWARE'));
    expect(subkeyNames(sw, `${CV}\\ProfileList`)).toContain(`${CORP_DOMAIN.sid}-1107`);
    const [g, gs] = installationsOf('generalized-win11')[0];
    const wg = dump(hivePath(g, gs, 'SECURITY'));
    expect(value(wg, 'Policy\\PolPrDmS', '')).toEqual({ name: '', type: 0, data: '' });
    expect(value(wg, 'Policy\\PolPrDmN', '')?.data).toBe('120014000800000057004f0052004b00470052004f00550050000000'); // as in a real Windows 10 SECURITY
  });

  it.skipIf(!HAVE_HIVEX)('two-installations-one-sid: two volumes, both SAMs carry the same SID', () => {
    const list = installationsOf('two-installations-one-sid');
    expect(list.map(([root]) => relative(base, root).split(sep).pop())).toEqual(['C', 'D']);
    for (const [root, spec] of list) {
      expect(value(dump(hivePath(root, spec, 'SAM')), 'SAM\\Domains\\Account', 'V')!.data.slice(-48)).toBe(
        '01040000000000051500000038217598f5b0975473df20e9',
      );
    }
  });
});

describe('lowerCasePaths', () => {
  it('lowers every path component the installation writes', () => {
    const [root] = roots.get('lower-case-paths')!;
    const all: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const abs = join(dir, name);
        all.push(relative(root, abs).split(sep).join('/'));
        if (statSync(abs).isDirectory()) walk(abs);
      }
    };
    walk(root);
    expect(all.length).toBeGreaterThan(20);
    for (const p of all) expect(p).toBe(p.toLowerCase());
    expect(all).toEqual(
      expect.arrayContaining([
        'windows/system32/config/system',
        'windows/setup/state/state.ini',
        'windows/system32/sysprep/sysprep_succeeded.tag',
        'windows/system32/sysprep/panther/setupact.log',
      ]),
    );
  });
});

describe('API', () => {
  it('buildInstallationHives is deterministic and returns four regf files', () => {
    const a = buildInstallationHives({ os: 'win10-22h2' });
    const b = buildInstallationHives({ os: 'win10-22h2' });
    for (const hive of HIVE_NAMES) {
      expect(Buffer.from(a[hive].subarray(0, 4)).toString('latin1')).toBe('regf');
      expect(Buffer.from(a[hive]).equals(Buffer.from(b[hive]))).toBe(true);
    }
  });

  it('every OS choice builds hives the project reader opens', () => {
    for (const os of ['win11-24h2', 'win10-22h2', 'win7-sp1', 'server2022-core', 'server2025', 'win81'] as const) {
      const hives = buildInstallationHives({ os, users: [{ name: 'u', rid: 1001 }] });
      const file = join(base, `api-${os}-SOFTWARE`);
      writeFileSync(file, hives.SOFTWARE);
      const hive = openHive(file);
      expect(hive.value(CV, 'CurrentBuildNumber')?.string()).toBe(String(osProfile(os).build));
      expect(hive.key(`${CV}\\ProfileList\\${DEFAULT_MACHINE_SID}-1001`)).not.toBeNull();
    }
  });

  it('buildSample writes generalized-win11 and returns the volume root', () => {
    const dir = join(base, 'sample');
    const root = buildSample(dir);
    expect(root).toBe(dir);
    expect(findInstallations(root).map((l) => l.windowsDir)).toEqual(['Windows']);
  });

  it('rejects what cannot exist', () => {
    expect(() => buildInstallationHives({ machineSid: 'S-1-5-32-544' })).toThrow(/not a machine SID/);
    expect(() => buildInstallationHives({ os: 'win7-sp1', appx: { provisioned: [] } })).toThrow(/no AppxAllUserStore/);
    expect(() => buildScenario(join(base, 'nope'), 'nope' as ScenarioName)).toThrow(/unknown scenario/);
  });

  it('builds all scenarios quickly', () => {
    expect(buildCpuMs).toBeLessThan(15_000); // ~2.4 s of CPU here (25 s of wall-clock at load 17); a loose guard against accidental blow-ups
  });
});

describe('end to end: what each scenario triggers (src/windows + src/checks)', () => {
  it.each(SCENARIO_NAMES)('%s', (name) => {
    const facts: InstallationFacts[] = roots.get(name)!.flatMap((root) => {
      const vol = new VolumeFs(root);
      return findInstallations(vol).map((l) => inspectInstallation(vol, root, l.windowsDir));
    });
    expect(facts).toHaveLength(installationsOf(name).length);
    const results = runChecks(facts, []);
    const findings = [...[...results.perInstallation.values()].flat(), ...results.cross];
    const ids = (sev: string) => [...new Set(findings.filter((f) => f.severity === sev).map((f) => f.id))].sort();
    const intent = SCENARIO_INTENT[name];
    expect({ verdict: results.verdict, block: ids('block'), warn: ids('warn'), info: ids('info') }).toEqual({
      verdict: intent.verdict,
      block: [...intent.block].sort(),
      warn: [...intent.warn].sort(),
      info: [...intent.info].sort(),
    });
  });

  it('facts read from the scenarios match their specs', () => {
    const one = (name: ScenarioName): InstallationFacts => {
      const [root] = roots.get(name)!;
      return inspectInstallation(new VolumeFs(root), root, findInstallations(root)[0].windowsDir);
    };
    const g = one('generalized-win11');
    expect(g.os).toMatchObject({
      family: 'Windows 11',
      productName: 'Windows 11 Pro',
      storedProductName: 'Windows 10 Pro',
      build: 26100,
      ubr: 2314,
      displayVersion: '24H2',
      architecture: 'x64',
      installationType: 'client',
    });
    expect(g.generalization).toMatchObject({ state: 'generalized', sourcesAgree: true, sysprepTagPresent: true });
    expect(g.sid).toMatchObject({ machineSid: DEFAULT_MACHINE_SID, sourcesAgree: true });
    expect(g.panther.lastRunFailed).toBe(false);
    expect(g.appx.problems).toEqual([]);

    const failed = one('appx-sysprep-failed');
    expect(failed.appx.problems.map((p) => `${p.reason} ${p.package}`).sort()).toEqual([
      `newer-than-provisioned ${STORE_UPDATED_CALCULATOR}`,
      `not-provisioned ${UNPROVISIONED_LXP}`,
    ]);
    expect(failed.panther.failures.map((f) => [f.cause, f.package, f.code])).toEqual([
      ['appx-not-provisioned', UNPROVISIONED_LXP, '0x80073cf2'],
    ]);

    const core = one('server-core');
    expect(core.os).toMatchObject({ family: 'Windows Server 2022', installationType: 'server-core', edition: 'ServerDatacenter' });
    expect(core.generalization.imageStateFile).toBe(IMAGE_STATE.GENERALIZE_RESEAL_TO_OOBE);
    expect(core.panther.logs.map((l) => l.encoding)).toContain('utf-16le');

    const w7 = one('windows7');
    expect(w7.os).toMatchObject({ family: 'Windows 7', ubr: null, displayVersion: null });
    expect(w7.sysprepLimit.runLimit).toBe(3);
    expect(w7.appx.storePresent).toBe(false);
    expect(w7.volumeState.fastStartupEnabled).toBeNull();

    const dj = one('domain-joined');
    expect(dj.volumeState).toMatchObject({ domainJoined: true, domainName: 'CORP' });
    expect(g.volumeState).toMatchObject({
      domainJoined: false,
      domainName: 'WORKGROUP',
      fastStartupEnabled: false,
      hiberfilPresent: false,
    });

    const pend = one('pending-reboot').pending;
    expect(pend).toMatchObject({
      cbsRebootPending: true,
      cbsPackagesPending: true,
      windowsUpdateRebootRequired: false,
      pendingFileRenames: 3,
      pendingXml: true,
    });

    const low = one('lower-case-paths');
    expect(low.windowsDir).toBe('windows');
    expect(low.generalization.state).toBe('generalized');
    expect(low.hives.every((h) => h.readable)).toBe(true);
  });
});
