// Shared by the AppX checks: evidence about per-user AppX state (the key is windows/appx's, domain.md §3.4).
import { APPX_STORE_KEY } from '../windows/appx';
import type { AppxFacts, Evidence } from '../windows/facts';
import { parsePackageFullName } from '../windows/appx-package';
import type { InstallationFacts } from '../windows/facts';
import { powershellQuote, suspiciousName } from './shell-quote';
import { cmd } from './remedy-phrases';
import { matchingEvidence } from './finding';

/**
 * What removes one package for every user, as PowerShell steps on the booted reference machine: the package
 * itself; its bundle when it came in one (Remove-AppxPackage -AllUsers acts on the parent package, not on a
 * bundle's member); and the provisioned copy of its family when there is one (a Store-updated app: its
 * provisioned copy is older, Remove-AppxProvisionedPackage -Online takes it out of the image). Names from
 * the disk are single-quoted; a name PowerShell cannot quote gets a warning instead of commands.
 */
export function appxRemovalSteps(facts: InstallationFacts, pkg: string): string {
  const quoted = powershellQuote(pkg);
  if (quoted === null) return `remove the package by hand, no command is given. ${suspiciousName('package name', pkg)}`;
  const id = parsePackageFullName(pkg);
  const steps = [`in elevated PowerShell: ${cmd(`Remove-AppxPackage -Package ${quoted} -AllUsers`)}`];
  const name = id ? powershellQuote(id.name) : null;
  if (name !== null) {
    steps.push(
      'if it was installed as part of a bundle, remove the bundle instead (-AllUsers works on the parent ' +
        `package): ${cmd(`Get-AppxPackage -AllUsers -PackageTypeFilter Bundle -Name ${name} | Remove-AppxPackage -AllUsers`)}`,
    );
  }
  const family = id?.family.toLowerCase();
  const provisioned = facts.appx.provisioned.find((p) => parsePackageFullName(p)?.family.toLowerCase() === family);
  const provisionedQuoted = provisioned === undefined ? null : powershellQuote(provisioned);
  if (provisionedQuoted !== null) {
    steps.push(
      'its family is also provisioned (a Store-updated app): remove the provisioned copy too, ' +
        `${cmd(`Remove-AppxProvisionedPackage -Online -PackageName ${provisionedQuoted}`)}`,
    );
  }
  return steps.join('; ');
}

/**
 * The registry evidence of the AppX facts by the key's last two components (SID\package) and last
 * component (SID), built once per facts object: looking each package up by scanning all evidence would
 * be quadratic on a store with thousands of packages or SIDs.
 */
const indexes = new WeakMap<AppxFacts, Map<string, Evidence[]>>();

function indexOf(appx: AppxFacts): Map<string, Evidence[]> {
  let index = indexes.get(appx);
  if (index) return index;
  index = new Map();
  const add = (k: string, e: Evidence) => {
    const list = index!.get(k);
    if (list) list.push(e);
    else index!.set(k, [e]);
  };
  const prefix = `${APPX_STORE_KEY}\\`.toLowerCase();
  for (const e of appx.evidence) {
    if (e.source !== 'registry' || !e.key.toLowerCase().startsWith(prefix)) continue;
    const parts = e.key.slice(prefix.length).toLowerCase().split('\\');
    if (parts.length === 1) add(parts[0], e);
    if (parts.length === 2) add(`${parts[0]}\\${parts[1]}`, e);
  }
  indexes.set(appx, index);
  return index;
}

/** The facts' evidence about one SID (and package), or the key where it lives when none was recorded. */
export function appxEvidence(appx: AppxFacts, sid: string, pkg?: string): Evidence[] {
  const indexed = indexOf(appx).get(pkg ? `${sid}\\${pkg}`.toLowerCase() : sid.toLowerCase());
  if (indexed) return indexed;
  // Evidence not under the store key (another shape of fact): the old text match, rare and small.
  const found = matchingEvidence(
    appx.evidence.filter((e) => e.source !== 'registry' || !e.key.toLowerCase().startsWith(`${APPX_STORE_KEY}\\`.toLowerCase())),
    pkg ?? sid,
  );
  if (found.length > 0) return found;
  const key = pkg ? `${APPX_STORE_KEY}\\${sid}\\${pkg}` : `${APPX_STORE_KEY}\\${sid}`;
  return [{ source: 'registry', hive: 'SOFTWARE', key }];
}
