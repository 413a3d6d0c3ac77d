// Reports built from many fixture variants: every check fires in at least one of them.
import { reportFromFacts } from '../../src/inspect/report';
import type { Report } from '../../src/report/model';
import type { InstallationFacts, UnreadableVolume } from '../../src/windows/facts';
import type { BcdObject, BcdStore } from '../../src/bcd/store';
import type { Partition, PartitionTable } from '../../src/disk/partition-table';
import { diskCoverage, type DiskFacts } from '../../src/windows/boot-disks';
import { emptyAnswerFile } from '../../src/windows/unattend';
import { unknownOs } from '../../src/windows/os';
import {
  COPILOT,
  NOT_GENERALIZED,
  ORPHAN_SID,
  OTHER_SID,
  UNKNOWN_STATE,
  USER_SID,
  baseFacts,
  facts,
  imageFacts,
  lockedVolume,
  otherFacts,
} from '../checks/fixtures';

export const GENERATED_AT = new Date('2025-03-14T10:22:31.123Z');

export function report(
  installations: InstallationFacts[],
  unreadable: UnreadableVolume[] = [],
  scanned?: string[],
  disks: DiskFacts[] = [],
): Report {
  return reportFromFacts({
    toolVersion: '0.1.0',
    scannedVolumes: scanned ?? [...installations.map((i) => i.volume), ...unreadable.map((v) => v.volume)],
    installations,
    unreadable,
    disks,
    generatedAt: GENERATED_AT,
  });
}

const GPT = (n: number) => `{00000000-0000-4000-8000-00000000000${n}}`;

/** A GPT disk: ESP, Windows on partition 2 and 3, a partition 4 a boot entry names, a Linux partition 5. */
export function twoOsDisk(installations: InstallationFacts[]): DiskFacts[] {
  const part = (number: number, kind: 'efi-system' | 'windows-data' | 'linux', name: string): Partition => ({
    number,
    offset: number * 1048576,
    size: 1048576,
    type: { code: `{type-${kind}}`, name, kind },
    name,
    identity: { style: 'gpt', partitionGuid: GPT(number) },
  });
  const table: PartitionTable = {
    source: '/dev/sdz',
    style: 'gpt',
    diskId: GPT(9),
    sectorSize: 512,
    problems: [],
    partitions: [
      part(1, 'efi-system', 'EFI system'),
      part(2, 'windows-data', 'Microsoft basic data'),
      part(3, 'windows-data', 'Microsoft basic data'),
      part(4, 'windows-data', 'Microsoft basic data'),
      part(5, 'linux', 'Linux filesystem'),
    ],
  };
  const loader = (id: string, description: string, partition: number): BcdObject => ({
    id,
    alias: null,
    type: 0x10200003,
    typeName: 'Windows Boot Loader',
    description,
    elements: [
      { id: '12000004', name: 'description', format: 'string', registryType: 'REG_SZ', value: description, problem: null },
      {
        id: '21000001',
        name: 'osdevice',
        format: 'device',
        registryType: 'REG_BINARY',
        value: { associated: null, device: { kind: 'partition', style: 'gpt', partitionGuid: GPT(partition), diskGuid: GPT(9) } },
        problem: null,
      },
      { id: '22000002', name: 'systemroot', format: 'string', registryType: 'REG_SZ', value: '\\Windows', problem: null },
    ],
  });
  const store: BcdStore = {
    file: 'S:\\EFI\\Microsoft\\Boot\\BCD',
    problems: [],
    objects: [
      loader('{10000000-0000-4000-8000-000000000001}', 'Windows 11', 2),
      loader('{10000000-0000-4000-8000-000000000002}', 'Old Windows', 4),
    ],
  };
  return diskCoverage([table], [{ label: 'S:\\EFI\\Microsoft\\Boot\\BCD', store, error: null }], installations);
}

