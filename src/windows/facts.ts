// The facts gathered once per offline installation. Plain data: extractors fill it, checks read it,
// reports render it. Every fact carries the evidence it came from. "Unknown" is always explicit
// (null or the string 'unknown'), never a missing field, so the JSON report keeps one shape.
import type { PartitionIdentity } from '../disk/partition-identity';

/** Where a fact came from. Paths are relative to the volume root, with backslashes, as Windows names them. */
export type Evidence =
  | { source: 'registry'; hive: string; key: string; value?: string; data?: string }
  | { source: 'file'; path: string; detail?: string }
  | { source: 'volume'; path: string; detail: string };

export type Tristate = boolean | null;

export type OsFamily =
  | 'Windows 11'
  | 'Windows 10'
  | 'Windows 8.1'
  | 'Windows 8'
  | 'Windows 7'
  | 'Windows Vista'
  | 'Windows Server 2025'
  | 'Windows Server 2022'
  | 'Windows Server 2019'
  | 'Windows Server 2016'
  | 'Windows Server 2012 R2'
  | 'Windows Server 2012'
  | 'Windows Server 2008 R2'
  | 'Windows Server 2008'
  | 'Windows Server'
  | 'unknown';

export interface OsFacts {
  /** ProductName exactly as stored (Windows 11 still stores "Windows 10 …"). */
  storedProductName: string | null;
  /** Corrected product name, e.g. "Windows 11 Pro". */
  productName: string | null;
  family: OsFamily;
  /** EditionID, e.g. Professional, Enterprise, ServerStandard. */
  edition: string | null;
  installationType: 'client' | 'server' | 'server-core' | 'unknown';
  /** CurrentBuild(Number) as a number. */
  build: number | null;
  ubr: number | null;
  /** DisplayVersion (20H2+) or ReleaseId. */
  displayVersion: string | null;
  architecture: 'x64' | 'x86' | 'arm64' | 'unknown';
  computerName: string | null;
  evidence: Evidence[];
}

export type GeneralizationState = 'generalized' | 'not-generalized' | 'unknown';

export interface GeneralizationFacts {
  state: GeneralizationState;
  /** One sentence saying which signals decided `state`. */
  reason: string;
  /** ImageState in SOFTWARE\Microsoft\Windows\CurrentVersion\Setup\State. */
  imageStateRegistry: string | null;
  /** ImageState in Windows\Setup\State\State.ini ([State] section, quotes removed). */
  imageStateFile: string | null;
  /** Both present and equal (case-insensitive) → true; both present and different → false; else null. */
  sourcesAgree: Tristate;
  /** Windows\System32\Sysprep\Sysprep_succeeded.tag exists. */
  sysprepTagPresent: boolean;
  /** HKLM\SYSTEM\Setup values (null when absent). */
  setup: {
    cmdLine: string | null;
    setupType: number | null;
    systemSetupInProgress: number | null;
    oobeInProgress: number | null;
    auditInProgress: number | null;
  };
  /** SYSTEM\Setup\Status\SysprepStatus (meanings UNCONFIRMED: reported, never judged alone). */
  sysprepStatus: { generalizationState: number | null; cleanupState: number | null };
  evidence: Evidence[];
}

export interface SysprepLimitFacts {
  /**
   * 3 on Windows 7 / Server 2008 R2 / Server 2008, 1001 on later versions (Microsoft's table); null when
   * unknown or not in the table (Vista, Windows 8: UNCONFIRMED, domain.md §2.1).
   */
  runLimit: number | null;
  /** SOFTWARE\Microsoft\Windows NT\CurrentVersion\SoftwareProtectionPlatform\SkipRearm. */
  skipRearm: number | null;
  evidence: Evidence[];
}

export interface SidFacts {
  /** The machine SID both sources agree on, or the one available; null when none could be read. */
  machineSid: string | null;
  /** From SAM Domains\Account\V (last 24 bytes). */
  samSid: string | null;
  /** From SECURITY Policy\PolAcDmS (default value). */
  securitySid: string | null;
  sourcesAgree: Tristate;
  evidence: Evidence[];
}

