// Panther log decoding. The fixtures follow the line shapes of public sysprep logs (Microsoft KB 2769827,
// KB 929828, the [0x0f0073] support article, GitHub issues with pasted setupact/setuperr logs); the
// package names, timestamps and exact wording per line are written here for the tests.
import { afterAll, describe, expect, it } from 'vitest';
import { classifyLine, decodeFailures, extractCodes, parseDllFailure, parseLogLine, parsePantherLog, readPantherLogs } from '../../src/windows/panther-logs';
import { VolumeFs } from '../../src/windows/volume-fs';
import { cleanupVolumes, garbage, makeVolume, utf16be, utf16le, utf8bom } from './temp-volume';

afterAll(cleanupVolumes);

const SP = 'Windows/System32/Sysprep/Panther';
const SP_SHOWN = 'Windows\\System32\\Sysprep\\Panther';

/** The run banner sysprep writes at the start of every run (setupact.log only). */
function banner(ts: string): string {
  return [
    `${ts}, Info                  SYSPRP ========================================================`,
    `${ts}, Info                  SYSPRP ===          Beginning of a new sysprep run          ===`,
    `${ts}, Info                  SYSPRP ========================================================`,
    `${ts}, Info       [0x0f004d] SYSPRP The time is now ${ts}`,
    `${ts}, Info       [0x0f004e] SYSPRP Initialized SysPrep log at C:\\Windows\\System32\\Sysprep\\Panther`,
    `${ts}, Info       [0x0f0054] SYSPRP ValidatePrivileges:User has required privileges to sysprep machine`,
    `${ts}, Info       [0x0f007c] SYSPRP FCreateTagFile:Successfully deleted tag file C:\\Windows\\System32\\Sysprep\\Sysprep_succeeded.tag`,
  ].join('\r\n');
}

const ZUNE = 'Microsoft.ZuneMusic_10.21012.10511.0_x64__8wekyb3d8bbwe';
const EDGE = 'Microsoft.MicrosoftEdge.Stable_124.0.2478.105_neutral__8wekyb3d8bbwe';

/** KB 2769827: one package, ten Error lines. */
const APPX_CASCADE = [
  `2023-07-20 10:12:30, Error                 SYSPRP Package ${ZUNE} was installed for a user, but not provisioned for all users. This package will not function properly in the sysprep image.`,
  '2023-07-20 10:12:30, Error                 SYSPRP Failed to remove apps for the current user: 0x80073cf2.',
  '2023-07-20 10:12:30, Error                 SYSPRP Exit code of RemoveAllApps thread was 0x3cf2.',
  "2023-07-20 10:12:30, Error      [0x0f0082] SYSPRP ActionPlatform::LaunchModule: Failure occurred while executing 'SysprepGeneralize' from C:\\Windows\\System32\\AppxSysprep.dll; dwRet = 0x3cf2",
  '2023-07-20 10:12:30, Error                 SYSPRP ActionPlatform::ExecuteAction: Error in executing action; dwRet = 0x3cf2',
  '2023-07-20 10:12:30, Error                 SYSPRP ActionPlatform::ExecuteActionList: Error in execute actions; dwRet = 0x3cf2',
  '2023-07-20 10:12:30, Error                 SYSPRP SysprepSession::Execute: Error in executing actions from C:\\Windows\\System32\\Sysprep\\ActionFiles\\Generalize.xml; dwRet = 0x3cf2',
  '2023-07-20 10:12:30, Error                 SYSPRP RunPlatformActions:Failed while executing SysprepSession actions; dwRet = 0x3cf2',
  '2023-07-20 10:12:30, Error      [0x0f0070] SYSPRP RunExternalDlls:An error occurred while running registry sysprep DLLs, halting sysprep execution. dwRet = 0x3cf2',
  '2023-07-20 10:12:30, Error      [0x0f00a8] SYSPRP WinMain:Hit failure while processing sysprep generalize internal providers; hr = 0x80073cf2',
].join('\r\n');

