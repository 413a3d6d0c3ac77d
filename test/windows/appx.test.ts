import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openHive } from '../../src/hive';
import { isWindowsSystemApp, parsePackageFullName } from '../../src/windows/appx-package';
import { readAppx } from '../../src/windows/appx';
import type { ProfileFacts } from '../../src/windows/facts';
import type { InstallationHives } from '../../src/windows/hives';
import { buildHiveFile, tree } from '../../src/sample/hive-builder';
import { cleanupVolumes, makeVolume } from './temp-volume';

afterAll(cleanupVolumes);

const STORE = 'Microsoft\\Windows\\CurrentVersion\\Appx\\AppxAllUserStore';
const SID = 'S-1-5-21-1957816478-2793074591-1041990146-1001';
const MS = '8wekyb3d8bbwe';
const SYS = 'cw5n1h2txyewy';

const COPILOT = `Microsoft.Copilot_1.25034.133.0_x64__${MS}`;
const CALC_PROVISIONED = `Microsoft.WindowsCalculator_11.2405.2.0_neutral_~_${MS}`;
const CALC_USER = `Microsoft.WindowsCalculator_11.2405.2.0_x64__${MS}`;
const SHELL_INBOX = `Microsoft.Windows.ShellExperienceHost_10.0.26100.1_neutral_neutral_${SYS}`;
const SHELL_USER = `Microsoft.Windows.ShellExperienceHost_10.0.26100.2314_neutral_neutral_${SYS}`;
const MIRACAST = `Windows.MiracastView_6.3.0.0_neutral_neutral_${SYS}`;
const CBS = `MicrosoftWindows.Client.CBS_1000.26100.1.0_x64__${SYS}`;
const WEBEXP_PROVISIONED = `MicrosoftWindows.Client.WebExperience_424.1301.270.9_neutral_~_${SYS}`;
const WEBEXP_USER = `MicrosoftWindows.Client.WebExperience_525.1301.40.0_x64__${SYS}`;
const VCLIBS = `Microsoft.VCLibs.140.00_14.0.33519.0_x64__${MS}`;

function software(): InstallationHives {
  const entries: Record<string, null> = {};
  for (const full of [CALC_PROVISIONED, WEBEXP_PROVISIONED]) entries[`${STORE}\\Applications\\${full}`] = null;
  entries[`${STORE}\\InboxApplications\\${SHELL_INBOX}`] = null;
  for (const full of [COPILOT, CALC_USER, SHELL_USER, MIRACAST, CBS, WEBEXP_USER, VCLIBS]) entries[`${STORE}\\${SID}\\${full}`] = null;
  const file = path.join(makeVolume({}), 'SOFTWARE');
  buildHiveFile(file, tree('ROOT', entries));
  return {
    SOFTWARE: { hive: openHive(file, { logs: false }), label: 'Windows\\System32\\config\\SOFTWARE' },
    SYSTEM: null,
    SAM: null,
    SECURITY: null,
  };
}

const profiles: ProfileFacts = { profiles: [{ sid: SID, path: 'C:\\Users\\tech', localAccount: true, backup: false }], evidence: [] };

describe('readAppx: per-user problems (domain.md §3.4)', () => {
  const appx = readAppx(software(), profiles);

  it('flags Store apps not provisioned; skips frameworks and provisioned-at-this-version packages', () => {
    expect(appx.storePresent).toBe(true);
    expect(appx.problems.map((p) => [p.package, p.reason])).toContainEqual([COPILOT, 'not-provisioned']);
    expect(appx.problems.map((p) => p.package)).not.toContain(CALC_USER);
    expect(appx.problems.map((p) => p.package)).not.toContain(VCLIBS);
  });

  it('skips Windows system apps (cw5n1h2txyewy): unprovisioned or newer than the inbox copy', () => {
    const names = appx.problems.map((p) => p.package);
    expect(names).not.toContain(MIRACAST);
    expect(names).not.toContain(CBS);
    expect(names).not.toContain(SHELL_USER);
  });

  it('still flags a system-publisher package provisioned for all users and updated by a user', () => {
    expect(appx.problems).toContainEqual(
      expect.objectContaining({ package: WEBEXP_USER, reason: 'newer-than-provisioned', provisionedVersion: '424.1301.270.9' }),
    );
    expect(appx.problems).toHaveLength(2);
  });
});

describe('isWindowsSystemApp (domain.md §3.6)', () => {
  it.each([
    [MIRACAST, true],
    [`Microsoft.AAD.BrokerPlugin_1000.26100.1.0_neutral_neutral_${SYS.toUpperCase()}`, true],
    [COPILOT, false],
    ['NotepadPlusPlus_1.0.0.0_neutral__7njy0v32s6xk6', false],
  ])('%s → %s', (full, expected) => {
    expect(isWindowsSystemApp(parsePackageFullName(full)!)).toBe(expected);
  });
});