export interface ProfileFact {
  sid: string;
  /** ProfileImagePath as stored (refers to the installed OS's drive letters). */
  path: string | null;
  /** A local account of this machine (S-1-5-21-<machine SID>-RID). */
  localAccount: boolean;
  /** Key name ends in .bak (backed-up / temporary profile). */
  backup: boolean;
}

export interface ProfileFacts {
  profiles: ProfileFact[];
  evidence: Evidence[];
}

export interface PackageId {
  fullName: string;
  name: string;
  version: string;
  architecture: string;
  resourceId: string;
  publisherId: string;
  /** name_publisherId */
  family: string;
}

export type AppxProblemReason =
  /** installed for a user, family not provisioned at all (Sysprep 0x80073cf2). */
  | 'not-provisioned'
  /** per-user copy newer than the provisioned copy (Store-updated). */
  | 'newer-than-provisioned'
  /** family deprovisioned but still installed for a user. */
  | 'deprovisioned-but-installed';

export interface AppxProblem {
  sid: string;
  package: string;
  family: string;
  reason: AppxProblemReason;
  provisionedVersion: string | null;
  userHasProfile: boolean;
}

export interface AppxFacts {
  /** AppxAllUserStore was found in SOFTWARE (false on Windows 7 and when SOFTWARE is missing). */
  storePresent: boolean;
  provisioned: string[];
  inbox: string[];
  deprovisioned: string[];
  staged: string[];
  /** SIDs with per-user package state. */
  userSids: string[];
  /** Per-user SIDs with AppX state but no ProfileList entry. */
  orphanSids: string[];
  /**
   * The packages Sysprep /generalize is expected to fail on, by the KB 2769827 rule as applied offline
   * (domain.md §3.4, an UNCONFIRMED heuristic; frameworks, resource packs and system apps ignored).
   */
  problems: AppxProblem[];
  evidence: Evidence[];
}

export type SysprepFailureCause =
  | 'appx-not-provisioned'
  | 'rearm-limit'
  | 'invalid-state'
  | 'bitlocker'
  | 'upgraded-os'
  | 'reserved-storage'
  | 'servicing-unqueryable'
  | 'servicing-pending'
  | 'defender-onboarding'
  | 'dsc-lcm'
  | 'bcd-generalize'
  | 'unknown';

/** One error of a Sysprep run, decoded (src/windows/sysprep-log). */
export interface SysprepFailure {
  /** 'unknown' when the log names the error but not its cause. */
  cause: SysprepFailureCause;
  /** The cause in words (with its source; practitioner knowledge marked as such). */
  summary: string;
  /** Package full name (AppX) when named in the log. */
  package: string | null;
  /** The failing provider: DLL and entry point ("AppxSysprep.dll, SysprepGeneralize"), an action or a component. */
  dll: string | null;
  /** What that provider does, or null when not known. */
  provider: string | null;
  /** The code in hex ("0x80070005"). */
  code: string | null;
  /** Its symbolic name ("E_ACCESSDENIED"), or null when no public header names it. */
  codeName: string | null;
  /** Its meaning in words. */
  codeMeaning: string | null;
  /** The log shows Sysprep stopping on this error ("…halting sysprep execution"); false: logged, or the stop is not in the log. */
  fatal: boolean;
  /** When the run began ("YYYY-MM-DD HH:MM:SS"), from its banner or command line; null when the log does not show its start. */
  runStart: string | null;
  /** The log line it was decoded from (trimmed). */
  line: string;
  file: string;
  lineNumber: number;
}

export interface PantherFacts {
  /** Log files read (volume-relative). */
  logs: { path: string; encoding: 'utf-8' | 'utf-16le' | 'utf-16be'; lines: number }[];
  /** The last Sysprep run logged errors (null: no log, or the log cannot show the last run). */
  lastRunFailed: Tristate;
  /** The last run's failure (the error that stopped it), plus SYSPRP failures of the Setup logs. */
  failures: SysprepFailure[];
  /** Earlier runs' failures (the last error of each failed run), oldest first: history, not the image's state. */
  history: SysprepFailure[];
  evidence: Evidence[];
}

