import { expect, it } from 'vitest';
import { una001 } from '../../src/checks/una001-answer-file-secrets';
import { una002 } from '../../src/checks/una002-persist-device-installs';
import { una003 } from '../../src/checks/una003-answer-file-skiprearm';
import { una004 } from '../../src/checks/una004-answer-file-unparsable';
import { una005 } from '../../src/checks/una005-answer-file-reseal';
import type { AnswerFileFact } from '../../src/windows/facts';
import { NOT_GENERALIZED, baseFacts, facts } from './fixtures';
import { checkTable } from './tester';

const cached = baseFacts().unattend.files[0];
const withFile = (patch: Partial<AnswerFileFact>, volume = 'C:') => facts({ volume, unattend: { files: [{ ...cached, ...patch }] } });

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
          remedy: ['del "C:\\Windows\\Panther\\unattend.xml"'],
        },
      ],
    },
    {
      name: 'a Windows mount-point folder is filled in, not a placeholder',
      input: withFile({ clearTextSecrets: [{ element: 'ProductKey', pass: 'specialize', component: null }] }, 'D:\\mnt\\ref'),
      findings: [{ severity: 'warn', remedy: ['del "D:\\mnt\\ref\\Windows\\Panther\\unattend.xml"'] }],
    },
    {
      name: 'not a drive letter: placeholder',
      input: withFile(
        { clearTextSecrets: [{ element: 'Identification/Credentials/Password', pass: 'specialize', component: null }] },
        '/mnt/c',
      ),
      findings: [{ severity: 'warn', remedy: ['del "<volume>\\Windows\\Panther\\unattend.xml"'] }],
    },
  ],
});

it('UNA001 never prints a secret (facts hold none, and the finding only names elements)', () => {
  const found = una001.run(withFile({ clearTextSecrets: [{ element: 'AutoLogon/Password/Value', pass: 'oobeSystem', component: null }] }));
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
          severity: 'block',
          message: ["Expected closing tag 'settings' (line 40)", 'every deployed machine stops on it at specialize'],
          remedy: ['notepad "C:\\Windows\\Panther\\unattend.xml"'],
        },
      ],
    },
    {
      name: 'broken cached file, not generalized: warn',
      input: facts(NOT_GENERALIZED, { unattend: { files: [{ ...cached, parseError: 'empty file' }] } }),
      findings: [{ severity: 'warn', message: ['empty file', 'would use after Sysprep'] }],
    },
    {
      name: 'broken file outranked by a parsed cached one: info',
      input: facts({
        unattend: {
          files: [
            cached,
            {
              ...cached,
              path: 'Windows\\System32\\Sysprep\\unattend.xml',
              precedence: 6,
              location: '%WINDIR%\\System32\\Sysprep',
              parseError: 'empty file',
            },
          ],
        },
      }),
      findings: [{ severity: 'info', message: ['better precedence'] }],
    },
    {
      name: 'a Windows folder named like a command: the path is double-quoted for cmd',
      input: facts({
        windowsDir: 'Windows & calc.exe & rem',
        unattend: { files: [{ ...cached, path: 'Windows & calc.exe & rem\\Panther\\unattend.xml', parseError: 'empty file' }] },
      }),
      findings: [{ severity: 'block', remedy: ['notepad "C:\\Windows & calc.exe & rem\\Panther\\unattend.xml"'] }],
    },
    {
      name: 'a path cmd cannot quote (%): no command, a warning',
      input: withFile({ path: 'Windows\\Panther\\%COMSPEC%.xml', parseError: 'empty file' }),
      findings: [{ severity: 'block', remedy: ['cannot quote safely'], notRemedy: ['notepad'] }],
    },
  ],
});

/** A file whose Reseal is in `pass` configures that pass (as the extractor reports it). */
const reseal = (resealMode: string, resealForceShutdownNow: boolean | null, patch: Partial<AnswerFileFact> = {}) =>
  withFile({ resealMode, resealForceShutdownNow, passes: [...new Set([...cached.passes, /\((\w+)\)/.exec(resealMode)![1]])], ...patch });
const SYSPREP_FOLDER = {
  path: 'Windows\\System32\\Sysprep\\unattend.xml',
  precedence: 6,
  location: 'Sysprep folder (%WINDIR%\\System32\\Sysprep)',
};
/** The cached file (oobeSystem configured, no Reseal) and a Sysprep-folder file with the given Reseal. */
const outranked = (resealMode: string, force: boolean | null) =>
  facts({
    unattend: { files: [cached, { ...cached, ...SYSPREP_FOLDER, resealMode, resealForceShutdownNow: force, passes: ['oobeSystem'] }] },
  });

checkTable(una005, {
  valid: [
    { name: 'no Reseal', input: facts() },
    { name: 'Reseal OOBE in auditSystem (leaving audit mode)', input: reseal('OOBE (auditSystem)', null) },
    { name: 'Reseal OOBE in oobeSystem without ForceShutdownNow', input: reseal('OOBE (oobeSystem)', false) },
    {
      name: 'Sysprep-folder file outranked at oobeSystem by the cached file that configures oobeSystem',
      input: outranked('OOBE (oobeSystem)', true),
    },
  ],
  invalid: [
    {
      name: 'cached Reseal Mode=Audit in oobeSystem: every clone boots to audit mode',
      input: reseal('Audit (oobeSystem)', null),
      findings: [
        {
          severity: 'warn',
          message: ['Mode=Audit (oobeSystem)', 'audit mode', 'built-in Administrator'],
          remedy: ['del "C:\\Windows\\Panther\\unattend.xml"'],
        },
      ],
    },
    {
      name: 'Mode=OOBE with ForceShutdownNow=true in oobeSystem: reboot loop, fixed offline (exact remedy)',
      input: reseal('OOBE (oobeSystem)', true),
      findings: [
        {
          severity: 'block',
          message: ['sets Reseal Mode=OOBE (oobeSystem), ForceShutdownNow=true: an unsupported combination', 'reboot loop'],
          remedy: [
            'Fix the file offline, from WinPE',
            'notepad "C:\\Windows\\Panther\\unattend.xml"',
            'oobeSystem pass',
            'del "C:\\Windows\\Panther\\unattend.xml"',
          ],
          notRemedy: ['generalize again'],
        },
      ],
    },
    {
      name: 'Sysprep-folder file, nothing ranks higher at oobeSystem: Setup uses it (READY before)',
      input: facts({
        unattend: {
          files: [
            { ...cached, passes: ['specialize'] },
            { ...cached, ...SYSPREP_FOLDER, resealMode: 'OOBE (oobeSystem)', resealForceShutdownNow: true, passes: ['oobeSystem'] },
          ],
        },
      }),
      findings: [
        {
          severity: 'block',
          message: ['Windows\\System32\\Sysprep\\unattend.xml (Sysprep folder', 'reboot loop'],
          remedy: ['notepad "C:\\Windows\\System32\\Sysprep\\unattend.xml"'],
        },
      ],
    },
    {
      name: 'Mode=Audit with ForceShutdownNow=true in auditSystem: reboot loop',
      input: reseal('Audit (auditSystem)', true),
      findings: [{ severity: 'block', message: ['reboot loop'] }],
    },
  ],
});
