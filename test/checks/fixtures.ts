// Facts of a realistic, generalized Windows 11 24H2 Pro installation (build 26100.2314) and helpers to
// mutate them per test case. Values follow domain.md: ImageState strings, AppxAllUserStore layout,
// package full names, the SAM machine SID example of §4.1.
import type { ImageSourceFacts, InstallationFacts, UnreadableVolume } from '../../src/windows/facts';
import { unreadHive } from '../../src/windows/hives';
import { emptyAnswerFile } from '../../src/windows/unattend';

export const MACHINE_SID = 'S-1-5-21-1957816478-2793074591-1041990146';
export const OTHER_SID = 'S-1-5-21-3623811015-3361044348-30300820';
export const USER_SID = `${MACHINE_SID}-1001`;
export const ORPHAN_SID = `${MACHINE_SID}-1002`;

export const CALCULATOR = 'Microsoft.WindowsCalculator_11.2401.0.0_x64__8wekyb3d8bbwe';
export const CALCULATOR_PROVISIONED = 'Microsoft.WindowsCalculator_2021.2311.0.0_neutral_~_8wekyb3d8bbwe';
export const COPILOT = 'Microsoft.Copilot_1.25034.133.0_x64__8wekyb3d8bbwe';
export const NOTEPADPP = 'NotepadPlusPlus_1.0.0.0_neutral__7njy0v32s6xk6';

const SETUP_STATE = 'Microsoft\\Windows\\CurrentVersion\\Setup\\State';
const CV = 'Microsoft\\Windows NT\\CurrentVersion';
const APPX = 'Microsoft\\Windows\\CurrentVersion\\Appx\\AppxAllUserStore';
const GEN_OOBE = 'IMAGE_STATE_GENERALIZE_RESEAL_TO_OOBE';

