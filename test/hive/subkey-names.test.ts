// Key.subkeyNames() reads the names of a key's children without making a Key for each (server roles look
// over the 700-odd services of a SYSTEM hive for a few names). It must answer exactly what
// subkeys().map((k) => k.name) answers, and leave the same warnings, on real hives and on damaged ones: a
// truncated name, a list entry that is no key node, a cycle.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Hive, HiveError, type Key } from '../../src/hive';
import { walkKeys } from '../../src/hive/walk';
import { CORPUS_MISSING, corpusDir, corpusPath, unparsedCorpusFiles } from '../support/corpus';
import { mutateHive } from '../support/hive-mutations';
import { mutateLengths } from '../support/hive-targeted-mutations';

const corpus = corpusDir();
if (!corpus) console.warn(CORPUS_MISSING);

/** Every key's children's names, read one way, then the warnings that reading left; or the error. */
function namesOf(name: string, bytes: Buffer, read: (key: Key) => string[]): string[] {
  try {
    const hive = new Hive(name, bytes);
    // The walk's own reads first, on a hive of their own, so that only `read` differs between the two runs.
    const paths = [...walkKeys(new Hive(name, bytes).root)].map((k) => k.path);
    const out: string[] = [];
    for (const path of paths) {
      const key = hive.key(path);
      if (key) out.push(`${path}: ${JSON.stringify(read(key))}`);
    }
    for (const w of hive.warnings) out.push(`warning ${w.offset} ${w.structure}: ${w.message}`);
    return out;
  } catch (err) {
    if (err instanceof HiveError) return [`error: ${err.message}`];
    throw err;
  }
}

function expectSameNames(name: string, bytes: Buffer): void {
  const viaKeys = namesOf(name, bytes, (key) => key.subkeys().map((k) => k.name));
  const viaNames = namesOf(name, bytes, (key) => key.subkeyNames());
  expect(viaNames, name).toEqual(viaKeys);
}

describe.skipIf(!corpus)('Key.subkeyNames', () => {
  it('gives the names subkeys() gives, with the same warnings, on real hives', () => {
    const files = [
      'regipy/SYSTEM_WIN_10_1709',
      'ericzimmerman-registry/SAM',
      'yarp/tests/TruncatedNameHive',
      ...unparsedCorpusFiles(8 * 1024 * 1024),
    ];
    for (const file of files) expectSameNames(file, readFileSync(corpusPath(file)));
    // The services of a real SYSTEM hive, as server roles read them.
    const system = new Hive('SYSTEM', readFileSync(corpusPath('regipy/SYSTEM_WIN_10_1709')));
    const services = system.key('ControlSet001\\Services');
    expect(services?.subkeyNames()).toHaveLength(737);
    expect(services?.subkeyNames()).toContain('Dhcp');
  });

  it('gives the names subkeys() gives on damaged hives', () => {
    for (const file of ['ericzimmerman-registry/SAM', 'yarp/tests/TruncatedNameHive']) {
      const original = readFileSync(corpusPath(file));
      for (let seed = 1; seed <= 60; seed++) {
        expectSameNames(`${file}#${seed}`, mutateHive(original, seed).bytes);
        const { bytes, what } = mutateLengths(original, seed);
        expectSameNames(`${file}#lengths${seed} (${what})`, bytes);
      }
    }
  });
});
