/**
 * Builds realistic OFFLINE Windows volumes on disk — the four machine hives, State.ini, the Sysprep tag,
 * Panther logs, answer files, pending-servicing markers and \hiberfil.sys — for tests and for the
 * built-in sample (`buildSample`). The content imitates what a real installation holds (values, types,
 * sibling keys, a CLSID list big enough for `ri` subkey indexes, realistic SAM/SECURITY blobs) so that the
 * same code paths run as on a real disk. Sources: /work/shared/reference/domain.md (§ numbers below) and
 * the real hives of ../shared/corpus (value layouts copied from a Windows 10 SAM/SECURITY/SYSTEM; no bytes
 * copied that identify anyone).
 *
 * Decisions worth knowing (see also the report of the session that wrote this file):
 *  - State.ini is written as ASCII with CRLF (what the Win32 profile API writes for a new file; whether
 *    Setup writes UTF-16 is UNCONFIRMED); `stateIniEncoding: 'utf16le-bom'` covers the other case.
 *  - Panther logs are written as plain UTF-8 (ASCII) with CRLF, in the column layout Windows uses
 *    (`2025-07-22 21:55:35, Info       [0x0f004d] SYSPRP …`); `encoding` covers UTF-8+BOM and UTF-16LE.
 *  - HiberbootEnabled defaults to 1 on client Windows 8+ (the Windows default, domain.md §6.2), 0 on
 *    servers (UNCONFIRMED), absent on Windows 7 (no Fast Startup). 'generalized-win11' sets 0 so it is clean.
 *  - HKLM\SYSTEM\Setup after generalize: CmdLine `oobe\windeploy.exe`, SetupType 2, SystemSetupInProgress 1,
 *    OOBEInProgress 1 (domain.md §1.3, practitioner-observed); SysprepStatus GeneralizationState 4 /
 *    CleanupState 2 after generalize, 7 on a finished install (§1.4; meanings UNCONFIRMED).
 *  - Windows 7 has no UBR value (the revision is only in BuildLabEx), no DisplayVersion/ReleaseId, no
 *    CurrentMajorVersionNumber, no AppxAllUserStore, hives of format 1.3 (`lf` leaves).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { buildHive, defaultSecurityDescriptor, filetime, tree, v, type BuildOptions, type KeySpec, type ValueSpec } from './hive-builder';
import { makeDirtyWithNewLog } from './log-builder';
import { concat, guidBytes } from './bytes';
import { IMAGE_STATE } from '../../src/windows/generalization';

// ---------------------------------------------------------------------------------------------
// Public types
// ---------------------------------------------------------------------------------------------

export type OsId = 'win11-24h2' | 'win10-22h2' | 'win7-sp1' | 'server2022-core' | 'server2025' | 'win81';
export type HiveName = 'SYSTEM' | 'SOFTWARE' | 'SAM' | 'SECURITY';
export const HIVE_NAMES: HiveName[] = ['SYSTEM', 'SOFTWARE', 'SAM', 'SECURITY'];
export type HiberfilKind = 'hibr' | 'HIBR' | 'zero' | null;
export type TextEncodingChoice = 'utf8' | 'utf8-bom' | 'utf16le';

export interface AppxSpec {
  /** AppxAllUserStore\Applications full names (bundles `…_neutral_~_8wekyb3d8bbwe`). */
  provisioned?: string[];
  /** AppxAllUserStore\InboxApplications full names. */
  inbox?: string[];
  /** AppxAllUserStore\Deprovisioned family names. */
  deprovisioned?: string[];
  /** AppxAllUserStore\Staged\<family>\<full name>. */
  staged?: string[];
  /**
   * Per-user package full names by SID. SIDs listed here replace the default list of that SID (every
   * provisioned package at the provisioned version plus the inbox apps); a SID without a profile here
   * makes an orphan. `[]` gives the SID an empty key.
   */
  perUser?: Record<string, string[]>;
}

export interface PendingSpec {
  cbsRebootPending?: boolean;
  wuRebootRequired?: boolean;
  packagesPending?: boolean;
  /** Each entry: a path to delete at reboot, or [source, target] to rename. `\??\` is prefixed. */
  fileRenames?: (string | [string, string])[];
  pendingXml?: boolean;
}

export interface SetupSpec {
  CmdLine: string;
  SetupType: number;
  SystemSetupInProgress: number;
  OOBEInProgress: number;
  AuditInProgress: number;
  UnattendFile: string;
}

export interface DomainSpec {
  /** NetBIOS name, e.g. CORP (SECURITY Policy\PolPrDmN). */
  name: string;
  /** Domain SID S-1-5-21-x-y-z (SECURITY Policy\PolPrDmS). */
  sid: string;
  /** DNS name (Policy\PolDnDDN, Tcpip\Parameters Domain). Default `<name>.contoso.com` lower-cased. */
  dnsName?: string;
  /** Domain users with a local profile (ProfileList <domain SID>-<rid>). */
  users?: { name: string; rid: number }[];
}

export interface InstallationSpec {
  /** Default 'Windows'. */
  windowsDir?: string;
  /**
   * Filler keys under SOFTWARE\Classes\Installer\Components (each with two values, as Windows Installer
   * writes them), to give SOFTWARE the size of a real one (tens of MB) for benchmarks. Default 0.
   */
  softwareBulkKeys?: number;
  /** Default 'win11-24h2' (Pro, x64). */
  os?: OsId;
  /** Default 'AMD64'. */
  arch?: 'AMD64' | 'x86';
  computerName?: string;
  /** SOFTWARE …\Setup\State ImageState; default IMAGE_STATE_GENERALIZE_RESEAL_TO_OOBE; null = value absent. */
  imageState?: string | null;
  /** State.ini ImageState: 'same' (default) as imageState; null = no file. */
  stateIni?: string | null | 'same';
  /** Default 'ascii' (CRLF). */
  stateIniEncoding?: 'ascii' | 'utf16le-bom';
  /** Windows\System32\Sysprep\Sysprep_succeeded.tag; default true when ImageState is GENERALIZE_*. */
  sysprepTag?: boolean;
  /** SYSTEM\Setup values over the defaults for the state. */
  setup?: Partial<SetupSpec>;
  sysprepStatus?: { GeneralizationState?: number; CleanupState?: number };
  /** Machine SID (SAM Domains\Account\V tail and SECURITY Policy\PolAcDmS). */
  machineSid?: string;
  /** SECURITY's PolAcDmS only (to make the two disagree). */
  securitySid?: string;
  /** Local users: SAM accounts + ProfileList S-1-5-21-<machine>-<rid> → C:\Users\<name>. Default []. */
  users?: { name: string; rid: number }[];
  appx?: AppxSpec;
  pending?: PendingSpec;
  /** ControlSet001\Control\Session Manager\Power HiberbootEnabled; null = absent. Default: see file header. */
  hiberboot?: number | null;
  /** \hiberfil.sys at the volume root (shared by the volume's installations). Default null. */
  hiberfil?: HiberfilKind;
  /** Default: not joined (workgroup WORKGROUP). */
  domain?: DomainSpec | null;
  /** SOFTWARE …\SoftwareProtectionPlatform SkipRearm (default 0; null = absent). */
  skipRearm?: number | null;
  /**
   * Windows\System32\Sysprep\Panther logs. Default: a successful generalize run when generalized, none
   * otherwise; null = none. setuperr defaults to the Warning/Error lines of setupact (as Windows writes it).
   */
  pantherSysprep?: { setupact?: string; setuperr?: string; encoding?: TextEncodingChoice } | null;
  /** Volume-relative path (e.g. 'Windows\\Panther\\unattend.xml') → XML text. */
  answerFiles?: Record<string, string>;
  /** Written as dirty primaries + .LOG1/.LOG2 (new format) that recover to the intended content. */
  dirtyHives?: HiveName[];
  /** ImageState of the stale (pre-recovery) SOFTWARE primary; default COMPLETE (or UNDEPLOYABLE if the real one is not generalized). */
  staleImageState?: string;
  /** Every path component this installation writes is lower case (windows/system32/config/system …). */
  lowerCasePaths?: boolean;
  /** ProductOptions ProductType (default WinNT, ServerNT on server profiles; LanmanNT = domain controller). */
  productType?: string;
  /** Extra service keys, e.g. the services of server roles (CertSvc, DHCPServer, ADAM_Contoso, WDSServer). */
  roleServices?: string[];
  /** WDSServer\Providers\WDSTFTP RootFolder (an initialised WDS server). */
  wdsRootFolder?: string;
  /**
   * SYSTEM\MountedDevices `\DosDevices\<letter>` values (see mountedGpt/mountedMbr); default: a 12-byte MBR
   * value for C: made up from the machine SID. `{}` writes the key with no value (as after a clearing).
   */
  mountedDevices?: Record<string, Uint8Array>;
}

/** A MountedDevices value naming a GPT partition: `DMIO:ID:` and the partition's unique GUID (mixed-endian). */
export function mountedGpt(partitionGuid: string): Uint8Array {
  return Uint8Array.from(Buffer.concat([Buffer.from('DMIO:ID:', 'latin1'), guidBytes(partitionGuid)]));
}

/** A MountedDevices value naming an MBR partition: the disk signature and the partition's start in bytes. */
export function mountedMbr(diskSignature: number, offset: number): Uint8Array {
  const b = Buffer.alloc(12);
  b.writeUInt32LE(diskSignature >>> 0, 0);
  b.writeBigUInt64LE(BigInt(offset), 4);
  return Uint8Array.from(b);
}

export interface VolumeSpec {
  /** Sub-folder name when a scenario has several volumes (default C, D, …). */
  label?: string;
  installations: InstallationSpec[];
  /** \hiberfil.sys at the volume root (overrides nothing: a conflicting installation value throws). */
  hiberfil?: HiberfilKind;
  /** Volume-relative path ('\\' or '/') → content. */
  extraFiles?: Record<string, string | Uint8Array>;
}

// ---------------------------------------------------------------------------------------------
// Constants: image states, SIDs, OS profiles
// ---------------------------------------------------------------------------------------------

export { IMAGE_STATE } from '../../src/windows/generalization';

/** The machine SID of Microsoft's documentation examples (S-1-5-21-3623811015-3361044348-30300820-1013). */
export const DEFAULT_MACHINE_SID = 'S-1-5-21-3623811015-3361044348-30300820';

interface OsProfile {
  productName: string;
  editionId: string;
  compositionEditionId: string | null;
  installationType: 'Client' | 'Server' | 'Server Core';
  build: number;
  /** null: no UBR value (Windows 7). */
  ubr: number | null;
  displayVersion: string | null;
  releaseId: string | null;
  currentVersion: string;
  /** CurrentMajorVersionNumber (Windows 10+). */
  major: number | null;
  buildLab: string;
  buildLabEx: string;
  csdVersion: string | null;
  productId: string;
  server: boolean;
  appx: 'win11' | 'win10' | 'win81' | 'server' | null;
  hiberboot: number | null;
  hiveMinor: 3 | 5;
  rootNames: Record<HiveName, string>;
  computerName: string;
  /** Local accounts beyond Administrator/Guest (RID → name). */
  extraAccounts: [number, string][];
  installed: Date;
  sealed: Date;
  /** Servicing stack version under Component Based Servicing\Version. */
  servicingStack: string;
}

const ROOT_NAMES: Record<HiveName, string> = { SYSTEM: 'ROOT', SOFTWARE: 'ROOT', SAM: 'ROOT', SECURITY: 'ROOT' };
// Vista/7-era hives carry the name given by the hive's creator (CMI-CreateHive{GUID}); GUIDs plausible.
const WIN7_ROOT_NAMES: Record<HiveName, string> = {
  SYSTEM: 'CMI-CreateHive{2A7FB991-7BBE-4F9D-B91E-7CB51D4737F5}',
  SOFTWARE: 'CMI-CreateHive{199DAFC2-6F16-4946-BF90-5A3FC3A60902}',
  SAM: 'CMI-CreateHive{C4E7BA2B-68E8-499C-B1A1-371AC8D717C7}',
  SECURITY: 'CMI-CreateHive{B1D8B1E8-F6E0-4C7E-8A6A-0C3F7B6D1E2A}',
};