/** Nothing could be read: every fact unknown, as an extractor would report it. */
export function unknownFacts(): InstallationFacts {
  const f = facts(UNKNOWN_STATE, {
    os: unknownOs(),
    sysprepLimit: { runLimit: null, skipRearm: null, evidence: [] },
    sid: { machineSid: null, samSid: null, securitySid: null, sourcesAgree: null, evidence: [] },
    profiles: { profiles: [], evidence: [] },
    appx: {
      storePresent: false,
      provisioned: [],
      inbox: [],
      deprovisioned: [],
      staged: [],
      userSids: [],
      orphanSids: [],
      problems: [],
      evidence: [],
    },
    panther: { logs: [], lastRunFailed: null, failures: [], history: [], evidence: [] },
    pending: {
      cbsRebootPending: null,
      cbsPackagesPending: null,
      windowsUpdateRebootRequired: null,
      pendingFileRenames: null,
      pendingXml: false,
      evidence: [],
    },
    volumeState: {
      hiberfilPresent: false,
      hiberfilSignature: null,
      hibernated: null,
      fastStartupEnabled: null,
      bitlocker: 'unknown',
      domainJoined: null,
      domainName: null,
      shadowCopies: null,
      notApplicable: null,
      evidence: [],
    },
    unattend: { registryPointer: null, files: [], evidence: [] },
    accounts: { users: null, evidence: [] },
    leftovers: { folders: [], evidence: [] },
    serverRoles: { productType: null, roles: null, evidence: [] },
    sysprepRun: { options: null, modeVm: null, evidence: [] },
    deviceIdentity: {
      entraJoins: null,
      mdmEnrollments: null,
      omadmAccounts: null,
      configMgr: { smsUniqueId: null, clientInstalled: null },
      evidence: [],
    },
    userHives: { read: [], unread: [], overLimit: 0, evidence: [] },
    recovery: { reagentXml: null, enabled: null, winreLocation: null, winreWim: null, evidence: [] },
    upgrade: { upgraded: null, sources: [], upgradeValue: null, evidence: [] },
  });
  f.generalization.setup = {
    cmdLine: null,
    setupType: null,
    systemSetupInProgress: null,
    oobeInProgress: null,
    auditInProgress: null,
  };
  f.generalization.sysprepStatus = { generalizationState: null, cleanupState: null };
  f.hives = f.hives.map((h) => ({ ...h, readable: false, error: `regf signature missing at offset 0 in ${h.name}` }));
  return f;
}

/** A not-generalized Windows 11 on D: that trips most installation checks at once. */
export function troubledFacts(): InstallationFacts {
  const base = baseFacts();
  return facts(NOT_GENERALIZED, {
    id: 'D:\\Windows',
    volume: 'D:',
    generalization: { imageStateFile: 'IMAGE_STATE_UNDEPLOYABLE', sourcesAgree: false },
    sysprepLimit: { skipRearm: 1 },
    sid: { securitySid: OTHER_SID, sourcesAgree: false },
    appx: {
      orphanSids: [ORPHAN_SID],
      problems: [
        {
          sid: USER_SID,
          package: COPILOT,
          family: 'Microsoft.Copilot_8wekyb3d8bbwe',
          reason: 'not-provisioned',
          provisionedVersion: null,
          userHasProfile: true,
        },
      ],
    },
    panther: {
      lastRunFailed: true,
      failures: [
        {
          cause: 'appx-not-provisioned',
          summary: 'An AppX package is installed for a user but not provisioned for all users',
          package: COPILOT,
          dll: 'AppxSysprep.dll, SysprepGeneralize',
          provider: 'the AppX provider',
          code: '0x80073cf2',
          codeName: 'HRESULT_FROM_WIN32(ERROR_INSTALL_INVALID_PACKAGE)',
          codeMeaning: 'package data is invalid (AppX deployment)',
          fatal: true,
          runStart: null,
          line: `Error SYSPRP Package ${COPILOT} was installed for a user, but not provisioned for all users.`,
          file: 'Windows\\System32\\Sysprep\\Panther\\setuperr.log',
          lineNumber: 12,
        },
      ],
    },
    pending: { cbsRebootPending: true, pendingFileRenames: 2, pendingXml: true },
    leftovers: { folders: ['Windows.old'], evidence: [{ source: 'file', path: 'Windows.old', detail: 'folder at the volume root' }] },
    serverRoles: {
      productType: 'LanmanNT',
      roles: [{ role: 'AD DS (domain controller)', by: 'ProductType LanmanNT', initialised: null }],
      evidence: [
        { source: 'registry', hive: 'SYSTEM', key: 'ControlSet001\\Control\\ProductOptions', value: 'ProductType', data: 'LanmanNT' },
      ],
    },
    sysprepRun: {
      options: ['GENERALIZE', 'MODE'],
      modeVm: true,
      evidence: [{ source: 'file', path: 'Windows\\System32\\Sysprep\\Panther\\setupact.log', detail: "option 'MODE'" }],
    },
    volumeState: {
      hiberfilPresent: true,
      hiberfilSignature: 'HIBR',
      hibernated: true,
      fastStartupEnabled: true,
      bitlocker: 'encrypted-readable',
      domainJoined: true,
      domainName: 'CORP.CONTOSO.COM',
    },
    unattend: {
      registryPointer: 'C:\\Windows\\Panther\\unattend.xml',
      files: [
        {
          ...base.unattend.files[0],
          persistAllDeviceInstalls: true,
          resealMode: 'Audit (oobeSystem)',
          skipRearm: 1,
          clearTextSecrets: [
            {
              element: 'UserAccounts/AdministratorPassword/Value',
              pass: 'oobeSystem',
              component: 'Microsoft-Windows-Shell-Setup',
            },
          ],
        },
        emptyAnswerFile({ path: 'unattend.xml', precedence: 7, location: '%SYSTEMDRIVE%' }, 'Unexpected end of input at line 12'),
      ],
    },
    hives: base.hives.map((h) =>
      h.name === 'SYSTEM' ? { ...h, dirty: true, recovered: true, logsApplied: ['SYSTEM.LOG1', 'SYSTEM.LOG2'], entriesApplied: 9 } : h,
    ),
  });
}

