/**
 * wimlib-imagex (Debian's wimtools) as the oracle for the WIM reader: it writes the test images, and its
 * `dir`, `info --xml` and `extract` say what they hold.
 */
import { execFileSync, spawnSync } from 'node:child_process';

let found: boolean | undefined;

export const WIMLIB_MISSING = 'wimlib-imagex is required (PREFLIGHT_REQUIRE_CORPUS is set) but cannot be run: install wimtools';

/** Whether tests needing wimlib may run; where PREFLIGHT_REQUIRE_CORPUS is set (CI) a missing wimlib fails. */
export function wimlibUsable(isFound: boolean, env: NodeJS.ProcessEnv = process.env): boolean {
  if (!isFound && env.PREFLIGHT_REQUIRE_CORPUS) throw new Error(WIMLIB_MISSING);
  return isFound;
}

export function wimlibAvailable(): boolean {
  found ??= spawnSync('wimlib-imagex', ['--version'], { stdio: 'ignore' }).status === 0;
  return wimlibUsable(found);
}

export function wimlib(args: string[]): Buffer {
  return execFileSync('wimlib-imagex', args, { maxBuffer: 1 << 28, stdio: ['ignore', 'pipe', 'pipe'] });
}

/** `wimlib-imagex dir` of one image: paths with forward slashes, "/" first. */
export function wimlibDir(wim: string, index: number): string[] {
  return wimlib(['dir', wim, String(index)])
    .toString('utf8')
    .split('\n')
    .filter((l) => l.length > 0);
}