const OS_PROFILES: Record<OsId, OsProfile> = {
  'win11-24h2': {
    productName: 'Windows 10 Pro', // sic: Windows 11 keeps "Windows 10" in ProductName (domain.md §2.4)
    editionId: 'Professional',
    compositionEditionId: 'Enterprise',
    installationType: 'Client',
    build: 26100,
    ubr: 2314,
    displayVersion: '24H2',
    releaseId: '2009',
    currentVersion: '6.3',
    major: 10,
    buildLab: '26100.ge_release.240331-1435',
    buildLabEx: '26100.1.amd64fre.ge_release.240331-1435',
    csdVersion: null,
    productId: '00330-80000-00000-AA871',
    server: false,
    appx: 'win11',
    hiberboot: 1,
    hiveMinor: 5,
    rootNames: ROOT_NAMES,
    computerName: 'DESKTOP-7QK2M4V',
    extraAccounts: [[503, 'DefaultAccount']],
    installed: new Date(Date.UTC(2024, 10, 18, 9, 12, 40)),
    sealed: new Date(Date.UTC(2024, 10, 20, 14, 2, 11)),
    servicingStack: '10.0.26100.2308',
  },
  'win10-22h2': {
    productName: 'Windows 10 Pro',
    editionId: 'Professional',
    compositionEditionId: 'Enterprise',
    installationType: 'Client',
    build: 19045, // 22H2 is an enablement package on 19041: BuildLab keeps 19041 (domain.md §2.4)
    ubr: 5131,
    displayVersion: '22H2',
    releaseId: '2009',
    currentVersion: '6.3',
    major: 10,
    buildLab: '19041.vb_release.191206-1406',
    buildLabEx: '19041.1.amd64fre.vb_release.191206-1406',
    csdVersion: null,
    productId: '00330-80000-00000-AA453',
    server: false,
    appx: 'win10',
    hiberboot: 1,
    hiveMinor: 5,
    rootNames: ROOT_NAMES,
    computerName: 'DESKTOP-3JH8L2P',
    extraAccounts: [
      [503, 'DefaultAccount'],
      [504, 'WDAGUtilityAccount'],
    ],
    installed: new Date(Date.UTC(2024, 10, 12, 8, 40, 2)),
    sealed: new Date(Date.UTC(2024, 10, 15, 16, 31, 47)),
    servicingStack: '10.0.19041.5121',
  },
  'win7-sp1': {
    productName: 'Windows 7 Professional',
    editionId: 'Professional',
    compositionEditionId: null,
    installationType: 'Client',
    build: 7601,
    ubr: null, // no UBR value on Windows 7: the revision (24546) is only in BuildLabEx
    displayVersion: null,
    releaseId: null,
    currentVersion: '6.1',
    major: null,
    buildLab: '7601.win7sp1_ldr_escrow.200102-1707',
    buildLabEx: '7601.24546.amd64fre.win7sp1_ldr_escrow.200102-1707',
    csdVersion: 'Service Pack 1',
    productId: '00371-OEM-8992671-00524',
    server: false,
    appx: null,
    hiberboot: null, // Fast Startup arrived with Windows 8
    hiveMinor: 3,
    rootNames: WIN7_ROOT_NAMES,
    computerName: 'WIN-4R7TQ2M8KDL',
    extraAccounts: [],
    installed: new Date(Date.UTC(2020, 0, 20, 10, 5, 12)),
    sealed: new Date(Date.UTC(2020, 0, 22, 17, 44, 9)),
    servicingStack: '6.1.7601.24548',
  },
  'server2022-core': {
    productName: 'Windows Server 2022 Datacenter',
    editionId: 'ServerDatacenter',
    compositionEditionId: 'ServerDatacenter',
    installationType: 'Server Core',
    build: 20348,
    ubr: 2849,
    displayVersion: '21H2',
    releaseId: '2009',
    currentVersion: '6.3',
    major: 10,
    buildLab: '20348.fe_release.210507-1500',
    buildLabEx: '20348.1.amd64fre.fe_release.210507-1500',
    csdVersion: null,
    productId: '00454-60000-00001-AA228',
    server: true,
    appx: 'server',
    hiberboot: 0,
    hiveMinor: 5,
    rootNames: ROOT_NAMES,
    computerName: 'WIN-H2K8N4P7Q1R',
    extraAccounts: [
      [503, 'DefaultAccount'],
      [504, 'WDAGUtilityAccount'],
    ],
    installed: new Date(Date.UTC(2024, 10, 19, 7, 58, 31)),
    sealed: new Date(Date.UTC(2024, 10, 19, 11, 20, 5)),
    servicingStack: '10.0.20348.2842',
  },
  server2025: {
    productName: 'Windows Server 2025 Standard',
    editionId: 'ServerStandard',
    compositionEditionId: 'ServerStandard',
    installationType: 'Server',
    build: 26100,
    ubr: 2314,
    displayVersion: '24H2',
    releaseId: '2009',
    currentVersion: '6.3',
    major: 10,
    buildLab: '26100.ge_release.240331-1435',
    buildLabEx: '26100.1.amd64fre.ge_release.240331-1435',
    csdVersion: null,
    productId: '00476-60000-00001-AA764',
    server: true,
    appx: 'server',
    hiberboot: 0,
    hiveMinor: 5,
    rootNames: ROOT_NAMES,
    computerName: 'WIN-Q7B3M9T2L6D',
    extraAccounts: [[503, 'DefaultAccount']],
    installed: new Date(Date.UTC(2024, 10, 21, 13, 4, 55)),
    sealed: new Date(Date.UTC(2024, 10, 21, 15, 47, 30)),
    servicingStack: '10.0.26100.2308',
  },
  win81: {
    productName: 'Windows 8.1 Pro',
    editionId: 'Professional',
    compositionEditionId: null,
    installationType: 'Client',
    build: 9600,
    ubr: 21563,
    displayVersion: null,
    releaseId: null,
    currentVersion: '6.3',
    major: null,
    buildLab: '9600.winblue_ltsb_escrow.230626-1700',
    buildLabEx: '9600.21563.amd64fre.winblue_ltsb_escrow.230626-1700',
    csdVersion: null,
    productId: '00261-80000-00000-AA941',
    server: false,
    appx: 'win81',
    hiberboot: 1,
    hiveMinor: 5,
    rootNames: ROOT_NAMES,
    computerName: 'WIN-8T5K1V9QX2C',
    extraAccounts: [],
    installed: new Date(Date.UTC(2023, 7, 2, 9, 30, 0)),
    sealed: new Date(Date.UTC(2023, 7, 3, 12, 15, 41)),
    servicingStack: '6.3.9600.20520',
  },
};

/** The documented facts of an OS choice (for tests that assert what a reader should report). */
export function osProfile(os: OsId): Readonly<Omit<OsProfile, 'rootNames'>> {
  return OS_PROFILES[os];
}

// ---------------------------------------------------------------------------------------------
// AppX package sets (domain.md §3.4, §3.6)
// ---------------------------------------------------------------------------------------------

const MS = '8wekyb3d8bbwe';
const SYS = 'cw5n1h2txyewy';

const APPX_SETS: Record<NonNullable<OsProfile['appx']>, Required<Pick<AppxSpec, 'provisioned' | 'inbox' | 'deprovisioned' | 'staged'>>> = {
  win11: {
    provisioned: [
      `Microsoft.DesktopAppInstaller_1.23.1911.0_neutral_~_${MS}`,
      `Microsoft.Paint_11.2410.28.0_neutral_~_${MS}`,
      `Microsoft.ScreenSketch_2022.2409.25.0_neutral_~_${MS}`,
      `Microsoft.SecHealthUI_1000.26100.1.0_x64__${MS}`,
      `Microsoft.Windows.Photos_2024.11050.3002.0_neutral_~_${MS}`,
      `Microsoft.WindowsCalculator_11.2405.2.0_neutral_~_${MS}`,
      `Microsoft.WindowsCamera_2024.2408.1.0_neutral_~_${MS}`,
      `Microsoft.WindowsNotepad_11.2409.9.0_neutral_~_${MS}`,
      `Microsoft.WindowsStore_22409.1401.5.0_neutral_~_${MS}`,
      `Microsoft.WindowsTerminal_1.21.2911.0_neutral_~_${MS}`,
      `MicrosoftWindows.Client.WebExperience_424.1301.270.9_neutral_~_${SYS}`,
      `Microsoft.NET.Native.Framework.2.2_2.2.29512.0_x64__${MS}`,
      `Microsoft.NET.Native.Runtime.2.2_2.2.28604.0_x64__${MS}`,
      `Microsoft.UI.Xaml.2.8_8.2310.30001.0_x64__${MS}`,
      `Microsoft.VCLibs.140.00_14.0.33519.0_x64__${MS}`,
      `Microsoft.VCLibs.140.00.UWPDesktop_14.0.33728.0_x64__${MS}`,
      `Microsoft.WindowsAppRuntime.1.5_5001.275.500.0_x64__${MS}`,
    ],
    inbox: [
      `Microsoft.AAD.BrokerPlugin_1000.26100.1.0_neutral_neutral_${SYS}`,
      `Microsoft.AccountsControl_10.0.26100.1_neutral__${SYS}`,
      `Microsoft.LockApp_10.0.26100.1_neutral__${SYS}`,
      `Microsoft.Win32WebViewHost_10.0.26100.1_neutral_neutral_${SYS}`,
      `Microsoft.Windows.Apprep.ChxApp_1000.26100.1.0_neutral_neutral_${SYS}`,
      `Microsoft.Windows.CloudExperienceHost_10.0.26100.1_neutral_neutral_${SYS}`,
      `Microsoft.Windows.ShellExperienceHost_10.0.26100.1_neutral_neutral_${SYS}`,
      `Microsoft.Windows.StartMenuExperienceHost_10.0.26100.1_neutral_neutral_${SYS}`,
      `MicrosoftWindows.Client.CBS_1000.26100.1.0_x64__${SYS}`,
      `windows.immersivecontrolpanel_10.0.8.1000_neutral_neutral_${SYS}`,
    ],
    deprovisioned: [`Microsoft.BingNews_${MS}`, `Microsoft.GamingApp_${MS}`],
    staged: [`Microsoft.MicrosoftEdge.Stable_130.0.2849.80_neutral__${MS}`],
  },
  win10: {
    provisioned: [
      `Microsoft.DesktopAppInstaller_2022.310.2333.0_neutral_~_${MS}`,
      `Microsoft.ScreenSketch_2022.2201.12.0_neutral_~_${MS}`,
      `Microsoft.Windows.Photos_2022.31070.26005.0_neutral_~_${MS}`,
      `Microsoft.WindowsCalculator_2021.2210.0.0_neutral_~_${MS}`,
      `Microsoft.WindowsCamera_2022.2201.4.0_neutral_~_${MS}`,
      `Microsoft.WindowsStore_12107.1001.15.0_neutral_~_${MS}`,
      `Microsoft.NET.Native.Framework.2.2_2.2.29512.0_x64__${MS}`,
      `Microsoft.NET.Native.Runtime.2.2_2.2.28604.0_x64__${MS}`,
      `Microsoft.UI.Xaml.2.4_2.42007.9001.0_x64__${MS}`,
      `Microsoft.VCLibs.140.00_14.0.30035.0_x64__${MS}`,
    ],
    inbox: [
      `Microsoft.AAD.BrokerPlugin_1000.19041.1023.0_neutral_neutral_${SYS}`,
      `Microsoft.MicrosoftEdge_44.19041.1266.0_neutral__${MS}`,
      `Microsoft.Windows.CloudExperienceHost_10.0.19041.1949_neutral_neutral_${SYS}`,
      `Microsoft.Windows.ShellExperienceHost_10.0.19041.3636_neutral_neutral_${SYS}`,
      `Microsoft.Windows.StartMenuExperienceHost_10.0.19041.3636_neutral_neutral_${SYS}`,
      `windows.immersivecontrolpanel_10.2.3.0_neutral_neutral_${SYS}`,
    ],
    deprovisioned: [`Microsoft.BingWeather_${MS}`],
    staged: [],
  },
  win81: {
    provisioned: [`Microsoft.BingWeather_3.0.1.174_x86__${MS}`, `Microsoft.WindowsCalculator_6.3.9600.20278_x64__${MS}`, `Microsoft.VCLibs.120.00_12.0.21005.1_x64__${MS}`],
    inbox: [`windows.immersivecontrolpanel_6.2.0.0_neutral_neutral_${SYS}`, `winstore_1.0.0.0_neutral_neutral_${SYS}`],
    deprovisioned: [],
    staged: [],
  },
  server: {
    provisioned: [],
    inbox: [`Microsoft.AAD.BrokerPlugin_1000.20348.1.0_neutral_neutral_${SYS}`, `Microsoft.AccountsControl_10.0.20348.1_neutral__${SYS}`],
    deprovisioned: [],
    staged: [],
  },
};