/** A generalized Windows 10 1511 on H: that every clone would inherit trouble from (IDN, EFS, REC, UPG checks). */
export function inheritedFacts(): InstallationFacts {
  const thumb = '7E41032CFA915F219FA6A24BF74163BFD01AFE37';
  const tenant = '72f988bf-86f1-41af-91ab-2d7cd011db47';
  const ntuser = 'Users\\tech\\NTUSER.DAT';
  return facts({
    id: 'H:\\Windows',
    volume: 'H:',
    os: { productName: 'Windows 10 Pro', family: 'Windows 10', build: 10586, ubr: 1176, displayVersion: null },
    deviceIdentity: {
      entraJoins: [{ thumbprint: thumb, tenantId: tenant, tenantName: 'Contoso', userEmail: 'tech@contoso.com' }],
      mdmEnrollments: [
        {
          id: '19D18E77-2BF0-4578-9937-86BB5E2430D9',
          providerId: 'MS DM Server',
          upn: 'tech@contoso.com',
          enrollmentType: 6,
          enrollmentState: 1,
        },
      ],
      omadmAccounts: ['19D18E77-2BF0-4578-9937-86BB5E2430D9'],
      configMgr: { smsUniqueId: 'GUID:1B2C3D4E-0000-1111-2222-333344445555', clientInstalled: true },
      evidence: [
        {
          source: 'registry',
          hive: 'SYSTEM',
          key: `ControlSet001\\Control\\CloudDomainJoin\\JoinInfo\\${thumb}`,
          value: 'TenantId',
          data: tenant,
        },
        {
          source: 'registry',
          hive: 'SOFTWARE',
          key: 'Microsoft\\Enrollments\\19D18E77-2BF0-4578-9937-86BB5E2430D9',
          value: 'ProviderID',
          data: 'MS DM Server',
        },
        { source: 'file', path: 'Windows\\SMSCFG.ini', detail: 'SMS Unique Identifier=GUID:1B2C3D4E-0000-1111-2222-333344445555' },
      ],
    },
    userHives: {
      read: [{ sid: USER_SID, path: ntuser, efsKey: true, workplaceJoins: 0 }],
      unread: [],
      overLimit: 0,
      evidence: [
        {
          source: 'registry',
          hive: ntuser,
          key: 'Software\\Microsoft\\Windows NT\\CurrentVersion\\EFS\\CurrentKeys',
          value: 'CertificateHash',
          data: '20 bytes',
        },
      ],
    },
    recovery: {
      reagentXml: 'Windows\\System32\\Recovery\\ReAgent.xml',
      enabled: true,
      winreLocation: '\\Recovery\\WindowsRE',
      winreWim: null,
      evidence: [
        {
          source: 'file',
          path: 'Windows\\System32\\Recovery\\ReAgent.xml',
          detail: 'InstallState state="1", WinreLocation path="\\Recovery\\WindowsRE"',
        },
      ],
    },
    upgrade: {
      upgraded: true,
      sources: [{ key: 'Source OS (Updated on 3/4/2016 10:11:12)', productName: 'Windows 8.1 Pro', build: 9600 }],
      upgradeValue: 0,
      evidence: [
        {
          source: 'registry',
          hive: 'SYSTEM',
          key: 'Setup\\Source OS (Updated on 3/4/2016 10:11:12)',
          value: 'ProductName',
          data: 'Windows 8.1 Pro',
        },
      ],
    },
  });
}

