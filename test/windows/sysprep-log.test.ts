// Decoding Sysprep runs: real failed logs from public sources (test/data/panther/README.md), plus the
// parts one by one (codes, providers, runs). Lines written for a test say so where they are.
import { afterAll, describe, expect, it } from 'vitest';
import { MAX_HISTORY, parseLogLine, parsePantherLog, readPantherLogs } from '../../src/windows/panther-logs';
import { VolumeFs } from '../../src/windows/volume-fs';
import { codeInWords, describeCode, extractCodes } from '../../src/windows/sysprep-log/codes';
import { decodeRun } from '../../src/windows/sysprep-log/failures';
import { parseDllFailure, providerOf } from '../../src/windows/sysprep-log/providers';
import { splitRuns } from '../../src/windows/sysprep-log/runs';
import { realLog, volumeWithRealLog } from './real-panther-logs';
import { cleanupVolumes, makeVolume, utf16le } from './temp-volume';

afterAll(cleanupVolumes);

describe('codes: every spelling Sysprep prints, in hex with name and meaning', () => {
  it.each<[string, string, string | null, string]>([
    ['hr = 0x80080005', '0x80080005', 'CO_E_SERVER_EXEC_FAILURE', 'server execution failed: a COM server did not start or answer'],
    ['dwRet = 0x5', '0x5', 'ERROR_ACCESS_DENIED', 'access is denied'],
    ['hr = 0x80070005', '0x80070005', 'HRESULT_FROM_WIN32(ERROR_ACCESS_DENIED)', 'access is denied'],
    ['hr=2147749904', '0x80041010', 'WBEM_E_INVALID_CLASS', 'invalid class (WMI)'],
    [
      'Error 0x-2147417850: Failed to re-enable Compat-Gentel custom trigger.',
      '0x80010106',
      'RPC_E_CHANGED_MODE',
      'cannot change the thread mode after it is set (COM)',
    ],
    [
      'returned error code -1073425657',
      '0xc004d307',
      null,
      'the maximum allowed number of rearms has been exceeded (Software Licensing, KB 929828)',
    ],
    ['dwRet = 0x3cf2', '0x3cf2', 'ERROR_INSTALL_INVALID_PACKAGE', 'package data is invalid (AppX deployment)'],
    ['hr = 0x80073cf2', '0x80073cf2', 'HRESULT_FROM_WIN32(ERROR_INSTALL_INVALID_PACKAGE)', 'package data is invalid (AppX deployment)'],
    ['hr = 0x80310039', '0x80310039', 'FVE_E_NOT_DECRYPTED', 'the drive must be fully decrypted to complete this operation (BitLocker)'],
    ['hr = 0x800F0975', '0x800f0975', null, 'reserved storage is in use by an update or servicing operation (CBS)'],
    ['dwRet = 31', '0x1f', 'ERROR_GEN_FAILURE', 'a device attached to the system is not functioning'],
    [
      'BiUpdateEfiEntry failed c000000d',
      '0xc000000d',
      'STATUS_INVALID_PARAMETER',
      'an invalid parameter was passed to a service or function (NTSTATUS)',
    ],
    ['returned error code 2[gle=0x00000012]', '0x2', 'ERROR_FILE_NOT_FOUND', 'the system cannot find the file specified'],
    ['dwRet = 0x4d2', '0x4d2', null, 'Win32 error 1234 (not named here)'],
  ])('%s', (text, hex, name, meaning) => {
    const [code] = extractCodes(text);
    expect(describeCode(code)).toEqual({ hex, name, meaning });
  });

  it('[gle=…] and zero are not failures; one spelling is counted once', () => {
    expect(extractCodes('setupdigetclassdevs failed with error 0')).toEqual([]);
    expect(extractCodes('dwRet = 0x2[gle=0x00000006]').map((c) => c.printed)).toEqual(['0x2']);
    expect(extractCodes('hr = 0x80070002 hr = 0x80070002')).toHaveLength(1);
    expect(codeInWords(extractCodes('hr = 0x80070002')[0])).toBe(
      '0x80070002 (HRESULT_FROM_WIN32(ERROR_FILE_NOT_FOUND): the system cannot find the file specified)',
    );
  });
});

