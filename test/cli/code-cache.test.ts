// dist/preflight.cjs runs the chunks of dist/cli each from the V8 code cache made beside it by
// build/bundle.mjs: this node's V8 (the one that built them) accepts those caches, and a cache that does not
// fit is ignored: the CLI runs the same without them, with damaged ones, or with ones of another script.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Script } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../support/corpus';
import { buildHiveFile, tree, v } from '../../src/sample/hive-builder';

const DIST = join(PROJECT_ROOT, 'dist');
const CHUNKS = readdirSync(join(DIST, 'cli')).filter((n) => n.endsWith('.cjs'));
const tmp = mkdtempSync(join(tmpdir(), 'preflight-code-cache-'));
const hive = join(tmp, 'SOFTWARE');
buildHiveFile(
  hive,
  tree('ROOT', { 'Microsoft\\Windows NT\\CurrentVersion': [v.sz('ProductName', 'Windows 10 Pro'), v.dword('UBR', 2314)] }),
);

/** A copy of dist's loader and chunks with `cache(chunk)` (or none) as each chunk's code cache. */
function distWith(cache: (chunk: string) => Buffer | null): string {
  const dir = mkdtempSync(join(tmp, 'dist-'));
  copyFileSync(join(DIST, 'preflight.cjs'), join(dir, 'preflight.cjs'));
  mkdirSync(join(dir, 'cli'));
  for (const chunk of CHUNKS) {
    copyFileSync(join(DIST, 'cli', chunk), join(dir, 'cli', chunk));
    const data = cache(chunk);
    if (data) writeFileSync(join(dir, 'cli', `${chunk}.v8cache`), data);
  }
  return dir;
}

const realCache = (chunk: string) => readFileSync(join(DIST, 'cli', `${chunk}.v8cache`));

function run(dir: string, args: string[]) {
  const r = spawnSync(process.execPath, [join(dir, 'preflight.cjs'), ...args], {
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('the Linux CLI and its code cache', () => {
  it('V8 of the node that built it accepts the cache of each chunk as the loader compiles it', () => {
    expect(CHUNKS).toContain('main.cjs');
    for (const chunk of CHUNKS) {
      const file = join(DIST, 'cli', chunk);
      const cachedData = realCache(chunk);
      // A chunk is stored wrapped as a function (build/chunks.mjs): the loader compiles its text as it is.
      const text = readFileSync(file, 'latin1');
      expect(text.startsWith('(function (exports, require, module, __filename, __dirname) {'), chunk).toBe(true);
      const script = new Script(text, { filename: file, cachedData });
      expect(script.cachedDataRejected, chunk).toBe(false);
      // The same cache for another text is rejected: the check above can fail.
      expect(new Script(`${text};0`, { filename: file, cachedData }).cachedDataRejected).toBe(true);
    }
  });

  it('runs the same with the cache, without it, with a damaged one and with one of another script', () => {
    const damaged = (chunk: string) => {
      const data = Buffer.from(realCache(chunk));
      data.fill(0x5a, 64, Math.min(4096, data.length));
      return data;
    };
    const other = new Script('globalThis.x = 1;').createCachedData();
    const variants = [() => null, damaged, () => other, () => Buffer.alloc(0)];
    for (const args of [['--version'], ['hive', 'stats', hive], ['hive', 'get', hive, 'Microsoft\\Windows NT\\CurrentVersion', 'UBR']]) {
      const expected = run(distWith(realCache), args);
      expect(expected.status, expected.stderr).toBe(0);
      for (const cache of variants) expect(run(distWith(cache), args)).toEqual(expected);
    }
  });
});
