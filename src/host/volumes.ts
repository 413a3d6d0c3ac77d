// Which volumes to inspect when the technician names none (domain.md §9): WinPE drive letters change on
// every boot, so try every letter C..Z. Skipped: X: when it is WinPE's own RAM disk (the drive of
// %SystemRoot%, or any X: when the MiniNT key says this is WinPE: "WinPE itself is X:"), and the drive
// preflight itself runs from (the USB stick). Elsewhere there are no drive
// letters to try: the CLI asks for a volume folder.
//
// No side effects at import; everything the function looks at can be injected for tests.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { isWinPE } from './winpe';

export interface VolumeProbe {
  platform: NodeJS.Platform;
  /** Whether a drive root such as "C:\\" exists (a locked BitLocker volume counts as existing). */
  exists: (p: string) => boolean;
  env: Record<string, string | undefined>;
  execPath: string;
  /** Whether this is WinPE (the MiniNT key exists); asked only when an X: drive is not the system drive. */
  isWinPE: () => boolean;
}

export interface VolumeCandidates {
  /** Roots to inspect, e.g. ["C:\\", "D:\\"]. */
  volumes: string[];
  /** Letters that exist but were left out, and why. */
  skipped: { volume: string; reason: string }[];
  /** Why `volumes` is empty by design (not on Windows), else null. */
  reason: string | null;
}

/** "X:" from "X:\\windows" / "x:" / "X:\\"; null when the path has no drive letter. */
export function driveOf(p: string | undefined | null): string | null {
  const m = /^([A-Za-z]):/.exec(p ?? '');
  return m ? `${m[1].toUpperCase()}:` : null;
}

/** "C:" when `p` is a drive root itself ("c:", "C:\\", "C:/"), else null (a folder on it is not). */
export function driveRoot(p: string): string | null {
  return /^[A-Za-z]:[\\/]?$/.test(p.trim()) ? driveOf(p.trim()) : null;
}

/** The raw volume device of a drive (`\\.\C:` for "C:"), whose first sector is its boot sector. */
export function rawVolumeDevice(drive: string): string {
  return `\\\\.\\${drive}`;
}

/**
 * The raw device of a volume given as a drive-letter root or a `\\?\Volume{GUID}\` root (Windows only): its boot sector says whether it
 * is BitLocker-encrypted and where it starts on its disk. Null for folders and elsewhere.
 */
export function rawDeviceOf(volume: string, platform: NodeJS.Platform = process.platform): string | null {
  if (platform !== 'win32') return null;
  // `\\?\Volume{…}\` is the volume's root folder; without the last backslash, the volume itself.
  const guidRoot = /^(\\\\\?\\Volume\{[0-9a-f-]{36}\})\\?$/i.exec(volume.trim());
  if (guidRoot) return guidRoot[1];
  const drive = driveRoot(volume);
  return drive ? rawVolumeDevice(drive) : null;
}

export function candidateVolumes(probe: Partial<VolumeProbe> = {}): VolumeCandidates {
  const platform = probe.platform ?? process.platform;
  if (platform !== 'win32') {
    return {
      volumes: [],
      skipped: [],
      reason: 'drive letters exist only on Windows: pass a volume folder (the mount point of the Windows volume)',
    };
  }
  const exists = probe.exists ?? driveExists;
  const env = probe.env ?? process.env;
  const execPath = probe.execPath ?? process.execPath;
  const systemRoot = env.SystemRoot ?? env.SYSTEMROOT ?? env.windir ?? env.WINDIR;
  // The drive Windows runs from is never offline: in WinPE it is the X: RAM disk; outside WinPE it is
  // the live system, whose hives are in use (and which Sysprep, not an offline check, must deal with).
  const runningDrive = driveOf(systemRoot);
  const ownDrive = driveOf(path.win32.parse(execPath).root);

  const volumes: string[] = [];
  const skipped: VolumeCandidates['skipped'] = [];
  for (let c = 'C'.charCodeAt(0); c <= 'Z'.charCodeAt(0); c++) {
    const drive = `${String.fromCharCode(c)}:`;
    const root = `${drive}\\`;
    if (!exists(root)) continue;
    if (drive === runningDrive) {
      const reason =
        drive === 'X:' ? 'WinPE RAM disk (%SystemRoot% drive)' : 'the running Windows (%SystemRoot% drive), not an offline installation';
      skipped.push({ volume: root, reason });
    } else if (drive === 'X:' && (probe.isWinPE ?? isWinPE)()) {
      skipped.push({ volume: root, reason: 'WinPE RAM disk (X: in WinPE)' });
    } else if (drive === ownDrive) skipped.push({ volume: root, reason: 'the drive preflight runs from' });
    else volumes.push(root);
  }
  return { volumes, skipped, reason: null };
}

/**
 * A drive letter exists unless Windows says there is no such path. A BitLocker-locked volume fails stat
 * with another error (access denied / locked), and must still be looked at: its boot sector says why.
 */
function driveExists(root: string): boolean {
  try {
    fs.statSync(root);
    return true;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return code !== 'ENOENT' && code !== 'ENOTDIR';
  }
}