/** Default AppX content of an OS (empty lists where the OS has no AppxAllUserStore). */
export function defaultAppx(os: OsId): Required<Pick<AppxSpec, 'provisioned' | 'inbox' | 'deprovisioned' | 'staged'>> {
  const set = OS_PROFILES[os].appx;
  const s = set ? APPX_SETS[set] : { provisioned: [], inbox: [], deprovisioned: [], staged: [] };
  return { provisioned: [...s.provisioned], inbox: [...s.inbox], deprovisioned: [...s.deprovisioned], staged: [...s.staged] };
}

/** What a per-user install of a provisioned bundle is called: the x64 main package (`_neutral_~_` → `_x64__`). */
export function userPackageName(provisioned: string): string {
  return provisioned.replace(/_neutral_~_/, '_x64__');
}

/**
 * Per-user package list a user of this OS gets by default (no Sysprep problem): every provisioned package
 * at the provisioned version, plus the inbox apps. `replace` swaps packages by name (e.g. a Store update),
 * `add` appends full names.
 */
export function defaultUserPackages(os: OsId, change: { replace?: Record<string, string>; add?: string[] } = {}): string[] {
  const a = defaultAppx(os);
  const list = [...a.provisioned.map(userPackageName), ...a.inbox];
  const replaced = list.map((full) => {
    const name = full.split('_')[0];
    return change.replace?.[name] ?? full;
  });
  return [...replaced, ...(change.add ?? [])];
}

const FRAMEWORK = /^Microsoft\.(VCLibs\.|UI\.Xaml\.|NET\.Native\.|WindowsAppRuntime\.)/i;

/** Framework packages an app's Applications key lists as dependency subkeys (realistic, not exhaustive). */
function dependenciesOf(full: string, provisioned: string[]): string[] {
  const name = full.split('_')[0];
  if (FRAMEWORK.test(name)) return [];
  const want: RegExp[] = [/^Microsoft\.VCLibs\.1[24]0\.00_/];
  if (/Calculator|Photos|Store|Notepad|Paint|Terminal|WebExperience/.test(name)) want.push(/^Microsoft\.UI\.Xaml\./);
  if (/Photos|Notepad|WebExperience/.test(name)) want.push(/^Microsoft\.WindowsAppRuntime\./);
  if (/Store|DesktopAppInstaller/.test(name)) want.push(/^Microsoft\.NET\.Native\./, /^Microsoft\.VCLibs\.140\.00\.UWPDesktop_/);
  return provisioned.filter((p) => want.some((re) => re.test(p)));
}

// ---------------------------------------------------------------------------------------------
// Resolving a spec
// ---------------------------------------------------------------------------------------------

interface Resolved {
  softwareBulkKeys: number;
  osId: OsId;
  os: OsProfile;
  arch: 'AMD64' | 'x86';
  windowsDir: string;
  computerName: string;
  imageState: string | null;
  generalized: boolean;
  stateIni: string | null;
  sysprepTag: boolean;
  setup: Partial<SetupSpec> & Record<string, string | number | undefined>;
  sysprepStatus: { GeneralizationState?: number; CleanupState?: number };
  machineSid: string;
  securitySid: string;
  users: { name: string; rid: number }[];
  domain: (DomainSpec & { dnsName: string }) | null;
  appx: { provisioned: string[]; inbox: string[]; deprovisioned: string[]; staged: string[]; perUser: Map<string, string[]> } | null;
  pending: PendingSpec;
  hiberboot: number | null;
  hiberfil: HiberfilKind;
  skipRearm: number | null;
  productType: string;
  roleServices: string[];
  wdsRootFolder: string | null;
  mountedDevices: Record<string, Uint8Array> | null;
}

function isGeneralizedState(state: string | null): boolean {
  return state !== null && /^IMAGE_STATE_GENERALIZE_RESEAL_TO_(OOBE|AUDIT)$/i.test(state.trim());
}

/** HKLM\SYSTEM\Setup values for an ImageState (domain.md §1.3; finished installs are 0/empty). */
function setupDefaults(state: string | null): Partial<SetupSpec> {
  const s = (state ?? '').toUpperCase();
  if (s === IMAGE_STATE.GENERALIZE_RESEAL_TO_OOBE) return { CmdLine: 'oobe\\windeploy.exe', SetupType: 2, SystemSetupInProgress: 1, OOBEInProgress: 1 };
  if (s === IMAGE_STATE.GENERALIZE_RESEAL_TO_AUDIT) return { CmdLine: 'oobe\\windeploy.exe', SetupType: 2, SystemSetupInProgress: 1, OOBEInProgress: 0 };
  if (s === IMAGE_STATE.SPECIALIZE_RESEAL_TO_AUDIT) return { CmdLine: '', SetupType: 0, SystemSetupInProgress: 1, OOBEInProgress: 0, AuditInProgress: 1 };
  if (s === IMAGE_STATE.SPECIALIZE_RESEAL_TO_OOBE) return { CmdLine: 'oobe\\windeploy.exe', SetupType: 2, SystemSetupInProgress: 1, OOBEInProgress: 1 };
  return { CmdLine: '', SetupType: 0, SystemSetupInProgress: 0, OOBEInProgress: 0 };
}

/** SysprepStatus defaults (domain.md §1.4, meanings UNCONFIRMED): 4/2 after generalize, 7 when finished. */
function sysprepStatusDefaults(state: string | null): { GeneralizationState?: number; CleanupState?: number } {
  if (isGeneralizedState(state)) return { GeneralizationState: 4, CleanupState: 2 };
  if ((state ?? '').toUpperCase() === IMAGE_STATE.UNDEPLOYABLE) return { GeneralizationState: 7, CleanupState: 2 };
  return { GeneralizationState: 7 };
}

const MACHINE_SID_RE = /^S-1-5-21-\d+-\d+-\d+$/i;

function resolve(spec: InstallationSpec): Resolved {
  const osId = spec.os ?? 'win11-24h2';
  const os = OS_PROFILES[osId];
  if (!os) throw new Error(`windows-volume: unknown os '${osId}'`);
  const imageState = spec.imageState === undefined ? IMAGE_STATE.GENERALIZE_RESEAL_TO_OOBE : spec.imageState;
  const generalized = isGeneralizedState(imageState);
  const stateIni = spec.stateIni === undefined || spec.stateIni === 'same' ? imageState : spec.stateIni;
  const machineSid = spec.machineSid ?? DEFAULT_MACHINE_SID;
  const securitySid = spec.securitySid ?? machineSid;
  for (const sid of [machineSid, securitySid]) if (!MACHINE_SID_RE.test(sid)) throw new Error(`windows-volume: not a machine SID: ${sid}`);
  const users = spec.users ?? [];
  const domain = spec.domain ? { ...spec.domain, dnsName: spec.domain.dnsName ?? `${spec.domain.name.toLowerCase()}.contoso.com` } : null;

  let appx: Resolved['appx'] = null;
  if (os.appx) {
    const d = defaultAppx(osId);
    const provisioned = spec.appx?.provisioned ?? d.provisioned;
    const inbox = spec.appx?.inbox ?? d.inbox;
    const perUser = new Map<string, string[]>();
    if (os.appx !== 'server' && os.appx !== 'win81') {
      // LocalSystem holds a few inbox registrations on Windows 10/11 (the reader skips it: not S-1-5-21).
      perUser.set('S-1-5-18', inbox.filter((p) => /CloudExperienceHost|AAD\.BrokerPlugin/.test(p)));
    }
    const userDefault = [...provisioned.map(userPackageName), ...inbox];
    for (const u of users) perUser.set(`${machineSid}-${u.rid}`, userDefault);
    for (const u of domain?.users ?? []) perUser.set(`${domain!.sid}-${u.rid}`, userDefault);
    for (const [sid, list] of Object.entries(spec.appx?.perUser ?? {})) perUser.set(sid, list);
    appx = { provisioned, inbox, deprovisioned: spec.appx?.deprovisioned ?? d.deprovisioned, staged: spec.appx?.staged ?? d.staged, perUser };
  } else if (spec.appx) {
    throw new Error(`windows-volume: ${osId} has no AppxAllUserStore`);
  }

  return {
    softwareBulkKeys: spec.softwareBulkKeys ?? 0,
    osId,
    os,
    arch: spec.arch ?? 'AMD64',
    windowsDir: spec.windowsDir ?? 'Windows',
    computerName: spec.computerName ?? os.computerName,
    imageState,
    generalized,
    stateIni,
    sysprepTag: spec.sysprepTag ?? generalized,
    setup: { ...setupDefaults(imageState), ...spec.setup },
    sysprepStatus: spec.sysprepStatus ?? sysprepStatusDefaults(imageState),
    machineSid,
    securitySid,
    users,
    domain,
    appx,
    pending: spec.pending ?? {},
    hiberboot: spec.hiberboot === undefined ? os.hiberboot : spec.hiberboot,
    hiberfil: spec.hiberfil ?? null,
    skipRearm: spec.skipRearm === undefined ? 0 : spec.skipRearm,
    productType: spec.productType ?? (os.server ? 'ServerNT' : 'WinNT'),
    roleServices: spec.roleServices ?? [],
    wdsRootFolder: spec.wdsRootFolder ?? null,
    mountedDevices: spec.mountedDevices ?? null,
  };
}

// ---------------------------------------------------------------------------------------------
// Small binary helpers
// ---------------------------------------------------------------------------------------------

/** Deterministic 32-bit generator (xorshift32 seeded by FNV-1a of the text). */
export function prng(seedText: string): () => number {
  let x = 2166136261;
  for (let i = 0; i < seedText.length; i++) x = Math.imul(x ^ seedText.charCodeAt(i), 16777619) >>> 0;
  x ||= 1;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x;
  };
}

export function pseudoRandomBytes(n: number, seedText: string): Uint8Array {
  const next = prng(seedText);
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = next() & 0xff;
  return out;
}

function guid(next: () => number): string {
  const hex = (n: number, len: number) => (n >>> 0).toString(16).toUpperCase().padStart(8, '0').slice(-len);
  const a = next();
  const b = next();
  const c = next();
  const d = next();
  return `{${hex(a, 8)}-${hex(b >>> 16, 4)}-4${hex(b, 3)}-${hex(0x8000 | (c & 0x3fff), 4)}-${hex(c >>> 16, 4)}${hex(d, 8)}}`;
}

/** Binary SID: revision 1, count, 48-bit big-endian authority, little-endian sub-authorities (domain.md §4.1). */
export function sidToBytes(sid: string): Uint8Array {
  const m = /^S-1-(\d+)((?:-\d+)+)$/i.exec(sid.trim());
  if (!m) throw new Error(`windows-volume: not a SID: ${sid}`);
  const subs = m[2].split('-').filter((s) => s !== '').map(Number);
  const out = new Uint8Array(8 + 4 * subs.length);
  const d = new DataView(out.buffer);
  out[0] = 1;
  out[1] = subs.length;
  d.setUint16(2, 0, false);
  d.setUint32(4, Number(m[1]), false);
  subs.forEach((s, i) => d.setUint32(8 + 4 * i, s >>> 0, true));
  return out;
}

function utf16(s: string): Uint8Array {
  return new Uint8Array(Buffer.from(s, 'utf16le'));
}

/** LSA UNICODE_STRING as SECURITY stores it: Length, MaximumLength, offset 8, UTF-16 text, NUL (domain.md §4.1). */
export function lsaUnicodeString(s: string): Uint8Array {
  const body = utf16(s);
  const out = new Uint8Array(8 + body.length + 2);
  const d = new DataView(out.buffer);
  d.setUint16(0, body.length, true);
  d.setUint16(2, body.length + 2, true);
  d.setUint32(4, 8, true);
  out.set(body, 8);
  return out;
}

function pad4(b: Uint8Array): Uint8Array {
  return b.length % 4 === 0 ? b : concat([b, new Uint8Array(4 - (b.length % 4))]);
}

function unixTime(d: Date): number {
  return Math.floor(d.getTime() / 1000);
}

function hoursBefore(d: Date, h: number): Date {
  return new Date(d.getTime() - h * 3600_000);
}

const { sz, expandSz, multiSz, dword, qword, binary, none, raw } = v;

/** A key whose data is in its (default) value typed REG_NONE, as SECURITY stores LSA attributes. */
const lsaAttr = (data: Uint8Array | number[] = []): ValueSpec[] => [none('', data)];

type Entries = [string, ValueSpec[] | null][];