export function variants(): { name: string; report: Report }[] {
  const audit = 'IMAGE_STATE_GENERALIZE_RESEAL_TO_AUDIT';
  const win7 = facts({
    os: {
      storedProductName: 'Windows 7 Professional',
      productName: 'Windows 7 Professional',
      family: 'Windows 7',
      build: 7601,
      ubr: 24546,
      displayVersion: null,
    },
    sysprepLimit: { runLimit: 3 },
    appx: { storePresent: false, provisioned: [], inbox: [], deprovisioned: [], userSids: [] },
  });
  return [
    { name: 'ready: generalized Windows 11 24H2 Pro', report: report([facts()]) },
    {
      name: 'warnings: pending reboot, Fast Startup',
      report: report([facts({ pending: { pendingXml: true }, volumeState: { fastStartupEnabled: true } })]),
    },
    {
      name: 'audit mode and Windows 7',
      report: report([
        facts({
          generalization: { imageStateRegistry: audit, imageStateFile: audit, sysprepTagPresent: false },
          accounts: {
            users: [{ rid: 1001, name: 'tech' }],
            evidence: [{ source: 'registry', hive: 'SAM', key: 'SAM\\Domains\\Account\\Users\\000003E9', data: 'RID 1001 (tech)' }],
          },
        }),
        { ...win7, id: 'E:\\Windows', volume: 'E:' },
      ]),
    },
    {
      name: 'blocked: troubled clone beside a generalized one, locked volume',
      report: report([facts(), troubledFacts()], [lockedVolume('F:')]),
    },
    { name: 'everything unknown', report: report([unknownFacts()]) },
    {
      name: 'inherited by every clone: Entra join, MDM, ConfigMgr, EFS, WinRE elsewhere, upgraded 1511',
      report: report([inheritedFacts()]),
    },
    {
      name: 'no installation, one unreadable volume',
      report: report([], [{ volume: 'G:', reason: 'unreadable', detail: 'no file system', evidence: [] }], ['C:', 'G:']),
    },
    { name: 'two generalized with different SIDs', report: report([facts(), otherFacts()]) },
    {
      name: 'read from a WIM whose XML names another edition and build',
      report: report([
        {
          ...facts(),
          id: 'E:\\images\\ref.wim:1\\Windows',
          volume: 'E:\\images\\ref.wim:1',
          image: {
            file: 'E:\\images\\ref.wim',
            index: 1,
            name: 'Windows 11 Pro',
            description: null,
            flags: 'Professional',
            editionId: 'Enterprise',
            productName: 'Windows 11 Enterprise',
            build: 22631,
          },
        },
      ]),
    },
    {
      name: 'a whole disk: two Windows, one not generalized, a stale boot entry, a Linux partition',
      report: (() => {
        const onDisk = [
          facts({
            mountedDevices: {
              systemDrive: 'C:',
              systemPartition: { style: 'gpt', partitionGuid: GPT(2) },
              volumeOffset: null,
              letters: [],
              evidence: [],
            },
          }),
          facts(
            {
              id: 'D:\\Windows',
              volume: 'D:',
              mountedDevices: {
                systemDrive: 'C:',
                systemPartition: { style: 'gpt', partitionGuid: GPT(3) },
                volumeOffset: null,
                letters: [],
                evidence: [],
              },
            },
            NOT_GENERALIZED,
          ),
        ];
        return report(onDisk, [], undefined, twoOsDisk(onDisk));
      })(),
    },
    {
      name: 'read from a WIM whose XML names another edition (IMG001); hibernation and BitLocker not applicable',
      report: report([imageFacts({ editionId: 'Enterprise', flags: 'Enterprise' })]),
    },
    {
      name: 'not a drive letter',
      report: report([facts({ id: '/mnt/win/Windows', volume: '/mnt/win' }, NOT_GENERALIZED)]),
    },
  ];
}