describe('providers', () => {
  it.each<[string, string | null]>([
    [
      "ActionPlatform::LaunchModule: Failure occurred while executing 'SysprepGeneralize' from C:\\Windows\\System32\\AppxSysprep.dll; dwRet = 0x3cf2",
      'AppxSysprep.dll, SysprepGeneralize',
    ],
    [
      "LaunchDll:Failure occurred while executing 'C:\\Windows\\System32\\slc.dll,SLReArmWindows', returned error code -1073425657",
      'slc.dll, SLReArmWindows',
    ],
    ["LaunchDll:Failure occurred while executing 'DscCore.dll,SysPrep_Cleanup', returned error code 0x2", 'DscCore.dll, SysPrep_Cleanup'],
    // Written for the test: the from-clause inside the quotes.
    [
      "ActionPlatform::LaunchModule: Failure occurred while executing 'ValidateBitLockerState from C:\\Windows\\System32\\BdeSysprep.dll'. dwRet = 0x80310039",
      'BdeSysprep.dll, ValidateBitLockerState',
    ],
    ['RunExternalDlls:An error occurred', null],
  ])('parseDllFailure(%s)', (msg, dll) => expect(parseDllFailure(msg)).toBe(dll));

  it.each<[string, string | null]>([
    [
      'SysprepSession::ExecuteInternal: Error in executing action for Windows-SenseClient-Service; dwRet = 0x5',
      'Windows-SenseClient-Service',
    ],
    ['spopk.dll:: Failed to query pending CBS operations; hr = 0x80080005', 'spopk.dll'],
    ['MRTGeneralize:98 - ERROR: Failed ConnectServer', 'MRTGeneralize'],
    ['BCD: BiExportBcdObjects failed c000000d', 'BCD'],
    ['setupdigetclassdevs failed with error 0', null],
  ])('providerOf(%s)', (msg, provider) => expect(providerOf(msg)).toBe(provider));
});

describe('runs', () => {
  const errorsOf = (text: string) => parsePantherLog(text).filter((l) => l.level === 'Error');

  it('a banner in setupact.log places setuperr.log lines in their run; a later run without errors is the last', () => {
    // Written for the test: two banners, the first run's error between them.
    const act = parsePantherLog(
      [
        '2024-01-01 10:00:00, Info                  SYSPRP ===          Beginning of a new sysprep run          ===',
        '2024-01-02 10:00:00, Info                  SYSPRP ===          Beginning of a new sysprep run          ===',
      ].join('\n'),
    );
    const err = errorsOf(
      '2024-01-01 10:05:00, Error      [0x0f0070] SYSPRP RunDlls:An error occurred while running registry sysprep DLLs, halting sysprep execution. dwRet = 0x5',
    );
    const runs = splitRuns(err, act, false);
    expect(runs.map((r) => [r.startedBy, r.start, r.errors.length])).toEqual([
      ['banner', '2024-01-01 10:00:00', 1],
      ['banner', '2024-01-02 10:00:00', 0],
    ]);
  });

  it('without banners: a cancelled dialog ends a run, the cascade after a halt stays in it, an hour apart is another run (real logs)', () => {
    expect(
      splitRuns(errorsOf(realLog('applogic-spbcd-after-cancel.setuperr.log')), [], true).map((r) => [
        r.startedBy,
        r.cancelled,
        r.errors.length,
      ]),
    ).toEqual([
      ['start of the log', true, 1],
      ['after the previous run ended', false, 2],
    ]);
    expect(
      splitRuns(errorsOf(realLog('runner-images-7103-mrt-senseguid.setuperr.log')), [], true).map((r) => [
        r.startedBy,
        r.errors.map((l) => l.lineNumber),
      ]),
    ).toEqual([
      ['start of the log', [1]],
      ['time gap', [2]],
      ['time gap', [3, 4, 5]],
    ]);
    expect(splitRuns(errorsOf(realLog('runner-images-9659-senseguid.setuperr.log')), [], true)).toHaveLength(1);
  });

  it('a command line after a run ended starts the next run when its banner was cut off', () => {
    // Written for the test: a halted run, then a run whose banner lies before the kept tail.
    const lines = parsePantherLog(
      [
        '2024-01-01 10:05:00, Error      [0x0f0070] SYSPRP RunDlls:An error occurred while running registry sysprep DLLs, halting sysprep execution. dwRet = 0x5',
        "2024-01-01 10:20:00, Info       [0x0f005f] SYSPRP ParseCommands:Found supported command line option 'GENERALIZE'",
        "2024-01-01 10:20:00, Info       [0x0f005f] SYSPRP ParseCommands:Found supported command line option 'OOBE'",
        "2024-01-01 10:21:00, Error      [0x0f0082] SYSPRP LaunchDll:Failure occurred while executing 'C:\\Windows\\System32\\spbcd.dll,Sysprep_Generalize_Bcd', returned error code 2",
      ].join('\n'),
    );
    const runs = splitRuns(
      lines.filter((l) => l.level === 'Error'),
      lines.filter((l) => l.level === 'Info'),
      true,
    );
    expect(runs.map((r) => [r.startedBy, r.start, r.errors.map((l) => l.lineNumber)])).toEqual([
      ['start of the log', '2024-01-01 10:05:00', [1]],
      ['command line', '2024-01-01 10:20:00', [4]],
    ]);
  });
});

