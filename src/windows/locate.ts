// Finding Windows installations on a mounted volume.
//
// An installation is a directory directly under the volume root that holds `System32\config\SYSTEM`
// (the SYSTEM hive: domain.md §1.3, §10.1). Only the root's direct children are examined — no deep scan —
// so `Windows`, `WINDOWS`, `WINNT` or any other name a setup chose are found, and `Windows.old\Windows`
// is not (it is not a bootable installation). Names are returned as spelled on disk.

import { VolumeFs } from './volume-fs';

export interface InstallationLocation {
  /** Volume-relative Windows directory as found on disk, e.g. "Windows" or "WINNT". */
  windowsDir: string;
}

const HIVE_UNDER_WINDIR = 'System32\\config\\SYSTEM';

function asVolume(root: string | VolumeFs): VolumeFs {
  return typeof root === 'string' ? new VolumeFs(root) : root;
}

/** Installations directly under the volume root; "Windows" (any case) first, then by name. */
export function findInstallations(root: string | VolumeFs): InstallationLocation[] {
  const vol = asVolume(root);
  const children = vol.list('') ?? [];
  const found: InstallationLocation[] = [];
  for (const name of children) {
    if (!vol.isDirectory(name)) continue;
    // Any entry named SYSTEM counts: a SYSTEM that is a directory, FIFO or device is an installation whose
    // hive cannot be read (HIV002 says so), not "no Windows installation found".
    if (vol.exists(`${name}\\${HIVE_UNDER_WINDIR}`)) found.push({ windowsDir: name });
  }
  const rank = (n: string) => (n.toUpperCase() === 'WINDOWS' ? 0 : 1);
  return found.sort(
    (a, b) => rank(a.windowsDir) - rank(b.windowsDir) || (a.windowsDir < b.windowsDir ? -1 : a.windowsDir > b.windowsDir ? 1 : 0),
  );
}

/**
 * The folder itself is a Windows directory (it holds System32\config\SYSTEM). Lets the CLI tell a
 * technician who passed `D:\Windows` to pass `D:\` instead.
 */
export function looksLikeWindowsDir(root: string | VolumeFs): boolean {
  return asVolume(root).exists(HIVE_UNDER_WINDIR);
}
