// Local profiles from SOFTWARE\Microsoft\Windows NT\CurrentVersion\ProfileList (domain.md §4.4).
import type { Evidence, ProfileFacts } from './facts';
import { regEvidence, type InstallationHives } from './hives';

const PROFILE_LIST = 'Microsoft\\Windows NT\\CurrentVersion\\ProfileList';

export function readProfiles(hives: InstallationHives, machineSid: string | null): ProfileFacts {
  const evidence: Evidence[] = [];
  const sw = hives.SOFTWARE;
  const list = sw?.hive.key(PROFILE_LIST);
  if (!sw || !list) return { profiles: [], evidence };
  evidence.push(regEvidence(sw, PROFILE_LIST, undefined, `${list.declaredSubkeyCount} subkeys`));
  const profiles = list.subkeys().map((key) => {
    const backup = /\.bak$/i.test(key.name);
    const sid = key.name.replace(/\.bak$/i, '');
    return {
      sid,
      path: key.value('ProfileImagePath')?.string() ?? null,
      localAccount: machineSid !== null && sid.toUpperCase().startsWith(`${machineSid.toUpperCase()}-`),
      backup,
    };
  });
  return { profiles, evidence };
}
