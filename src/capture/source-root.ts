// What a WIM capture may take as its source: the root of a Windows volume (or the mount point of one),
// read so that the image keeps what Windows needs to boot. Refused before anything is written:
// - a Windows folder (D:\Windows): check reads it from its volume, but an image of the folder itself has
//   \System32 at its root and can never boot;
// - on Linux, a Windows volume mounted with ntfs3, ntfs or ntfs-3g: wimlib's directory capture (UNIX) mode
//   keeps no security descriptors, named streams, short names or Windows attributes. wimlib reads those
//   only in its NTFS volume capture mode, from the unmounted block device (wimlib-imagex-capture(1)), so the
//   refusal gives the exact commands for that.
import * as nodePath from 'node:path';
import { findInstallations, looksLikeWindowsDir } from '../windows/locate';
import { isNtfsMount, type MountEntry } from '../host/mounts';
import { shQuote } from '../checks/shell-quote';
import { PlanRefusal } from './errors';
import { wimlibCaptureArgs } from './engines/wimlib';
import type { CapturePlan } from './types';

/** Refuses a source that is a Windows folder rather than the volume that holds it. */
export function refuseWindowsFolder(given: string, source: string, platform: NodeJS.Platform): void {
  if (findInstallations(source).length > 0 || !looksLikeWindowsDir(source)) return;
  const path = platform === 'win32' ? nodePath.win32 : nodePath.posix;
  const volume = path.dirname(path.resolve(source));
  throw new PlanRefusal(
    `${given} is a Windows folder, not a volume: an image of it would have \\System32 at its root and never boot; ` +
      `capture the volume that holds it: preflight capture ${volume} …`,
  );
}

/** What wimlib's directory capture (UNIX mode) does not keep of a Windows volume. */
export const DIRECTORY_CAPTURE_LOSES = 'no ACLs (security descriptors), named streams, short names or Windows attributes';

/**
 * What a wimlib capture of a folder off Windows keeps, said before it starts (a folder that is no NTFS mount
 * is captured in directory mode: a copy of a volume, a test folder); null for DISM, an FFU or on Windows.
 */
export function directoryCaptureNote(plan: Pick<CapturePlan, 'request'>, platform: NodeJS.Platform): string | null {
  if (plan.request.engine !== 'wimlib' || plan.request.format !== 'wim' || platform === 'win32') return null;
  return `wimlib's directory capture (UNIX mode) keeps ${DIRECTORY_CAPTURE_LOSES}: the image will not deploy as this Windows. Capture the NTFS volume itself: from its block device with wimlib-imagex (NTFS volume capture), or with DISM in WinPE`;
}

/**
 * Refuses a directory capture (wimlib on Linux) of an NTFS mount, with the commands that capture the same
 * volume with its NTFS metadata: unmount it, then let wimlib read the block device.
 */
export function refuseNtfsDirectoryCapture(plan: Omit<CapturePlan, 'command'>, mount: MountEntry | null): void {
  if (plan.request.engine !== 'wimlib' || mount === null || !isNtfsMount(mount)) return;
  const lost = DIRECTORY_CAPTURE_LOSES;
  const what = `${plan.request.source} is an NTFS volume mounted with ${mount.fsType} from ${mount.device}: a directory capture of it keeps ${lost}, so the image would not deploy as Windows`;
  // wimlib's default configuration in NTFS volume capture mode excludes the same paths as preflight's
  // WimScript.ini, which is not written for a refused capture; a --config of the technician's is kept.
  const args = wimlibCaptureArgs({ ...plan, source: mount.device }).filter(
    (a) => plan.request.config !== null || !a.startsWith('--config='),
  );
  const quoted = ['umount', mount.mountPoint].map(shQuote);
  const capture = ['wimlib-imagex', ...args].map(shQuote);
  if (quoted.includes(null) || capture.includes(null))
    throw new PlanRefusal(`${what}; unmount it and capture the device ${mount.device} with wimlib-imagex capture (NTFS volume capture)`);
  throw new PlanRefusal(`${what}; capture the device instead (wimlib's NTFS volume capture): ${quoted.join(' ')} && ${capture.join(' ')}`);
}
