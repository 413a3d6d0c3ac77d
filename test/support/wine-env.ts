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

export function wineEnv(prefix: string): NodeJS.ProcessEnv {
  return {
    ...process.env,
    WINEPREFIX: prefix,
    WINEARCH: 'win64',
    WINEDEBUG: '-all',
    // No Mono or Gecko install prompts (nothing can be downloaded here, and preflight needs neither).
    WINEDLLOVERRIDES: 'mscoree,mshtml=',
    NO_COLOR: '1',
  };
}

