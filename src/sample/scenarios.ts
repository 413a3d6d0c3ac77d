// Named scenarios: the volumes the tests, the held-out traps and the sample are built from.
import { join } from 'node:path';
import { IMAGE_STATE } from '../windows/generalization';
import { MS, defaultUserPackages } from './appx-sets';
import { hoursBefore } from './binary';
import { DEFAULT_MACHINE_SID, osProfile } from './os-profiles';
import { type DomainSpec, type InstallationSpec, type VolumeSpec } from './spec';
import { answerFileWithSecrets, appxFailureLog, sysprepSuccessLog, win7SkipRearmAnswerFile, resealLoopAnswerFile } from './text-files';
import { buildWindowsVolume } from './write-volume';

const W11 = osProfile('win11-24h2');
/** The per-user LXP that is not provisioned (Sysprep 0x80073cf2; domain.md §3.6 "known offenders"). */
export const UNPROVISIONED_LXP = `Microsoft.LanguageExperiencePackde-DE_26100.2.5.0_neutral__${MS}`;
/** Store-updated Calculator (provisioned 11.2405.2.0). */
export const STORE_UPDATED_CALCULATOR = `Microsoft.WindowsCalculator_11.2411.1.0_x64__${MS}`;
/** Store-updated Photos (provisioned 2024.11050.3002.0). */
export const STORE_UPDATED_PHOTOS = `Microsoft.Windows.Photos_2024.11100.16009.0_x64__${MS}`;
/** The machine SID both clones of 'two-installations-one-sid' carry. */
export const SHARED_SID = 'S-1-5-21-2557813048-1419227381-3911245683';
/** SECURITY's differing SID in 'sid-mismatch'. */
export const MISMATCH_SECURITY_SID = 'S-1-5-21-1957816478-2793074591-1041990146';
export const CORP_DOMAIN: DomainSpec = {
  name: 'CORP',
  sid: 'S-1-5-21-1004336348-1177238915-682003330',
  dnsName: 'corp.contoso.com',
  users: [{ name: 'jdoe', rid: 1107 }],
};
export const ORPHAN_SID = `${DEFAULT_MACHINE_SID}-1005`;

const TECH = { name: 'tech', rid: 1001 };
const NOT_GENERALIZED: InstallationSpec = { imageState: IMAGE_STATE.COMPLETE, users: [TECH] };

export type ScenarioName =
  | 'generalized-win11'
  | 'not-generalized-win11'
  | 'appx-sysprep-failed'
  | 'store-updated'
  | 'dirty-hives'
  | 'hibernated'
  | 'pending-reboot'
  | 'windows7'
  | 'server-core'
  | 'two-installations-one-sid'
  | 'lower-case-paths'
  | 'answer-file-secrets'
  | 'sid-mismatch'
  | 'domain-joined'
  | 'orphan-appx'
  | 'cloud-managed'
  | 'reseal-loop';

/**
 * Named, ready-made volumes. A value is one volume, or several (built into sub-folders C, D, …).
 * What each is meant to trigger (check ids of src/checks) is listed in SCENARIO_INTENT.
 */
