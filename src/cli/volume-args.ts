// The volumes a command inspects: the ones named on the command line (a name that does not exist is a
// typo), or, with none named, every drive letter of the machine (src/host/volumes.ts). Shared by `check`
// and `capture --ffu`, which read the same volumes the same way.
import { statSync } from 'node:fs';
import { candidateVolumes } from '../host/volumes';
import { splitImageArguments } from '../windows/image-arguments';
import { InputError, UsageError } from './fail';

export function hostVolumes(): string[] {
  const found = candidateVolumes();
  // Not on Windows: the technician must name a folder (usage). On Windows: no disk to look at (input).
  if (found.reason !== null) throw new UsageError(`${found.reason} (see preflight --help)`);
  if (found.volumes.length === 0) {
    const skipped = found.skipped.map((s) => `${s.volume} ${s.reason}`).join('; ');
    throw new InputError(`no volume to inspect: no drive letter besides ${skipped || 'none'}`);
  }
  return found.volumes;
}

/** A named volume that does not exist at all is a typo, not an unreadable volume (an image file exists). */
export function refuseMissing(volumes: string[]): void {
  for (const v of splitImageArguments(volumes).others) {
    if (/^\\\\[.?]\\/.test(v)) continue; // Windows raw device paths cannot be stat'ed
    try {
      statSync(process.platform === 'win32' && /^[A-Za-z]:$/.test(v) ? `${v}\\` : v);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new InputError(`${v}: no such volume, folder or file`);
    }
  }
}

/** The volumes named (each must exist), or with none named every drive letter of the machine. */
export function volumesToInspect(named: string[] | undefined): { volumes: string[]; discovered: boolean } {
  if (named && named.length > 0) {
    refuseMissing(named);
    return { volumes: named, discovered: false };
  }
  return { volumes: hostVolumes(), discovered: true };
}