/** Removes a key (case-insensitive path below the root); used to make stale primaries. */
function removeKey(root: KeySpec, path: string): void {
  const parts = path.split('\\');
  let node: KeySpec | undefined = root;
  for (const part of parts.slice(0, -1)) node = node?.subkeys?.find((k) => k.name.toUpperCase() === part.toUpperCase());
  const last = parts[parts.length - 1].toUpperCase();
  if (node?.subkeys) node.subkeys = node.subkeys.filter((k) => k.name.toUpperCase() !== last);
}

// ---------------------------------------------------------------------------------------------
// SYSTEM
// ---------------------------------------------------------------------------------------------

function service(cs: string, name: string, start: number, imagePath: string, display: string, objectName = 'LocalSystem', type = 0x20): Entries {
  return [
    [
      `${cs}\\Services\\${name}`,
      [
        dword('Type', type),
        dword('Start', start),
        dword('ErrorControl', 1),
        expandSz('ImagePath', imagePath),
        sz('DisplayName', display),
        sz('ObjectName', objectName),
      ],
    ],
  ];
}

function controlSet(r: Resolved, cs: string): Entries {
  const p = r.pending;
  const sm = `${cs}\\Control\\Session Manager`;
  const smValues: ValueSpec[] = [
    dword('AutoChkTimeout', 8),
    multiSz('BootExecute', ['autocheck autochk *']),
    dword('CriticalSectionTimeout', 2592000),
    multiSz('ExcludeFromKnownDlls', []),
    dword('GlobalFlag', 0),
    dword('HeapDeCommitFreeBlockThreshold', 0),
    dword('NumberOfInitialSessions', 2),
    multiSz('ObjectDirectories', ['\\Windows', '\\RPC Control']),
    dword('ProcessorControl', 2),
    dword('ProtectionMode', 1),
    multiSz('SETUPEXECUTE', []),
    dword('ResourceTimeoutCount', 648000),
  ];
  if (p.fileRenames && p.fileRenames.length > 0) {
    const nt = (s: string) => (s.startsWith('\\??\\') || s === '' ? s : `\\??\\${s}`);
    // Source/target pairs; an empty target means "delete at reboot" (domain.md §6.1).
    const list = p.fileRenames.flatMap((e) => (typeof e === 'string' ? [nt(e), ''] : [nt(e[0]), nt(e[1])]));
    smValues.push(multiSz('PendingFileRenameOperations', list));
  }
  const power: ValueSpec[] = [dword('HBFlagsSwitch', 1)];
  if (r.hiberboot !== null) power.push(dword('HiberbootEnabled', r.hiberboot));
  power.push(dword('PowerSettingProfile', 0), dword('WatchdogResumeTimeout', 120), dword('WatchdogSleepTimeout', 300));
  const x86 = r.arch === 'x86';
  const win = `C:\\${r.windowsDir}`;
  const joined = r.domain !== null;
  return [
    [`${cs}\\Control`, [sz('CurrentUser', 'USERNAME'), sz('SystemStartOptions', ' NOEXECUTE=OPTIN  FVEBOOT=2564096'), sz('WaitToKillServiceTimeout', '5000')]],
    [`${cs}\\Control\\ComputerName\\ComputerName`, [sz('', 'mnmsrvc'), sz('ComputerName', r.computerName)]],
    [`${cs}\\Control\\Nls\\CodePage`, [sz('ACP', '1252'), sz('OEMCP', '437'), sz('MACCP', '10000')]],
    [`${cs}\\Control\\Power`, [dword('HibernateEnabled', r.hiberfil ? 1 : 0), dword('HibernateEnabledDefault', r.os.server ? 0 : 1)]],
    [sm, smValues],
    [
      `${sm}\\Environment`,
      [
        expandSz('ComSpec', '%SystemRoot%\\system32\\cmd.exe'),
        sz('DriverData', `${win}\\System32\\Drivers\\DriverData`),
        sz('OS', 'Windows_NT'),
        expandSz('Path', '%SystemRoot%\\system32;%SystemRoot%;%SystemRoot%\\System32\\Wbem;%SYSTEMROOT%\\System32\\WindowsPowerShell\\v1.0\\;%SYSTEMROOT%\\System32\\OpenSSH\\'),
        sz('PATHEXT', '.COM;.EXE;.BAT;.CMD;.VBS;.VBE;.JS;.JSE;.WSF;.WSH;.MSC'),
        sz('PROCESSOR_ARCHITECTURE', r.arch),
        expandSz('PSModulePath', '%ProgramFiles%\\WindowsPowerShell\\Modules;%SystemRoot%\\system32\\WindowsPowerShell\\v1.0\\Modules'),
        expandSz('TEMP', '%SystemRoot%\\TEMP'),
        expandSz('TMP', '%SystemRoot%\\TEMP'),
        sz('USERNAME', 'SYSTEM'),
        expandSz('windir', '%SystemRoot%'),
        sz('NUMBER_OF_PROCESSORS', '4'),
        sz('PROCESSOR_LEVEL', '6'),
        sz('PROCESSOR_IDENTIFIER', x86 ? 'x86 Family 6 Model 158 Stepping 13, GenuineIntel' : 'Intel64 Family 6 Model 158 Stepping 13, GenuineIntel'),
        sz('PROCESSOR_REVISION', '9e0d'),
      ],
    ],
    [`${sm}\\Memory Management`, [multiSz('PagingFiles', ['?:\\pagefile.sys']), dword('ClearPageFileAtShutdown', 0), dword('LargeSystemCache', 0)]],
    [`${sm}\\Power`, power],
    [`${cs}\\Control\\TimeZoneInformation`, [dword('Bias', -60), sz('TimeZoneKeyName', 'W. Europe Standard Time'), dword('DynamicDaylightTimeDisabled', 0)]],
    [`${cs}\\Control\\Windows`, [dword('CSDVersion', r.os.csdVersion ? 0x100 : 0), expandSz('Directory', '%SystemRoot%'), dword('ErrorMode', 0)]],
    ...service(cs, 'AppXSvc', 3, '%SystemRoot%\\system32\\svchost.exe -k wsappx -p', '@%systemroot%\\system32\\appxdeploymentserver.dll,-1'),
    ...service(cs, 'BITS', 3, '%SystemRoot%\\System32\\svchost.exe -k netsvcs -p', '@%SystemRoot%\\system32\\qmgr.dll,-1000'),
    ...service(cs, 'Dhcp', 2, '%SystemRoot%\\system32\\svchost.exe -k LocalServiceNetworkRestricted -p', '@%SystemRoot%\\system32\\dhcpcore.dll,-100', 'NT Authority\\LocalService'),
    ...service(cs, 'EventLog', 2, '%SystemRoot%\\System32\\svchost.exe -k LocalServiceNetworkRestricted -p', '@%SystemRoot%\\system32\\wevtsvc.dll,-200', 'NT AUTHORITY\\LocalService'),
    ...service(cs, 'LanmanServer', 2, '%SystemRoot%\\system32\\svchost.exe -k smbsvcs', '@%systemroot%\\system32\\srvsvc.dll,-100'),
    ...service(cs, 'Netlogon', joined ? 2 : 3, '%systemroot%\\system32\\lsass.exe', '@%SystemRoot%\\System32\\netlogon.dll,-102', 'LocalSystem', 0x20),
    ...service(cs, 'sppsvc', 2, '%SystemRoot%\\system32\\sppsvc.exe', '@%SystemRoot%\\system32\\sppsvc.exe,-101', 'NT AUTHORITY\\NetworkService', 0x10),
    [
      `${cs}\\Services\\Tcpip\\Parameters`,
      [
        sz('Hostname', r.computerName),
        sz('NV Hostname', r.computerName),
        sz('Domain', joined ? r.domain!.dnsName : ''),
        sz('NV Domain', joined ? r.domain!.dnsName : ''),
        expandSz('DataBasePath', '%SystemRoot%\\System32\\drivers\\etc'),
      ],
    ],
    ...service(cs, 'TrustedInstaller', 3, '%SystemRoot%\\servicing\\TrustedInstaller.exe', '@%SystemRoot%\\servicing\\TrustedInstaller.exe,-100', 'localSystem', 0x10),
    ...service(cs, 'W32Time', 3, '%SystemRoot%\\system32\\svchost.exe -k LocalService', '@%SystemRoot%\\system32\\w32time.dll,-200', 'NT AUTHORITY\\LocalService'),
    ...service(cs, 'wuauserv', 3, '%systemroot%\\system32\\svchost.exe -k netsvcs -p', '@%systemroot%\\system32\\wuaueng.dll,-105'),
    [`${cs}\\Control\\ProductOptions`, [sz('ProductType', r.productType), multiSz('ProductSuite', [])]],
    ...r.roleServices.flatMap((name) => service(cs, name, 2, `%SystemRoot%\\system32\\${name.toLowerCase()}.exe`, name)),
    ...(r.wdsRootFolder === null ? [] : ([[`${cs}\\Services\\WDSServer\\Providers\\WDSTFTP`, [sz('RootFolder', r.wdsRootFolder)]]] as Entries)),
  ];
}

function systemEntries(r: Resolved): Entries {
  const win7 = r.osId === 'win7-sp1';
  const e: Entries = [];
  const mounted = r.mountedDevices ?? { C: pseudoRandomBytes(12, `disk ${r.machineSid} ${r.computerName}`) };
  e.push(['MountedDevices', Object.entries(mounted).map(([letter, value]) => binary(`\\DosDevices\\${letter.toUpperCase()}:`, value))]);
  // Windows 7 kept two control sets (LastKnownGood = 2); Windows 8+ keeps one.
  e.push(['Select', [dword('Current', 1), dword('Default', 1), dword('Failed', 0), dword('LastKnownGood', win7 ? 2 : 1)]]);
  e.push(...controlSet(r, 'ControlSet001'));
  if (win7) e.push(...controlSet(r, 'ControlSet002'));
  if (!win7) e.push(['DriverDatabase', [sz('Architecture', r.arch === 'x86' ? 'x86' : 'amd64'), dword('Version', 0x0a000000)]]);
  e.push(['HardwareConfig', [sz('LastConfig', guid(prng(`hw ${r.computerName}`)))]]);

  const s = r.setup;
  const setup: ValueSpec[] = [sz('CmdLine', s.CmdLine ?? '')];
  if (s.OOBEInProgress !== undefined) setup.push(dword('OOBEInProgress', s.OOBEInProgress));
  setup.push(sz('OsLoaderPath', '\\'));
  if (!r.generalized) setup.push(sz('RespecializeCmdLine', 'Sysprep\\sysprep.exe /respecialize /quiet'), dword('SetupPhase', 0));
  setup.push(dword('SetupSupported', 1));
  if (s.SetupType !== undefined) setup.push(dword('SetupType', s.SetupType));
  setup.push(sz('SystemPartition', '\\Device\\HarddiskVolume1'));
  if (s.SystemSetupInProgress !== undefined) setup.push(dword('SystemSetupInProgress', s.SystemSetupInProgress));
  if (s.AuditInProgress !== undefined) setup.push(dword('AuditInProgress', s.AuditInProgress));
  setup.push(multiSz('CloneTag', [r.os.installed.toUTCString().replace(/^(\w+), (\d+) (\w+) (\d+) (.*) GMT$/, '$1 $3 $2 $5 $4')]));
  setup.push(dword('Upgrade', 0), sz('WorkingDirectory', `C:\\${r.windowsDir}\\Panther`));
  if (s.UnattendFile !== undefined) setup.push(sz('UnattendFile', s.UnattendFile));
  e.push(['Setup', setup]);
  if (!r.generalized) e.push(['Setup\\Status\\ChildCompletion', [dword('setup.exe', 3), dword('oobeldr.exe', 3), dword('SetupFinalTasks', 3)]]);
  const st: ValueSpec[] = [];
  if (r.sysprepStatus.GeneralizationState !== undefined) st.push(dword('GeneralizationState', r.sysprepStatus.GeneralizationState));
  if (r.sysprepStatus.CleanupState !== undefined) st.push(dword('CleanupState', r.sysprepStatus.CleanupState));
  e.push(['Setup\\Status\\SysprepStatus', st]);
  e.push(['Setup\\Status\\UnattendPasses', r.generalized ? [] : [dword('oobeSystem', 2)]]);
  return e;
}

// ---------------------------------------------------------------------------------------------
// SOFTWARE
// ---------------------------------------------------------------------------------------------

let clsidCache: KeySpec | null = null;

