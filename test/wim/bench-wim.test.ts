// `npm run bench` section 7 (build/bench-wim.mjs) bundles the WIM reader into a script of its own and times it
// against wimlib-imagex. That script once stopped at its first hash: the reader loads node:crypto with require()
// for blobs over 64 KiB (src/wim/sha1.ts), and the bundle was an ES module, where require() is refused. The
// bench is not run by the tests (it takes minutes); this runs its section 7 once, on a 256 KiB hive, so that a
// reader the bench cannot run fails here.
import { statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { benchWim } from '../../build/bench-wim.mjs';
import { CORPUS_MISSING, corpusDir, corpusPath } from '../support/corpus';
import { wimlibAvailable } from '../support/wimlib';

const ready = corpusDir() !== null && wimlibAvailable();

describe.skipIf(!ready)(`bench section 7 (WIM decompression)${corpusDir() === null ? `: ${CORPUS_MISSING}` : ''}`, () => {
  it('reads a hive larger than the JavaScript SHA-1 limit from an image of every format and times it', async () => {
    const hive = corpusPath('yarp/tests/BigDataHive');
    // Larger than JS_HASH_LIMIT (64 KiB): the reader hashes it with node:crypto, the require() that failed.
    expect(statSync(hive).size).toBeGreaterThan(64 * 1024);
    const ratios = await benchWim({ hive, runs: 1 });
    expect(Object.keys(ratios ?? {})).toEqual(['none', 'xpress', 'lzx', 'lzms', 'solid']);
    for (const ratio of Object.values(ratios ?? {})) expect(Number.isFinite(ratio) && ratio > 0).toBe(true);
  }, 60_000);
});
