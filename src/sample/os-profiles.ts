import { type HiveName, type OsId } from './spec';

export { IMAGE_STATE } from '../windows/generalization';

/** The machine SID of Microsoft's documentation examples (S-1-5-21-3623811015-3361044348-30300820-1013). */
export const DEFAULT_MACHINE_SID = 'S-1-5-21-3623811015-3361044348-30300820';

export interface OsProfile {
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

export const OS_PROFILES: Record<OsId, OsProfile> = {
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
