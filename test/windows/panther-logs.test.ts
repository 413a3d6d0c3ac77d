// Reading the Panther logs: line shapes, encodings, bounded streaming, which file decides. The fixtures
// follow the line shapes of public sysprep logs (Microsoft KB 2769827, KB 929828, the [0x0f0073] support
// article); the package names and timestamps are written here for the tests. The decoding of real logs
// is tested in sysprep-log.test.ts.
import { afterAll, describe, expect, it } from 'vitest';
import { isErrorLine, parseLogLine, readPantherLogs } from '../../src/windows/panther-logs';
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
    expect(
      parseLogLine('2010-06-21 14:22:54, Info                         capisp.dll::CryptoSysPrep_Specialize: ok', 1).component,
    ).toBeNull();
  });

  it("reads the timestampless shape of Microsoft's articles and the levelless shape of Configuration Manager's viewer", () => {
    const kb = parseLogLine(
      "Error [0x0f0082] SYSPRP LaunchDll: Failure occurred while executing 'C:\\Windows\\System32\\slc.dll, SLReArmWindows', returned error code -1073425657",
      3,
    );
    expect(kb).toMatchObject({ timestamp: null, level: 'Error', messageId: '0x0f0082', component: 'SYSPRP', levelMissing: false });
    expect(isErrorLine(kb)).toBe(true);
    const cm = parseLogLine(
      '02-07-2022 14:24:15.000 SYSPRP 983152 (0xf0070) RunDlls:An error occurred while running registry sysprep DLLs, halting sysprep execution. dwRet = 0x975',
      5,
    );
    expect(cm).toMatchObject({
      timestamp: '2022-02-07 14:24:15',
      level: null,
      levelMissing: true,
      messageId: '0x0f0070',
      component: 'SYSPRP',
    });
    expect(cm.message).toBe('RunDlls:An error occurred while running registry sysprep DLLs, halting sysprep execution. dwRet = 0x975');
    expect(isErrorLine(cm)).toBe(true);
    expect(
      isErrorLine(
        parseLogLine(
          '02-07-2022 15:18:02.000 SYSPRP Entering SysprepGeneralizeValidate (Appx) - validating whether all apps are also provisioned.',
          1,
        ),
      ),
    ).toBe(false);
    // Prose that merely starts with a level word is not a log line.
    expect(parseLogLine('Error: the file was not found', 1)).toMatchObject({ level: null, levelMissing: false });
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
    expect(facts.failures[0]).toMatchObject({
      cause: 'appx-not-provisioned',
      package: ZUNE,
      file: `${SP_SHOWN}\\setuperr.log`,
      lineNumber: 1,
    });
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
    const act = [
      banner('2011-03-02 14:04:50'),
      banner('2011-03-03 09:00:00'),
      '2011-03-03 09:01:00, Info       [0x0f0052] SYSPRP Shutting down SysPrep log',
    ].join('\r\n');
    const facts = readPantherLogs(volumeWith({ [`${SP}/setupact.log`]: act, [`${SP}/setuperr.log`]: REARM }));
    expect(facts.lastRunFailed).toBe(false);
    expect(facts.failures).toEqual([]);
    expect(facts.evidence.find((e) => e.source === 'file' && e.path.endsWith('setuperr.log'))).toMatchObject({
      detail:
        '3 lines, 3 Error line(s) in 2 Sysprep run(s); the last run began 2011-03-03 09:00:00 (banner): 0 Error line(s); 1 earlier run(s) with errors',
    });
    // The earlier run's failure is kept as history, placed in its run by the banner's time.
    expect(facts.history).toEqual([
      expect.objectContaining({ cause: 'rearm-limit', runStart: '2011-03-02 14:04:50', fatal: true, lineNumber: 1 }),
    ]);
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
    expect(facts.evidence).toEqual([
      expect.objectContaining({ path: `${SP_SHOWN}\\setuperr.log`, detail: expect.stringContaining('not present') }),
    ]);
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
    const vol = volumeWith({
      'WINDOWS/panther/SetupAct.log': setupLog,
      'WINDOWS/panther/SetupErr.log': setupLog.split('\r\n').slice(1).join('\r\n'),
    });
    const facts = readPantherLogs(vol, 'WINDOWS');
    expect(facts.lastRunFailed).toBeNull();
    expect(facts.logs.map((l) => l.path)).toEqual(['WINDOWS\\panther\\SetupAct.log', 'WINDOWS\\panther\\SetupErr.log']);
    expect(facts.failures).toEqual([
      expect.objectContaining({
        cause: 'unknown',
        dll: 'capisp.dll, CryptoSysPrep_Specialize',
        code: '0x5',
        codeName: 'ERROR_ACCESS_DENIED',
        file: 'WINDOWS\\panther\\SetupErr.log',
      }),
    ]);
  });

  it('a log larger than the cap is read from its tail (the last run is at the end)', () => {
    const filler = Array.from(
      { length: 400 },
      (_, i) => `2023-07-20 10:00:${String(i % 60).padStart(2, '0')}, Info                  SYSPRP filler line ${i}`,
    ).join('\r\n');
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
    expect(facts!.logs.map((l) => l.path).sort()).toEqual([
      'Windows\\Panther\\setupact.log',
      'Windows\\System32\\Sysprep\\Panther\\setupact.log',
      'Windows\\System32\\Sysprep\\Panther\\setuperr.log',
    ]);
    if (failed) {
      // The Error line without a trailing newline still counts: the last run failed, cause undecoded.
      expect(facts!.lastRunFailed).toBe(true);
      expect(facts!.failures).toEqual([
        expect.objectContaining({
          cause: 'unknown',
          fatal: false,
          code: null,
          line: '2023-07-20 10:12:30, Error',
          file: 'Windows\\System32\\Sysprep\\Panther\\setuperr.log',
          lineNumber: 1,
        }),
      ]);
    } else {
      // Noise is never read as a failure.
      expect(facts!.lastRunFailed).not.toBe(true);
      expect(facts!.failures).toEqual([]);
    }
  });
});