export interface PendingFacts {
  /** SOFTWARE markers; null when the SOFTWARE hive could not be read (unknown, not "no"). */
  cbsRebootPending: Tristate;
  cbsPackagesPending: Tristate;
  windowsUpdateRebootRequired: Tristate;
  /**
   * Number of entries (source/target pairs) in PendingFileRenameOperations (+2); null when the SYSTEM
   * hive could not be read or has no control set to look in.
   */
  pendingFileRenames: number | null;
  pendingXml: boolean;
  evidence: Evidence[];
}

/**
 * A fact a disk has and an image does not (the live volume's hibernation, its boot sector's BitLocker, its
 * place on a disk): said, never left to read as "no" (ready by default) nor as "unknown" (blocking).
 */
export const NOT_APPLICABLE = 'not-applicable';
export type NotApplicable = typeof NOT_APPLICABLE;

export interface VolumeStateFacts {
  /** hiberfil.sys exists at the volume root (of an image: the image holds one). */
  hiberfilPresent: boolean;
  /** First 4 bytes of hiberfil.sys as text when printable (e.g. "hibr", "HIBR", "wake", "RSTR"), or null. */
  hiberfilSignature: string | null;
  /**
   * true: header says hibernated; false: header zeroed (clean); null: unknown/absent. 'not-applicable': read
   * from an image that holds no hiberfil.sys (a WIM has no live volume to hibernate; one it holds is judged).
   */
  hibernated: Tristate | NotApplicable;
  /** HiberbootEnabled (Fast Startup) in the current control set's Session Manager\Power. */
  fastStartupEnabled: Tristate;
  /**
   * 'locked': encrypted and unreadable; 'encrypted-readable': BitLocker but unlocked; 'none'; 'unknown';
   * 'not-applicable': read from an image (no boot sector: a WIM holds files, decrypted or not).
   */
  bitlocker: 'locked' | 'encrypted-readable' | 'none' | 'unknown' | NotApplicable;
  /** Domain membership from SECURITY Policy\PolPrDmS / SYSTEM Tcpip Domain. */
  domainJoined: Tristate;
  domainName: string | null;
  /**
   * Volume Shadow Copy storage files (System Volume Information\{3808876b-…}) at the volume root; null
   * when that folder could not be listed.
   */
  shadowCopies: number | null;
  /**
   * Why some of the volume's facts are 'not-applicable' (read from an image: no hibernation of a live
   * volume, no boot sector, no place on a disk); null for an installation read from a volume.
   */
  notApplicable: string | null;
  evidence: Evidence[];
}

export interface AnswerFileFact {
  /** Volume-relative path. */
  path: string;
  /** Which place in Windows Setup's search order (1 = highest precedence). */
  precedence: number;
  /** Human label of that place, e.g. "cached answer file (%WINDIR%\\Panther)". */
  location: string;
  /** The file could not be parsed as XML. */
  parseError: string | null;
  passes: string[];
  persistAllDeviceInstalls: boolean | null;
  doNotCleanUpNonPresentDevices: boolean | null;
  /** Reseal Mode (Audit/OOBE) and the pass it is in, e.g. "Audit (oobeSystem)". */
  resealMode: string | null;
  /** Reseal ForceShutdownNow next to that Mode (null when absent or not true/false). */
  resealForceShutdownNow: boolean | null;
  /** Microsoft-Windows-Shell-Setup CopyProfile (specialize pass): true/false, null when absent. */
  copyProfile: boolean | null;
  /** Components configured in the generalize pass (what Sysprep /generalize will apply), by name. */
  generalizePassComponents: string[];
  /**
   * Microsoft-Windows-Deployment | Generalize (auditUser pass): the answer file itself runs Sysprep
   * /generalize, with this Mode (Audit/OOBE) and ForceShutdownNow (domain.md §7.3). Null when absent.
   */
  generalize: { mode: string | null; forceShutdownNow: boolean | null } | null;
  /** SkipRearm in Microsoft-Windows-Security-SPP (or -Licensing-SLC). */
  skipRearm: number | null;
  /** Clear-text secrets: element path and pass; never the secret itself. */
  clearTextSecrets: { element: string; pass: string | null; component: string | null }[];
}

export interface UnattendFacts {
  /** HKLM\SYSTEM\Setup\UnattendFile, if set. */
  registryPointer: string | null;
  files: AnswerFileFact[];
  evidence: Evidence[];
}