/** 1500 CLSID-like keys under Classes\CLSID: more than one leaf holds, so an `ri` index is written. */
function clsidKey(): KeySpec {
  if (clsidCache) return clsidCache;
  const next = prng('CLSID');
  const subkeys: KeySpec[] = [];
  const seen = new Set<string>();
  while (subkeys.length < 1500) {
    const id = guid(next);
    if (seen.has(id)) continue;
    seen.add(id);
    const i = subkeys.length;
    subkeys.push({
      name: id,
      values: [sz('', i % 2 === 0 ? 'PSFactoryBuffer' : `Shell Extension ${i}`)],
      subkeys: i % 3 === 0 ? [{ name: 'InprocServer32', values: [expandSz('', `%SystemRoot%\\System32\\shsvc${i % 97}.dll`), sz('ThreadingModel', 'Both')] }] : [],
    });
  }
  clsidCache = { name: 'CLSID', values: [], subkeys };
  return clsidCache;
}

function currentVersionValues(r: Resolved): ValueSpec[] {
  const o = r.os;
  const labEx = r.arch === 'x86' ? o.buildLabEx.replace('amd64fre', 'x86fre') : o.buildLabEx;
  const out: ValueSpec[] = [sz('SystemRoot', `C:\\${r.windowsDir}`), sz('BuildLab', o.buildLab), sz('BuildLabEx', labEx)];
  if (o.compositionEditionId) out.push(sz('CompositionEditionID', o.compositionEditionId));
  out.push(sz('CurrentBuild', String(o.build)), sz('CurrentBuildNumber', String(o.build)));
  if (o.major !== null) out.push(dword('CurrentMajorVersionNumber', o.major), dword('CurrentMinorVersionNumber', 0));
  out.push(sz('CurrentType', 'Multiprocessor Free'), sz('CurrentVersion', o.currentVersion));
  if (o.csdVersion) out.push(sz('CSDVersion', o.csdVersion), sz('CSDBuildNumber', '1130'));
  if (o.displayVersion) out.push(sz('DisplayVersion', o.displayVersion));
  out.push(sz('EditionID', o.editionId), dword('InstallDate', unixTime(o.installed)), sz('InstallationType', o.installationType));
  if (o.major !== null) out.push(qword('InstallTime', filetime(o.installed)));
  out.push(sz('PathName', `C:\\${r.windowsDir}`), sz('ProductId', o.productId), sz('ProductName', o.productName));
  out.push(sz('RegisteredOrganization', ''), sz('RegisteredOwner', 'Windows User'));
  if (o.releaseId) out.push(sz('ReleaseId', o.releaseId));
  out.push(sz('SoftwareType', 'System'));
  if (o.ubr !== null) out.push(dword('UBR', o.ubr));
  return out;
}

function profileValues(path: string, sid: string, flags: number, extra: ValueSpec[] = []): ValueSpec[] {
  return [expandSz('ProfileImagePath', path), dword('Flags', flags), dword('State', 0), binary('Sid', sidToBytes(sid)), ...extra];
}

function softwareEntries(r: Resolved): Entries {
  const e: Entries = [];
  const add = (path: string, values: ValueSpec[] | null = null) => e.push([path, values]);
  const o = r.os;
  const x64 = r.arch === 'AMD64';
  const modern = o.major !== null;

  add('Classes\\.txt', [sz('', 'txtfile'), sz('Content Type', 'text/plain'), sz('PerceivedType', 'text')]);
  add('Classes\\.txt\\ShellNew', [expandSz('ItemName', '@%SystemRoot%\\system32\\notepad.exe,-470'), sz('NullFile', '')]);
  add('Classes\\txtfile', [sz('', 'Text Document'), expandSz('FriendlyTypeName', '@%SystemRoot%\\system32\\notepad.exe,-469')]);
  add('Classes\\txtfile\\shell\\open\\command', [expandSz('', '%SystemRoot%\\system32\\NOTEPAD.EXE %1')]);
  add('Clients\\StartMenuInternet', [sz('', modern ? 'Microsoft Edge' : 'IEXPLORE.EXE')]);
  add('Microsoft\\Cryptography', [sz('MachineGuid', guid(prng(`machine ${r.machineSid}`)).slice(1, -1).toLowerCase())]);

  // Windows NT\CurrentVersion (domain.md §2.4)
  const nt = 'Microsoft\\Windows NT\\CurrentVersion';
  add(nt, currentVersionValues(r));
  add(`${nt}\\Fonts`, [sz('Arial (TrueType)', 'arial.ttf'), sz('Consolas (TrueType)', 'consola.ttf'), sz('Segoe UI (TrueType)', 'segoeui.ttf')]);
  add(`${nt}\\Image File Execution Options`, []);
  const pl = `${nt}\\ProfileList`;
  add(pl, [
    expandSz('Default', '%SystemDrive%\\Users\\Default'),
    expandSz('ProfilesDirectory', '%SystemDrive%\\Users'),
    expandSz('ProgramData', '%SystemDrive%\\ProgramData'),
    expandSz('Public', '%SystemDrive%\\Users\\Public'),
  ]);
  add(`${pl}\\S-1-5-18`, profileValues('%systemroot%\\system32\\config\\systemprofile', 'S-1-5-18', 12, [dword('RefCount', 1)]));
  add(`${pl}\\S-1-5-19`, profileValues('%systemroot%\\ServiceProfiles\\LocalService', 'S-1-5-19', 0));
  add(`${pl}\\S-1-5-20`, profileValues('%systemroot%\\ServiceProfiles\\NetworkService', 'S-1-5-20', 0));
  const loaded = filetime(hoursBefore(o.sealed, 2));
  const userProfile = (sid: string, name: string) =>
    add(
      `${pl}\\${sid}`,
      profileValues(`C:\\Users\\${name}`, sid, 0, [
        dword('FullProfile', 1),
        dword('LocalProfileLoadTimeLow', Number(loaded & 0xffffffffn)),
        dword('LocalProfileLoadTimeHigh', Number(loaded >> 32n)),
      ]),
    );
  for (const u of r.users) userProfile(`${r.machineSid}-${u.rid}`, u.name);
  for (const u of r.domain?.users ?? []) userProfile(`${r.domain!.sid}-${u.rid}`, u.name);

  const spp: ValueSpec[] = [dword('InactivityShutdownDelay', 300), binary('ServiceSessionId', pseudoRandomBytes(16, `spp ${r.machineSid}`))];
  if (r.skipRearm !== null) spp.push(dword('SkipRearm', r.skipRearm));
  add(`${nt}\\SoftwareProtectionPlatform`, spp);
  add(`${nt}\\Winlogon`, [sz('AutoAdminLogon', '0'), sz('Shell', 'explorer.exe'), sz('Userinit', `C:\\${r.windowsDir}\\system32\\userinit.exe,`), sz('DefaultUserName', '')]);

  // Windows\CurrentVersion
  const cv = 'Microsoft\\Windows\\CurrentVersion';
  const cvValues: ValueSpec[] = [
    sz('CommonFilesDir', 'C:\\Program Files\\Common Files'),
    expandSz('DevicePath', '%SystemRoot%\\inf'),
    sz('MediaPathUnexpanded', '%SystemRoot%\\Media'),
    sz('ProgramFilesDir', 'C:\\Program Files'),
    expandSz('ProgramFilesPath', '%ProgramFiles%'),
  ];
  if (x64) cvValues.push(sz('ProgramFilesDir (x86)', 'C:\\Program Files (x86)'), sz('CommonFilesDir (x86)', 'C:\\Program Files (x86)\\Common Files'));
  add(cv, cvValues);
  add(`${cv}\\App Paths\\wordpad.exe`, [expandSz('', '"%ProgramFiles%\\Windows NT\\Accessories\\WORDPAD.EXE"')]);
  add(`${cv}\\Applets\\Paint`, []);

  // AppX (domain.md §3.4)
  if (r.appx) {
    const a = r.appx;
    add(`${cv}\\Appx`, [expandSz('PackageRoot', 'C:\\Program Files\\WindowsApps'), dword('AllUserStoreVersion', 2)]);
    const store = `${cv}\\Appx\\AppxAllUserStore`;
    add(store, []);
    add(`${store}\\Applications`, []);
    for (const full of a.provisioned) {
      const manifest = full.includes('_~_') ? 'AppxMetadata\\AppxBundleManifest.xml' : 'AppxManifest.xml';
      add(`${store}\\Applications\\${full}`, [sz('Path', `C:\\Program Files\\WindowsApps\\${full}\\${manifest}`)]);
      for (const dep of dependenciesOf(full, a.provisioned)) add(`${store}\\Applications\\${full}\\${dep}`, []);
    }
    add(`${store}\\Deprovisioned`, []);
    for (const fam of a.deprovisioned) add(`${store}\\Deprovisioned\\${fam}`, []);
    add(`${store}\\EndOfLife`, []);
    add(`${store}\\InboxApplications`, []);
    for (const full of a.inbox) {
      const parts = full.split('_');
      add(`${store}\\InboxApplications\\${full}`, [sz('Path', `C:\\${r.windowsDir}\\SystemApps\\${parts[0]}_${parts[4]}\\AppxManifest.xml`)]);
    }
    add(`${store}\\Staged`, []);
    for (const full of a.staged) {
      const parts = full.split('_');
      add(`${store}\\Staged\\${parts[0]}_${parts[4]}\\${full}`, [sz('Path', `C:\\Program Files\\WindowsApps\\${full}\\AppxManifest.xml`)]);
    }
    for (const [sid, list] of a.perUser) {
      add(`${store}\\${sid}`, []);
      for (const full of list) add(`${store}\\${sid}\\${full}`, []);
    }
  }

  // Servicing (domain.md §6.1)
  const cbs = `${cv}\\Component Based Servicing`;
  const p = r.pending;
  const rollup = `Package_for_RollupFix~31bf3856ad364e35~${x64 ? 'amd64' : 'x86'}~~${o.build}.${o.ubr ?? 24546}.1.10`;
  add(cbs, []);
  add(`${cbs}\\Packages\\${rollup}`, [dword('CurrentState', 0x70), sz('InstallName', `${rollup}.mum`), dword('Visibility', 1)]);
  if (p.packagesPending) add(`${cbs}\\PackagesPending`, [dword(rollup.replace(/\.(\d+)\.1\.10$/, (_m, n: string) => `.${Number(n) + 140}.1.10`), 1)]);
  if (p.cbsRebootPending) add(`${cbs}\\RebootPending`, [dword(rollup, 1)]);
  add(`${cbs}\\SessionsPending`, [dword('Exclusive', p.cbsRebootPending ? 1 : 0), dword('TotalSessionPhases', p.cbsRebootPending ? 2 : 0)]);
  add(`${cbs}\\Version`, [expandSz(o.servicingStack, `%SystemRoot%\\WinSxS\\${x64 ? 'amd64' : 'x86'}_microsoft-windows-servicingstack_31bf3856ad364e35_${o.servicingStack}_none_0f8a7b3c2d1e4f56`)]);

  add(`${cv}\\Explorer`, [dword('GlobalAssocChangedCounter', 17)]);
  add(`${cv}\\Policies\\System`, [dword('ConsentPromptBehaviorAdmin', 5), dword('EnableLUA', 1), dword('PromptOnSecureDesktop', 1)]);
  add(`${cv}\\Run`, modern ? [expandSz('SecurityHealth', '%windir%\\system32\\SecurityHealthSystray.exe')] : []);
  add(`${cv}\\RunOnce`, []);
  add(`${cv}\\Setup`, [sz('BootDir', 'C:\\'), sz('SourcePath', 'D:\\'), expandSz('SourcePath_', '%SystemDrive%\\')]);
  add(`${cv}\\Setup\\OOBE`, r.generalized ? [dword('MediaBootInstall', 1)] : [dword('MediaBootInstall', 1), dword('SetupDisplayedEula', 1)]);
  add(`${cv}\\Setup\\State`, r.imageState === null ? [] : [sz('ImageState', r.imageState)]);
  add(`${cv}\\Uninstall\\{90160000-008C-0000-1000-0000000FF1CE}`, [sz('DisplayName', 'Office 16 Click-to-Run Extensibility Component'), sz('Publisher', 'Microsoft Corporation')]);
  add(`${cv}\\WindowsUpdate\\Auto Update`, [dword('AUOptions', 4)]);
  if (p.wuRebootRequired) add(`${cv}\\WindowsUpdate\\Auto Update\\RebootRequired`, [dword(guid(prng('wu')).slice(1, -1).toLowerCase(), 1)]);
  if (modern) add('Microsoft\\Windows Defender', [dword('IsServiceRunning', 1), expandSz('InstallLocation', 'C:\\ProgramData\\Microsoft\\Windows Defender\\Platform\\4.18.24090.11-0\\')]);
  add('Policies\\Microsoft\\Windows\\WindowsUpdate', []);
  add('RegisteredApplications', [sz('Windows Search', 'Software\\Microsoft\\Windows Search\\Capabilities')]);
  if (x64) add('WOW6432Node\\Microsoft\\Windows\\CurrentVersion', [sz('ProgramFilesDir', 'C:\\Program Files (x86)')]);
  return e;
}

