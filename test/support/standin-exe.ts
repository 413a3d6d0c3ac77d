// Windows builds of the tests' stand-ins, made the way preflight.exe is made (build/sea.mjs): the stand-in
// script bundled to one CommonJS file and wrapped in the pinned node.exe as a single executable. Used only
// by the exe tests under wine, so that preflight.exe spawns a real Windows program — Windows quoting of
// the argument list, pipes and exit codes exercised for real. Cached by content in .cache/test-standins.
// Made once per run by the exe project's global setup (test/support/wine-setup.ts), outside the test
// workers: a build is a minute of blocking work on a busy machine, too long for a worker's event loop.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { loadRuntime, seaBlob, windowsExecutable } from '../../build/sea.mjs';
import { PROJECT_ROOT } from './corpus';

const CACHE = join(PROJECT_ROOT, '.cache', 'test-standins');

/** `<name>.exe` for win32-x64 from test/support/<name>.mjs. */
export async function standinExe(name: string): Promise<string> {
  mkdirSync(CACHE, { recursive: true });
  // The bundle in a folder of this run's own: another run from the same checkout may be bundling too.
  const work = mkdtempSync(join(tmpdir(), 'preflight-standin-'));
  try {
    return await make(name, work);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

async function make(name: string, work: string): Promise<string> {
  const bundle = join(work, `${name}.cjs`);
  await build({
    entryPoints: [join(PROJECT_ROOT, 'test', 'support', `${name}.mjs`)],
    outfile: bundle,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node22',
    // The stand-in finds its data through an environment variable here, never through its own URL.
    define: { 'import.meta.url': '"file:///standin/"' },
    logLevel: 'error',
  });
  const runtime = loadRuntime();
  const digest = createHash('sha256')
    .update(readFileSync(bundle))
    .update(readFileSync(runtime.file))
    .update(readFileSync(join(PROJECT_ROOT, 'build', 'sea.mjs')))
    .digest('hex')
    .slice(0, 16);
  const out = join(CACHE, `${name}-${digest}.exe`);
  if (existsSync(out)) return out;
  return windowsExecutable({ runtime, arch: 'x64', blob: seaBlob(runtime, bundle, work), out, work });
}
