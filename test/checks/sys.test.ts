import { sys001 } from '../../src/checks/sys001-sysprep-failed';
import { sys002 } from '../../src/checks/sys002-sysprep-run-limit';
import { sys003 } from '../../src/checks/sys003-skiprearm-registry';
import type { SysprepFailure } from '../../src/windows/facts';
import { describe, expect, it } from 'vitest';
import { runChecks } from '../../src/checks/registry';
import { COPILOT, MACHINE_SID, NOT_GENERALIZED, UNKNOWN_STATE, facts } from './fixtures';
import { checkTable } from './tester';

const ERR = 'Windows\\System32\\Sysprep\\Panther\\setuperr.log';

const base = { provider: null, codeName: null, codeMeaning: null, fatal: true, runStart: null } as const;

const appxFailure: SysprepFailure = {
  ...base,
  cause: 'appx-not-provisioned',
  summary: `the Store (AppX) package ${COPILOT} is installed for a user but not provisioned for all users, so Sysprep's AppX provider refuses to generalize (Microsoft KB 2769827)`,
  package: COPILOT,
  dll: 'AppxSysprep.dll, SysprepGeneralizeValidate',
  provider: 'the AppX provider',
  code: '0x80073cf2',
  codeName: 'HRESULT_FROM_WIN32(ERROR_INSTALL_INVALID_PACKAGE)',
  codeMeaning: 'package data is invalid (AppX deployment)',
  line: `2025-03-14 10:22:31, Error SYSPRP Package ${COPILOT} was installed for a user, but not provisioned for all users. This package will not function properly in the sysprep image.`,
  file: ERR,
  lineNumber: 12,
};

const invalidState: SysprepFailure = {
  ...base,
  cause: 'invalid-state',
  summary: 'Sysprep found the machine in an invalid state',
  package: null,
  dll: null,
  code: '0x1f',
  codeName: 'ERROR_GEN_FAILURE',
  codeMeaning: 'a device attached to the system is not functioning',
  line: "2025-03-14 10:22:31, Error [0x0f0073] SYSPRP RunExternalDlls:Not running DLLs; either the machine is in an invalid state or we couldn't update the recorded state, dwRet = 31",
  file: ERR,
  lineNumber: 3,
};

const pendingOps: SysprepFailure = {
  ...base,
  cause: 'servicing-pending',
  summary: 'a servicing operation is active or pending',
  package: null,
  dll: 'spopk.dll, Sysprep_Clean_Validate_Opk',
  code: null,
  line: "2025-03-14 10:22:31, Error SYSPRP Sysprep_Clean_Validate_Opk: Audit mode can't be turned on if there is an active scenario.",
  file: ERR,
  lineNumber: 7,
};

const mrtHistory: SysprepFailure = {
  ...base,
  cause: 'unknown',
  summary: 'the log names the error but not its cause: cause unknown',
  package: null,
  dll: 'MRTGeneralize',
  code: '0x80041010',
  codeName: 'WBEM_E_INVALID_CLASS',
  codeMeaning: 'invalid class (WMI)',
  fatal: false,
  line: '2019-10-06 14:36:26, Error                 SYSPRP MRTGeneralize:107 - ERROR: Failed DeleteInstance AntiSpywareProduct.instanceGuid="{D68DDC3A-831F-4FAE-9E44-DA132C1ACF46}" hr=2147749904',
  file: ERR,
  lineNumber: 3,
};

const failed = (...failures: SysprepFailure[]) => ({ panther: { lastRunFailed: true, failures } }) as const;

