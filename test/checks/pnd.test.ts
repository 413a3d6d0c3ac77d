import { pnd001 } from '../../src/checks/pnd001-pending-operations';
import { NOT_GENERALIZED, UNKNOWN_STATE, facts } from './fixtures';
import { checkTable } from './tester';

checkTable(pnd001, {
  valid: [
    { name: 'nothing pending', input: facts() },
    {
      name: 'hives not read: unknown markers are not pending ones',
      input: facts({
        pending: { cbsRebootPending: null, cbsPackagesPending: null, windowsUpdateRebootRequired: null, pendingFileRenames: null },
      }),
    },
  ],
  invalid: [
    {
      name: 'CBS reboot pending and pending.xml, not generalized',
      input: facts(NOT_GENERALIZED, { pending: { cbsRebootPending: true, pendingXml: true } }),
      findings: [
        {
          severity: 'block',
          message: ['CBS RebootPending', 'WinSxS\\pending.xml', 'Sysprep refuses'],
          remedy: ['shutdown /r /t 0', 'Dism /Image:C:\\ /Cleanup-Image /RevertPendingActions', "never WinPE's own image"],
        },
      ],
    },
    {
      name: 'only file renames, not generalized: Sysprep only logs a warning (info)',
      input: facts(NOT_GENERALIZED, { pending: { pendingFileRenames: 2 } }),
      findings: [{ severity: 'info', message: ['2 PendingFileRenameOperations', 'only logs a warning'] }],
    },
    {
      name: 'CBS pending, state unknown: warn',
      input: facts(UNKNOWN_STATE, { pending: { cbsPackagesPending: true } }),
      findings: [{ severity: 'warn', message: ['CBS PackagesPending'] }],
    },
    {
      name: 'file renames in a generalized image',
      input: facts({ pending: { pendingFileRenames: 3, windowsUpdateRebootRequired: true } }),
      findings: [
        {
          severity: 'warn',
          message: ['3 PendingFileRenameOperations', 'Windows Update RebootRequired', 'every deployed machine'],
        },
      ],
    },
    {
      name: 'packages pending',
      input: facts({ pending: { cbsPackagesPending: true } }),
      findings: [{ severity: 'warn', message: ['CBS PackagesPending'] }],
    },
  ],
});
