// The hive reader reads only bytes its source has loaded with `ensure`: the buffer of a hive on disk
// (LazyFileSource) or in a WIM (BlobSource) is not zero-filled, so a read of any other byte would see whatever
// that memory held before, and the answer would change from run to run. Each hive here is read three ways: from
// its whole bytes, and through sources that load exactly the ranges asked for and hold 0x00, or 0xFF, everywhere
// else. Every key, value, class name, warning and error must come out the same all three ways.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Hive, HiveError } from '../../src/hive';
import { exportJsonl } from '../../src/hive/export-jsonl';
import type { ByteSource } from '../../src/hive/source';
import { walkKeys } from '../../src/hive/walk';
import { CORPUS_MISSING, corpusDir, corpusPath, unparsedCorpusFiles } from '../support/corpus';
import { mutateHive } from '../support/hive-mutations';
import { mutateLengths } from '../support/hive-targeted-mutations';

const corpus = corpusDir();
if (!corpus) console.warn(CORPUS_MISSING);

/** `bytes`, loaded only where asked; every other byte is `fill`. */
function exactSource(bytes: Buffer, fill: number): ByteSource {
  const buf = Buffer.alloc(bytes.length, fill);
  return {
    buf,
    ensure(start: number, end: number) {
      const from = Math.max(0, start);
      bytes.copy(buf, from, from, Math.min(end, bytes.length));
    },
  };
}

/** What a user can learn of the hive, in order: each key with its values, each class name, the warnings. */
function readAll(name: string, image: Buffer | ByteSource): string[] {
  try {
    const hive = new Hive(name, image);
    const out = [...exportJsonl(hive.root)];
    for (const key of walkKeys(hive.root)) out.push(`${key.path} class ${JSON.stringify(key.className)}`);
    for (const w of hive.warnings) out.push(`warning ${w.offset} ${w.structure}: ${w.message}`);
    return out;
  } catch (err) {
    if (err instanceof HiveError) return [`error: ${err.message}`];
    throw err;
  }
}

/** The first line where `got` differs from `want` (both cut to 300 characters), or null. */
function firstDifference(got: string[], want: string[]): string | null {
  for (let i = 0; i < Math.max(got.length, want.length); i++) {
    if (got[i] !== want[i])
      return `line ${i}: ${JSON.stringify(got[i]?.slice(0, 300))} where the whole hive gives ${JSON.stringify(want[i]?.slice(0, 300))}`;
  }
  return null;
}

function expectOnlyLoadedBytesRead(name: string, bytes: Buffer): void {
  const whole = readAll(name, bytes);
  for (const fill of [0x00, 0xff])
    expect(firstDifference(readAll(name, exactSource(bytes, fill)), whole), `${name}, the rest ${fill}`).toBeNull();
}

describe.skipIf(!corpus)('the hive reader reads only what its source loaded', () => {
  it('real hives, clean and damaged, read the same whatever the unloaded bytes hold', () => {
    const files = [
      'regipy/SYSTEM_WIN_10_1709',
      'regipy/SECURITY',
      'ericzimmerman-registry/SAM',
      'yarp/tests/BigDataHive',
      'dfirartifactmuseum/Registry/Win10/BCD-Template',
      ...unparsedCorpusFiles(8 * 1024 * 1024),
    ];
    expect(files.length).toBeGreaterThan(15);
    for (const file of files) expectOnlyLoadedBytesRead(file, readFileSync(corpusPath(file)));
  });

  it.each(['ericzimmerman-registry/SAM', 'yarp/tests/BigDataHive'])(
    'seeded mutations of %s read the same whatever the unloaded bytes hold',
    (file) => {
      const original = readFileSync(corpusPath(file));
      for (let seed = 1; seed <= 150; seed++) expectOnlyLoadedBytesRead(`${file}#${seed}`, mutateHive(original, seed).bytes);
    },
  );

  // Cell sizes, bin sizes, and the counts, lengths and references inside nk, vk, lists and big data: the
  // fields a reader that trusted them would follow past the cell or bin that holds them.
  it.each([
    'ericzimmerman-registry/SAM',
    'yarp/tests/BigDataHive',
    'yarp/tests/TruncatedNameHive',
    'dfirartifactmuseum/Registry/Win10/BCD-Template',
  ])('mutants of the length fields of %s read the same whatever the unloaded bytes hold', (file) => {
    const original = readFileSync(corpusPath(file));
    for (let seed = 1; seed <= 100; seed++) {
      const { bytes, what } = mutateLengths(original, seed);
      expectOnlyLoadedBytesRead(`${file}#lengths${seed} (${what})`, bytes);
    }
  });
});