export function baseFacts(): InstallationFacts {
  return {
    id: 'C:\\Windows',
    volume: 'C:',
    windowsDir: 'Windows',
    os: {
      storedProductName: 'Windows 10 Pro',
      productName: 'Windows 11 Pro',
      family: 'Windows 11',
      edition: 'Professional',
      installationType: 'client',
      build: 26100,
      ubr: 2314,
      displayVersion: '24H2',
      architecture: 'x64',
      computerName: 'REF-PC01',
      evidence: [
        { source: 'registry', hive: 'SOFTWARE', key: CV, value: 'ProductName', data: 'Windows 10 Pro' },
        { source: 'registry', hive: 'SOFTWARE', key: CV, value: 'CurrentBuild', data: '26100' },
        { source: 'registry', hive: 'SOFTWARE', key: CV, value: 'UBR', data: '2314' },
        { source: 'registry', hive: 'SOFTWARE', key: CV, value: 'DisplayVersion', data: '24H2' },
      ],
    },
    generalization: {
      state: 'generalized',
      reason: `ImageState is ${GEN_OOBE} in the registry and in State.ini.`,
      imageStateRegistry: GEN_OOBE,
      imageStateFile: GEN_OOBE,
      sourcesAgree: true,
      sysprepTagPresent: true,
      setup: {
        cmdLine: 'oobe\\windeploy.exe',
        setupType: 2,
        systemSetupInProgress: 1,
        oobeInProgress: 1,
        auditInProgress: 0,
      },
      sysprepStatus: { generalizationState: 7, cleanupState: 2 },
      evidence: [
        { source: 'registry', hive: 'SOFTWARE', key: SETUP_STATE, value: 'ImageState', data: GEN_OOBE },
        { source: 'file', path: 'Windows\\Setup\\State\\State.ini', detail: `[State] ImageState="${GEN_OOBE}"` },
        { source: 'file', path: 'Windows\\System32\\Sysprep\\Sysprep_succeeded.tag', detail: 'present' },
        { source: 'registry', hive: 'SYSTEM', key: 'Setup', value: 'CmdLine', data: 'oobe\\windeploy.exe' },
        {
          source: 'registry',
          hive: 'SYSTEM',
          key: 'Setup\\Status\\SysprepStatus',
          value: 'GeneralizationState',
          data: '7',
        },
      ],
    },
    sysprepLimit: {
      runLimit: 1001,
      skipRearm: null,
      evidence: [{ source: 'registry', hive: 'SOFTWARE', key: CV, value: 'CurrentBuild', data: '26100' }],
    },
    sid: {
      machineSid: MACHINE_SID,
      samSid: MACHINE_SID,
      securitySid: MACHINE_SID,
      sourcesAgree: true,
      evidence: [
        { source: 'registry', hive: 'SAM', key: 'SAM\\Domains\\Account', value: 'V', data: MACHINE_SID },
        { source: 'registry', hive: 'SECURITY', key: 'Policy\\PolAcDmS', value: '', data: MACHINE_SID },
      ],
    },
    profiles: {
      profiles: [
        { sid: 'S-1-5-18', path: '%systemroot%\\system32\\config\\systemprofile', localAccount: false, backup: false },
        { sid: `${MACHINE_SID}-500`, path: 'C:\\Users\\Administrator', localAccount: true, backup: false },
      ],
      evidence: [{ source: 'registry', hive: 'SOFTWARE', key: `${CV}\\ProfileList` }],
    },
    appx: {
      storePresent: true,
      provisioned: [
        CALCULATOR_PROVISIONED,
        'Microsoft.WindowsNotepad_11.2410.21.0_neutral_~_8wekyb3d8bbwe',
        'Microsoft.WindowsTerminal_1.21.2911.0_neutral_~_8wekyb3d8bbwe',
      ],
      inbox: [
        'Microsoft.Windows.StartMenuExperienceHost_10.0.26100.2314_neutral_neutral_cw5n1h2txyewy',
        'MicrosoftWindows.Client.CBS_1000.26100.28.0_x64__cw5n1h2txyewy',
      ],
      deprovisioned: ['Microsoft.BingNews_8wekyb3d8bbwe'],
      staged: [],
      userSids: ['S-1-5-18'],
      orphanSids: [],
      problems: [],
      evidence: [
        { source: 'registry', hive: 'SOFTWARE', key: `${APPX}\\Applications` },
        { source: 'registry', hive: 'SOFTWARE', key: `${APPX}\\InboxApplications` },
        { source: 'registry', hive: 'SOFTWARE', key: `${APPX}\\Deprovisioned` },
      ],
    },
    panther: {
      logs: [
        { path: 'Windows\\System32\\Sysprep\\Panther\\setupact.log', encoding: 'utf-8', lines: 1843 },
        { path: 'Windows\\System32\\Sysprep\\Panther\\setuperr.log', encoding: 'utf-8', lines: 0 },
      ],
      lastRunFailed: false,
      failures: [],
      history: [],
      evidence: [{ source: 'file', path: 'Windows\\System32\\Sysprep\\Panther\\setuperr.log', detail: 'no error lines' }],
    },
    pending: {
      cbsRebootPending: false,
      cbsPackagesPending: false,
      windowsUpdateRebootRequired: false,
      pendingFileRenames: 0,
      pendingXml: false,
      evidence: [{ source: 'registry', hive: 'SOFTWARE', key: 'Microsoft\\Windows\\CurrentVersion\\Component Based Servicing' }],
    },
    volumeState: {
      hiberfilPresent: false,
      hiberfilSignature: null,
      hibernated: null,
      fastStartupEnabled: false,
      bitlocker: 'none',
      domainJoined: false,
      domainName: null,
      shadowCopies: 0,
      notApplicable: null,
      evidence: [
        {
          source: 'registry',
          hive: 'SYSTEM',
          key: 'ControlSet001\\Control\\Session Manager\\Power',
          value: 'HiberbootEnabled',
          data: '0',
        },
        { source: 'volume', path: 'C:', detail: 'boot sector OEM ID "NTFS    "' },
      ],
    },
    unattend: {
      registryPointer: null,
      files: [
        {
          ...emptyAnswerFile(
            { path: 'Windows\\Panther\\unattend.xml', precedence: 3, location: 'cached answer file (%WINDIR%\\Panther)' },
            null,
          ),
          passes: ['generalize', 'specialize', 'oobeSystem'],
          persistAllDeviceInstalls: false,
          skipRearm: 0,
        },
      ],
      evidence: [{ source: 'file', path: 'Windows\\Panther\\unattend.xml' }],
    },
    accounts: {
      users: [],
      evidence: [{ source: 'registry', hive: 'SAM', key: 'SAM\\Domains\\Account\\Users', data: 'no account with RID >= 1000' }],
    },
    leftovers: { folders: [], evidence: [] },
    serverRoles: {
      productType: 'WinNT',
      roles: [],
      evidence: [
        { source: 'registry', hive: 'SYSTEM', key: 'ControlSet001\\Control\\ProductOptions', value: 'ProductType', data: 'WinNT' },
      ],
    },
    sysprepRun: {
      options: ['OOBE', 'GENERALIZE', 'SHUTDOWN'],
      modeVm: false,
      evidence: [
        {
          source: 'file',
          path: 'Windows\\System32\\Sysprep\\Panther\\setupact.log',
          detail: 'options of the last run: OOBE, GENERALIZE, SHUTDOWN',
        },
      ],
    },
    mountedDevices: {
      systemDrive: 'C:',
      systemPartition: { style: 'gpt', partitionGuid: '{8e0f2c38-e4ea-47ba-b7fc-9d8c74dccf0b}' },
      volumeOffset: null,
      letters: [{ letter: 'C:', identity: { style: 'gpt', partitionGuid: '{8e0f2c38-e4ea-47ba-b7fc-9d8c74dccf0b}' } }],
      evidence: [
        {
          source: 'registry',
          hive: 'SYSTEM',
          key: 'MountedDevices',
          value: '\\DosDevices\\C:',
          data: '444d494f3a49443a382c0f8eeae4ba47b7fc9d8c74dccf0b',
        },
      ],
    },
    deviceIdentity: {
      entraJoins: [],
      mdmEnrollments: [],
      omadmAccounts: [],
      configMgr: { smsUniqueId: null, clientInstalled: false },
      evidence: [],
    },
    userHives: { read: [], unread: [], overLimit: 0, evidence: [] },
    recovery: {
      reagentXml: 'Windows\\System32\\Recovery\\ReAgent.xml',
      enabled: false,
      winreLocation: null,
      winreWim: 'Windows\\System32\\Recovery\\Winre.wim',
      evidence: [{ source: 'file', path: 'Windows\\System32\\Recovery\\Winre.wim', detail: 'present' }],
    },
    upgrade: {
      upgraded: false,
      sources: [],
      upgradeValue: 0,
      evidence: [{ source: 'registry', hive: 'SYSTEM', key: 'Setup', value: 'Upgrade', data: '0' }],
    },
    hives: ['SYSTEM', 'SOFTWARE', 'SAM', 'SECURITY'].map((name) => ({
      ...unreadHive(name, `Windows\\System32\\config\\${name}`),
      readable: true,
    })),
  };
}