function softwareTree(r: Resolved): KeySpec {
  const root = tree(r.os.rootNames.SOFTWARE, softwareEntries(r));
  const classes = root.subkeys!.find((k) => k.name === 'Classes')!;
  (classes.subkeys ??= []).push(clsidKey());
  if (r.softwareBulkKeys > 0) classes.subkeys.push({ name: 'Installer', subkeys: [installerComponents(r.softwareBulkKeys)] });
  return root;
}

/** Windows Installer component keys: a packed GUID name, one value per product (packed GUID → path). */
function installerComponents(count: number): KeySpec {
  const next = prng('Components');
  const packed = () => guid(next).replace(/[{}-]/g, '');
  const subkeys: KeySpec[] = [];
  const seen = new Set<string>();
  while (subkeys.length < count) {
    const name = packed();
    if (seen.has(name)) continue;
    seen.add(name);
    const i = subkeys.length;
    subkeys.push({
      name,
      values: [
        sz(packed(), `C:\\Program Files\\Common Files\\Vendor${i % 53}\\Shared\\component${i}.dll`),
        sz(packed(), `02:\\SOFTWARE\\Vendor${i % 53}\\Product\\Settings\\Item${i}`),
      ],
    });
  }
  return { name: 'Components', subkeys };
}

// ---------------------------------------------------------------------------------------------
// SAM (domain.md §4.1; layouts as in a real Windows 10 SAM of ../shared/corpus)
// ---------------------------------------------------------------------------------------------

/**
 * SAM\Domains\Account\V: a table of 4 descriptors (offset relative to the data area, length, type)
 * then the data: a security descriptor and, last, the 24-byte machine SID that tools read from the
 * tail (regipy takes v[-24:]).
 */
function accountDomainV(machineSid: string): Uint8Array {
  const sd = defaultSecurityDescriptor();
  const sid = sidToBytes(machineSid);
  const table = new Uint8Array(48);
  const d = new DataView(table.buffer);
  const put = (i: number, offset: number, length: number, type: number) => {
    d.setUint32(12 * i, offset, true);
    d.setUint32(12 * i + 4, length, true);
    d.setUint32(12 * i + 8, type, true);
  };
  put(0, 0, sd.length, 0x00010003);
  put(1, sd.length, sid.length, 0);
  put(2, sd.length + sid.length, 0, 0);
  put(3, sd.length + sid.length, 0, 0);
  return concat([table, sd, sid]);
}

/** SAM\Domains\Account\F (0xF0 bytes): revision 3, times, password policy, next RID at 0x48, key data. */
function accountDomainF(r: Resolved, nextRid: number): Uint8Array {
  const out = new Uint8Array(0xf0);
  const d = new DataView(out.buffer);
  d.setUint16(0, 3, true);
  d.setUint16(2, 1, true);
  d.setBigUint64(8, filetime(r.os.sealed), true);
  d.setBigUint64(0x10, 1n, true);
  d.setBigInt64(0x18, -36288000000000n, true); // max password age 42 days
  d.setBigInt64(0x28, -0x8000000000000000n, true); // force logoff: never
  d.setBigInt64(0x30, -18000000000n, true); // lockout duration 30 min
  d.setBigInt64(0x38, -18000000000n, true); // lockout observation window
  d.setUint32(0x48, nextRid, true);
  d.setUint32(0x58, 1, true);
  d.setUint32(0x5c, 3, true);
  d.setUint32(0x68, 1, true);
  out.set(pseudoRandomBytes(0xf0 - 0x70, `syskey ${r.machineSid}`), 0x70);
  return out;
}

function userF(rid: number, acb: number, r: Resolved): Uint8Array {
  const out = new Uint8Array(0x50);
  const d = new DataView(out.buffer);
  d.setUint16(0, 3, true);
  d.setUint16(2, 1, true);
  d.setBigUint64(0x18, rid >= 1000 ? filetime(r.os.installed) : 0n, true); // password last set
  d.setBigUint64(0x20, 0x7fffffffffffffffn, true); // account expires: never
  d.setUint32(0x30, rid, true);
  d.setUint32(0x34, 513, true); // primary group: None
  d.setUint32(0x38, acb, true);
  return out;
}

/** User V: 17 descriptors (0xCC bytes) then data (security descriptor, name, comment, logon hours). */
function userV(name: string, comment: string): Uint8Array {
  const items: Uint8Array[] = Array.from({ length: 17 }, () => new Uint8Array(0));
  items[0] = defaultSecurityDescriptor();
  items[1] = utf16(name);
  items[3] = utf16(comment);
  items[11] = new Uint8Array(21).fill(0xff); // logon hours: always
  const table = new Uint8Array(17 * 12);
  const d = new DataView(table.buffer);
  const data: Uint8Array[] = [];
  let offset = 0;
  items.forEach((item, i) => {
    d.setUint32(12 * i, offset, true);
    d.setUint32(12 * i + 4, item.length, true);
    const padded = pad4(item);
    data.push(padded);
    offset += padded.length;
  });
  return concat([table, ...data]);
}

const BUILTIN_COMMENTS: Record<number, string> = {
  500: 'Built-in account for administering the computer/domain',
  501: 'Built-in account for guest access to the computer/domain',
  503: 'A user account managed by the system.',
  504: 'A user account managed and used by the system for Windows Defender Application Guard scenarios.',
};

function samTree(r: Resolved): KeySpec {
  const accounts: [number, string, number][] = [
    [500, 'Administrator', 0x0211], // disabled, normal account, password never expires
    [501, 'Guest', 0x0215],
    ...r.os.extraAccounts.map(([rid, name]): [number, string, number] => [rid, name, 0x0211]),
    ...r.users.map((u): [number, string, number] => [u.rid, u.name, 0x0210]),
  ];
  const nextRid = Math.max(1000, ...r.users.map((u) => u.rid)) + 1;
  const hex = (rid: number) => rid.toString(16).toUpperCase().padStart(8, '0');
  const e: Entries = [
    ['SAM', [binary('C', pseudoRandomBytes(0x38, 'sam C'))]],
    ['SAM\\Domains\\Account', [binary('F', accountDomainF(r, nextRid)), binary('V', accountDomainV(r.machineSid))]],
    ['SAM\\Domains\\Account\\Aliases\\Members', null],
    ['SAM\\Domains\\Account\\Aliases\\Names', null],
    ['SAM\\Domains\\Account\\Groups\\00000201', [binary('C', pseudoRandomBytes(0x48, 'group 513'))]],
    ['SAM\\Domains\\Account\\Groups\\Names\\None', [raw('', 0x201, [])]],
    // The real Users key's default value is REG_DWORD with no data.
    ['SAM\\Domains\\Account\\Users', [raw('', 4, [])]],
  ];
  for (const [rid, name, acb] of accounts) {
    e.push([`SAM\\Domains\\Account\\Users\\${hex(rid)}`, [binary('F', userF(rid, acb, r)), binary('V', userV(name, BUILTIN_COMMENTS[rid] ?? ''))]]);
  }
  // Names\<account>: the default value's TYPE is the RID, its data empty (as Windows stores it).
  for (const [rid, name] of accounts) e.push([`SAM\\Domains\\Account\\Users\\Names\\${name}`, [raw('', rid, [])]]);
  e.push(['SAM\\Domains\\Builtin', [binary('F', accountDomainF(r, 1000)), binary('V', accountDomainV('S-1-5-32'))]]);
  for (const [rid, name] of [
    [544, 'Administrators'],
    [545, 'Users'],
    [546, 'Guests'],
  ] as [number, string][]) {
    e.push([`SAM\\Domains\\Builtin\\Aliases\\${hex(rid)}`, [binary('C', pseudoRandomBytes(0x40, `alias ${rid}`))]]);
    e.push([`SAM\\Domains\\Builtin\\Aliases\\Names\\${name}`, [raw('', rid, [])]]);
  }
  e.push(['SAM\\Domains\\Builtin\\Users', [raw('', 4, [])]]);
  e.push(['SAM\\LastSkuUpgrade', [dword('', 0)]]);
  e.push(['SAM\\RXACT', [none('', [1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0])]]);
  return tree(r.os.rootNames.SAM, e);
}

// ---------------------------------------------------------------------------------------------
// SECURITY (domain.md §4.1; LSA attributes are default values typed REG_NONE)
// ---------------------------------------------------------------------------------------------

function securityTree(r: Resolved): KeySpec {
  const dom = r.domain;
  const e: Entries = [];
  const cache: ValueSpec[] = [binary('NL$Control', [4, 0, 1, 0, 10, 0, 0, 0])];
  for (let i = 1; i <= 10; i++) {
    const slot = new Uint8Array(0x60);
    slot.set([4, 0, 1, 0], 0x28);
    cache.push(binary(`NL$${i}`, slot));
  }
  e.push(['Cache', cache]);
  e.push(['Policy', [raw('', 1, [])]]);
  e.push(['Policy\\Accounts', lsaAttr()]);
  e.push(['Policy\\Accounts\\S-1-5-32-544', lsaAttr()]);
  e.push(['Policy\\Accounts\\S-1-5-32-544\\Sid', lsaAttr(sidToBytes('S-1-5-32-544'))]);
  e.push(['Policy\\CompletedPrivilegeUpdates', lsaAttr(pseudoRandomBytes(32, 'privupd'))]);
  e.push(['Policy\\DefQuota', lsaAttr(pseudoRandomBytes(48, 'defquota'))]);
  e.push(['Policy\\Domains', lsaAttr()]);
  e.push(['Policy\\LastPassCompleted', lsaAttr([2, 0, 0, 0])]);
  e.push(['Policy\\PolAcDmN', lsaAttr(lsaUnicodeString(r.computerName))]);
  e.push(['Policy\\PolAcDmS', lsaAttr(sidToBytes(r.securitySid))]);
  e.push(['Policy\\PolAdtEv', lsaAttr(pseudoRandomBytes(0x84, 'audit'))]);
  e.push(['Policy\\PolDnDDN', lsaAttr(dom ? lsaUnicodeString(dom.dnsName) : [])]);
  e.push(['Policy\\PolDnDmG', lsaAttr(dom ? pseudoRandomBytes(16, `domain guid ${dom.sid}`) : new Uint8Array(16))]);
  e.push(['Policy\\PolDnTrN', lsaAttr(dom ? lsaUnicodeString(dom.dnsName.split('.').slice(-2).join('.')) : [])]);
  e.push(['Policy\\PolEKList', lsaAttr(pseudoRandomBytes(0x9c, `ek ${r.machineSid}`))]);
  e.push(['Policy\\PolMachineAccountR', lsaAttr(dom ? [0x50, 0x04, 0, 0] : [])]);
  e.push(['Policy\\PolMachineAccountS', lsaAttr(dom ? sidToBytes(`${dom.sid}-1104`) : [])]);
  e.push(['Policy\\PolPrDmN', lsaAttr(lsaUnicodeString(dom ? dom.name : 'WORKGROUP'))]);
  e.push(['Policy\\PolPrDmS', lsaAttr(dom ? sidToBytes(dom.sid) : [])]);
  e.push(['Policy\\PolRevision', lsaAttr([0x12, 0, 1, 0])]);
  e.push(['Policy\\SecDesc', lsaAttr(defaultSecurityDescriptor())]);
  e.push(['Policy\\Secrets', lsaAttr()]);
  if (dom) {
    e.push(['Policy\\Secrets\\$MACHINE.ACC', lsaAttr()]);
    e.push(['Policy\\Secrets\\$MACHINE.ACC\\CurrVal', lsaAttr(pseudoRandomBytes(0x9c, `machine acc ${dom.sid}`))]);
  }
  e.push(['RXACT', [none('', [1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0])]]);
  return tree(r.os.rootNames.SECURITY, e);
}

// ---------------------------------------------------------------------------------------------
// Hives
// ---------------------------------------------------------------------------------------------

function hiveTrees(r: Resolved): Record<HiveName, KeySpec> {
  return {
    SYSTEM: tree(r.os.rootNames.SYSTEM, systemEntries(r)),
    SOFTWARE: softwareTree(r),
    SAM: samTree(r),
    SECURITY: securityTree(r),
  };
}

const SEQUENCE: Record<HiveName, number> = { SYSTEM: 0x3a1, SOFTWARE: 0x2f7, SAM: 0x96, SECURITY: 0x74 };