describe('runs in setupact.log alone', () => {
  it('after "Shutting down SysPrep log" an Error line belongs to a new run; many runs stay bounded', () => {
    // Written for the test: 3000 runs, each a banner and one error a day apart, then a clean run.
    const day = (i: number) => new Date(Date.UTC(2020, 0, 1) + i * 86_400_000).toISOString().slice(0, 10);
    const lines: string[] = [];
    for (let i = 0; i < 3000; i++) {
      lines.push(`${day(i)} 10:00:00, Info                  SYSPRP ===          Beginning of a new sysprep run          ===`);
      lines.push(
        `${day(i)} 10:00:05, Error      [0x0f0082] SYSPRP LaunchDll:Failure occurred while executing 'DscCore.dll,SysPrep_Cleanup', returned error code 0x2`,
      );
    }
    lines.push(`${day(3000)} 10:00:00, Info       [0x0f0052] SYSPRP Shutting down SysPrep log`);
    lines.push(`${day(3000)} 11:00:00, Error                 SYSPRP MRTGeneralize:98 - ERROR: Failed ConnectServer`);
    const facts = readPantherLogs(new VolumeFs(makeVolume({ 'Windows/System32/Sysprep/Panther/setupact.log': lines.join('\r\n') })));
    // The last error follows a clean end: a run of its own (not the last DscCore run's), judged as the last run.
    expect(facts.failures).toEqual([expect.objectContaining({ dll: 'MRTGeneralize', lineNumber: 6002, fatal: false })]);
    expect(facts.history).toHaveLength(MAX_HISTORY);
    expect(facts.history[MAX_HISTORY - 1]).toMatchObject({ cause: 'dsc-lcm', runStart: `${day(2999)} 10:00:00`, lineNumber: 6000 });
    expect(facts.evidence[0]).toMatchObject({
      source: 'file',
      detail:
        `6002 lines, 3001 Error line(s) in 3001 Sysprep run(s); the last run began ${day(3000)} 11:00:00 (after the previous run ended): ` +
        `1 Error line(s), none shows where it stopped; 3000 earlier run(s) with errors, the last ${MAX_HISTORY} kept as history`,
    });
  });
});

describe('causes without a real log (single lines written for the tests)', () => {
  const causeOf = (message: string) => {
    const line = parseLogLine(`2024-01-01 10:00:00, Error                 SYSPRP ${message}`, 1);
    return decodeRun({ startedBy: 'start of the log', start: null, errors: [line], cancelled: false }, 'x').failure?.cause;
  };
  it.each<[string, string]>([
    ['BitLocker-Sysprep: BitLocker is on for the OS volume. Turn BitLocker off to run Sysprep. (0x80310039)', 'bitlocker'],
    [
      'spopk.dll:: Sysprep will not run on an upgraded OS. You can only run Sysprep on a custom (clean) install version of Windows.',
      'upgraded-os',
    ],
    ["Sysprep_Clean_Validate_Opk: Audit mode can't be turned on if there is an active scenario.; hr = 0x800f0975", 'reserved-storage'],
    ["Sysprep_Clean_Validate_Opk: Audit mode can't be turned on if there is an active scenario.", 'servicing-pending'],
    ['setupdigetclassdevs failed with error 5', 'unknown'],
  ])('%s → %s', (message, cause) => expect(causeOf(message)).toBe(cause));
});