export const SCENARIOS: Record<ScenarioName, VolumeSpec | VolumeSpec[]> = {
  'generalized-win11': { installations: [{ hiberboot: 0 }] },
  'not-generalized-win11': { installations: [{ ...NOT_GENERALIZED }] },
  'appx-sysprep-failed': {
    installations: [
      {
        imageState: IMAGE_STATE.UNDEPLOYABLE,
        users: [TECH],
        appx: {
          perUser: {
            [`${DEFAULT_MACHINE_SID}-1001`]: defaultUserPackages('win11-24h2', {
              replace: { 'Microsoft.WindowsCalculator': STORE_UPDATED_CALCULATOR },
              add: [UNPROVISIONED_LXP],
            }),
          },
        },
        pantherSysprep: { setupact: appxFailureLog(W11.sealed, UNPROVISIONED_LXP) },
      },
    ],
  },
  'store-updated': {
    installations: [
      {
        ...NOT_GENERALIZED,
        appx: {
          perUser: {
            [`${DEFAULT_MACHINE_SID}-1001`]: defaultUserPackages('win11-24h2', {
              replace: { 'Microsoft.Windows.Photos': STORE_UPDATED_PHOTOS },
            }),
          },
        },
      },
    ],
  },
  'dirty-hives': { installations: [{ hiberboot: 0, dirtyHives: ['SOFTWARE', 'SYSTEM'], staleImageState: IMAGE_STATE.COMPLETE }] },
  hibernated: { installations: [{ hiberboot: 1 }], hiberfil: 'HIBR' },
  'pending-reboot': {
    installations: [
      {
        hiberboot: 0,
        pending: {
          cbsRebootPending: true,
          packagesPending: true,
          pendingXml: true,
          fileRenames: [
            'C:\\Windows\\System32\\drivers\\SET8F2A.tmp',
            'C:\\Windows\\System32\\drivers\\SET8F3B.tmp',
            [
              'C:\\Windows\\System32\\spool\\DRIVERS\\x64\\3\\New\\mxdwdrv.dll',
              'C:\\Windows\\System32\\spool\\DRIVERS\\x64\\3\\mxdwdrv.dll',
            ],
          ],
        },
      },
    ],
  },
  windows7: {
    installations: [{ os: 'win7-sp1', answerFiles: { 'Windows\\System32\\Sysprep\\unattend.xml': win7SkipRearmAnswerFile() } }],
  },
  'server-core': {
    // Also the encoding-coverage scenario: State.ini and the Sysprep logs in UTF-16LE with BOM.
    installations: [
      {
        os: 'server2022-core',
        stateIniEncoding: 'utf16le-bom',
        pantherSysprep: { setupact: sysprepSuccessLog(hoursBefore(osProfile('server2022-core').sealed, 0.01)), encoding: 'utf16le' },
      },
    ],
  },
  'two-installations-one-sid': [
    {
      label: 'C',
      installations: [
        {
          os: 'win10-22h2',
          imageState: IMAGE_STATE.COMPLETE,
          machineSid: SHARED_SID,
          computerName: 'PC-LAB-01',
          users: [{ name: 'lab', rid: 1001 }],
        },
      ],
    },
    {
      label: 'D',
      installations: [
        {
          os: 'win10-22h2',
          imageState: IMAGE_STATE.COMPLETE,
          machineSid: SHARED_SID,
          computerName: 'PC-LAB-02',
          users: [{ name: 'lab', rid: 1001 }],
        },
      ],
    },
  ],
  'lower-case-paths': { installations: [{ hiberboot: 0, lowerCasePaths: true }] },
  'answer-file-secrets': {
    installations: [
      {
        hiberboot: 0,
        setup: { UnattendFile: 'C:\\Windows\\Panther\\unattend.xml' },
        answerFiles: { 'Windows\\Panther\\unattend.xml': answerFileWithSecrets() },
      },
    ],
  },
  'sid-mismatch': { installations: [{ hiberboot: 0, securitySid: MISMATCH_SECURITY_SID }] },
  'domain-joined': { installations: [{ ...NOT_GENERALIZED, domain: CORP_DOMAIN }] },
  'orphan-appx': { installations: [{ hiberboot: 0, appx: { perUser: { [ORPHAN_SID]: defaultUserPackages('win11-24h2') } } }] },
  // Generalized, and everything a deployed machine would inherit: Entra join, Intune, a ConfigMgr identity,
  // a user with an EFS key, WinRE moved to a recovery partition.
  'cloud-managed': {
    installations: [
      {
        hiberboot: 0,
        users: [{ ...TECH, efs: true }],
        entraJoin: { tenantId: '72f988bf-86f1-41af-91ab-2d7cd011db47', tenantName: 'Contoso', userEmail: 'tech@contoso.com' },
        mdmEnrollments: [{ upn: 'tech@contoso.com' }],
        configMgr: { smsUniqueId: 'GUID:1B2C3D4E-0000-1111-2222-333344445555' },
        winre: 'recovery-partition',
      },
    ],
  },
  // A Sysprep-folder answer file (used at oobeSystem when nothing ranks higher) with Mode=OOBE + ForceShutdownNow.
  'reseal-loop': { installations: [{ hiberboot: 0, answerFiles: { 'Windows\\System32\\Sysprep\\unattend.xml': resealLoopAnswerFile() } }] },
};

