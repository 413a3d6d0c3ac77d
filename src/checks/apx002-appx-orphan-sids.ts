// APX002: per-user AppX state for SIDs that have no profile (deleted users; domain.md §3.4, §4.4).
import type { CheckMeta, InstallationCheck } from './types';
import { appxEvidence, appxRemovalSteps } from './appx';
import { APPX_STORE_KEY } from '../windows/appx';
import { cmd } from './remedy-phrases';
import { finding } from './finding';
import { isGeneralized } from './image-state';
import { listTextCapped, plural } from './english';

const meta: CheckMeta = {
  id: 'APX002',
  severity: 'warn',
  title: 'AppX state for users without a profile',
  remedy:
    'On the reference machine, in elevated PowerShell, list who has which package: ' +
    `${cmd('Get-AppxPackage -AllUsers | Format-List PackageFullName,PackageUserInformation')}. Remove each ` +
    `package still installed for a deleted user: ${cmd('Remove-AppxPackage -Package <full name> -AllUsers')}`,
  get docs() {
    return [
      '`AppxAllUserStore\\<SID>` keys whose SID has no `ProfileList` entry: users that were deleted while',
      'their Store apps stayed registered. A common reason for Sysprep\'s "installed for a user, but not',
      'provisioned for all users" failure on images where nobody seems to have installed anything (jbgeek blog,',
      '2022). Warn; info when the image is already generalized.',
      'Source: AppxAllUserStore and ProfileList keys of the SOFTWARE hive.',
    ].join('\n');
  },
};

/** SIDs and packages named in the finding; the rest are counted (50,000 orphan SIDs made a 35 MB report). */
const MAX_LISTED = 20;

export const apx002: InstallationCheck = {
  meta,
  scope: 'installation',
  run(facts) {
    const orphans = facts.appx.orphanSids;
    if (orphans.length === 0) return [];
    const orphanSet = new Set(orphans);
    const packages = [...new Set(facts.appx.problems.filter((p) => orphanSet.has(p.sid)).map((p) => p.package))];
    const pkgText = packages.length > 0 ? ` Packages still installed for them: ${listTextCapped(packages, MAX_LISTED)}.` : '';
    // The package full names are known: the remedy names them (a handful; beyond that the listing command).
    const remedy =
      packages.length > 0 && packages.length <= 5
        ? packages.map((p) => `For ${p}, on the reference machine, ${appxRemovalSteps(facts, p)}.`).join(' ')
        : undefined;
    return [
      finding(meta, {
        severity: isGeneralized(facts) ? 'info' : 'warn',
        message:
          `AppX state exists for ${plural(orphans.length, 'SID')} with no profile in ProfileList: ` +
          `${listTextCapped(orphans, MAX_LISTED)}.${pkgText}`,
        remedy,
        evidence: [
          ...orphans.slice(0, MAX_LISTED).flatMap((sid) => appxEvidence(facts.appx, sid)),
          ...(orphans.length > MAX_LISTED
            ? [
                {
                  source: 'registry' as const,
                  hive: 'SOFTWARE',
                  key: APPX_STORE_KEY,
                  data: `${orphans.length - MAX_LISTED} more SIDs without a profile (not listed)`,
                },
              ]
            : []),
        ],
      }),
    ];
  },
};
