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
// The volume builder's public face: one module per part of a volume (spec, OS profiles, each hive, text
// files, writing, scenarios); tests and the sample (build/sample.mjs) import from here.
export {
  type OsId,
  type HiveName,
  HIVE_NAMES,
  type HiberfilKind,
  type TextEncodingChoice,
  type AppxSpec,
  type PendingSpec,
  type SetupSpec,
  type DomainSpec,
  type InstallationSpec,
  type UserSpec,
  type EntraJoinSpec,
  type MdmEnrollmentSpec,
  mountedGpt,
  mountedMbr,
  type VolumeSpec,
} from './spec';
export { DEFAULT_MACHINE_SID, osProfile } from './os-profiles';
export { defaultAppx, userPackageName, defaultUserPackages } from './appx-sets';
export { sidToBytes, lsaUnicodeString } from './binary';
export { buildInstallationHives, staleImageStateOf } from './hives';
export {
  pantherLine,
  type SysprepLogOptions,
  sysprepSuccessLog,
  appxFailureLog,
  errorLinesOf,
  encodeText,
  stateIniText,
  answerFileWithSecrets,
  win7SkipRearmAnswerFile,
  resealLoopAnswerFile,
  reagentXml,
  smsCfgIni,
} from './text-files';
export { buildWindowsVolume } from './write-volume';
export {
  UNPROVISIONED_LXP,
  STORE_UPDATED_CALCULATOR,
  STORE_UPDATED_PHOTOS,
  SHARED_SID,
  MISMATCH_SECURITY_SID,
  CORP_DOMAIN,
  ORPHAN_SID,
  type ScenarioName,
  SCENARIOS,
  SCENARIO_NAMES,
  SCENARIO_INTENT,
  oneVolumeScenario,
  buildScenario,
  buildSample,
} from './scenarios';
export { IMAGE_STATE } from '../windows/generalization';
