// Windows builds of the tests' stand-ins, made the way preflight.exe is made (build/sea.mjs): the stand-in
// script bundled to one CommonJS file and wrapped in the pinned node.exe as a single executable. Used only
// by the exe tests under wine, so that preflight.exe spawns a real Windows program — Windows quoting of
// the argument list, pipes and exit codes exercised for real. Cached by content in .cache/test-standins.
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
  const bundle = join(CACHE, `${name}.cjs`);
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
  const work = mkdtempSync(join(tmpdir(), 'preflight-standin-'));
  try {
    return await windowsExecutable({ runtime, arch: 'x64', blob: seaBlob(runtime, bundle, work), out, work });
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
