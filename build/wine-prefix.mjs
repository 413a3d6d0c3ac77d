// A wine prefix for running Windows builds of preflight: made in a temporary folder, set to Windows 10
// (Node 22's node.exe needs it under wine 8), stripped of wine's `z:` drive (the whole Linux file system) so
// a program sees only the drive letters mapped for it, and served by one persistent wineserver. Used by the
// exe tests (test/support/wine-setup.ts) and `npm run bench` (build/bench-exe.mjs).
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, unlinkSync } from 'node:fs';
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

// wineboot --init has failed (exit 1) once in a CI run, making one of two prefixes at once while the tests
// loaded both CPUs; it did not fail in repeated tries unloaded. So a failed --init is tried once more on a
// fresh prefix, and a second failure names the end of what wine said. Its output goes to a file, not a pipe:
// the wineserver it starts keeps its descriptors for seconds after it exits.
function initPrefix(prefix, env) {
  const log = `${prefix}.wineboot.log`;
  try {
    for (let attempt = 1; ; attempt++) {
      const fd = openSync(log, 'w');
      let r;
      try {
        r = spawnSync('wineboot', ['--init'], { env, stdio: ['ignore', fd, fd], timeout: 300_000 });
      } finally {
        closeSync(fd);
      }
      if (r.status === 0) return;
      spawnSync('wineserver', ['--kill'], { env, stdio: 'ignore', timeout: 60_000 });
      spawnSync('wineserver', ['--wait'], { env, stdio: 'ignore', timeout: 60_000 });
      if (attempt === 2) {
        const said = readFileSync(log, 'utf8').trim().split('\n').slice(-3).join(' | ');
        throw new Error(`wine prefix: wineboot --init failed twice (${r.error?.message ?? `exit ${r.status}`}): ${said}`);
      }
      rmSync(prefix, { recursive: true, force: true });
      mkdirSync(prefix);
    }
  } finally {
    rmSync(log, { force: true });
  }
}

/** A new prefix with its persistent wineserver running; `{ prefix, env }`. */
export function makeWinePrefix(label) {
  const prefix = mkdtempSync(join(tmpdir(), `preflight-${label}-`));
  const env = wineEnv(prefix);
  try {
    initPrefix(prefix, env);
  } catch (err) {
    rmSync(prefix, { recursive: true, force: true });
    throw err;
  }
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
