// Paths as a technician types them in WinPE about the offline installation: the volume's name in a
// command, paths below it and below its Windows directory.
import type { InstallationFacts } from '../windows/facts';
import { driveRoot } from '../host/volumes';

/** Paths below the installation's Windows directory: join them with windowsPath(facts, …). */
export const STATE_INI = 'Setup\\State\\State.ini';
export const SYSPREP_TAG = 'System32\\Sysprep\\Sysprep_succeeded.tag';
export const SYSPREP_PANTHER = 'System32\\Sysprep\\Panther';

/**
 * What a command names the inspected volume by: "C:" for a drive letter, the folder for a Windows mount
 * point made of characters no shell treats specially (e.g. "D:\\mnt\\ref"), else the placeholder "<volume>"
 * (a POSIX mount point means nothing in WinPE, and a folder needing quotes is not pasted unquoted).
 */
export function commandVolume(volume: string): string {
  const drive = driveRoot(volume);
  if (drive !== null) return drive;
  const folder = volume.trim().replace(/\\+$/, '');
  return /^[A-Za-z]:(\\[A-Za-z0-9_.-]+)+$/.test(folder) ? folder : '<volume>';
}

/** A volume-relative path as the technician types it from WinPE, e.g. "C:\Windows\Panther\unattend.xml". */
export function offlinePath(volume: string, relative: string): string {
  const rel = relative.replace(/\//g, '\\').replace(/^\\+/, '');
  return `${commandVolume(volume)}\\${rel}`;
}

/** The volume root as DISM's /Image: wants it, e.g. "C:\". */
export function offlineImageRoot(volume: string): string {
  return `${commandVolume(volume)}\\`;
}

/** The volume-relative Windows directory, without leading or trailing separators. */
export function windowsRel(facts: InstallationFacts): string {
  return facts.windowsDir.replace(/\//g, '\\').replace(/^\\+|\\+$/g, '') || 'Windows';
}

/** A path below the installation's Windows directory, volume-relative: "Windows\Setup\State\State.ini". */
export function windowsPath(facts: InstallationFacts, belowWindows: string): string {
  return `${windowsRel(facts)}\\${belowWindows}`;
}

/** The installation's State.ini, volume-relative, spelled as its Windows directory is on disk. */
export function stateIniPath(facts: InstallationFacts): string {
  return windowsPath(facts, STATE_INI);
}