describe('AppX: every package the run names', () => {
  it('one failure for the run; its words name the other packages, bounded', () => {
    // Written for the test: four more package lines before the KB 2769827 cascade (whose package is a placeholder).
    const extra = ['A', 'B', 'C', 'D'].map(
      (x) =>
        `Error SYSPRP Package Contoso.${x}_1.0.0.0_x64__abcdefghijklm was installed for a user, but not provisioned for all users. This package will not function properly in the sysprep image.`,
    );
    const lines = parsePantherLog([...extra, realLog('kb2769827-appx.setuperr.log')].join('\n'));
    const { failure } = decodeRun(
      { startedBy: 'start of the log', start: null, errors: lines.filter((l) => l.level === 'Error'), cancelled: false },
      'x',
    );
    expect(failure).toMatchObject({ cause: 'appx-not-provisioned', package: 'Contoso.A_1.0.0.0_x64__abcdefghijklm', fatal: true });
    expect(failure!.summary).toBe(
      'the Store (AppX) package Contoso.A_1.0.0.0_x64__abcdefghijklm (the run also names Contoso.B_1.0.0.0_x64__abcdefghijklm, ' +
        'Contoso.C_1.0.0.0_x64__abcdefghijklm, Contoso.D_1.0.0.0_x64__abcdefghijklm and 1 more) is installed for a user but not provisioned ' +
        "for all users, so Sysprep's AppX provider refuses to generalize (Microsoft KB 2769827)",
    );
  });
});

interface Expected {
  cause: string;
  dll: string | null;
  code: string | null;
  codeName: string | null;
  fatal: boolean;
  lineNumber: number;
  /** Earlier runs' failures: [line number, provider]. */
  history: [number, string | null][];
}

const REAL: [string, Expected][] = [
  [
    'gce-156-spopk-cbs-query.setupact.log',
    {
      cause: 'servicing-unqueryable',
      dll: 'spopk.dll, Sysprep_Clean_Validate_Opk',
      code: '0x80080005',
      codeName: 'CO_E_SERVER_EXEC_FAILURE',
      fatal: true,
      lineNumber: 3,
      history: [],
    },
  ],
  [
    'runner-images-9659-senseguid.setuperr.log',
    {
      cause: 'defender-onboarding',
      dll: 'Windows-SenseClient-Service',
      code: '0x80070005',
      codeName: 'HRESULT_FROM_WIN32(ERROR_ACCESS_DENIED)',
      fatal: true,
      lineNumber: 1,
      history: [],
    },
  ],
  [
    'runner-images-7103-mrt-senseguid.setuperr.log',
    {
      cause: 'defender-onboarding',
      dll: null,
      code: '0x5',
      codeName: 'ERROR_ACCESS_DENIED',
      fatal: false,
      lineNumber: 4,
      history: [
        [1, 'MRTGeneralize'],
        [2, 'MRTGeneralize'],
      ],
    },
  ],
  [
    'azure-docs-80346-dsccore.setuperr.log',
    {
      cause: 'dsc-lcm',
      dll: 'DscCore.dll, SysPrep_Cleanup',
      code: '0x80070002',
      codeName: 'HRESULT_FROM_WIN32(ERROR_FILE_NOT_FOUND)',
      fatal: true,
      lineNumber: 1,
      history: [],
    },
  ],
  [
    'azure-docs-43893-mrt-then-dsccore.setuperr.log',
    {
      cause: 'dsc-lcm',
      dll: 'DscCore.dll, SysPrep_Cleanup',
      code: '0x2',
      codeName: 'ERROR_FILE_NOT_FOUND',
      fatal: false,
      lineNumber: 5,
      history: [[3, 'MRTGeneralize']],
    },
  ],
  [
    'azure-docs-49145-dsccore-untimed.setuperr.log',
    {
      cause: 'dsc-lcm',
      dll: 'DscCore.dll, SysPrep_Cleanup',
      code: '0x80070002',
      codeName: 'HRESULT_FROM_WIN32(ERROR_FILE_NOT_FOUND)',
      fatal: true,
      lineNumber: 1,
      history: [],
    },
  ],
  [
    'winget-cli-5599-bcd-firmware.setuperr.log',
    { cause: 'unknown', dll: 'BCD', code: '0xc000000d', codeName: 'STATUS_INVALID_PARAMETER', fatal: false, lineNumber: 1, history: [] },
  ],
  [
    'applogic-spbcd-after-cancel.setuperr.log',
    {
      cause: 'bcd-generalize',
      dll: 'spbcd.dll, Sysprep_Generalize_Bcd',
      code: '0x2',
      codeName: 'ERROR_FILE_NOT_FOUND',
      fatal: true,
      lineNumber: 2,
      history: [],
    },
  ],
  [
    'kb2769827-appx.setuperr.log',
    {
      cause: 'appx-not-provisioned',
      dll: 'AppxSysprep.dll, SysprepGeneralize',
      code: '0x80073cf2',
      codeName: 'HRESULT_FROM_WIN32(ERROR_INSTALL_INVALID_PACKAGE)',
      fatal: true,
      lineNumber: 1,
      history: [],
    },
  ],
  [
    'kb929828-rearm.setuperr.log',
    { cause: 'rearm-limit', dll: 'slc.dll, SLReArmWindows', code: '0xc004d307', codeName: null, fatal: true, lineNumber: 1, history: [] },
  ],
  [
    'kb-fatal-error-invalid-state.setuperr.log',
    { cause: 'invalid-state', dll: null, code: '0x1f', codeName: 'ERROR_GEN_FAILURE', fatal: true, lineNumber: 1, history: [] },
  ],
  [
    'kb4057974-miracastview.setupact.log',
    {
      cause: 'appx-not-provisioned',
      dll: 'AppxSysprep.dll, SysprepGeneralizeValidate',
      code: '0x80073cf2',
      codeName: 'HRESULT_FROM_WIN32(ERROR_INSTALL_INVALID_PACKAGE)',
      fatal: false,
      lineNumber: 1,
      history: [],
    },
  ],
  [
    'configmgr-capture-reserved-storage.setupact.log',
    {
      cause: 'reserved-storage',
      dll: 'spopk.dll, Sysprep_Clean_Validate_Opk',
      code: '0x800f0975',
      codeName: null,
      fatal: true,
      lineNumber: 1,
      history: [],
    },
  ],
  [
    'configmgr-capture-onedrive-appx.setupact.log',
    {
      cause: 'appx-not-provisioned',
      dll: 'AppxSysprep.dll, SysprepGeneralizeValidate',
      code: '0x80073cf2',
      codeName: 'HRESULT_FROM_WIN32(ERROR_INSTALL_INVALID_PACKAGE)',
      fatal: true,
      lineNumber: 2,
      history: [],
    },
  ],
];

