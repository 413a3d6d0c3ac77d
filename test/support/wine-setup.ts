// Global setup of the `exe` test project: one wine prefix and one wineserver for every test of the real
// dist/preflight.exe, stopped (by its prefix) when the run ends; and the Windows build of the DISM stand-in.
// Both are minutes of blocking work on a busy machine, done here, before any test worker starts.
//
// The prefix (build/wine-prefix.mjs) has no `z:` drive, so that `check` with no volume sees only the drive
// letters a test maps — as on a PC, where every letter is a real volume.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { TestProject } from 'vitest/node';
import { makeWinePrefix, removeWinePrefix } from '../../build/wine-prefix.mjs';
import { standinExe } from './standin-exe';
import { EXE, WINE_MISSING, type WineSetup } from './wine-env';

declare module 'vitest' {
  export interface ProvidedContext {
    wine: WineSetup | null;
    /** dism-standin.exe (test/support/standin-exe.ts), or null when the exe tests are skipped. */
    dismStandin: string | null;
  }
}

export default async function setup(project: TestProject): Promise<(() => void) | void> {
  const haveWine = spawnSync('wine', ['--version'], { stdio: 'ignore' }).status === 0;
  if (!haveWine || !existsSync(EXE)) {
    const why = !haveWine ? WINE_MISSING : `${EXE} is missing: run \`npm run build:exe\` (npm test does)`;
    // CI sets this: there the exe tests must run, never skip.
    if (process.env.PREFLIGHT_REQUIRE_WINE) throw new Error(why);
    process.stderr.write(`exe tests skipped: ${why}\n`);
    project.provide('wine', null);
    project.provide('dismStandin', null);
    return;
  }
  // One prefix and one persistent wineserver for every exe test, stopped by its prefix at the end.
  const { prefix } = makeWinePrefix('wine');
  project.provide('wine', { prefix });
  project.provide('dismStandin', await standinExe('dism-standin'));
  return () => removeWinePrefix(prefix);
}
