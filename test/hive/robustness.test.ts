// No input may crash, hang or exhaust the reader: it either reads (with warnings) or throws a typed
// HiveError naming the file and offset. Broken corpus files, odd sizes, and seeded mutations of real hives.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Hive, HiveError, openHive } from '../../src/hive';
import { exportJsonl } from '../../src/hive/export-jsonl';
import { exportReg } from '../../src/hive/export-reg';
import { hiveStats } from '../../src/hive/stats';
import { CORPUS_MISSING, corpusDir, corpusPath, manifestRows } from '../support/corpus';
import { prng } from '../../src/sample/bytes';
import { mutateHive as mutate } from '../support/hive-mutations';

const corpus = corpusDir();
if (!corpus) console.warn(CORPUS_MISSING);

/** Reads everything a user can ask for; returns the outcome kind. Any non-HiveError escapes and fails the test. */
function exercise(read: () => Hive): 'read' | 'rejected' {
  let hive: Hive;
  try {
    hive = read();
  } catch (err) {
    if (err instanceof HiveError) return 'rejected';
    throw err;
  }
  hiveStats(hive);
  for (const line of exportJsonl(hive.root)) expect(typeof line).toBe('string');
  for (const chunk of exportReg(hive.root, 'HKEY_LOCAL_MACHINE\\X')) expect(typeof chunk).toBe('string');
  for (const key of hive.root.subkeys()) {
    hive.key(`${key.name}\\Missing\\Deeper`);
    key.className;
    key.lastWritten;
  }
  hive.key('ControlSet001\\Control\\Session Manager');
  return 'read';
}

describe.skipIf(!corpus)('robustness on real data', () => {
  it('every corpus file that is not a clean hive is read or rejected with a typed error', () => {
    const rows = manifestRows().filter((r) => r.parses !== 'yes');
    expect(rows.length).toBeGreaterThan(10);
    const outcomes: Record<string, string> = {};
    for (const row of rows) outcomes[row.file] = exercise(() => openHive(corpusPath(row.file)));
    // Spot-check outcomes that are known: a non-hive is rejected, yarp's truncated hives still read.
    expect(outcomes['ericzimmerman-registry/NotAHive']).toBe('rejected');
    expect(outcomes['yarp/tests/TruncatedHive']).toBe('read');
    expect(outcomes['yarp/tests/System_Delta']).toBe('read');
  });

  it('every file of the corpus, opened as a hive (logs and answer files too), never crashes', () => {
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const p = join(dir, name);
        if (statSync(p).isDirectory()) walk(p);
        else if (statSync(p).size < 4 * 1024 * 1024) files.push(p); // the big hives are walked by the hivex cross-check
      }
    };
    walk(corpus!);
    expect(files.length).toBeGreaterThan(100);
    for (const f of files) exercise(() => openHive(f));
  });

  it('reads yarp TruncatedHive with a warning instead of failing', () => {
    const hive = openHive(corpusPath('yarp/tests/TruncatedHive'));
    expect(hive.warnings.some((w) => /truncated|exceeds the file/.test(w.message))).toBe(true);
  });

  it('odd sizes: every prefix length around the structure boundaries is read or rejected', () => {
    const bytes = readFileSync(corpusPath('ericzimmerman-registry/SAM'));
    const sizes = [0, 1, 3, 4, 5, 511, 512, 513, 4095, 4096, 4097, 4100, 4127, 4128, 4129, 8191, 8192, 8193, 12288, bytes.length - 1];
    for (const size of sizes) {
      const outcome = exercise(() => new Hive(`SAM[0..${size}]`, bytes.subarray(0, size)));
      if (size < 4096) expect(outcome).toBe('rejected');
    }
  });

  const targets = [
    'ericzimmerman-registry/SAM',
    'dfirartifactmuseum/Registry/Win10/BCD-Template',
    'yarp/tests/BigDataHive',
    'regipy/SECURITY',
  ];
  it.each(targets)('seeded mutations of %s: no crash, no hang', (file) => {
    const original = readFileSync(corpusPath(file));
    const counts: Record<string, number> = { read: 0, rejected: 0 };
    for (let seed = 1; seed <= 250; seed++) {
      const { bytes, kind } = mutate(original, seed);
      try {
        counts[exercise(() => new Hive(`${file}#${seed}`, bytes))]++;
      } catch (err) {
        throw new Error(`mutation seed ${seed} (${kind}) of ${file}: ${(err as Error).stack}`);
      }
    }
    // Both outcomes must occur, or the mutations are not reaching the structures.
    expect(counts.read).toBeGreaterThan(0);
    expect(counts.rejected).toBeGreaterThan(0);
  });
});

describe('robustness without the corpus', () => {
  it('garbage and hostile headers are rejected or read, never crash', () => {
    const rnd = prng(7);
    for (let i = 0; i < 200; i++) {
      const size = Math.floor(rnd() * 20000);
      const bytes = Buffer.alloc(size);
      for (let j = 0; j < size; j++) bytes[j] = Math.floor(rnd() * 256);
      if (size >= 4 && i % 2 === 0) bytes.write('regf', 0, 'latin1');
      if (size >= 32 && i % 4 === 0) {
        bytes.writeUInt32LE(1, 20);
        bytes.writeUInt32LE(5, 24);
        bytes.writeUInt32LE(0, 28);
      }
      if (size >= 4200 && i % 8 === 0) bytes.write('hbin', 4096, 'latin1');
      exercise(() => new Hive(`garbage#${i}`, bytes));
    }
  });
});