export interface LocalAccountFacts {
  /**
   * Local user accounts made after Setup (SAM Domains\Account\Users, RID >= 1000), with their names from
   * Users\Names when found; null when the SAM hive could not be read (unknown, not "none").
   */
  users: { rid: number; name: string | null }[] | null;
  evidence: Evidence[];
}

export interface LeftoverFacts {
  /**
   * Folders at the volume root left by upgrades and feature updates (Windows.old, $Windows.~BT,
   * $WINDOWS.~WS), as spelled on disk. DISM's default exclusion list does not cover them.
   */
  folders: string[];
  evidence: Evidence[];
}

export interface ServerRoleFact {
  /** Short name, e.g. "AD CS". */
  role: string;
  /** The service key (or ProductType) it was recognised by. */
  by: string;
  /** WDS only: the server was initialised (a RemoteInstall root is configured); null when not told. */
  initialised: boolean | null;
}

export interface ServerRoleFacts {
  /** SYSTEM ...\Control\ProductOptions ProductType: WinNT (client), ServerNT, LanmanNT (domain controller). */
  productType: string | null;
  /** Roles Microsoft lists as not supported by Sysprep, recognised by their services; null when SYSTEM is unreadable. */
  roles: ServerRoleFact[] | null;
  evidence: Evidence[];
}

export interface SysprepRunFacts {
  /**
   * The command-line options of the last Sysprep run as logged in System32\Sysprep\Panther\setupact.log
   * ("ParseCommands:Found supported command line option 'GENERALIZE'"), upper-case; null when no log.
   */
  options: string[] | null;
  /** The last run used /mode:vm; null when the log was not read or does not say. */
  modeVm: Tristate;
  evidence: Evidence[];
}

/** Cloud join, MDM enrollment and ConfigMgr client identity: what every clone of the image would inherit. */
export interface EntraJoinFact {
  /** JoinInfo subkey name: the thumbprint of the device certificate. */
  thumbprint: string;
  tenantId: string | null;
  /** TenantInfo\<TenantId> DisplayName, when present. */
  tenantName: string | null;
  userEmail: string | null;
}

export interface MdmEnrollmentFact {
  /** Enrollments subkey name (a GUID). */
  id: string;
  /** ProviderID, e.g. "MS DM Server" (Intune). */
  providerId: string;
  upn: string | null;
  enrollmentType: number | null;
  enrollmentState: number | null;
}

export interface DeviceIdentityFacts {
  /** SYSTEM <control set>\Control\CloudDomainJoin\JoinInfo\<thumbprint>; null when SYSTEM is unreadable. */
  entraJoins: EntraJoinFact[] | null;
  /**
   * SOFTWARE Microsoft\Enrollments\<id> with a ProviderID (an MDM enrollment); the entries Windows makes by
   * itself carry none and are not listed. Null when SOFTWARE is unreadable.
   */
  mdmEnrollments: MdmEnrollmentFact[] | null;
  /** SOFTWARE Microsoft\Provisioning\OMADM\Accounts\<id> names; null when SOFTWARE is unreadable. */
  omadmAccounts: string[] | null;
  configMgr: {
    /** %WINDIR%\SMSCFG.ini "SMS Unique Identifier" (e.g. GUID:…); null when absent or empty. */
    smsUniqueId: string | null;
    /** The client is installed: SOFTWARE Microsoft\CCM, or the CcmExec service; null when unknown. */
    clientInstalled: Tristate;
  };
  evidence: Evidence[];
}

export interface UserHiveFact {
  /** The profile's SID (ProfileList). */
  sid: string;
  /** Volume-relative path of NTUSER.DAT. */
  path: string;
  /** Software\Microsoft\Windows NT\CurrentVersion\EFS\CurrentKeys holds a CertificateHash. */
  efsKey: boolean;
  /** Software\Microsoft\Windows NT\CurrentVersion\WorkplaceJoin\JoinInfo subkeys (Entra registration). */
  workplaceJoins: number;
}

