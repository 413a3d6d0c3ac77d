import { expect, it } from 'vitest';
import { una001 } from '../../src/checks/una001-answer-file-secrets';
import { una002 } from '../../src/checks/una002-persist-device-installs';
import { una003 } from '../../src/checks/una003-answer-file-skiprearm';
import { una004 } from '../../src/checks/una004-answer-file-unparsable';
import type { AnswerFileFact } from '../../src/windows/facts';
import { baseFacts, facts } from './fixtures';
import { checkTable } from './tester';

const cached = baseFacts().unattend.files[0];
const withFile = (patch: Partial<AnswerFileFact>, volume = 'C:') =>
  facts({ volume, unattend: { files: [{ ...cached, ...patch }] } });

const SECRET = 'P@ssw0rd-never-printed';

checkTable(una001, {
  valid: [{ name: 'no secrets', input: facts() }],
  invalid: [
    {
      name: 'administrator password in the cached answer file',
      input: withFile({
        clearTextSecrets: [
          {
            element: 'UserAccounts/AdministratorPassword/Value',
            pass: 'oobeSystem',
            component: 'Microsoft-Windows-Shell-Setup',
          },
          { element: 'ProductKey', pass: 'specialize', component: 'Microsoft-Windows-Shell-Setup' },
        ],
      }),
      findings: [
        {
          severity: 'warn',
          message: ['Windows\\Panther\\unattend.xml', '2 clear-text secrets', 'AdministratorPassword', 'oobeSystem'],
          remedy: ['del C:\\Windows\\Panther\\unattend.xml'],
        },
      ],
    },
    {
      name: 'not a drive letter: placeholder',
      input: withFile(
        { clearTextSecrets: [{ element: 'Identification/Credentials/Password', pass: 'specialize', component: null }] },
        '/mnt/c',
      ),
      findings: [{ severity: 'warn', remedy: ['del <volume>\\Windows\\Panther\\unattend.xml'] }],
    },
  ],
});

it('UNA001 never prints a secret (facts hold none, and the finding only names elements)', () => {
  const found = una001.run(
    withFile({ clearTextSecrets: [{ element: 'AutoLogon/Password/Value', pass: 'oobeSystem', component: null }] }),
  );
  expect(JSON.stringify(found)).not.toContain(SECRET);
  expect(found[0].message).toContain('AutoLogon/Password/Value');
});

checkTable(una002, {
  valid: [
    { name: 'false', input: facts() },
    { name: 'not set', input: withFile({ persistAllDeviceInstalls: null }) },
  ],
  invalid: [
    {
      name: 'true',
      input: withFile({ persistAllDeviceInstalls: true }),
      findings: [{ severity: 'warn', message: ['PersistAllDeviceInstalls=true', 'Windows\\Panther\\unattend.xml'] }],
    },
  ],
});

checkTable(una003, {
  valid: [
    { name: 'SkipRearm 0', input: facts() },
    { name: 'no answer file', input: facts({ unattend: { files: [] } }) },
  ],
  invalid: [
    {
      name: 'SkipRearm 1 in Sysprep\\unattend.xml',
      input: withFile({
        path: 'Windows\\System32\\Sysprep\\unattend.xml',
        precedence: 6,
        location: '%WINDIR%\\System32\\Sysprep',
        skipRearm: 1,
      }),
      findings: [{ severity: 'warn', message: ['SkipRearm=1', 'Windows\\System32\\Sysprep\\unattend.xml'] }],
    },
  ],
});

checkTable(una004, {
  valid: [{ name: 'parsed', input: facts() }],
  invalid: [
    {
      name: 'broken XML',
      input: withFile({
        parseError: "Expected closing tag 'settings' (line 40)",
        passes: [],
        persistAllDeviceInstalls: null,
        skipRearm: null,
      }),
      findings: [
        {
          severity: 'info',
          message: ["Expected closing tag 'settings' (line 40)"],
          remedy: ['notepad C:\\Windows\\Panther\\unattend.xml'],
        },
      ],
    },
  ],
});
