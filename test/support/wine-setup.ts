// Global setup of the `exe` test project: one wine prefix and one wineserver for every test of the real
// dist/preflight.exe, stopped (by its prefix) when the run ends.
//
// The prefix is made in a temporary folder, set to Windows 10 (Node 22's node.exe needs it under wine 8),
// and stripped of wine's `z:` drive (the whole Linux file system), so that `check` with no volume sees only
// the drive letters a test maps — as on a PC, where every letter is a real volume.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { EXE, WINE_MISSING, wineEnv, type WineSetup } from './wine-env';

declare module 'vitest' {
  export interface ProvidedContext {
    wine: WineSetup | null;
  }
}

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv, what: string): void {
  const r = spawnSync(cmd, args, { env, stdio: 'ignore', timeout: 300_000 });
  if (r.status !== 0) throw new Error(`wine setup: ${what} failed (${r.error?.message ?? `exit ${r.status}`})`);
}

export default function setup(project: TestProject): (() => void) | void {
  const haveWine = spawnSync('wine', ['--version'], { stdio: 'ignore' }).status === 0;
  if (!haveWine || !existsSync(EXE)) {
    const why = !haveWine ? WINE_MISSING : `${EXE} is missing: run \`npm run build:exe\` (npm test does)`;
    // CI sets this: there the exe tests must run, never skip.
    if (process.env.PREFLIGHT_REQUIRE_WINE) throw new Error(why);
    process.stderr.write(`exe tests skipped: ${why}\n`);
    project.provide('wine', null);
    return;
  }
  const prefix = mkdtempSync(join(tmpdir(), 'preflight-wine-'));
  const env = wineEnv(prefix);
  run('wineboot', ['--init'], env, 'wineboot --init');
  // What `winecfg -v win10` sets, without a window.
  run('wine', ['reg', 'add', 'HKCU\\Software\\Wine', '/v', 'Version', '/d', 'win10', '/f'], env, 'setting Windows 10 mode');
  unlinkSync(join(prefix, 'dosdevices', 'z:'));
  // The server wineboot started must be gone (it lingers a few seconds) before ours takes the prefix.
  run('wineserver', ['--wait'], env, 'waiting for the first wineserver to end');
  // One persistent server for the whole suite: each `wine` call attaches to it instead of starting its own.
  const server = spawn('wineserver', ['--persistent', '--foreground'], { env, stdio: 'ignore', detached: true });
  server.unref();
  project.provide('wine', { prefix });
  return () => {
    spawnSync('wineserver', ['--kill'], { env, stdio: 'ignore', timeout: 60_000 });
    spawnSync('wineserver', ['--wait'], { env, stdio: 'ignore', timeout: 60_000 });
    rmSync(prefix, { recursive: true, force: true });
  };
}
