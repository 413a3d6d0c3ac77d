import { describe, expect, it } from 'vitest';
import { apx001 } from '../../src/checks/apx001-appx-blocks-sysprep';
import { apx002 } from '../../src/checks/apx002-appx-orphan-sids';
import type { AppxProblem } from '../../src/windows/facts';
import {
  CALCULATOR,
  CALCULATOR_PROVISIONED,
  COPILOT,
  NOT_GENERALIZED,
  NOTEPADPP,
  ORPHAN_SID,
  UNKNOWN_STATE,
  USER_SID,
  facts,
} from './fixtures';
import { checkTable } from './tester';

const copilot: AppxProblem = {
  sid: USER_SID,
  package: COPILOT,
  family: 'Microsoft.Copilot_8wekyb3d8bbwe',
  reason: 'not-provisioned',
  provisionedVersion: null,
  userHasProfile: true,
};
const calculator: AppxProblem = {
  sid: USER_SID,
  package: CALCULATOR,
  family: 'Microsoft.WindowsCalculator_8wekyb3d8bbwe',
  reason: 'newer-than-provisioned',
  provisionedVersion: '2021.2311.0.0',
  userHasProfile: true,
};
const notepadpp: AppxProblem = {
  sid: ORPHAN_SID,
  package: NOTEPADPP,
  family: 'NotepadPlusPlus_7njy0v32s6xk6',
  reason: 'not-provisioned',
  provisionedVersion: null,
  userHasProfile: false,
};

const problems = (...list: AppxProblem[]) => ({
  appx: { problems: list, userSids: ['S-1-5-18', ...new Set(list.map((p) => p.sid))] },
});

checkTable(apx001, {
  valid: [
    { name: 'no per-user problems', input: facts() },
    {
      name: 'Windows 7 (no AppX store)',
      input: facts({ appx: { storePresent: false, provisioned: [], inbox: [], userSids: [] } }),
    },
  ],
  invalid: [
    {
      name: 'not generalized: one block per package, remedy per package',
      input: facts(NOT_GENERALIZED, problems(copilot, calculator)),
      findings: [
        {
          severity: 'block',
          message: [COPILOT, USER_SID, 'not provisioned for all users', 'expected to fail', '0x80073cf2', 'KB 2769827'],
          remedy: [
            `Remove-AppxPackage -Package '${COPILOT}' -AllUsers`,
            "Get-AppxPackage -AllUsers -PackageTypeFilter Bundle -Name 'Microsoft.Copilot' | Remove-AppxPackage -AllUsers",
            'sysprep.exe',
          ],
          notRemedy: ['Remove-AppxProvisionedPackage'],
        },
        {
          severity: 'block',
          message: [CALCULATOR, '2021.2311.0.0'],
          remedy: [
            `Remove-AppxPackage -Package '${CALCULATOR}' -AllUsers`,
            `Remove-AppxProvisionedPackage -Online -PackageName '${CALCULATOR_PROVISIONED}'`,
          ],
        },
      ],
    },
    {
      name: 'ImageState UNDEPLOYABLE: rebuild, not "run Sysprep again" (one story with GEN001)',
      input: facts(
        NOT_GENERALIZED,
        { generalization: { imageStateRegistry: 'IMAGE_STATE_UNDEPLOYABLE', imageStateFile: 'IMAGE_STATE_UNDEPLOYABLE' } },
        problems(copilot),
      ),
      findings: [{ severity: 'block', remedy: ['must be rebuilt', 'before Sysprep', 'Remove-AppxPackage'], notRemedy: ['Then run'] }],
    },
    {
      name: 'a package name carrying PowerShell code gets quoted, never run',
      input: facts(NOT_GENERALIZED, problems({ ...copilot, package: "Evil';Start-Process calc.exe;#_1.0.0.0_x64__abc" })),
      findings: [{ severity: 'block', remedy: ["-Package 'Evil'';Start-Process calc.exe;#_1.0.0.0_x64__abc' -AllUsers"] }],
    },
    {
      name: 'a package name with a line break gets no command, only a warning',
      input: facts(NOT_GENERALIZED, problems({ ...copilot, package: 'Evil\nStart-Process calc_1.0.0.0_x64__abc' })),
      findings: [{ severity: 'block', remedy: ['cannot quote safely', 'looks crafted'], notRemedy: ['Remove-AppxPackage'] }],
    },
    {
      name: 'same package for two users: one finding',
      input: facts(NOT_GENERALIZED, problems(copilot, { ...copilot, sid: ORPHAN_SID, userHasProfile: false })),
      findings: [{ severity: 'block', message: [USER_SID, `${ORPHAN_SID} (no profile)`] }],
    },
    {
      name: 'state unknown: warn',
      input: facts(UNKNOWN_STATE, problems(copilot)),
      findings: [{ severity: 'warn', message: [COPILOT] }],
    },
    {
      name: 'already generalized: info for the record',
      input: facts(problems(copilot)),
      findings: [{ severity: 'info', message: [COPILOT, 'for the record'] }],
    },
    {
      name: 'deprovisioned but installed',
      input: facts(NOT_GENERALIZED, problems({ ...calculator, reason: 'deprovisioned-but-installed', provisionedVersion: null })),
      findings: [{ severity: 'block', message: ['Microsoft.WindowsCalculator_8wekyb3d8bbwe', 'deprovisioned'] }],
    },
  ],
});

checkTable(apx002, {
  valid: [
    { name: 'no orphans', input: facts() },
    { name: 'per-user state for a real profile', input: facts(NOT_GENERALIZED, problems(copilot)) },
  ],
  invalid: [
    {
      name: 'orphan SID with a package, not generalized',
      input: facts(NOT_GENERALIZED, problems(notepadpp), { appx: { orphanSids: [ORPHAN_SID] } }),
      findings: [
        {
          severity: 'warn',
          message: [ORPHAN_SID, NOTEPADPP, 'no profile'],
          remedy: [`Remove-AppxPackage -Package '${NOTEPADPP}' -AllUsers`],
          notRemedy: ['<full name>'],
        },
      ],
    },
    {
      name: 'orphan SID in a generalized image: info',
      input: facts({ appx: { orphanSids: [ORPHAN_SID] } }),
      findings: [{ severity: 'info', message: ['1 SID', ORPHAN_SID] }],
    },
  ],
});

describe('APX002 on a shared lab PC: tens of thousands of orphan SIDs', () => {
  it('names the first 20 and counts the rest, in the message and the evidence', () => {
    const sids = Array.from({ length: 50_000 }, (_, i) => `S-1-5-21-1-2-3-${10_000 + i}`);
    const [f] = apx002.run(facts({ appx: { orphanSids: sids } }));
    expect(f.message).toContain(`${sids[0]}, `);
    expect(f.message).toContain(`${sids[19]} and 49980 more.`);
    expect(f.message).not.toContain(sids[20]);
    expect(f.message.length).toBeLessThan(2_000);
    expect(f.evidence.length).toBeLessThanOrEqual(21);
    expect(f.evidence.at(-1)).toMatchObject({ data: '49980 more SIDs without a profile (not listed)' });
  });
});
