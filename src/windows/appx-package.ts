// AppX package identities: Name_Version_Architecture_ResourceId_PublisherId (domain.md §3.6).
import type { PackageId } from './facts';

export function parsePackageFullName(fullName: string): PackageId | null {
  const parts = fullName.split('_');
  if (parts.length !== 5 || !parts[0] || !/^\d+(\.\d+){0,3}$/.test(parts[1]) || !parts[4]) return null;
  const [name, version, architecture, resourceId, publisherId] = parts;
  return { fullName, name, version, architecture, resourceId, publisherId, family: `${name}_${publisherId}` };
}

/** Compares dotted versions numerically (1.10 > 1.9). */
export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d < 0 ? -1 : 1;
  }
  return 0;
}

// Sysprep's AppX provider ignores framework and resource packages (domain.md §3.2–3.4). The offline
// registry does not record the framework flag, so frameworks are recognised by their well-known names
// (an UNCONFIRMED heuristic: a framework missing here shows up as a finding, never hides one).
const FRAMEWORK_NAMES = [
  /^Microsoft\.VCLibs\./i,
  /^Microsoft\.NET\.Native\.(Framework|Runtime)\./i,
  /^Microsoft\.NET\.CoreRuntime\./i,
  /^Microsoft\.UI\.Xaml\./i,
  /^Microsoft\.WindowsAppRuntime\./i,
  /^Microsoft\.Services\.Store\.Engagement$/i,
  /^Microsoft\.Advertising\.Xaml$/i,
  /^Microsoft\.DirectXRuntime$/i,
  /^Microsoft\.WinJS\./i,
];

export function isFramework(id: PackageId): boolean {
  return FRAMEWORK_NAMES.some((re) => re.test(id.name));
}

/** Resource packs carry a resource id (e.g. split.scale-125, split.language-de); bundles carry "~". */
export function isResourcePackage(id: PackageId): boolean {
  return id.resourceId !== '' && id.resourceId !== '~';
}

/** PublisherId of Windows system apps (domain.md §3.6); Microsoft Store apps carry 8wekyb3d8bbwe. */
export const WINDOWS_SYSTEM_PUBLISHER_ID = 'cw5n1h2txyewy';

/**
 * A Windows system app (publisher id cw5n1h2txyewy): registered for each user by Windows itself, mostly
 * NonRemovable; the offline heuristic skips them (domain.md §3.4, UNCONFIRMED).
 */
export function isWindowsSystemApp(id: PackageId): boolean {
  return id.publisherId.toLowerCase() === WINDOWS_SYSTEM_PUBLISHER_ID;
}