/** A second installation on another volume: Windows 10 Enterprise 22H2, generalized, its own SID. */
export function otherFacts(): InstallationFacts {
  return facts({
    id: 'D:\\Windows',
    volume: 'D:',
    os: {
      storedProductName: 'Windows 10 Enterprise',
      productName: 'Windows 10 Enterprise',
      family: 'Windows 10',
      edition: 'Enterprise',
      build: 19045,
      ubr: 5247,
      displayVersion: '22H2',
      computerName: 'LAB-PC07',
    },
    sid: {
      machineSid: OTHER_SID,
      samSid: OTHER_SID,
      securitySid: OTHER_SID,
      evidence: [{ source: 'registry', hive: 'SAM', key: 'SAM\\Domains\\Account', value: 'V', data: OTHER_SID }],
    },
  });
}

export const NOT_GENERALIZED = {
  generalization: {
    state: 'not-generalized',
    reason: 'ImageState is IMAGE_STATE_COMPLETE in the registry and in State.ini.',
    imageStateRegistry: 'IMAGE_STATE_COMPLETE',
    imageStateFile: 'IMAGE_STATE_COMPLETE',
    sysprepTagPresent: false,
    evidence: [
      { source: 'registry', hive: 'SOFTWARE', key: SETUP_STATE, value: 'ImageState', data: 'IMAGE_STATE_COMPLETE' },
      { source: 'file', path: 'Windows\\Setup\\State\\State.ini', detail: '[State] ImageState="IMAGE_STATE_COMPLETE"' },
    ],
  },
} as const satisfies Patch<InstallationFacts>;

