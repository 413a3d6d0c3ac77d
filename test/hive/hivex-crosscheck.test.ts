// The jsonl export must read every hive of the corpus that hivex reads fully exactly as hivex does:
// same keys in the same order, same value names, types and raw bytes.
import { describe, expect, it } from 'vitest';
import { openHive } from '../../src/hive';
import { exportJsonl } from '../../src/hive/export-jsonl';
import { CORPUS_MISSING, corpusDir, corpusPath, manifestRows } from '../support/corpus';
import { hivexAvailable, hivexDump } from '../support/hivex';

const corpus = corpusDir();
const ready = corpus !== null && hivexAvailable();
if (!ready) console.warn(corpus ? 'hivex (libwin-hivex-perl) is not installed: cross-check skipped' : CORPUS_MISSING);

const fullyParsed = ready ? manifestRows().filter((r) => r.parses === 'yes') : [];

describe.skipIf(!ready)('jsonl export equals hivex on every fully parsed corpus hive', () => {
  it('finds the hives the manifest says hivex reads', () => {
    expect(fullyParsed.length).toBeGreaterThan(40);
  });

  it.each(fullyParsed.map((r) => [r.file]))('%s', (file) => {
    const path = corpusPath(file);
    // hivex reads the primary file as it is, so ours does too (no log replay) for this comparison; and
    // through openHive, so the lazy reading of bins from disk is what is compared.
    const hive = openHive(path, { logs: false });
    const ours = [...exportJsonl(hive.root)].map((line) => {
      const { path: p, values } = JSON.parse(line) as { path: string; values: unknown[] };
      return { path: p, values };
    });
    const theirs = hivexDump(path);
    expect(ours.length).toBe(theirs.length);
    expect(ours).toEqual(theirs);
  });
});