const APPX_SETUPACT = [
  banner('2023-07-20 10:12:25'),
  '2023-07-20 10:12:25, Warning               SYSPRP WinMain: File operations pending',
  '2023-07-20 10:12:29, Info                  SYSPRP SysprepSession::Execute: Beginning action execution from C:\\Windows\\System32\\Sysprep\\ActionFiles\\Generalize.xml',
  "2023-07-20 10:12:29, Info       [0x0f0080] SYSPRP ActionPlatform::LaunchModule: Found 'SysprepGeneralize' in C:\\Windows\\System32\\AppxSysprep.dll; executing it",
  APPX_CASCADE,
].join('\r\n');

/** KB 929828 (Windows 7): rearm limit. */
const REARM = [
  "2011-03-02 14:05:11, Error      [0x0f0082] SYSPRP LaunchDll:Failure occurred while executing 'C:\\Windows\\System32\\slc.dll,SLReArmWindows', returned error code -1073425657",
  '2011-03-02 14:05:11, Error      [0x0f0070] SYSPRP RunExternalDlls:An error occurred while running registry sysprep DLLs, halting sysprep execution. dwRet = -1073425657',
  '2011-03-02 14:05:11, Error      [0x0f00a8] SYSPRP WinMain:Hit failure while processing sysprep generalize providers; hr = 0xc004d307',
].join('\r\n');

/** The fatal "invalid state" refusal (domain.md §1.4). */
const INVALID_STATE = [
  "2019-11-05 09:41:02, Error      [0x0f0073] SYSPRP RunExternalDlls:Not running DLLs; either the machine is in an invalid state or we couldn't update the recorded state, dwRet = 31",
  '2019-11-05 09:41:02, Error      [0x0f00a8] SYSPRP WinMain:Hit failure while processing sysprep generalize providers; hr = 0x8007001f',
].join('\r\n');

/** BdeSysprep.dll validation refusing an encrypted OS volume. */
const BITLOCKER = [
  "2026-08-17 11:22:44, Info                  SYSPRP ActionPlatform::LaunchModule: Executing method 'ValidateBitLockerState' from C:\\Windows\\System32\\BdeSysprep.dll",
  '2026-08-17 11:22:44, Error                 SYSPRP BitLocker-Sysprep: BitLocker is on for the OS volume. Turn BitLocker off to run Sysprep. (0x80310039)',
  "2026-08-17 11:22:44, Error      [0x0f0082] SYSPRP ActionPlatform::LaunchModule: Failure occurred while executing 'ValidateBitLockerState' from C:\\Windows\\System32\\BdeSysprep.dll; dwRet = 0x80310039",
  '2026-08-17 11:22:44, Error                 SYSPRP SysprepSession::Validate: Error in validating actions from C:\\Windows\\System32\\Sysprep\\ActionFiles\\Generalize.xml; dwRet = 0x80310039',
  '2026-08-17 11:22:44, Error      [0x0f0070] SYSPRP RunDlls:An error occurred while running registry sysprep DLLs, halting sysprep execution. dwRet = 0x80310039',
].join('\r\n');

/** spopk.dll pending CBS operations during the cleanup pre-validation. */
const PENDING = [
  "2018-09-15 18:04:30, Info       [0x0f0080] SYSPRP ActionPlatform::LaunchModule: Found 'Sysprep_Clean_Validate_Opk' in C:\\Windows\\System32\\spopk.dll; executing it",
  '2018-09-15 18:08:32, Error      [0x0f00b0] SYSPRP spopk.dll:: Failed to query pending CBS operations; hr = 0x80080005',
  "2018-09-15 18:08:32, Error      [0x0f0082] SYSPRP ActionPlatform::LaunchModule: Failure occurred while executing 'Sysprep_Clean_Validate_Opk' from C:\\Windows\\System32\\spopk.dll; dwRet = 0x5",
  '2018-09-15 18:08:32, Error                 SYSPRP SysprepSession::Validate: Error in validating actions from C:\\Windows\\System32\\Sysprep\\ActionFiles\\Cleanup.xml; dwRet = 0x5',
  '2018-09-15 18:08:32, Error                 SYSPRP RunPlatformActions:Failed while validating SysprepSession actions; dwRet = 0x5',
  '2018-09-15 18:08:32, Error      [0x0f0070] SYSPRP RunExternalDlls:An error occurred while running registry sysprep DLLs, halting sysprep execution. dwRet = 0x5',
  '2018-09-15 18:08:32, Error      [0x0f00d8] SYSPRP WinMain:Hit failure while pre-validate sysprep cleanup internal providers; hr = 0x80070005',
].join('\r\n');

