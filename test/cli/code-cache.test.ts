// dist/preflight.cjs runs the chunks of dist/cli each from the V8 code cache made beside it by
// build/bundle.mjs: this node's V8 (the one that built them) accepts those caches, and a cache that does not
// fit is ignored: the CLI runs the same without them, with damaged ones, or with ones of another script. The
// loader takes the chunks' texts from dist/cli/chunks.text, one text that node keeps outside V8's heap, and
// reads each chunk's own file when that one is missing or not whole.
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
const TEXTS = join(DIST, 'cli', 'chunks.text');
const tmp = mkdtempSync(join(tmpdir(), 'preflight-code-cache-'));
const hive = join(tmp, 'SOFTWARE');
buildHiveFile(
  hive,
  tree('ROOT', { 'Microsoft\\Windows NT\\CurrentVersion': [v.sz('ProductName', 'Windows 10 Pro'), v.dword('UBR', 2314)] }),
);

/**
 * A copy of dist's loader and chunks with `cache(chunk)` (or none) as each chunk's code cache, and `texts` as
 * chunks.text (dist's own by default; null: none).
 */
function distWith(cache: (chunk: string) => Buffer | null, texts: Buffer | null = readFileSync(TEXTS)): string {
  const dir = mkdtempSync(join(tmp, 'dist-'));
  copyFileSync(join(DIST, 'preflight.cjs'), join(dir, 'preflight.cjs'));
  mkdirSync(join(dir, 'cli'));
  if (texts) writeFileSync(join(dir, 'cli', 'chunks.text'), texts);
  for (const chunk of CHUNKS) {
    copyFileSync(join(DIST, 'cli', chunk), join(dir, 'cli', chunk));
    const data = cache(chunk);
    if (data) writeFileSync(join(dir, 'cli', `${chunk}.v8cache`), data);
  }
  return dir;
}

const realCache = (chunk: string) => readFileSync(join(DIST, 'cli', `${chunk}.v8cache`));

/** A chunk's cache with 4 KB of it overwritten: the length is right, the CRC-32 is not. */
const damaged = (chunk: string) => {
  const data = Buffer.from(realCache(chunk));
  data.fill(0x5a, 64, Math.min(4096, data.length));
  return data;
};

function run(dir: string, args: string[]) {
  const r = spawnSync(process.execPath, [join(dir, 'preflight.cjs'), ...args], {
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('the Linux CLI and its code cache', () => {
  it("chunks.text holds each chunk's text as its own file does, and node keeps it outside V8's heap", () => {
    const loader = readFileSync(join(DIST, 'preflight.cjs'), 'utf8');
    const at = JSON.parse(/^const TEXTS = (\{.*\});$/m.exec(loader)![1]) as Record<string, [number, number]>;
    expect(Object.keys(at).sort()).toEqual([...CHUNKS].sort());
    const texts = readFileSync(TEXTS);
    for (const chunk of CHUNKS) {
      const [offset, length] = at[chunk];
      expect(texts.subarray(offset, offset + length).equals(readFileSync(join(DIST, 'cli', chunk))), chunk).toBe(true);
    }
    // Read as the loader reads it, the 1 MiB text grows V8's heap by a few KB: an external string. The control:
    // its first 1,000,000 bytes (under node's threshold) in a file of their own are copied into the heap.
    const growth = (file: string) => {
      const r = spawnSync(
        process.execPath,
        [
          '-e',
          `const v8 = require('node:v8'); const used = () => v8.getHeapSpaceStatistics().reduce((n, s) => n + s.space_used_size, 0);
const before = used(); globalThis.kept = require('node:fs').readFileSync(process.argv[1], 'latin1'); const grown = used() - before; process.stdout.write(String(grown));`,
          file,
        ],
        { encoding: 'utf8' },
      );
      return Number(r.stdout);
    };
    const control = join(tmp, 'control.text');
    writeFileSync(control, texts.subarray(0, 1_000_000));
    expect(texts.length).toBeGreaterThanOrEqual(1 << 20);
    expect(growth(control)).toBeGreaterThan(900_000);
    expect(growth(TEXTS)).toBeLessThan(100_000);
  });

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
    const other = new Script('globalThis.x = 1;').createCachedData();
    const variants = [() => null, damaged, () => other, () => Buffer.alloc(0)];
    const texts = readFileSync(TEXTS);
    for (const args of [['--version'], ['hive', 'stats', hive], ['hive', 'get', hive, 'Microsoft\\Windows NT\\CurrentVersion', 'UBR']]) {
      const expected = run(distWith(realCache), args);
      expect(expected.status, expected.stderr).toBe(0);
      for (const cache of variants) expect(run(distWith(cache), args)).toEqual(expected);
      // Without chunks.text, or with one cut short: each chunk's own file, with its cache or without.
      for (const cache of [realCache, () => null]) {
        expect(run(distWith(cache, null), args)).toEqual(expected);
        expect(run(distWith(cache, texts.subarray(0, texts.length - 1)), args)).toEqual(expected);
      }
    }
  });

  // The loader's CRC-32 of the caches comes from node's zlib binding, not node:zlib (whose stream modules cost
  // milliseconds at every start); where deprecation warnings are turned on it takes node:zlib's instead, so
  // process.binding never prints one. Either way a damaged cache is refused and the answers are the same.
  it('checks the caches without loading node:zlib, and without a warning where deprecations are loud', () => {
    const preload = join(tmp, 'builtins.cjs');
    writeFileSync(
      preload,
      "process.on('exit', () => require('fs').writeFileSync(process.env.BUILTINS_OUT, process.moduleLoadList.join('\\n')));\n",
    );
    const args = ['hive', 'get', hive, 'Microsoft\\Windows NT\\CurrentVersion', 'UBR'];
    const expected = run(distWith(realCache), args);
    expect(expected.status, expected.stderr).toBe(0);
    for (const [nodeOptions, zlibLoaded] of [
      ['', false],
      ['--pending-deprecation', true],
    ] as const) {
      for (const cache of [realCache, damaged]) {
        const out = join(tmp, `builtins-${zlibLoaded}.txt`);
        const r = spawnSync(process.execPath, ['-r', preload, join(distWith(cache), 'preflight.cjs'), ...args], {
          encoding: 'utf8',
          env: { ...process.env, NO_COLOR: '1', NODE_OPTIONS: nodeOptions, BUILTINS_OUT: out },
        });
        expect({ status: r.status, stdout: r.stdout, stderr: r.stderr }, nodeOptions).toEqual(expected);
        expect(readFileSync(out, 'utf8').split('\n').includes('NativeModule zlib'), nodeOptions).toBe(zlibLoaded);
      }
    }
  });
});
