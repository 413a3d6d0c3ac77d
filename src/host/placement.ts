// Where a path really lies, by real path and by device and inode (a bind mount or second mount of a
// volume has another name for the same files): on one of the volumes preflight reads, or on WinPE's X: RAM
// disk. `check --out` and `capture --image` both stay off the volumes they read (read-only contract) and
// off the RAM disk, which is lost at reboot (DESIGN.md "Logs go to persistent media").
import { realpathSync, statSync } from 'node:fs';
import * as nodePath from 'node:path';
import { driveOf } from './volumes';
import { isWinPE } from './winpe';

type PathApi = typeof nodePath.posix;

/**
 * The real path of `p`, resolving symlinks of the part that exists (the rest may not be created yet).
 * Links are only resolved on the platform we run on; a Windows path checked elsewhere (tests) is resolved lexically.
 */
function realPathOf(p: string, path: PathApi, native: boolean): string {
  const abs = path.resolve(p);
  if (!native) return abs;
  try {
    return realpathSync.native(abs);
  } catch {
    const parent = path.dirname(abs);
    return parent === abs ? abs : path.join(realPathOf(parent, path, native), path.basename(abs));
  }
}

function inside(child: string, parent: string, path: PathApi, caseInsensitive: boolean): boolean {
  const c = caseInsensitive ? child.toLowerCase() : child;
  const p = caseInsensitive ? parent.toLowerCase() : parent;
  const withSep = p.endsWith(path.sep) ? p : p + path.sep;
  return c === p || c.startsWith(withSep);
}

/** "dev:ino" of `p`, or null when it does not exist. */
function fileId(p: string): string | null {
  try {
    const st = statSync(p, { bigint: true });
    return `${st.dev}:${st.ino}`;
  } catch {
    return null;
  }
}

const deviceOf = (id: string) => id.slice(0, id.indexOf(':'));

/** The file ids of `p` and of every folder above it that exists: the folders a write to `p` goes through. */
function idsUp(p: string, path: PathApi): string[] {
  const ids: string[] = [];
  for (let dir = path.resolve(p); ; dir = path.dirname(dir)) {
    const id = fileId(dir);
    if (id !== null) ids.push(id);
    if (path.dirname(dir) === dir) return ids;
  }
}

/**
 * Whether `target` lies on `root` by device and inode rather than by name: a bind mount or a second
 * mount of the root (or a link the real path missed) passes through a folder that *is* the root; and when
 * the root is a volume's mount point (its device differs from its parent's), anything on that device is
 * on the volume, whichever mount it is reached through.
 */
function onSameFiles(target: string, root: string, path: PathApi): boolean {
  const rootId = fileId(root);
  if (rootId === null) return false;
  const ids = idsUp(target, path);
  if (ids.includes(rootId)) return true;
  // Not on Windows: there the device number is the volume serial, which two volumes can share (a cloned
  // disk; every drive wine maps to one Linux file system); a drive letter is its own volume by name.
  if (process.platform === 'win32') return false;
  const parent = path.dirname(path.resolve(root));
  const parentId = parent === path.resolve(root) ? null : fileId(parent);
  const isMountPoint = parentId === null || deviceOf(parentId) !== deviceOf(rootId);
  return isMountPoint && ids.length > 0 && deviceOf(ids[0]) === deviceOf(rootId);
}

export interface PlacementOptions {
  platform?: NodeJS.Platform;
  env?: Record<string, string | undefined>;
  /** Whether this is WinPE (MiniNT key); asked only for a path on X: that is not the %SystemRoot% drive. */
  isWinPE?: () => boolean;
}

export interface GuardedPlacement {
  /** The inspected root the path lies on, or null. */
  onVolume: string | null;
  /** True when the path is on X:, WinPE's RAM disk, which is lost at reboot. */
  onRamDisk: boolean;
}

/** Where `target` lies by real path: on one of `inspectedRoots`, and/or on WinPE's RAM disk. Shared by
 * `check --out` and `capture --image`, which must both stay off the volumes they read. */
export function placementOf(target: string, inspectedRoots: string[], options: PlacementOptions = {}): GuardedPlacement {
  const platform = options.platform ?? process.platform;
  const env = options.env ?? process.env;
  const path = platform === 'win32' ? nodePath.win32 : nodePath.posix;
  const native = platform === process.platform;
  const out = realPathOf(target, path, native);
  const ci = platform === 'win32';
  const onVolume =
    inspectedRoots.find((root) => inside(out, realPathOf(root, path, native), path, ci) || (native && onSameFiles(out, root, path))) ??
    null;
  const systemRoot = env.SystemRoot ?? env.SYSTEMROOT ?? env.windir ?? env.WINDIR;
  // WinPE's RAM disk is X: (domain.md §9); it is the %SystemRoot% drive there, and the MiniNT key says so too.
  const onRamDisk = platform === 'win32' && driveOf(out) === 'X:' && (driveOf(systemRoot) === 'X:' || (options.isWinPE ?? isWinPE)());
  return { onVolume, onRamDisk };
}
