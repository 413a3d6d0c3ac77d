// From the volumes a technician named (or the machine's drive letters) to installations and unreadable
// volumes. A folder that is itself a Windows directory (D:\Windows) is taken as its volume's installation.
import { realpathSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type { InstallationFacts, UnreadableVolume } from './facts';
import { bcdStoresOn } from './boot-disks';
import { inspectInstallation } from './installation';
import { findInstallations, looksLikeWindowsDir } from './locate';
import { VolumeFs } from './volume-fs';
import { classifyVolumeArgument } from './volume-state';

export interface ScanResult {
  scannedVolumes: string[];
  installations: InstallationFacts[];
  unreadable: UnreadableVolume[];
  /** Volumes that were readable folders but hold no Windows installation. */
  withoutWindows: string[];
  /** BCD stores found on the readable volumes (an EFI system partition, a BIOS system partition). */
  bcdStores: { volume: string; path: string; label: string }[];
}

export interface ScanOptions {
  platform?: NodeJS.Platform;
  /**
   * The volumes were not named by the technician but found on the machine (every drive letter): then a
   * volume that is unreadable for a reason other than BitLocker (an empty card reader or DVD drive) is
   * passed over like a volume without Windows, instead of becoming a finding.
   */
  discovered?: boolean;
  /** Raw device for a volume root (Windows: \\.\C:), to read its boot sector for the BitLocker state. */
  rawDeviceOf?: (volume: string) => string | null;
}

export function scanVolumes(volumes: string[], options: ScanOptions = {}): ScanResult {
  const result: ScanResult = { scannedVolumes: [], installations: [], unreadable: [], withoutWindows: [], bcdStores: [] };
  // The same installation named twice (D:\ and D:\Windows, or through a link) is inspected once:
  // otherwise it would be flagged as its own clone.
  const inspected = new Set<string>();
  for (const given of volumes) {
    result.scannedVolumes.push(given);
    const arg = classifyVolumeArgument(given, options.platform);
    if (arg.kind === 'unreadable') {
      if (options.discovered && arg.volume.reason !== 'bitlocker-locked') result.withoutWindows.push(given);
      else result.unreadable.push(arg.volume);
      continue;
    }
    let vol = new VolumeFs(arg.root);
    let label = given;
    for (const store of bcdStoresOn(vol, given))
      if (!result.bcdStores.some((s) => s.path === store.path)) result.bcdStores.push({ volume: given, ...store });
    let locations = findInstallations(vol);
    if (locations.length === 0 && looksLikeWindowsDir(vol)) {
      // The technician named the Windows directory itself: inspect it from its volume.
      const parent = dirname(resolve(arg.root));
      vol = new VolumeFs(parent);
      label = parent;
      locations = [{ windowsDir: basename(resolve(arg.root)) }];
    }
    if (locations.length === 0) {
      result.withoutWindows.push(given);
      continue;
    }
    const rawDevice = options.rawDeviceOf?.(given) ?? null;
    for (const loc of locations) {
      const key = identity(vol.resolve(loc.windowsDir) ?? join(vol.root, loc.windowsDir), options.platform ?? process.platform);
      if (inspected.has(key)) continue;
      inspected.add(key);
      result.installations.push(inspectInstallation(vol, label, loc.windowsDir, { rawDevice }));
    }
  }
  return result;
}

function identity(dir: string, platform: NodeJS.Platform): string {
  let real = dir;
  try {
    real = realpathSync.native(dir);
  } catch {
    // keep the path as given
  }
  return platform === 'win32' ? real.toLowerCase() : real;
}
