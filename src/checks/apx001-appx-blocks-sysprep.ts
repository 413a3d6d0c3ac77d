// APX001: AppX packages that make Sysprep /generalize fail with 0x80073cf2 (domain.md §3).
import type { AppxProblem, InstallationFacts } from '../windows/facts';
import type { CheckMeta, InstallationCheck } from './types';
import { appxEvidence, appxRemovalSteps } from './appx';
import { RUN_SYSPREP, cmd, fixThenSysprep } from './remedy-phrases';
import { finding } from './finding';
import { listText } from './english';
import { severityBeforeSysprep } from './image-state';

const meta: CheckMeta = {
  id: 'APX001',
  severity: 'block',
  title: 'AppX package expected to make Sysprep fail',
  remedy:
    `On the reference machine, in elevated PowerShell, for each package: ${cmd('Remove-AppxPackage -Package <full name> -AllUsers')}. ` +
    `Then ${RUN_SYSPREP}.`,
  get docs() {
    return [
      '`sysprep /generalize` requires every Store app to be provisioned for all users. A package installed for',
      "one user but not provisioned, provisioned at an older version than the user's (Store-updated), or",
      'deprovisioned but still installed makes AppxSysprep.dll fail: "<package> was installed for a user, but not',
      'provisioned for all users" and `0x80073cf2` (KB 2769827).',
      '',
      'Read offline from `HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Appx\\AppxAllUserStore`: per-user',
      '`<SID>\\<PackageFullName>` keys against `Applications`, `InboxApplications` and `Deprovisioned`;',
      'frameworks, resource packs and Windows system apps (publisher id `cw5n1h2txyewy`, registered per user by',
      'Windows) are ignored, except system-publisher packages provisioned under `Applications` (e.g.',
      "`MicrosoftWindows.Client.WebExperience`, a reported offender when Store-updated). This applies Sysprep's",
      "documented rule (KB 2769827) offline; AppxSysprep.dll's exact algorithm is not published (UNCONFIRMED),",
      'so findings say Sysprep is *expected* to fail. One finding per package.',
      '',
      'Severity: block when the image is not generalized (Sysprep still has to run and is expected to fail);',
      'warn when the generalization state is unknown; info when the image is already generalized (Sysprep',
      'accepted it, so the package is reported for the record).',
      '',
      'Remedy: `Remove-AppxPackage -Package <full name> -AllUsers`; for a package that came in a bundle the',
      'bundle (the parent package) is removed, since `-AllUsers` works on the parent; a Store-updated app whose',
      'family is provisioned also needs `Remove-AppxProvisionedPackage -Online -PackageName <provisioned full',
      'name>`. When the image must be rebuilt anyway (ImageState UNDEPLOYABLE or the invalid-state error,',
      'GEN001/SYS001) the remedy says so instead of "run Sysprep again" — one story per state. Names are',
      'single-quoted for PowerShell.',
      'Sources: Microsoft KB 2769827 "Sysprep fails after you remove or update Microsoft Store apps"; "Sysprep (Generalize) a Windows installation".',
    ].join('\n');
  },
};

function why(p: AppxProblem): string {
  switch (p.reason) {
    case 'not-provisioned':
      return 'but not provisioned for all users';
    case 'newer-than-provisioned':
      return `at a newer version than the provisioned copy (${p.provisionedVersion ?? 'unknown'}; Store-updated)`;
    case 'deprovisioned-but-installed':
      return `although its family ${p.family} was deprovisioned`;
  }
}

function users(problems: AppxProblem[]): string {
  const sids = problems.map((p) => (p.userHasProfile ? p.sid : `${p.sid} (no profile)`));
  return sids.length > 3 ? `${sids.length} users` : listText(sids);
}

function consequence(facts: InstallationFacts): string {
  switch (facts.generalization.state) {
    case 'generalized':
      return 'The image is already generalized, so Sysprep accepted it; reported for the record.';
    case 'not-generalized':
      return 'Sysprep /generalize is expected to fail on it (0x80073cf2, the KB 2769827 rule).';
    default:
      return 'If Sysprep still has to run, it is expected to fail on it (0x80073cf2, the KB 2769827 rule).';
  }
}

export const apx001: InstallationCheck = {
  meta,
  scope: 'installation',
  run(facts) {
    const severity = severityBeforeSysprep(facts, 'block', 'warn', 'info');
    const byPackage = new Map<string, AppxProblem[]>();
    for (const p of facts.appx.problems) {
      const list = byPackage.get(p.package);
      if (list) list.push(p);
      else byPackage.set(p.package, [p]);
    }
    return [...byPackage].map(([pkg, problems]) =>
      finding(meta, {
        severity,
        message: `${pkg} is installed for ${users(problems)} ${why(problems[0])}. ${consequence(facts)}`,
        remedy:
          facts.generalization.state === 'generalized'
            ? `If the image is rebuilt, on the reference machine, ${appxRemovalSteps(facts, pkg)}.`
            : fixThenSysprep(facts, appxRemovalSteps(facts, pkg)),
        evidence: problems.flatMap((p) => appxEvidence(facts.appx, p.sid, pkg)),
      }),
    );
  },
};
