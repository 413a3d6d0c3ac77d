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

export { wineEnv } from '../../build/wine-prefix.mjs';