describe('real failed logs: one failure for the last run, earlier runs as history', () => {
  it('covers at least ten logs', () => expect(REAL.length).toBeGreaterThanOrEqual(10));

  it.each(REAL)('%s', (name, e) => {
    const facts = readPantherLogs(volumeWithRealLog(name));
    expect(facts.lastRunFailed).toBe(true);
    expect(facts.failures).toHaveLength(1);
    const [f] = facts.failures;
    expect({ cause: f.cause, dll: f.dll, code: f.code, codeName: f.codeName, fatal: f.fatal, lineNumber: f.lineNumber }).toEqual({
      cause: e.cause,
      dll: e.dll,
      code: e.code,
      codeName: e.codeName,
      fatal: e.fatal,
      lineNumber: e.lineNumber,
    });
    expect(f.codeMeaning).not.toMatch(/not named here/);
    expect(f.line).toBe(realLog(name).split('\n')[e.lineNumber - 1].trim());
    expect(facts.history.map((h) => [h.lineNumber, h.dll])).toEqual(e.history);
    expect(facts.history.every((h) => !h.fatal)).toBe(true);
  });

  it('the same decoding from UTF-16LE with CRLF, as Windows writes the files', () => {
    for (const [name, e] of REAL.slice(0, 4)) {
      const facts = readPantherLogs(volumeWithRealLog(name, (s) => utf16le(s.replace(/\n/g, '\r\n'))));
      expect(
        facts.failures.map((f) => [f.cause, f.lineNumber]),
        name,
      ).toEqual([[e.cause, e.lineNumber]]);
    }
  });

  it('the servicing query that failed is not reported as servicing pending', () => {
    const [f] = readPantherLogs(volumeWithRealLog('gce-156-spopk-cbs-query.setupact.log')).failures;
    expect(f.summary).toContain('could not ask the component store (CBS) whether servicing operations are pending');
    expect(f.summary).toContain('The log does not say that anything is pending');
    expect(f.summary).not.toMatch(/operations are pending;|reboot or finish servicing/);
  });

  it('a harmless MRTGeneralize error of an earlier run is history, its HRESULT in hex', () => {
    const facts = readPantherLogs(volumeWithRealLog('azure-docs-43893-mrt-then-dsccore.setuperr.log'));
    expect(facts.history).toEqual([
      expect.objectContaining({
        cause: 'unknown',
        dll: 'MRTGeneralize',
        code: '0x80041010',
        codeName: 'WBEM_E_INVALID_CLASS',
        fatal: false,
      }),
    ]);
    expect(JSON.stringify(facts)).not.toContain('"2147749904"');
  });
});