export const SCENARIO_NAMES = Object.keys(SCENARIOS) as ScenarioName[];

/**
 * What each scenario is meant to make the checks say: the findings of severity warn/block (ids), and the
 * verdict. Info-level findings are listed under `info`. Kept next to the scenarios so they change together.
 */
export const SCENARIO_INTENT: Record<
  ScenarioName,
  { verdict: 'ready' | 'warnings' | 'blocked'; block: string[]; warn: string[]; info: string[] }
> = {
  'generalized-win11': { verdict: 'ready', block: [], warn: [], info: [] },
  'not-generalized-win11': { verdict: 'blocked', block: ['GEN001'], warn: [], info: ['VOL002'] },
  'appx-sysprep-failed': { verdict: 'blocked', block: ['APX001', 'GEN001', 'SYS001'], warn: [], info: ['VOL002'] },
  'store-updated': { verdict: 'blocked', block: ['APX001', 'GEN001'], warn: [], info: ['VOL002'] },
  'dirty-hives': { verdict: 'ready', block: [], warn: [], info: ['HIV001'] },
  hibernated: { verdict: 'blocked', block: ['VOL001'], warn: [], info: [] },
  'pending-reboot': { verdict: 'warnings', block: [], warn: ['PND001'], info: [] },
  windows7: { verdict: 'warnings', block: [], warn: ['UNA003'], info: ['SYS002'] },
  'server-core': { verdict: 'ready', block: [], warn: [], info: [] },
  'two-installations-one-sid': { verdict: 'blocked', block: ['GEN001', 'XIN001'], warn: [], info: ['VOL002', 'XIN002'] },
  'lower-case-paths': { verdict: 'ready', block: [], warn: [], info: [] },
  'answer-file-secrets': { verdict: 'warnings', block: [], warn: ['UNA001', 'UNA002'], info: [] },
  'sid-mismatch': { verdict: 'warnings', block: [], warn: ['SID001'], info: [] },
  'domain-joined': { verdict: 'blocked', block: ['GEN001'], warn: ['VOL004'], info: ['VOL002'] },
  'orphan-appx': { verdict: 'ready', block: [], warn: [], info: ['APX002'] },
  'cloud-managed': { verdict: 'warnings', block: [], warn: ['EFS001', 'IDN001', 'IDN002', 'IDN003', 'PRF001', 'REC001'], info: [] },
  'reseal-loop': { verdict: 'blocked', block: ['UNA005'], warn: [], info: [] },
};

/** Builds a scenario under `dir`; returns the volume roots (`dir` itself, or `dir/C`, `dir/D`, …). */
/** The first scenario of one volume meant to end with `verdict` (for tests that need "a ready volume"). */
export function oneVolumeScenario(verdict: 'ready' | 'warnings' | 'blocked'): ScenarioName {
  const name = SCENARIO_NAMES.find((n) => SCENARIO_INTENT[n].verdict === verdict && !Array.isArray(SCENARIOS[n]));
  if (!name) throw new Error(`windows-volume: no one-volume scenario ends ${verdict}`);
  return name;
}

export function buildScenario(dir: string, name: ScenarioName): string[] {
  const s = SCENARIOS[name];
  if (!s) throw new Error(`windows-volume: unknown scenario '${name}'`);
  if (!Array.isArray(s)) {
    buildWindowsVolume(dir, s);
    return [dir];
  }
  return s.map((vol, i) => {
    const root = join(dir, vol.label ?? String.fromCharCode(0x43 + i));
    buildWindowsVolume(root, vol);
    return root;
  });
}

/** The built-in sample: SCENARIOS['generalized-win11'] written into `dir`; returns the volume root. */
export function buildSample(dir: string): string {
  return buildScenario(dir, 'generalized-win11')[0];
}
