// Facts of what an image carries besides its generalization state, read by the real extractors from volumes made with the project's builder:
// local accounts (SAM), upgrade leftovers (volume root), server roles (SYSTEM services, ProductType),
// the options of the last Sysprep run (setupact.log).
import { afterAll, describe, expect, it } from 'vitest';
import { VolumeFs } from '../../src/windows/volume-fs';
import { readSysprepRun } from '../../src/windows/sysprep-run';
import { osProfile, sysprepSuccessLog, type InstallationSpec } from '../../src/sample/windows-volume';
import { buildAndInspect, cleanupVolumes, makeVolume } from './temp-volume';

afterAll(cleanupVolumes);
const inspect = buildAndInspect;

describe('local accounts (SAM Domains\\Account\\Users, RID >= 1000)', () => {
  it('none on a fresh generalized image: no PRF001', () => {
    const { facts, ids } = inspect({});
    expect(facts.accounts.users).toEqual([]);
    expect(ids.filter((i) => i.startsWith('PRF001'))).toEqual([]);
  });

  it('a local account with a profile left in a generalized image: PRF001 warns with its name', () => {
    const { facts, ids } = inspect({ users: [{ name: 'tech', rid: 1001 }] });
    expect(facts.accounts.users).toEqual([{ rid: 1001, name: 'tech' }]);
    expect(ids).toContain('PRF001:warn');
  });
});

describe('upgrade leftovers at the volume root', () => {
  it('Windows.old, $Windows.~BT and $WINDOWS.~WS are found as folders (any case); a file of that name is not', () => {
    const { facts, ids } = inspect(
      {},
      {
        extraFiles: {
          'Windows.old\\Windows\\explorer.exe': 'MZ',
          '$WINDOWS.~BT\\Sources\\setuphost.exe': 'MZ',
          '$Windows.~WS\\Sources\\Panther\\setupact.log': '',
        },
      },
    );
    expect([...facts.leftovers.folders].sort()).toEqual(['$WINDOWS.~BT', '$Windows.~WS', 'Windows.old']);
    expect(ids).toContain('VOL007:warn');
  });

  it('a clean root: nothing', () => {
    expect(inspect({}).facts.leftovers.folders).toEqual([]);
  });
});

describe('server roles (Microsoft "Sysprep support for server roles")', () => {
  it.each<[string, InstallationSpec, string[], string[]]>([
    ['a client', {}, [], []],
    ['a member server without roles', { os: 'server2025', productType: 'ServerNT' }, [], []],
    ['a domain controller (LanmanNT): block', { productType: 'LanmanNT' }, ['AD DS (domain controller)'], ['SRV001:block']],
    [
      'AD CS and DHCP: warn each',
      { productType: 'ServerNT', roleServices: ['CertSvc', 'DHCPServer'] },
      ['AD CS', 'DHCP Server'],
      ['SRV001:warn', 'SRV001:warn'],
    ],
    ['an AD LDS instance', { productType: 'ServerNT', roleServices: ['ADAM_Contoso'] }, ['AD LDS'], ['SRV001:warn']],
    [
      'WDS initialised',
      { productType: 'ServerNT', roleServices: ['WDSServer'], wdsRootFolder: 'D:\\RemoteInstall' },
      ['WDS'],
      ['SRV001:warn'],
    ],
    ['WDS not initialised: info', { productType: 'ServerNT', roleServices: ['WDSServer'] }, ['WDS'], ['SRV001:info']],
  ])('%s', (_name, spec, roles, findings) => {
    const { facts, ids } = inspect(spec);
    expect(facts.serverRoles.roles?.map((r) => r.role)).toEqual(roles);
    expect(ids.filter((i) => i.startsWith('SRV001'))).toEqual(findings);
  });
});

describe('the last Sysprep run (setupact.log)', () => {
  const sealed = osProfile('win11-24h2').sealed;
  const log = sysprepSuccessLog(sealed);
  const header = (extra: string) =>
    `2025-07-22 21:55:35, Info                  SYSPRP ========================================================\n` +
    `2025-07-22 21:55:35, Info                  SYSPRP ===          Beginning of a new sysprep run            ===\n` +
    `2025-07-22 21:55:35, Info       [0x0f005f] SYSPRP ParseCommands:Found supported command line option 'OOBE'\n` +
    `2025-07-22 21:55:35, Info       [0x0f005f] SYSPRP ParseCommands:Found supported command line option 'GENERALIZE'\n${extra}`;
  it.each<[string, string | null, boolean | null]>([
    ['a normal run (builder log): not VM mode', log, false],
    [
      'a real VM-mode run (lines from a public setupact.log): VM mode',
      header(
        "2026-03-20 15:23:14, Info       [0x0f005f] SYSPRP ParseCommands:Found supported command line option 'SHUTDOWN'\n" +
          "2026-03-20 15:23:14, Info       [0x0f005f] SYSPRP ParseCommands:Found supported command line option 'MODE'\n" +
          '2026-03-20 15:23:14, Info       [0x0f00b7] SYSPRP WinMain:Sysprep mode [vm]; was specified\n',
      ),
      true,
    ],
    [
      'the mode line alone (real spelling): VM mode',
      header('2026-03-20 15:23:14, Info       [0x0f00b7] SYSPRP WinMain:Sysprep mode [vm]; was specified\n'),
      true,
    ],
    [
      "option 'MODE' alone: VM mode (the only documented /mode value)",
      header("2025-07-22 21:55:35, Info       [0x0f005f] SYSPRP ParseCommands:Found supported command line option 'MODE'\n"),
      true,
    ],
    [
      'session mode <vm> (UNCONFIRMED spelling): VM mode',
      header(
        '2025-07-22 21:55:35, Info                  SYSPRP SysprepSession::CreateSession: Successfully created instance with action file C:\\Windows\\System32\\Sysprep\\ActionFiles\\Generalize.xml, and mode <vm>\n',
      ),
      true,
    ],
    ['an older run used /mode:vm, the last did not: not VM mode', `${header('x /mode:vm\n')}${header('')}`, false],
    ['a log without options: unknown', 'Info SYSPRP something else\n', null],
    ['no log: unknown', null, null],
  ])('%s', (_name, content, modeVm) => {
    const files: Record<string, string | null> = { 'Windows/System32/Sysprep/Panther': null };
    if (content !== null) files['Windows/System32/Sysprep/Panther/setupact.log'] = content;
    const r = readSysprepRun(new VolumeFs(makeVolume(files)), 'Windows');
    expect(r.modeVm).toBe(modeVm);
  });

  it('a VM-mode run in a built image: SYS004 warns', () => {
    const { ids } = inspect({
      pantherSysprep: {
        setupact: header("2025-07-22 21:55:35, Info       [0x0f005f] SYSPRP ParseCommands:Found supported command line option 'MODE'\n"),
      },
    });
    expect(ids).toContain('SYS004:warn');
  });
});
