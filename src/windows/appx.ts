// AppX state from SOFTWARE\Microsoft\Windows\CurrentVersion\Appx\AppxAllUserStore (domain.md §3.4):
// which per-user packages Sysprep /generalize is expected to fail on (installed for a user but not
// provisioned, deprovisioned but still installed, or newer than the provisioned copy). That is KB 2769827's
// rule applied offline, not AppxSysprep.dll's exact algorithm (UNCONFIRMED).
import type { AppxFacts, AppxProblem, Evidence, ProfileFacts } from './facts';
import { regEvidence, type InstallationHives } from './hives';
import { compareVersions, isFramework, isResourcePackage, isWindowsSystemApp, parsePackageFullName } from './appx-package';

/** Below the SOFTWARE hive root (domain.md §3.4). */
export const APPX_STORE_KEY = 'Microsoft\\Windows\\CurrentVersion\\Appx\\AppxAllUserStore';
const USER_SID = /^S-1-5-21-\d+-\d+-\d+-\d+$/i;

export function readAppx(hives: InstallationHives, profiles: ProfileFacts): AppxFacts {
  const evidence: Evidence[] = [];
  const empty: AppxFacts = {
    storePresent: false,
    provisioned: [],
    inbox: [],
    deprovisioned: [],
    staged: [],
    userSids: [],
    orphanSids: [],
    problems: [],
    evidence,
  };
  const sw = hives.SOFTWARE;
  const store = sw?.hive.key(APPX_STORE_KEY);
  if (!sw || !store) return empty;

  const names = (sub: string) =>
    store
      .subkey(sub)
      ?.subkeys()
      .map((k) => k.name) ?? [];
  const provisioned = names('Applications');
  const inbox = names('InboxApplications');
  const deprovisioned = names('Deprovisioned');
  const staged = (store.subkey('Staged')?.subkeys() ?? []).flatMap((fam) => {
    const inner = fam.subkeys().map((k) => k.name);
    return inner.length > 0 ? inner : [fam.name];
  });

  // Newest provisioned version per family (Applications + InboxApplications).
  const provisionedVersion = new Map<string, string>();
  for (const full of [...provisioned, ...inbox]) {
    const id = parsePackageFullName(full);
    if (!id) continue;
    const key = id.family.toLowerCase();
    const had = provisionedVersion.get(key);
    if (!had || compareVersions(id.version, had) > 0) provisionedVersion.set(key, id.version);
  }
  const deprovisionedFamilies = new Set(deprovisioned.map((f) => f.toLowerCase()));
  const provisionedFamilies = new Set(provisioned.flatMap((full) => parsePackageFullName(full)?.family.toLowerCase() ?? []));
  const profileSids = new Set(profiles.profiles.map((p) => p.sid.toUpperCase()));

  const userKeys = store.subkeys().filter((k) => USER_SID.test(k.name));
  const problems: AppxProblem[] = [];
  for (const userKey of userKeys) {
    const sid = userKey.name;
    const userHasProfile = profileSids.has(sid.toUpperCase());
    for (const pkgKey of userKey.subkeys()) {
      const id = parsePackageFullName(pkgKey.name);
      if (!id || isFramework(id) || isResourcePackage(id)) continue;
      const family = id.family.toLowerCase();
      // Windows system apps are registered per user by Windows and skipped like NonRemovable/system
      // packages (domain.md §3.4, UNCONFIRMED) - unless provisioned for all users under Applications:
      // such a package updated by a user is KB 2769827's documented failure whoever the publisher, and
      // MicrosoftWindows.Client.WebExperience (cw5n1h2txyewy) is a reported offender (domain.md §3.6).
      if (isWindowsSystemApp(id) && !provisionedFamilies.has(family)) continue;
      const have = provisionedVersion.get(family) ?? null;
      let reason: AppxProblem['reason'] | null = null;
      if (have === null) reason = deprovisionedFamilies.has(family) ? 'deprovisioned-but-installed' : 'not-provisioned';
      else if (compareVersions(id.version, have) > 0) reason = 'newer-than-provisioned';
      if (!reason) continue;
      problems.push({ sid, package: id.fullName, family: id.family, reason, provisionedVersion: have, userHasProfile });
      evidence.push(regEvidence(sw, `${APPX_STORE_KEY}\\${sid}\\${pkgKey.name}`, undefined, reason));
    }
  }
  const userSids = userKeys.map((k) => k.name);
  const orphanSids = userSids.filter((sid) => !profileSids.has(sid.toUpperCase()));
  for (const sid of orphanSids) evidence.push(regEvidence(sw, `${APPX_STORE_KEY}\\${sid}`, undefined, 'no ProfileList entry for this SID'));
  evidence.unshift(
    regEvidence(sw, APPX_STORE_KEY, undefined, `${provisioned.length} provisioned, ${inbox.length} inbox, ${userSids.length} user SIDs`),
  );
  return { storePresent: true, provisioned, inbox, deprovisioned, staged, userSids, orphanSids, problems, evidence };
}