function hiveOptions(r: Resolved, name: HiveName, lastWritten: Date): BuildOptions {
  return {
    minorVersion: r.os.hiveMinor,
    lastWritten,
    fileName: `\\SystemRoot\\System32\\Config\\${name}`,
    primarySequence: SEQUENCE[name],
  };
}

/** The four hives of an installation, clean, as they should read (after any log recovery). */
export function buildInstallationHives(spec: InstallationSpec): Record<HiveName, Uint8Array> {
  const r = resolve(spec);
  const trees = hiveTrees(r);
  const out = {} as Record<HiveName, Uint8Array>;
  for (const name of HIVE_NAMES) out[name] = buildHive(trees[name], hiveOptions(r, name, r.os.sealed));
  return out;
}

/** Keys the stale (pre-recovery) primary lacks, so that reading it without the logs visibly differs. */
const STALE_MISSING: Record<HiveName, string[]> = {
  SOFTWARE: ['Microsoft\\Windows\\CurrentVersion\\Run', 'Microsoft\\Windows\\CurrentVersion\\Appx\\AppxAllUserStore\\Deprovisioned'],
  SYSTEM: ['Setup\\Status\\SysprepStatus', 'ControlSet001\\Services\\W32Time'],
  SAM: ['SAM\\Domains\\Account\\Users\\Names'],
  SECURITY: ['Policy\\PolAcDmN', 'Cache'],
};

/** The ImageState a stale SOFTWARE primary of this spec holds. */
export function staleImageStateOf(spec: InstallationSpec): string {
  const r = resolve(spec);
  return spec.staleImageState ?? (r.generalized ? IMAGE_STATE.COMPLETE : IMAGE_STATE.UNDEPLOYABLE);
}

interface HiveFiles {
  primary: Uint8Array;
  log1: Uint8Array;
  log2: Uint8Array;
}

function hiveFiles(spec: InstallationSpec, r: Resolved): Record<HiveName, HiveFiles> {
  const finals = hiveTrees(r);
  const dirty = new Set(spec.dirtyHives ?? []);
  let staleTrees: Record<HiveName, KeySpec> | null = null;
  if (dirty.size > 0) {
    // The stale primary: the state before sysprep's last writes reached the file (finished-install Setup
    // values, the older ImageState), minus a few keys.
    const stale = resolve({ ...spec, imageState: staleImageStateOf(spec), setup: undefined, sysprepStatus: undefined, stateIni: null });
    staleTrees = hiveTrees(stale);
    for (const name of HIVE_NAMES) for (const path of STALE_MISSING[name]) removeKey(staleTrees[name], path);
  }
  const out = {} as Record<HiveName, HiveFiles>;
  HIVE_NAMES.forEach((name, i) => {
    const final = buildHive(finals[name], hiveOptions(r, name, r.os.sealed));
    if (!dirty.has(name) || !staleTrees) {
      // Windows leaves (often empty) .LOG1/.LOG2 beside every machine hive.
      out[name] = { primary: final, log1: new Uint8Array(0), log2: new Uint8Array(0) };
      return;
    }
    const stale = buildHive(staleTrees[name], hiveOptions(r, name, hoursBefore(r.os.sealed, 1)));
    const logs = makeDirtyWithNewLog(final, stale, { sequence: SEQUENCE[name] + 0x40 + i });
    out[name] = { primary: logs.primary, log1: logs.log1, log2: logs.log2 };
  });
  return out;
}

// ---------------------------------------------------------------------------------------------
// Text files: Panther logs, State.ini, answer files, pending.xml
// ---------------------------------------------------------------------------------------------

function stamp(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}`;
}

/**
 * One Panther log line in Windows' column layout: `2025-07-22 21:55:35, Info       [0x0f004d] SYSPRP …`
 * (level padded to 11, message id field 10 wide, component padded to 6).
 */
export function pantherLine(at: Date, level: 'Info' | 'Warning' | 'Error', id: string | null, component: string, message: string): string {
  return `${stamp(at)}, ${level.padEnd(11)}${(id ? `[${id}]` : '').padEnd(10)} ${component.padEnd(6)} ${message}`;
}

type LogStep = [seconds: number, level: 'Info' | 'Warning' | 'Error', id: string | null, message: string];

function renderLog(start: Date, steps: LogStep[]): string {
  let t = start.getTime();
  const lines = steps.map(([dt, level, id, msg]) => {
    t += dt * 1000;
    return pantherLine(new Date(t), level, id, 'SYSPRP', msg.replace(/\{now\}/g, stamp(new Date(t))));
  });
  return lines.join('\r\n') + '\r\n';
}

function runHeader(win: string, options: string[], tagExisted: boolean): LogStep[] {
  return [
    [0, 'Info', null, '========================================================'],
    [0, 'Info', null, '===          Beginning of a new sysprep run          ==='],
    [0, 'Info', null, '========================================================'],
    [0, 'Info', '0x0f004d', 'The time is now {now}'],
    [0, 'Info', '0x0f004e', `Initialized SysPrep log at ${win}\\System32\\Sysprep\\Panther`],
    [0, 'Info', '0x0f0054', 'ValidatePrivileges:User has required privileges to sysprep machine'],
    tagExisted
      ? [0, 'Info', '0x0f007c', `FCreateTagFile:Successfully deleted tag file ${win}\\System32\\Sysprep\\Sysprep_succeeded.tag`]
      : [0, 'Info', '0x0f007e', `FCreateTagFile:Tag file ${win}\\System32\\Sysprep\\Sysprep_succeeded.tag does not already exist, no need to delete anything`],
    ...options.map((o): LogStep => [0, 'Info', '0x0f005f', `ParseCommands:Found supported command line option '${o}'`]),
  ];
}

function cleanupValidate(win: string): LogStep[] {
  return [
    [0, 'Info', '0x0f00d7', "WinMain:Pre-validing 'cleanup' internal providers."],
    [0, 'Info', null, 'RunDlls:Running platform actions specified in action file for phase 3'],
    [0, 'Info', null, `SysprepSession::CreateSession: Successfully created instance with action file ${win}\\System32\\Sysprep\\ActionFiles\\Cleanup.xml, and mode <null>`],
    [0, 'Info', null, `SysprepSession::Validate: Beginning action execution from ${win}\\System32\\Sysprep\\ActionFiles\\Cleanup.xml`],
    [0, 'Info', null, 'SysprepSession::CreateXPathForSelection: Sysprep mode in registry is <null>'],
    [0, 'Info', null, `ActionPlatform::LaunchModule: Executing method 'Sysprep_Clean_Validate_Opk' from ${win}\\System32\\spopk.dll`],
    [0, 'Info', null, 'Sysprep_Clean_Validate_Opk: Successfully validated reserves state on the machine for entering audit mode.'],
    [0, 'Info', null, `ActionPlatform::LaunchModule: Successfully executed 'Sysprep_Clean_Validate_Opk' from ${win}\\System32\\spopk.dll`],
  ];
}

export interface SysprepLogOptions {
  windowsDir?: string;
  /** 'oobe' (default) or 'audit'. */
  mode?: 'oobe' | 'audit';
  /** Windows 7 layout: no AppX provider, the SPP rearm DLL. */
  win7?: boolean;
  /** The previous run left a tag behind (so this run deletes it first). */
  tagExisted?: boolean;
}

/** setupact.log of a successful `sysprep /generalize /oobe /shutdown` run. */
export function sysprepSuccessLog(start: Date, opts: SysprepLogOptions = {}): string {
  const win = `C:\\${opts.windowsDir ?? 'Windows'}`;
  const mode = opts.mode === 'audit' ? 'AUDIT' : 'OOBE';
  const gen = `${win}\\System32\\Sysprep\\ActionFiles\\Generalize.xml`;
  const steps: LogStep[] = [...runHeader(win, [mode, 'GENERALIZE', 'SHUTDOWN'], opts.tagExisted ?? false)];
  if (!opts.win7) {
    steps.push(...cleanupValidate(win));
    steps.push(
      [0, 'Info', '0x0f00d7', "WinMain:Pre-validing 'generalize' internal providers."],
      [0, 'Info', null, 'RunDlls:Running platform actions specified in action file for phase 1'],
      [0, 'Info', null, `SysprepSession::Validate: Beginning action execution from ${gen}`],
      [0, 'Info', null, `ActionPlatform::LaunchModule: Executing method 'SysprepGeneralizeValidate' from ${win}\\System32\\AppxSysprep.dll`],
      [0, 'Info', null, 'Entering SysprepGeneralizeValidate (Appx) - validating whether all apps are also provisioned.'],
      [1, 'Info', null, `ActionPlatform::LaunchModule: Successfully executed 'SysprepGeneralizeValidate' from ${win}\\System32\\AppxSysprep.dll`],
    );
  }
  steps.push(
    [2, 'Info', null, `SysprepSession::Execute: Beginning action execution from ${gen}`],
    [0, 'Info', null, 'SysprepSession::CreateXPathForSelection: Processor architecture in registry is AMD64'],
  );
  if (!opts.win7) {
    steps.push(
      [0, 'Info', null, `ActionPlatform::LaunchModule: Executing method 'SysprepGeneralize' from ${win}\\System32\\AppxSysprep.dll`],
      [6, 'Info', null, `ActionPlatform::LaunchModule: Successfully executed 'SysprepGeneralize' from ${win}\\System32\\AppxSysprep.dll`],
    );
  } else {
    steps.push(
      [1, 'Info', null, `LaunchDll:Executing method 'SLReArmWindows' from ${win}\\System32\\slc.dll (SkipRearm is set: licensing state kept)`],
      [0, 'Info', null, `LaunchDll:Successfully executed '${win}\\System32\\slc.dll,SLReArmWindows' without error`],
    );
  }
  steps.push(
    [1, 'Info', null, `ActionPlatform::LaunchModule: Executing method 'Sysprep_Generalize_Bcd' from ${win}\\System32\\spbcd.dll`],
    [0, 'Info', null, 'GeneralizeBcdStore: Generalizing object {9dea862c-5cdd-4e70-acc1-f32b344d4795}'],
    [0, 'Info', null, 'GeneralizeBcdStore: Successfully generalized application device'],
    [0, 'Info', null, 'GeneralizeBcdStore: Successfully generalized OS device'],
    [0, 'Info', null, `ActionPlatform::LaunchModule: Successfully executed 'Sysprep_Generalize_Bcd' from ${win}\\System32\\spbcd.dll`],
    [3, 'Info', null, `SysprepSession::Execute: Completed action execution from ${gen}`],
    [0, 'Info', null, `FCreateTagFile:Successfully created tag file ${win}\\System32\\Sysprep\\Sysprep_succeeded.tag`],
    [0, 'Info', null, 'WinMain:The sysprep run completed successfully; the system is shutting down.'],
    [0, 'Info', '0x0f0052', 'Shutting down SysPrep log'],
    [0, 'Info', '0x0f004d', 'The time is now {now}'],
  );
  return renderLog(start, steps);
}

/**
 * setupact.log of a generalize run that fails on an AppX package installed for a user but not provisioned
 * for all users: the exact KB 2769827 cascade of domain.md §3.1 (setuperr.log = its Error lines).
 */
export function appxFailureLog(start: Date, packageFullName: string, opts: Omit<SysprepLogOptions, 'win7' | 'mode'> = {}): string {
  const win = `C:\\${opts.windowsDir ?? 'Windows'}`;
  const gen = `${win}\\System32\\Sysprep\\ActionFiles\\Generalize.xml`;
  const steps: LogStep[] = [
    ...runHeader(win, ['OOBE', 'GENERALIZE', 'SHUTDOWN'], opts.tagExisted ?? false),
    ...cleanupValidate(win),
    [1, 'Info', null, 'RunDlls:Running platform actions specified in action file for phase 1'],
    [0, 'Info', null, `SysprepSession::Execute: Beginning action execution from ${gen}`],
    [0, 'Info', null, `ActionPlatform::LaunchModule: Executing method 'SysprepGeneralize' from ${win}\\System32\\AppxSysprep.dll`],
    [1, 'Error', null, `Package ${packageFullName} was installed for a user, but not provisioned for all users. This package will not function properly in the sysprep image.`],
    [0, 'Error', null, 'Failed to remove apps for the current user: 0x80073cf2.'],
    [0, 'Error', null, 'Exit code of RemoveAllApps thread was 0x3cf2.'],
    [0, 'Error', '0x0f0082', `ActionPlatform::LaunchModule: Failure occurred while executing 'SysprepGeneralize' from ${win}\\System32\\AppxSysprep.dll; dwRet = 0x3cf2`],
    [0, 'Error', null, 'ActionPlatform::ExecuteAction: Error in executing action; dwRet = 0x3cf2'],
    [0, 'Error', null, 'ActionPlatform::ExecuteActionList: Error in execute actions; dwRet = 0x3cf2'],
    [0, 'Error', null, `SysprepSession::Execute: Error in executing actions from ${gen}; dwRet = 0x3cf2`],
    [0, 'Error', null, 'RunPlatformActions:Failed while executing SysprepSession actions; dwRet = 0x3cf2'],
    [0, 'Error', '0x0f0070', 'RunExternalDlls:An error occurred while running registry sysprep DLLs, halting sysprep execution. dwRet = 0x3cf2'],
    [0, 'Error', '0x0f00a8', 'WinMain:Hit failure while processing sysprep generalize internal providers; hr = 0x80073cf2'],
    [0, 'Info', '0x0f0052', 'Shutting down SysPrep log'],
    [0, 'Info', '0x0f004d', 'The time is now {now}'],
  ];
  return renderLog(start, steps);
}

/** setuperr.log as Windows writes it: the Warning and Error lines of setupact.log (empty file when none). */
export function errorLinesOf(setupact: string): string {
  const lines = setupact.split(/\r?\n/).filter((l) => /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d, (Warning|Error)\b/.test(l));
  return lines.length === 0 ? '' : lines.join('\r\n') + '\r\n';
}

export function encodeText(text: string, encoding: TextEncodingChoice | 'ascii' | 'utf16le-bom'): Uint8Array {
  switch (encoding) {
    case 'utf8-bom':
      return concat([new Uint8Array([0xef, 0xbb, 0xbf]), new Uint8Array(Buffer.from(text, 'utf8'))]);
    case 'utf16le':
    case 'utf16le-bom':
      return concat([new Uint8Array([0xff, 0xfe]), utf16(text)]);
    default:
      return new Uint8Array(Buffer.from(text, 'utf8'));
  }
}

/** `[State]\r\nImageState="…"\r\n` (domain.md §1.1: the value is double-quoted). */
export function stateIniText(imageState: string): string {
  return `[State]\r\nImageState="${imageState}"\r\n`;
}

const COMPONENT_ATTRS =
  'processorArchitecture="amd64" publicKeyToken="31bf3856ad364e35" language="neutral" versionScope="nonSxS" ' +
  'xmlns:wcm="http://schemas.microsoft.com/WMIConfig/2002/State" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"';

/**
 * A cached answer file (Windows\Panther\unattend.xml) of a lab build: clear-text AdministratorPassword and
 * AutoLogon password, PersistAllDeviceInstalls=true (domain.md §7.3). The passwords are obviously fake.
 */
export function answerFileWithSecrets(): string {
  return `<?xml version="1.0" encoding="utf-8"?>