/** A LaunchDll failure of a provider with no better explanation (spbcd.dll). */
const DLL_FAILURE = [
  '2013-07-18 22:31:45, Error      [0x0f0043] SYSPRP WinMain:The sysprep dialog box returned FALSE',
  "2013-07-18 22:38:30, Error      [0x0f0082] SYSPRP LaunchDll:Failure occurred while executing 'C:\\Windows\\System32\\spbcd.dll,Sysprep_Generalize_Bcd', returned error code 2[gle=0x00000012]",
  '2013-07-18 22:38:30, Error      [0x0f0070] SYSPRP RunExternalDlls:An error occurred while running registry sysprep DLLs, halting sysprep execution. dwRet = 2[gle=0x00000012]',
  '2013-07-18 22:38:30, Error      [0x0f00a8] SYSPRP WinMain:Hit failure while processing sysprep generalize providers; hr = 0x80070002[gle=0x00000012]',
].join('\r\n');

/** Access denied deleting a registry value (no DLL named). */
const OTHER = [
  '2024-03-07 22:26:20, Error                 SYSPRP ActionPlatform::DeleteValue: Error from RegDeleteValueW for value senseGuid under key HKEY_LOCAL_MACHINE\\Software\\Microsoft\\Windows Advanced Threat Protection; dwRet = 0x5',
  '2024-03-07 22:26:20, Error                 SYSPRP SysprepSession::ExecuteAction: Failed during deleteValue operation; dwRet = 0x5',
  '2024-03-07 22:26:20, Error                 SYSPRP SysprepSession::ExecuteInternal: Error in executing action for Windows-SenseClient-Service; dwRet = 0x5',
  '2024-03-07 22:26:20, Error                 SYSPRP SysprepSession::Execute: Error in executing actions from C:\\Windows\\System32\\Sysprep\\ActionFiles\\Generalize.xml; dwRet = 0x5',
  '2024-03-07 22:26:20, Error      [0x0f0070] SYSPRP RunDlls:An error occurred while running registry sysprep DLLs, halting sysprep execution. dwRet = 0x5',
  '2024-03-07 22:26:20, Error      [0x0f00a8] SYSPRP WinMain:Hit failure while processing sysprep generalize internal providers; hr = 0x80070005',
].join('\r\n');

/** KB 4057974: a package failing the *validation* step (MiracastView after an upgrade). */
const VALIDATE_APPX = [
  '2018-01-09 08:15:02, Error                 SYSPRP Package Windows.MiracastView_6.3.0.0_neutral_neutral_cw5n1h2txyewy was installed for a user, but not provisioned for all users. This package will not function properly in the sysprep image.',
  "2018-01-09 08:15:02, Error      [0x0f0082] SYSPRP ActionPlatform::LaunchModule: Failure occurred while executing 'SysprepGeneralizeValidate' from C:\\Windows\\System32\\AppxSysprep.dll; dwRet = 0x3cf2",
  '2018-01-09 08:15:02, Error                 SYSPRP SysprepSession::Validate: Error in validating actions from C:\\Windows\\System32\\Sysprep\\ActionFiles\\Generalize.xml; dwRet = 0x3cf2',
  '2018-01-09 08:15:02, Error                 SYSPRP RunPlatformActions:Failed while validating SysprepSession actions; dwRet = 0x3cf2',
  '2018-01-09 08:15:02, Error      [0x0f0070] SYSPRP RunExternalDlls:An error occurred while running registry sysprep DLLs, halting sysprep execution. dwRet = 0x3cf2',
  '2018-01-09 08:15:02, Error      [0x0f00a8] SYSPRP WinMain:Hit failure while pre-validate sysprep generalize internal providers; hr = 0x80073cf2',
].join('\r\n');

function volumeWith(files: Record<string, string | Buffer>) {
  return new VolumeFs(makeVolume(files));
}

