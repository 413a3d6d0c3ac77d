// dist/preflight.cjs starts the bundle from the V8 code cache made beside it by build/bundle.mjs: this node's
// V8 (the one that built it) accepts that cache, and a cache that does not fit is ignored: the CLI runs the
// same without it, with a damaged one, or with one of another bundle.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import Module from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Script } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../support/corpus';
import { buildHiveFile, tree, v } from '../../src/sample/hive-builder';

const DIST = join(PROJECT_ROOT, 'dist');
const BUNDLE = join(DIST, 'preflight.bundle.cjs');
const tmp = mkdtempSync(join(tmpdir(), 'preflight-code-cache-'));
const hive = join(tmp, 'SOFTWARE');
buildHiveFile(
  hive,
  tree('ROOT', { 'Microsoft\\Windows NT\\CurrentVersion': [v.sz('ProductName', 'Windows 10 Pro'), v.dword('UBR', 2314)] }),
);

/** A copy of dist's loader and bundle with `cache` (or none) as the bundle's code cache. */
function distWith(cache: Buffer | null): string {
  const dir = mkdtempSync(join(tmp, 'dist-'));
  copyFileSync(join(DIST, 'preflight.cjs'), join(dir, 'preflight.cjs'));
  copyFileSync(BUNDLE, join(dir, 'preflight.bundle.cjs'));
  if (cache) writeFileSync(join(dir, 'preflight.bundle.cjs.v8cache'), cache);
  return dir;
}

function run(dir: string, args: string[]) {
  const r = spawnSync(process.execPath, [join(dir, 'preflight.cjs'), ...args], {
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('the Linux CLI and its code cache', () => {
  it('V8 of the node that built it accepts the cache for the bundle as the loader compiles it', () => {
    const cachedData = readFileSync(`${BUNDLE}.v8cache`);
    const script = new Script(Module.wrap(readFileSync(BUNDLE, 'utf8')), { filename: BUNDLE, cachedData });
    expect(script.cachedDataRejected).toBe(false);
    // The same cache for another text is rejected: the check above can fail.
    expect(new Script(Module.wrap(`${readFileSync(BUNDLE, 'utf8')};0`), { filename: BUNDLE, cachedData }).cachedDataRejected).toBe(true);
  });

  it('runs the same with the cache, without it, with a damaged one and with one of another script', () => {
    const real = readFileSync(`${BUNDLE}.v8cache`);
    const damaged = Buffer.from(real);
    damaged.fill(0x5a, 64, 4096);
    const other = new Script('globalThis.x = 1;').createCachedData();
    for (const args of [['--version'], ['hive', 'stats', hive], ['hive', 'get', hive, 'Microsoft\\Windows NT\\CurrentVersion', 'UBR']]) {
      const expected = run(distWith(real), args);
      expect(expected.status, expected.stderr).toBe(0);
      for (const cache of [null, damaged, other, Buffer.alloc(0)]) expect(run(distWith(cache), args)).toEqual(expected);
    }
  });
});
