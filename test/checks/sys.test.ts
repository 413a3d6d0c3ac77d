import { sys001 } from '../../src/checks/sys001-sysprep-failed';
import { sys002 } from '../../src/checks/sys002-sysprep-run-limit';
import { sys003 } from '../../src/checks/sys003-skiprearm-registry';
import type { SysprepFailure } from '../../src/windows/facts';
import { describe, expect, it } from 'vitest';
import { runChecks } from '../../src/checks/registry';
import { COPILOT, MACHINE_SID, NOT_GENERALIZED, UNKNOWN_STATE, facts } from './fixtures';
import { checkTable } from './tester';

const ERR = 'Windows\\System32\\Sysprep\\Panther\\setuperr.log';

const appxFailure: SysprepFailure = {
  cause: 'appx-not-provisioned',
  summary: 'An AppX package is installed for a user but not provisioned for all users',
  package: COPILOT,
  dll: 'AppxSysprep.dll, SysprepGeneralizeValidate',
  code: '0x80073cf2',
  line: `2025-03-14 10:22:31, Error SYSPRP Package ${COPILOT} was installed for a user, but not provisioned for all users. This package will not function properly in the sysprep image.`,
  file: ERR,
  lineNumber: 12,
};

const invalidState: SysprepFailure = {
  cause: 'invalid-state',
  summary: 'Sysprep found the machine in an invalid state',
  package: null,
  dll: null,
  code: 'dwRet = 31',
  line: "2025-03-14 10:22:31, Error [0x0f0073] SYSPRP RunExternalDlls:Not running DLLs; either the machine is in an invalid state or we couldn't update the recorded state, dwRet = 31",
  file: ERR,
  lineNumber: 3,
};

const pendingOps: SysprepFailure = {
  cause: 'pending-operations',
  summary: 'Sysprep could not query pending CBS operations',
  package: null,
  dll: 'spopk.dll, Sysprep_Clean_Validate_Opk',
  code: '0x0f00b0',
  line: '2025-03-14 10:22:31, Error [0x0f00b0] SYSPRP spopk.dll:: Failed to query pending CBS operations',
  file: ERR,
  lineNumber: 7,
};

const failed = (...failures: SysprepFailure[]) => ({ panther: { lastRunFailed: true, failures } }) as const;

checkTable(sys001, {
  valid: [
    { name: 'no failure', input: facts() },
    { name: 'no log at all', input: facts({ panther: { logs: [], lastRunFailed: null, failures: [] } }) },
  ],
  invalid: [
    {
      name: 'AppX failure, not generalized: block, remedy names the package',
      input: facts(NOT_GENERALIZED, failed(appxFailure)),
      findings: [
        {
          severity: 'block',
          message: [COPILOT, 'AppxSysprep.dll', '0x80073cf2', 'line 12'],
          remedy: [`Remove-AppxPackage -Package '${COPILOT}' -AllUsers`, 'sysprep.exe'],
        },
      ],
    },
    {
      name: 'one finding per cause; duplicates of the same cause collapse',
      input: facts(NOT_GENERALIZED, failed(appxFailure, { ...appxFailure, lineNumber: 13 }, invalidState)),
      findings: [
        { severity: 'block', message: [COPILOT, 'line 12'] },
        { severity: 'block', message: ['dwRet = 31', 'line 3'], remedy: ['re-create the image'] },
      ],
    },
    {
      name: 'pending operations: remedy uses the installation drive',
      input: facts(UNKNOWN_STATE, failed(pendingOps)),
      findings: [
        {
          severity: 'block',
          message: ['spopk.dll', 'line 7'],
          remedy: ['Dism /Image:C:\\ /Cleanup-Image /RevertPendingActions'],
        },
      ],
    },
    {
      name: 'generalized anyway: warn',
      input: facts(failed(invalidState)),
      findings: [{ severity: 'warn', message: ['dwRet = 31', 'generalized anyway'] }],
    },
    {
      name: 'errors that were not decoded',
      input: facts(NOT_GENERALIZED, failed()),
      findings: [{ severity: 'block', message: ['Windows\\System32\\Sysprep\\Panther', 'could not be decoded'] }],
    },
    {
      name: 'invalid state: the Panther folders to save are under the installation\'s Windows directory',
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
      findings: [
        { severity: 'warn', message: ['SkipRearm is 1', 'SoftwareProtectionPlatform', 'was probably not reset'] },
      ],
    },
    {
      name: 'SkipRearm=1 before Sysprep',
      input: facts(NOT_GENERALIZED, { sysprepLimit: { skipRearm: 1 } }),
      findings: [
        { severity: 'warn', message: ['next Sysprep run will not reset'], remedy: ['/v SkipRearm /t REG_DWORD /d 0'] },
      ],
    },
  ],
});

describe('one story per state after an AppX failure (issue 7)', () => {
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
