// What the wine test setup (test/support/wine-setup.ts, run outside the test workers) and the tests share.
import { join } from 'node:path';
import { PROJECT_ROOT } from './corpus';

export const EXE = join(PROJECT_ROOT, 'dist', 'preflight.exe');
export const WINE_MISSING = "wine is not installed (Debian's wine and wine64; .ci/run installs them)";

export interface WineSetup {
  prefix: string;
}

export interface WineResult {
  /** The Windows exit code as wine passes it on (its low 8 bits). */
  status: number | null;
  stdout: string;
  stderr: string;
}

/**
 * What a run said, for a failure message: its exit code and the start of its stderr and stdout, so that an
 * exit nobody expected (a rare exit 1 without a word, under load) says at least that much when it comes.
 */
export function ranAs(what: string, r: WineResult): string {
  return `${what}: exit ${r.status}, stderr ${JSON.stringify(r.stderr.slice(0, 600))}, stdout ${JSON.stringify(r.stdout.slice(0, 400))}`;
}

export { wineEnv } from '../../build/wine-prefix.mjs';