describe('line parsing', () => {
  it('splits timestamp, level, message id, component and message', () => {
    const l = parseLogLine("2023-07-20 10:12:30, Error      [0x0f0082] SYSPRP LaunchDll:Failure occurred while executing 'x'", 7);
    expect(l).toMatchObject({
      lineNumber: 7,
      timestamp: '2023-07-20 10:12:30',
      level: 'Error',
      messageId: '0x0f0082',
      component: 'SYSPRP',
      message: "LaunchDll:Failure occurred while executing 'x'",
    });
    expect(parseLogLine('   continuation text', 1)).toMatchObject({ timestamp: null, level: null, message: 'continuation text' });
    expect(parseLogLine('2010-06-21 14:22:54, Info                         capisp.dll::CryptoSysPrep_Specialize: ok', 1).component).toBeNull();
  });

  it.each<[string, string | null]>([
    ["ActionPlatform::LaunchModule: Failure occurred while executing 'SysprepGeneralize' from C:\\Windows\\System32\\AppxSysprep.dll; dwRet = 0x3cf2", 'AppxSysprep.dll, SysprepGeneralize'],
    ["LaunchDll:Failure occurred while executing 'C:\\Windows\\System32\\slc.dll,SLReArmWindows', returned error code -1073425657", 'slc.dll, SLReArmWindows'],
    ["LaunchDll:Failure occurred while executing 'C:\\Windows\\System32\\spbcd.dll, Sysprep_Generalize_Bcd', returned error code 2", 'spbcd.dll, Sysprep_Generalize_Bcd'],
    ["ActionPlatform::LaunchModule: Failure occurred while executing 'ValidateBitLockerState from C:\\Windows\\System32\\BdeSysprep.dll'. dwRet = 0x80310039", 'BdeSysprep.dll, ValidateBitLockerState'],
    ["ActionPlatform::LaunchModule: Failure occurred while executing 'EventLog_Cleanup' from DLL 'wevtapi.dll'", 'wevtapi.dll, EventLog_Cleanup'],
    ['RunExternalDlls:An error occurred', null],
  ])('parseDllFailure(%s)', (msg, dll) => expect(parseDllFailure(msg)).toBe(dll));

  it('extracts error codes, ignoring [gle=…] and folding HRESULT_FROM_WIN32', () => {
    const codes = extractCodes('returned error code 2[gle=0x00000012] hr = 0x80070002');
    expect(codes.map((c) => c.printed)).toEqual(['0x80070002', '2']);
    expect(new Set(codes.map((c) => c.family))).toEqual(new Set([2]));
    expect(extractCodes('dwRet = -1073425657')[0].family).toBe(0xc004d307);
  });

  it('classifies single lines', () => {
    const c = (m: string) => classifyLine(parseLogLine(`2023-01-01 00:00:00, Error                 SYSPRP ${m}`, 1)).cause;
    expect(c(`Package ${EDGE} was installed for a user, but not provisioned for all users.`)).toBe('appx-not-provisioned');
    expect(c('Audit mode cannot be turned on if reserved storage is in use. An update or servicing operation may be using reserved storage.')).toBe('pending-operations');
    expect(c("Sysprep_Clean_Validate_Opk: Audit mode can't be turned on if there is an active scenario.")).toBe('pending-operations');
    expect(c('Sysprep was not able to validate your Windows installation.')).toBe('validation-failed');
    expect(c('setupdigetclassdevs failed with error 0x5')).toBe('other');
  });
});