checkTable(sys001, {
  valid: [
    { name: 'no failure', input: facts() },
    { name: 'no log at all', input: facts({ panther: { logs: [], lastRunFailed: null, failures: [], history: [] } }) },
  ],
  invalid: [
    {
      name: 'AppX failure, not generalized: block, remedy names the package',
      input: facts(NOT_GENERALIZED, failed(appxFailure)),
      findings: [
        {
          severity: 'block',
          message: [COPILOT, 'AppxSysprep.dll, SysprepGeneralizeValidate (the AppX provider)', '0x80073cf2', 'line 12'],
          remedy: [`Remove-AppxPackage -Package '${COPILOT}' -AllUsers`, 'sysprep.exe'],
        },
      ],
    },
    {
      name: 'earlier runs are one info finding of history, never a blocking one',
      input: facts(NOT_GENERALIZED, failed(invalidState), { panther: { history: [mrtHistory, { ...mrtHistory, lineNumber: 4 }] } }),
      findings: [
        { severity: 'block', message: ['0x1f ERROR_GEN_FAILURE', 'line 3'], remedy: ['re-create the image'] },
        {
          severity: 'info',
          title: 'Errors of earlier Sysprep runs (history)',
          message: [
            'history, not the state of the image',
            'logged MRTGeneralize 0x80041010 WBEM_E_INVALID_CLASS (cause unknown)',
            'line 3',
            'line 4',
          ],
          remedy: ['Nothing to do'],
        },
      ],
    },
    {
      name: 'history alone (the last run clean) is information',
      input: facts({ panther: { history: [mrtHistory] } }),
      findings: [
        { severity: 'info', title: 'Errors of earlier Sysprep runs (history)', message: ['run with errors at 2019-10-06 14:36:26'] },
      ],
    },
    {
      name: 'pending servicing: remedy uses the installation drive',
      input: facts(UNKNOWN_STATE, failed(pendingOps)),
      findings: [
        {
          severity: 'block',
          message: ['spopk.dll', 'line 7', 'The log gives no error code'],
          remedy: ['Dism /Image:C:\\ /Cleanup-Image /RevertPendingActions'],
        },
      ],
    },
    {
      name: 'generalized anyway: warn',
      input: facts(failed(invalidState)),
      findings: [{ severity: 'warn', message: ['ERROR_GEN_FAILURE', 'generalized anyway'] }],
    },
    {
      name: "invalid state: the Panther folders to save are under the installation's Windows directory",
      input: facts(NOT_GENERALIZED, { windowsDir: 'WINNT', id: 'C:\\WINNT' }, failed(invalidState)),
      findings: [{ severity: 'block', remedy: ['Save WINNT\\Panther and WINNT\\System32\\Sysprep\\Panther'] }],
    },
    {
      name: 'AppX failure together with the invalid-state error: one story - rebuild, then remove the package',
      input: facts(NOT_GENERALIZED, failed(appxFailure, invalidState)),
      findings: [
        { severity: 'block', remedy: ['must be rebuilt', 'Remove-AppxPackage'], notRemedy: ['Then run'] },
        { severity: 'block', remedy: ['re-create the image'] },
      ],
    },
    {
      name: 'placeholder volume in remedies when the volume is not a drive letter',
      input: facts(NOT_GENERALIZED, { volume: '/mnt/win', id: '/mnt/win/Windows' }, failed(pendingOps)),
      findings: [{ severity: 'block', remedy: ['Dism /Image:<volume>\\'] }],
    },
  ],
});

const win7 = {
  os: {
    productName: 'Windows 7 Professional',
    storedProductName: 'Windows 7 Professional',
    family: 'Windows 7',
    build: 7601,
    ubr: 24546,
    displayVersion: null,
  },
  sysprepLimit: { runLimit: 3 },
} as const;

checkTable(sys002, {
  valid: [
    { name: 'Windows 11: limit 1001', input: facts() },
    { name: 'limit unknown', input: facts({ sysprepLimit: { runLimit: null } }) },
  ],
  invalid: [
    {
      name: 'Windows 7',
      input: facts(win7),
      findings: [{ severity: 'info', message: ['Windows 7 Professional', '3 times'] }],
    },
  ],
});

checkTable(sys003, {
  valid: [
    { name: 'not set', input: facts() },
    { name: 'set to 0', input: facts({ sysprepLimit: { skipRearm: 0 } }) },
  ],
  invalid: [
    {
      name: 'SkipRearm=1 on a generalized image',
      input: facts({ sysprepLimit: { skipRearm: 1 } }),
      findings: [{ severity: 'warn', message: ['SkipRearm is 1', 'SoftwareProtectionPlatform', 'was probably not reset'] }],
    },
    {
      name: 'SkipRearm=1 before Sysprep',
      input: facts(NOT_GENERALIZED, { sysprepLimit: { skipRearm: 1 } }),
      findings: [{ severity: 'warn', message: ['next Sysprep run will not reset'], remedy: ['/v SkipRearm /t REG_DWORD /d 0'] }],
    },
  ],
});

describe('one story per state after an AppX failure', () => {
  const remedies = (input: Parameters<typeof runChecks>[0]) =>
    (runChecks(input, []).perInstallation.get(input[0].id) ?? []).filter((f) => ['APX001', 'SYS001', 'GEN001'].includes(f.id));
  const appxProblem = {
    sid: `${MACHINE_SID}-1001`,
    package: COPILOT,
    family: 'Microsoft.Copilot_8wekyb3d8bbwe',
    reason: 'not-provisioned' as const,
    provisionedVersion: null,
    userHasProfile: true,
  };

  it('ImageState UNDEPLOYABLE: GEN001, APX001 and SYS001 all say rebuild; none says to just run Sysprep again', () => {
    const found = remedies([
      facts(
        NOT_GENERALIZED,
        { generalization: { imageStateRegistry: 'IMAGE_STATE_UNDEPLOYABLE', imageStateFile: 'IMAGE_STATE_UNDEPLOYABLE' } },
        failed(appxFailure),
        { appx: { problems: [appxProblem] } },
      ),
    ]);
    expect(found.map((f) => f.id).sort()).toEqual(['APX001', 'GEN001', 'SYS001']);
    for (const f of found) {
      expect(f.remedy, f.id).toMatch(/[Rr]ebuil/);
      expect(f.remedy, f.id).not.toMatch(/Then run/);
    }
  });

  it('ImageState COMPLETE: all three say remove the package and run Sysprep; none says rebuild', () => {
    const found = remedies([facts(NOT_GENERALIZED, failed(appxFailure), { appx: { problems: [appxProblem] } })]);
    expect(found.map((f) => f.id).sort()).toEqual(['APX001', 'GEN001', 'SYS001']);
    for (const f of found) {
      expect(f.remedy, f.id).toContain('sysprep.exe /generalize /oobe /shutdown');
      expect(f.remedy, f.id).not.toMatch(/[Rr]ebuil/);
    }
  });
});