<unattend xmlns="urn:schemas-microsoft-com:unattend">
    <settings pass="generalize">
        <component name="Microsoft-Windows-PnpSysprep" ${COMPONENT_ATTRS}>
            <PersistAllDeviceInstalls>true</PersistAllDeviceInstalls>
        </component>
    </settings>
    <settings pass="specialize">
        <component name="Microsoft-Windows-Shell-Setup" ${COMPONENT_ATTRS}>
            <ComputerName>*</ComputerName>
            <TimeZone>W. Europe Standard Time</TimeZone>
        </component>
    </settings>
    <settings pass="oobeSystem">
        <component name="Microsoft-Windows-International-Core" ${COMPONENT_ATTRS}>
            <InputLocale>de-DE</InputLocale>
            <SystemLocale>de-DE</SystemLocale>
            <UILanguage>de-DE</UILanguage>
            <UserLocale>de-DE</UserLocale>
        </component>
        <component name="Microsoft-Windows-Shell-Setup" ${COMPONENT_ATTRS}>
            <AutoLogon>
                <Password>
                    <Value>LabBuild-2024!</Value>
                    <PlainText>true</PlainText>
                </Password>
                <Enabled>true</Enabled>
                <LogonCount>1</LogonCount>
                <Username>Administrator</Username>
            </AutoLogon>
            <OOBE>
                <HideEULAPage>true</HideEULAPage>
                <HideOnlineAccountScreens>true</HideOnlineAccountScreens>
                <HideWirelessSetupInOOBE>true</HideWirelessSetupInOOBE>
                <ProtectYourPC>3</ProtectYourPC>
            </OOBE>
            <UserAccounts>
                <AdministratorPassword>
                    <Value>LabBuild-2024!</Value>
                    <PlainText>true</PlainText>
                </AdministratorPassword>
            </UserAccounts>
        </component>
    </settings>
</unattend>
`;
}

/** Windows 7 Sysprep answer file (Windows\System32\Sysprep\unattend.xml) with SkipRearm=1 (domain.md §7.3). */
export function win7SkipRearmAnswerFile(): string {
  return `<?xml version="1.0" encoding="utf-8"?>
<unattend xmlns="urn:schemas-microsoft-com:unattend">
    <settings pass="generalize">
        <component name="Microsoft-Windows-Security-SPP" ${COMPONENT_ATTRS}>
            <SkipRearm>1</SkipRearm>
        </component>
    </settings>
    <settings pass="specialize">
        <component name="Microsoft-Windows-Shell-Setup" ${COMPONENT_ATTRS}>
            <ComputerName>*</ComputerName>
        </component>
    </settings>
    <settings pass="oobeSystem">
        <component name="Microsoft-Windows-Shell-Setup" ${COMPONENT_ATTRS}>
            <OOBE>
                <HideEULAPage>true</HideEULAPage>
                <NetworkLocation>Work</NetworkLocation>
                <ProtectYourPC>1</ProtectYourPC>
            </OOBE>
        </component>
    </settings>
</unattend>
`;
}

function pendingXml(r: Resolved): string {
  const id = guid(prng(`pending ${r.computerName}`)).slice(1, -1).toLowerCase();
  return (
    `<?xml version='1.0' encoding='utf-8'?>\r\n` +
    `<PendingTransaction Version="3.1" WcpVersion="${r.os.servicingStack}" LastError="0" TransactionId="{${id}}">` +
    `<Checkpoint/><DeleteFile path="\\SystemRoot\\WinSxS\\Temp\\PendingDeletes\\$$DeleteMe.cbscore.dll.01db3b2a"/>` +
    `<POQ postAction="reboot"/></PendingTransaction>\r\n`
  );
}

/** A 64-byte MZ stub standing in for sysprep.exe (only its presence matters). */
const MZ_STUB = (() => {
  const b = new Uint8Array(64);
  b[0] = 0x4d;
  b[1] = 0x5a;
  b[60] = 0x40;
  return b;
})();

function hiberfilBytes(kind: Exclude<HiberfilKind, null>): Uint8Array {
  const out = new Uint8Array(16384);
  if (kind !== 'zero') {
    out.set(Buffer.from(kind, 'latin1'), 0);
    out.set(pseudoRandomBytes(4096 - 4, 'hiberfil'), 4);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Writing volumes
// ---------------------------------------------------------------------------------------------

function writeRel(root: string, rel: string, data: string | Uint8Array | null, lower: boolean): void {
  const parts = rel.split(/[\\/]+/).filter((p) => p !== '');
  const abs = join(root, ...(lower ? parts.map((p) => p.toLowerCase()) : parts));
  if (data === null) {
    mkdirSync(abs, { recursive: true });
    return;
  }
  mkdirSync(dirname(abs), { recursive: true });
  writeFileSync(abs, data);
}

function writeInstallation(root: string, spec: InstallationSpec): void {
  const r = resolve(spec);
  const lower = spec.lowerCasePaths ?? false;
  const w = r.windowsDir;
  const put = (rel: string, data: string | Uint8Array | null) => writeRel(root, rel, data, lower);

  const hives = hiveFiles(spec, r);
  for (const name of HIVE_NAMES) {
    put(`${w}\\System32\\config\\${name}`, hives[name].primary);
    put(`${w}\\System32\\config\\${name}.LOG1`, hives[name].log1);
    put(`${w}\\System32\\config\\${name}.LOG2`, hives[name].log2);
  }
  put(`${w}\\System32\\config\\systemprofile`, null);
  if (r.stateIni !== null) put(`${w}\\Setup\\State\\State.ini`, encodeText(stateIniText(r.stateIni), spec.stateIniEncoding ?? 'ascii'));
  put(`${w}\\System32\\Sysprep\\sysprep.exe`, MZ_STUB);
  if (r.sysprepTag) put(`${w}\\System32\\Sysprep\\Sysprep_succeeded.tag`, new Uint8Array(0));

  let panther = spec.pantherSysprep;
  if (panther === undefined && r.generalized) {
    panther = { setupact: sysprepSuccessLog(hoursBefore(r.os.sealed, 0.01), { windowsDir: w, win7: r.osId === 'win7-sp1', mode: /AUDIT$/i.test(r.imageState ?? '') ? 'audit' : 'oobe' }) };
  }
  if (panther) {
    const enc = panther.encoding ?? 'utf8';
    const act = panther.setupact ?? '';
    const err = panther.setuperr ?? errorLinesOf(act);
    put(`${w}\\System32\\Sysprep\\Panther\\setupact.log`, encodeText(act, enc));
    put(`${w}\\System32\\Sysprep\\Panther\\setuperr.log`, err === '' ? new Uint8Array(0) : encodeText(err, enc));
  }
  put(`${w}\\WinSxS`, null);
  if (r.pending.pendingXml) put(`${w}\\WinSxS\\pending.xml`, pendingXml(r));
  put(`${w}\\Panther`, null);
  for (const [rel, xml] of Object.entries(spec.answerFiles ?? {})) put(rel, xml);
  for (const name of ['Default', 'Public', ...r.users.map((u) => u.name), ...(r.domain?.users ?? []).map((u) => u.name)]) put(`Users\\${name}`, null);
}

/** Writes one volume (its root = `dir`, created) with every installation of the spec. */
export function buildWindowsVolume(dir: string, spec: VolumeSpec): void {
  mkdirSync(dir, { recursive: true });
  const kinds = [spec.hiberfil, ...spec.installations.map((i) => i.hiberfil)].filter((k): k is Exclude<HiberfilKind, null> => k !== undefined && k !== null);
  if (new Set(kinds).size > 1) throw new Error(`windows-volume: conflicting hiberfil.sys kinds ${[...new Set(kinds)].join(', ')}`);
  if (kinds.length > 0) writeRel(dir, 'hiberfil.sys', hiberfilBytes(kinds[0]), false);
  for (const inst of spec.installations) writeInstallation(dir, { ...inst, hiberfil: kinds[0] ?? inst.hiberfil });
  for (const [rel, data] of Object.entries(spec.extraFiles ?? {})) writeRel(dir, rel, data, false);
}

// ---------------------------------------------------------------------------------------------
// Scenarios
// ---------------------------------------------------------------------------------------------

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
export const CORP_DOMAIN: DomainSpec = { name: 'CORP', sid: 'S-1-5-21-1004336348-1177238915-682003330', dnsName: 'corp.contoso.com', users: [{ name: 'jdoe', rid: 1107 }] };
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
  | 'orphan-appx';

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
        appx: { perUser: { [`${DEFAULT_MACHINE_SID}-1001`]: defaultUserPackages('win11-24h2', { replace: { 'Microsoft.Windows.Photos': STORE_UPDATED_PHOTOS } }) } },
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
            ['C:\\Windows\\System32\\spool\\DRIVERS\\x64\\3\\New\\mxdwdrv.dll', 'C:\\Windows\\System32\\spool\\DRIVERS\\x64\\3\\mxdwdrv.dll'],
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
    { label: 'C', installations: [{ os: 'win10-22h2', imageState: IMAGE_STATE.COMPLETE, machineSid: SHARED_SID, computerName: 'PC-LAB-01', users: [{ name: 'lab', rid: 1001 }] }] },
    { label: 'D', installations: [{ os: 'win10-22h2', imageState: IMAGE_STATE.COMPLETE, machineSid: SHARED_SID, computerName: 'PC-LAB-02', users: [{ name: 'lab', rid: 1001 }] }] },
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
};

export const SCENARIO_NAMES = Object.keys(SCENARIOS) as ScenarioName[];

/**
 * What each scenario is meant to make the checks say: the findings of severity warn/block (ids), and the
 * verdict. Info-level findings are listed under `info`. Kept next to the scenarios so they change together.
 */
export const SCENARIO_INTENT: Record<ScenarioName, { verdict: 'ready' | 'warnings' | 'blocked'; block: string[]; warn: string[]; info: string[] }> = {
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