describe('decodeFailures: one failure per cause, not one per cascade line', () => {
  it.each<[string, string, Partial<Record<string, unknown>>]>([
    ['KB 2769827 AppX cascade', APPX_CASCADE, { cause: 'appx-not-provisioned', package: ZUNE, dll: 'AppxSysprep.dll, SysprepGeneralize', code: '0x80073cf2', lineNumber: 1 }],
    ['rearm limit (KB 929828)', REARM, { cause: 'rearm-limit', package: null, dll: 'slc.dll, SLReArmWindows', code: '0xc004d307', lineNumber: 1 }],
    ['[0x0f0073] invalid state', INVALID_STATE, { cause: 'invalid-state', dll: null, code: '31', lineNumber: 1 }],
    ['BitLocker on', BITLOCKER, { cause: 'bitlocker', dll: 'BdeSysprep.dll, ValidateBitLockerState', code: '0x80310039', lineNumber: 2 }],
    ['pending CBS operations', PENDING, { cause: 'pending-operations', dll: 'spopk.dll, Sysprep_Clean_Validate_Opk', code: '0x80080005', lineNumber: 2 }],
    ['AppX failing validation (KB 4057974)', VALIDATE_APPX, { cause: 'appx-not-provisioned', package: 'Windows.MiracastView_6.3.0.0_neutral_neutral_cw5n1h2txyewy', dll: 'AppxSysprep.dll, SysprepGeneralizeValidate' }],
    ['access denied in an action (no DLL)', OTHER, { cause: 'other', dll: null, code: '0x5', lineNumber: 1 }],
  ])('%s', (_n, text, expected) => {
    const failures = decodeFailures(parsePantherLog(text), `${SP_SHOWN}\\setuperr.log`);
    expect(failures).toHaveLength(1);
    expect(failures[0]).toMatchObject({ ...expected, file: `${SP_SHOWN}\\setuperr.log` });
    expect(failures[0].summary.length).toBeGreaterThan(10);
    expect(failures[0].line).toMatch(/^\d{4}-\d{2}-\d{2} /);
  });

  it('the BitLocker summary is hedged: 0x80310039 as a Sysprep blocker is practitioner knowledge (domain.md §12)', () => {
    const [f] = decodeFailures(parsePantherLog(BITLOCKER), 'x');
    expect(f.summary).toContain('not confirmed by Microsoft');
    expect(f.summary).not.toMatch(/requires/i);
  });

  it('an unrelated earlier error stays separate from the DLL failure', () => {
    const failures = decodeFailures(parsePantherLog(DLL_FAILURE), 'x');
    expect(failures.map((f) => [f.cause, f.dll])).toEqual([
      ['other', null],
      ['dll-failure', 'spbcd.dll, Sysprep_Generalize_Bcd'],
    ]);
    expect(failures[1].code).toBe('2');
    expect(failures[1].summary).toContain('spbcd.dll, Sysprep_Generalize_Bcd');
  });

  it('two packages → two failures, each naming its package', () => {
    const text = [
      `2024-05-15 18:53:10, Error                 SYSPRP Package ${EDGE} was installed for a user, but not provisioned for all users. This package will not function properly in the sysprep image.`,
      APPX_CASCADE.replace(/2023-07-20 10:12:30/g, '2024-05-15 18:53:10'),
    ].join('\n');
    const failures = decodeFailures(parsePantherLog(text), 'x');
    expect(failures.map((f) => f.package)).toEqual([EDGE, ZUNE]);
    expect(failures.every((f) => f.cause === 'appx-not-provisioned' && f.dll === 'AppxSysprep.dll, SysprepGeneralize')).toBe(true);
  });

  it('a cascade that spans two seconds is still one failure', () => {
    const lines = APPX_CASCADE.split('\r\n');
    lines[0] = lines[0].replace('10:12:30', '10:12:29');
    const failures = decodeFailures(parsePantherLog(lines.join('\n')), 'x');
    expect(failures).toHaveLength(1);
    expect(failures[0]).toMatchObject({ package: ZUNE, dll: 'AppxSysprep.dll, SysprepGeneralize', code: '0x80073cf2' });
  });

  it('"is installed for a user" wording and 0x80073cf2 in newer builds', () => {
    const text = [
      '2025-02-03 11:00:01, Error                 SYSPRP Package Microsoft.Copilot_1.25012.97.0_x64__8wekyb3d8bbwe is installed for a user, but not provisioned for all users. This package will not function properly in the sysprep image.',
      '2025-02-03 11:00:01, Error                 SYSPRP Failed to remove apps for the current user: 0x80073cf2.',
    ].join('\n');
    expect(decodeFailures(parsePantherLog(text), 'x')).toEqual([
      expect.objectContaining({ cause: 'appx-not-provisioned', package: 'Microsoft.Copilot_1.25012.97.0_x64__8wekyb3d8bbwe', code: '0x80073cf2' }),
    ]);
  });

  it('warnings and info lines are not failures', () => {
    const text = [banner('2024-05-15 18:52:45'), '2024-05-15 18:52:45, Warning               SYSPRP WinMain: File operations pending'].join('\n');
    expect(decodeFailures(parsePantherLog(text), 'x')).toEqual([]);
  });
});

