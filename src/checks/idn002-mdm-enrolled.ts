// IDN002: the installation is enrolled in MDM (Intune or another provider): clones inherit the enrollment
// (domain.md §14.4).
import type { CheckMeta, InstallationCheck } from './types';
import { RUN_SYSPREP } from './remedy-phrases';
import { finding, matchingEvidence } from './finding';

const meta: CheckMeta = {
  id: 'IDN002',
  severity: 'warn',
  title: 'Enrolled in device management (MDM)',
  remedy:
    'On the reference machine, unenroll it: Settings > Accounts > Access work or school > the account > ' +
    'Disconnect (or retire/delete the device in the Intune admin center and wait until the enrollment is gone), ' +
    `then ${RUN_SYSPREP}. Enroll the deployed machines instead (Autopilot, provisioning package or the user).`,
  get docs() {
    return [
      'An MDM enrollment is a subkey of SOFTWARE `Microsoft\\Enrollments` with a `ProviderID` ("MS DM Server" is',
      'Intune; other providers write their own name), a `UPN`, `EnrollmentState` and `EnrollmentType`, and an',
      'OMA-DM account under `Microsoft\\Provisioning\\OMADM\\Accounts`. Windows 10 and later create Enrollments',
      'entries by themselves on every machine (`Context`, `Status`, a GUID entry without `ProviderID` or `UPN`):',
      'those are not enrollments and are not reported. What each `EnrollmentType` number means is not',
      'documented by Microsoft (practitioners report 6 for a user-driven MDM enrollment), so it is shown, not judged.',
      '',
      'Every deployed machine would carry the same enrollment and device certificate: duplicate or orphaned device',
      'records, policies applied to the wrong object. Warn. Sources: Microsoft "MDM enrollment of Windows',
      'devices" and "Diagnose MDM failures in Windows" (Enrollments registry keys); Microsoft Q&A on imaging',
      'enrolled devices (not a documentation page).',
      'URL: https://learn.microsoft.com/windows/client-management/mdm-enrollment-of-windows-devices',
    ].join('\n');
  },
};

export const idn002: InstallationCheck = {
  meta,
  scope: 'installation',
  run(facts) {
    const d = facts.deviceIdentity;
    const enrollments = d.mdmEnrollments ?? [];
    const accounts = d.omadmAccounts ?? [];
    if (enrollments.length === 0 && accounts.length === 0) return [];
    const listed = enrollments.map((e) => `${e.providerId}${e.upn ? ` for ${e.upn}` : ''} (${e.id})`);
    const what =
      listed.length > 0
        ? `enrolled with ${listed.join(', ')}`
        : `${accounts.length} OMA-DM account(s) (${accounts.join(', ')}), no enrollment entry`;
    return [
      finding(meta, {
        message: `MDM ${what}: every deployed machine would inherit this enrollment.`,
        evidence: matchingEvidence(d.evidence, 'Enrollments', 'OMADM'),
      }),
    ];
  },
};