export const UNKNOWN_STATE = {
  generalization: {
    state: 'unknown',
    reason: 'The SOFTWARE hive could not be read and Windows\\Setup\\State\\State.ini is missing.',
    imageStateRegistry: null,
    imageStateFile: null,
    sourcesAgree: null,
    sysprepTagPresent: false,
    evidence: [],
  },
} as const satisfies Patch<InstallationFacts>;

export function lockedVolume(volume = 'E:'): UnreadableVolume {
  return {
    volume,
    reason: 'bitlocker-locked',
    detail: 'boot sector OEM ID is "-FVE-FS-" and the volume is not unlocked',
    evidence: [{ source: 'volume', path: volume, detail: 'OEM ID "-FVE-FS-" at offset 3' }],
  };
}

export type Patch<T> = T extends readonly (infer U)[] ? readonly U[] : T extends object ? { readonly [K in keyof T]?: Patch<T[K]> } : T;

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function merge<T>(base: T, patch: unknown): T {
  if (!isPlainObject(base) || !isPlainObject(patch)) return (patch === undefined ? base : patch) as T;
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(patch)) out[k] = merge(out[k], v);
  return out as T;
}

/** baseFacts() with patches deep-merged in order (arrays are replaced, not merged). */
export function facts(...patches: Patch<InstallationFacts>[]): InstallationFacts {
  return patches.reduce<InstallationFacts>((f, p) => merge(f, p), baseFacts());
}

export const IMAGE_FILE = 'D:\\images\\ref.wim';

/**
 * baseFacts() read from image 1 of D:\images\ref.wim, as src/windows/image-scan.ts reports it: the WIM's XML
 * agreeing with the hives (unless `image` says otherwise), Fast Startup on in its SYSTEM hive, no hiberfil.sys
 * in it, so hibernation and BitLocker are not applicable.
 */
export function imageFacts(image: Partial<ImageSourceFacts> = {}, ...patches: Patch<InstallationFacts>[]): InstallationFacts {
  const f = facts(
    {
      id: `${IMAGE_FILE}:1\\Windows`,
      volume: `${IMAGE_FILE}:1`,
      volumeState: {
        hibernated: 'not-applicable',
        fastStartupEnabled: true,
        bitlocker: 'not-applicable',
        notApplicable: `read from the image ${IMAGE_FILE}:1: a WIM holds files, not a volume's boot sector (BitLocker), its place on a disk or, without a hiberfil.sys, a hibernation state`,
        evidence: [{ source: 'file', path: `${IMAGE_FILE}:1\\hiberfil.sys`, detail: 'not in the image: hibernation not applicable' }],
      },
    },
    ...patches,
  );
  f.image = {
    file: IMAGE_FILE,
    index: 1,
    name: 'Gold',
    description: 'Reference build',
    flags: 'Professional',
    editionId: 'Professional',
    productName: 'Windows 11 Pro',
    build: 26100,
    ...image,
  };
  return f;
}