export interface UserHiveFacts {
  /** The per-user hives read (at most a bounded number, local profiles first). */
  read: UserHiveFact[];
  /** Profiles whose NTUSER.DAT could not be read (missing, unreadable, too large, on another volume); bounded. */
  unread: { sid: string; path: string | null; reason: string }[];
  /** User profiles not looked at because of the limit (what they hold is unknown). */
  overLimit: number;
  evidence: Evidence[];
}

export interface RecoveryFacts {
  /** Volume-relative path of ReAgent.xml, or null when absent. */
  reagentXml: string | null;
  /** InstallState 1 (enabled) → true, 0 → false; null when not told. */
  enabled: Tristate;
  /** WinreLocation path as stored (on the partition it names), e.g. \Recovery\WindowsRE. */
  winreLocation: string | null;
  /** Volume-relative path of Winre.wim found in the image (System32\Recovery), or null. */
  winreWim: string | null;
  evidence: Evidence[];
}

export interface UpgradeFacts {
  /** In-place upgrade traces found → true; SYSTEM read and none → false; null when SYSTEM is unreadable. */
  upgraded: Tristate;
  /** SYSTEM\Setup\Source OS (Updated on …) keys: the installations upgraded from. */
  sources: { key: string; productName: string | null; build: number | null }[];
  /** SYSTEM\Setup Upgrade (DWORD); null when absent. */
  upgradeValue: number | null;
  evidence: Evidence[];
}

export interface HiveReadFact {
  /** SYSTEM, SOFTWARE, SAM, SECURITY. */
  name: string;
  /** Volume-relative path, or null when the hive file is missing. */
  path: string | null;
  /** Read at all. */
  readable: boolean;
  error: string | null;
  dirty: boolean;
  recovered: boolean;
  logsApplied: string[];
  entriesApplied: number;
  warnings: string[];
}

/** Where the installation lives on the disk, by its own registry (src/windows/mounted-devices.ts). */
export interface MountedDeviceFacts {
  /** The drive letter of its Windows directory as it knew it (SystemRoot), e.g. "C:"; null when unknown. */
  systemDrive: string | null;
  /** The partition MountedDevices gives for that letter; null when absent (e.g. cleared by generalize). */
  systemPartition: PartitionIdentity | null;
  /** Where the volume starts on its disk, from its own NTFS boot sector (raw volume read, Windows); else null. */
  volumeOffset: number | null;
  /** Every drive letter MountedDevices records, with the partition it names (null: not a partition). */
  letters: { letter: string; identity: PartitionIdentity | null }[];
  evidence: Evidence[];
}

export interface InstallationFacts {
  /** Stable id within one report, e.g. "C:\\Windows" or "/mnt/c/Windows". */
  id: string;
  /** The volume root as given (drive letter on Windows, folder elsewhere). */
  volume: string;
  /** Path of the Windows directory under the volume, as found on disk (case preserved). */
  windowsDir: string;
  os: OsFacts;
  generalization: GeneralizationFacts;
  sysprepLimit: SysprepLimitFacts;
  sid: SidFacts;
  profiles: ProfileFacts;
  appx: AppxFacts;
  panther: PantherFacts;
  pending: PendingFacts;
  volumeState: VolumeStateFacts;
  unattend: UnattendFacts;
  accounts: LocalAccountFacts;
  leftovers: LeftoverFacts;
  serverRoles: ServerRoleFacts;
  sysprepRun: SysprepRunFacts;
  mountedDevices: MountedDeviceFacts;
  deviceIdentity: DeviceIdentityFacts;
  userHives: UserHiveFacts;
  recovery: RecoveryFacts;
  upgrade: UpgradeFacts;
  hives: HiveReadFact[];
  /** Set when the installation was read out of a WIM/ESD image (src/windows/image-scan.ts). */
  image?: ImageSourceFacts;
}

/** What a WIM's XML says of the image an installation was read from (wim-format.md §6). */
export interface ImageSourceFacts {
  file: string;
  index: number;
  name: string | null;
  description: string | null;
  flags: string | null;
  editionId: string | null;
  productName: string | null;
  build: number | null;
}

/** A volume that could not be inspected as a folder (e.g. BitLocker-locked device or image). */
export interface UnreadableVolume {
  volume: string;
  reason: 'bitlocker-locked' | 'unreadable' | 'not-a-windows-volume';
  detail: string;
  evidence: Evidence[];
}
