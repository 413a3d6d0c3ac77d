// Where reports may be written: never on a volume preflight inspects (read-only contract), and not on
// WinPE's X: RAM disk, which is lost at reboot (DESIGN.md "Logs go to persistent media").
import { realpathSync } from 'node:fs';
import * as nodePath from 'node:path';
import { driveOf } from '../host/volumes';
import { isWinPE } from '../host/winpe';
import { UsageError } from './fail';

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

export interface OutputGuardOptions {
  platform?: NodeJS.Platform;
  env?: Record<string, string | undefined>;
  /** Whether this is WinPE (MiniNT key); asked only for a folder on X: that is not the %SystemRoot% drive. */
  isWinPE?: () => boolean;
}

/** Throws a UsageError when `outDir` lies on one of the inspected volume roots, or on the WinPE RAM disk. */
export function checkOutputDir(outDir: string, inspectedRoots: string[], options: OutputGuardOptions = {}): void {
  const platform = options.platform ?? process.platform;
  const env = options.env ?? process.env;
  const path = platform === 'win32' ? nodePath.win32 : nodePath.posix;
  const native = platform === process.platform;
  const out = realPathOf(outDir, path, native);
  const ci = platform === 'win32';
  for (const root of inspectedRoots) {
    if (inside(out, realPathOf(root, path, native), path, ci)) {
      throw new UsageError(`--out ${outDir} is on the inspected volume ${root}; preflight never writes there (use the stick or another volume)`);
    }
  }
  const systemRoot = env.SystemRoot ?? env.SYSTEMROOT ?? env.windir ?? env.WINDIR;
  // WinPE's RAM disk is X: (domain.md §9); it is the %SystemRoot% drive there, and the MiniNT key says so too.
  if (platform === 'win32' && driveOf(out) === 'X:' && (driveOf(systemRoot) === 'X:' || (options.isWinPE ?? isWinPE)())) {
    throw new UsageError(`--out ${outDir} is on X:, WinPE's RAM disk, which is lost at reboot; write to the stick or the capture destination`);
  }
}
