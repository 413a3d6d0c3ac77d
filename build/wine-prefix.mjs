// A wine prefix for running Windows builds of preflight: made in a temporary folder, set to Windows 10
// (Node 22's node.exe needs it under wine 8), stripped of wine's `z:` drive (the whole Linux file system) so
// a program sees only the drive letters mapped for it, and served by one persistent wineserver. Used by the
// exe tests (test/support/wine-setup.ts) and `npm run bench` (build/bench-exe.mjs).
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function wineEnv(prefix) {
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

function run(cmd, args, env, what) {
  const r = spawnSync(cmd, args, { env, stdio: 'ignore', timeout: 300_000 });
  if (r.status !== 0) throw new Error(`wine prefix: ${what} failed (${r.error?.message ?? `exit ${r.status}`})`);
}

/** A new prefix with its persistent wineserver running; `{ prefix, env }`. */
export function makeWinePrefix(label) {
  const prefix = mkdtempSync(join(tmpdir(), `preflight-${label}-`));
  const env = wineEnv(prefix);
  run('wineboot', ['--init'], env, 'wineboot --init');
  // What `winecfg -v win10` sets, without a window.
  run('wine', ['reg', 'add', 'HKCU\\Software\\Wine', '/v', 'Version', '/d', 'win10', '/f'], env, 'setting Windows 10 mode');
  unlinkSync(join(prefix, 'dosdevices', 'z:'));
  // The server wineboot started must be gone (it lingers a few seconds) before ours takes the prefix.
  run('wineserver', ['--wait'], env, 'waiting for the first wineserver to end');
  // One persistent server: each `wine` call attaches to it instead of starting its own.
  spawn('wineserver', ['--persistent', '--foreground'], { env, stdio: 'ignore', detached: true }).unref();
  return { prefix, env };
}

/** Stops that prefix's wineserver (by its prefix) and removes the prefix. */
export function removeWinePrefix(prefix) {
  const env = wineEnv(prefix);
  spawnSync('wineserver', ['--kill'], { env, stdio: 'ignore', timeout: 60_000 });
  spawnSync('wineserver', ['--wait'], { env, stdio: 'ignore', timeout: 60_000 });
  rmSync(prefix, { recursive: true, force: true });
}
