// The description of a volume to build: installations, their hives' contents, files and states.
import { guidBytes } from './bytes';

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

/** A local user: SAM account, ProfileList entry, C:\Users\<name> with its NTUSER.DAT. */
export interface UserSpec {
  name: string;
  rid: number;
  /** NTUSER.DAT …\EFS\CurrentKeys CertificateHash: the user has an EFS key (encrypted files). */
  efs?: boolean;
  /** NTUSER.DAT …\WorkplaceJoin\JoinInfo\<thumbprint>: the user registered the device with Microsoft Entra ID. */
  registered?: boolean;
}

/** A Microsoft Entra join (SYSTEM …\Control\CloudDomainJoin); with `domain` as well it is a hybrid join. */
export interface EntraJoinSpec {
  tenantId: string;
  tenantName: string;
  userEmail: string;
  /** Device certificate thumbprint (JoinInfo subkey name); default made up from the tenant. */
  thumbprint?: string;
}

/** An MDM enrollment: Enrollments\<id> with a ProviderID and its OMA-DM account. */
export interface MdmEnrollmentSpec {
  /** Default "MS DM Server" (Intune). */
  providerId?: string;
  upn: string;
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
  users?: UserSpec[];
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
  /** Joined to Microsoft Entra ID (JoinInfo + TenantInfo). Default: none (the empty CloudDomainJoin key on Windows 10+). */
  entraJoin?: EntraJoinSpec | null;
  /**
   * MDM enrollments. Default: none, beside the Enrollments entries Windows 10+ makes by itself (no ProviderID).
   */
  mdmEnrollments?: MdmEnrollmentSpec[];
  /**
   * A ConfigMgr client (CCM keys, CcmExec service): `smsUniqueId` is written to %WINDIR%\SMSCFG.ini; null =
   * prepared for capture (no SMSCFG.ini). Default: no client.
   */
  configMgr?: { smsUniqueId: string | null } | null;
  /**
   * WinRE: 'in-image' (default: Winre.wim in System32\Recovery, ReAgent.xml InstallState 0), 'recovery-partition'
   * (enabled on another partition: ReAgent.xml InstallState 1, no Winre.wim in the image), 'none' (neither file).
   */
  winre?: 'in-image' | 'recovery-partition' | 'none';
  /** An in-place upgrade from this OS: SYSTEM\Setup\Source OS (Updated on <date>). Default: a clean install. */
  upgradedFrom?: { productName: string; build: number; date: string } | null;
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
