// build/wine-prefix.mjs makes the wine prefixes of the exe tests, of the executable's code cache (build/sea.mjs)
// and of the bench. `wineboot --init` once failed (exit 1) in a CI run that made two prefixes at once on a
// loaded machine, which left the executable without its code cache. A failed --init is tried once more on a
// fresh prefix; a second failure is an error that says what wine printed, and leaves no prefix behind. A
// `wineboot` ahead of wine's on PATH fails on purpose here.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { makeWinePrefix, removeWinePrefix } from '../../build/wine-prefix.mjs';

const wine = inject('wine');
const realWineboot = spawnSync('sh', ['-c', 'command -v wineboot'], { encoding: 'utf8' }).stdout.trim();
const savedPath = process.env.PATH;
const cleanup: string[] = [];

afterEach(() => {
  process.env.PATH = savedPath;
  for (const dir of cleanup.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A folder put first on PATH, holding a `wineboot` that runs the sh script `script(folder)`. */
function shimWineboot(script: (dir: string) => string): string {
  const dir = mkdtempSync(join(tmpdir(), 'preflight-wineboot-shim-'));
  cleanup.push(dir);
  writeFileSync(join(dir, 'wineboot'), `#!/bin/sh\n${script(dir)}\n`);
  chmodSync(join(dir, 'wineboot'), 0o755);
  process.env.PATH = `${dir}:${savedPath}`;
  return dir;
}

const prefixesNamed = (label: string) => readdirSync(tmpdir()).filter((n) => n.startsWith(`preflight-${label}-`));

describe.skipIf(!wine)('makeWinePrefix', { timeout: 600_000 }, () => {
  it('tries wineboot --init once more when it fails, on a fresh prefix', () => {
    const dir = shimWineboot(
      (d) =>
        `if [ ! -e '${d}/failed-once' ]; then : > '${d}/failed-once'; echo 'simulated failure' >&2; exit 1; fi\nexec '${realWineboot}' "$@"`,
    );
    const marker = join(dir, 'failed-once');
    const { prefix } = makeWinePrefix('retry-trial');
    try {
      expect(existsSync(marker)).toBe(true);
      expect(existsSync(join(prefix, 'system.reg'))).toBe(true);
      expect(existsSync(join(prefix, 'dosdevices', 'z:'))).toBe(false);
    } finally {
      removeWinePrefix(prefix);
    }
  });

  it('says what wine printed when wineboot --init fails twice, and leaves no prefix', () => {
    shimWineboot(() => "echo 'wine: could not load kernel32.dll, status c0000135' >&2; exit 1");
    expect(() => makeWinePrefix('failing-trial')).toThrow(
      /^wine prefix: wineboot --init failed twice \(exit 1\): wine: could not load kernel32\.dll, status c0000135$/,
    );
    expect(prefixesNamed('failing-trial')).toEqual([]);
  });
});