describe('readPantherLogs on a volume', () => {
  it.each<[string, (s: string) => string | Buffer, 'utf-8' | 'utf-16le' | 'utf-16be']>([
    ['UTF-16LE with BOM', (s) => utf16le(s), 'utf-16le'],
    ['UTF-16LE without BOM', (s) => utf16le(s, false), 'utf-16le'],
    ['UTF-16BE with BOM', (s) => utf16be(s), 'utf-16be'],
    ['UTF-8 with BOM', (s) => utf8bom(s), 'utf-8'],
    ['UTF-8', (s) => s, 'utf-8'],
  ])('KB 2769827 cascade in %s → exactly one AppX failure naming the package', (_n, encode, encoding) => {
    const vol = volumeWith({ [`${SP}/setupact.log`]: encode(APPX_SETUPACT), [`${SP}/setuperr.log`]: encode(APPX_CASCADE + '\r\n') });
    const facts = readPantherLogs(vol);
    expect(facts.lastRunFailed).toBe(true);
    expect(facts.failures).toHaveLength(1);
    expect(facts.failures[0]).toMatchObject({ cause: 'appx-not-provisioned', package: ZUNE, file: `${SP_SHOWN}\\setuperr.log`, lineNumber: 1 });
    expect(facts.logs).toEqual([
      { path: `${SP_SHOWN}\\setupact.log`, encoding, lines: APPX_SETUPACT.split('\r\n').length },
      { path: `${SP_SHOWN}\\setuperr.log`, encoding, lines: 10 },
    ]);
  });

  it('rearm-limit log', () => {
    const vol = volumeWith({ [`${SP}/setuperr.log`]: REARM });
    const facts = readPantherLogs(vol);
    expect(facts.lastRunFailed).toBe(true);
    expect(facts.failures.map((f) => f.cause)).toEqual(['rearm-limit']);
  });

  it('0x0f0073 log', () => {
    const facts = readPantherLogs(volumeWith({ [`${SP}/setuperr.log`]: utf16le(INVALID_STATE) }));
    expect(facts.failures).toEqual([expect.objectContaining({ cause: 'invalid-state', line: expect.stringContaining('[0x0f0073]') })]);
  });

  it('errors of earlier runs do not count when setupact.log shows a later, clean run', () => {
    const act = [banner('2011-03-02 14:04:50'), banner('2011-03-03 09:00:00'), '2011-03-03 09:01:00, Info       [0x0f0052] SYSPRP Shutting down SysPrep log'].join('\r\n');
    const facts = readPantherLogs(volumeWith({ [`${SP}/setupact.log`]: act, [`${SP}/setuperr.log`]: REARM }));
    expect(facts.lastRunFailed).toBe(false);
    expect(facts.failures).toEqual([]);
    expect(facts.evidence.find((e) => e.source === 'file' && e.path.endsWith('setuperr.log'))).toMatchObject({
      detail: expect.stringContaining('3 Error line(s) of earlier runs not counted'),
    });
  });

  it('errors of the last run count, earlier ones do not', () => {
    const err = [REARM, APPX_CASCADE].join('\r\n');
    const facts = readPantherLogs(volumeWith({ [`${SP}/setupact.log`]: APPX_SETUPACT, [`${SP}/setuperr.log`]: err }));
    expect(facts.lastRunFailed).toBe(true);
    expect(facts.failures.map((f) => f.cause)).toEqual(['appx-not-provisioned']);
  });

  it('no Sysprep logs → lastRunFailed unknown', () => {
    const facts = readPantherLogs(volumeWith({ 'Windows/System32/Sysprep/sysprep.exe': 'MZ' }));
    expect(facts).toMatchObject({ lastRunFailed: null, failures: [], logs: [] });
    expect(facts.evidence).toEqual([expect.objectContaining({ path: `${SP_SHOWN}\\setuperr.log`, detail: expect.stringContaining('not present') })]);
  });

  it('empty setuperr.log → the last run logged no error', () => {
    const facts = readPantherLogs(volumeWith({ [`${SP}/setuperr.log`]: '' }));
    expect(facts.lastRunFailed).toBe(false);
  });

  it('setupact.log alone is used when setuperr.log is gone', () => {
    const facts = readPantherLogs(volumeWith({ [`${SP}/setupact.log`]: APPX_SETUPACT }));
    expect(facts.lastRunFailed).toBe(true);
    expect(facts.failures).toEqual([expect.objectContaining({ package: ZUNE, file: `${SP_SHOWN}\\setupact.log` })]);
  });

  it('%WINDIR%\\Panther logs are listed; only their SYSPRP Error lines are decoded (once for both files)', () => {
    const setupLog = [
      '2023-07-21 08:00:01, Info                  CONX   Windows Setup started',
      '2023-07-21 08:00:02, Error      [0x08038d] MIG    Failure while calling IDiscovery->Gather. Error: 0x80070005',
      "2023-07-21 08:00:05, Error      [0x0f0082] SYSPRP LaunchDll:Failure occurred while executing 'C:\\Windows\\system32\\capisp.dll,CryptoSysPrep_Specialize', returned error code 5",
    ].join('\r\n');
    const vol = volumeWith({ 'WINDOWS/panther/SetupAct.log': setupLog, 'WINDOWS/panther/SetupErr.log': setupLog.split('\r\n').slice(1).join('\r\n') });
    const facts = readPantherLogs(vol, 'WINDOWS');
    expect(facts.lastRunFailed).toBeNull();
    expect(facts.logs.map((l) => l.path)).toEqual(['WINDOWS\\panther\\SetupAct.log', 'WINDOWS\\panther\\SetupErr.log']);
    expect(facts.failures).toEqual([expect.objectContaining({ cause: 'dll-failure', dll: 'capisp.dll, CryptoSysPrep_Specialize', file: 'WINDOWS\\panther\\SetupErr.log' })]);
  });

  it('a log larger than the cap is read from its tail (the last run is at the end)', () => {
    const filler = Array.from({ length: 400 }, (_, i) => `2023-07-20 10:00:${String(i % 60).padStart(2, '0')}, Info                  SYSPRP filler line ${i}`).join('\r\n');
    const err = utf16le([REARM, filler, APPX_CASCADE].join('\r\n'));
    const facts = readPantherLogs(volumeWith({ [`${SP}/setuperr.log`]: err }), 'Windows', { maxBytes: 4097 });
    expect(facts.failures.map((f) => f.cause)).toEqual(['appx-not-provisioned']);
    expect(facts.failures[0].package).toBe(ZUNE);
    expect(facts.evidence.some((e) => e.source === 'file' && /only the last 4097 bytes/.test(e.detail ?? ''))).toBe(true);
  });

  it.each<[string, Buffer | string, boolean]>([
    ['binary garbage', garbage(20000, 7), false],
    ['NUL bytes', Buffer.alloc(5000), false],
    ['one odd byte', Buffer.from([0xff]), false],
    ['BOM only', Buffer.from([0xff, 0xfe]), false],
    ['line without newline', '2023-07-20 10:12:30, Error', true],
  ])('odd input (%s) → no throw, every log listed, an Error line only where there is one', (_n, content, failed) => {
    const vol = volumeWith({ [`${SP}/setuperr.log`]: content, [`${SP}/setupact.log`]: content, 'Windows/Panther/setupact.log': content });
    let facts: ReturnType<typeof readPantherLogs> | undefined;
    expect(() => (facts = readPantherLogs(vol))).not.toThrow();
    expect(facts!.logs.map((l) => l.path).sort()).toEqual(
      ['Windows\\Panther\\setupact.log', 'Windows\\System32\\Sysprep\\Panther\\setupact.log', 'Windows\\System32\\Sysprep\\Panther\\setuperr.log'],
    );
    if (failed) {
      // The Error line without a trailing newline still counts: the last run failed, cause undecoded.
      expect(facts!.lastRunFailed).toBe(true);
      expect(facts!.failures).toEqual([
        expect.objectContaining({ cause: 'other', line: '2023-07-20 10:12:30, Error', file: 'Windows\\System32\\Sysprep\\Panther\\setuperr.log', lineNumber: 1 }),
      ]);
    } else {
      // Noise is never read as a failure.
      expect(facts!.lastRunFailed).not.toBe(true);
      expect(facts!.failures).toEqual([]);
    }
  });
});
