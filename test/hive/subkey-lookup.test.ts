// Key.subkey(name) scans the subkey list's cells for the name's lh hash (findInSubkeyList) instead of reading
// every entry into a list first (readSubkeyList), which it did before: on real hives and on damaged ones it
// must find exactly the key the list read finds (same offset), for every key's children, in other case and
// for names that are not there.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Hive, HiveError, type Key, namesEqual } from '../../src/hive';
import { BASE_BLOCK_SIZE } from '../../src/hive/base-block';
import { childNodeAt } from '../../src/hive/children';
import { KeyNode, subkeyCountAt, subkeysListAt } from '../../src/hive/key-node';
import { lhHash } from '../../src/hive/names';
import { RefList } from '../../src/hive/ref-list';
import { readSubkeyList } from '../../src/hive/subkey-list';
import { walkKeys } from '../../src/hive/walk';
import { buildHive, key } from '../../src/sample/hive-builder';
import { CORPUS_MISSING, corpusDir, corpusPath, unparsedCorpusFiles } from '../support/corpus';
import { mutateHive } from '../support/hive-mutations';
import { mutateLengths } from '../support/hive-targeted-mutations';

const corpus = corpusDir();
if (!corpus) console.warn(CORPUS_MISSING);

/** The offset of the child named `name` as the lookup found it before: the whole list read, then the hashes. */
function offsetByListRead(hive: Hive, parent: Key, name: string): number | null {
  const { ctx } = hive;
  // Key.offset is the key node cell's file offset; its data follows the cell's 4-byte size [REGF "Cells"].
  const d = parent.offset + 4;
  const listRel = subkeysListAt(ctx.view, d);
  if (subkeyCountAt(ctx.view, d) === 0 || listRel === 0xffffffff) return null;
  const list = new RefList();
  readSubkeyList(ctx, listRel, parent.offset, list);
  const hash = lhHash(name);
  const path = new Uint32Array(parent.depth + 1);
  for (let k: Key | null = parent; k; k = k.parent) path[k.depth] = k.offset - BASE_BLOCK_SIZE;
  for (let i = 0; i < list.length; i++) {
    if (list.hashed && list.hashes[i] !== hash) continue;
    const childD = childNodeAt(ctx, d, parent.depth, path, list.rels[i]);
    if (childD >= 0 && namesEqual(KeyNode.at(ctx, list.rels[i], childD).name, name)) return childD - 4;
  }
  return null;
}

/** For up to `limit` keys: each child's name (as is, upper-cased, and one not there), looked up both ways. */
function compare(name: string, bytes: Buffer, limit: number): number {
  let hive: Hive;
  try {
    hive = new Hive(name, bytes);
  } catch (err) {
    if (err instanceof HiveError) return 0;
    throw err;
  }
  let compared = 0;
  for (const parent of walkKeys(hive.root)) {
    if (compared > limit) break;
    const names = parent.subkeys().map((k) => k.name);
    for (const n of [...names.slice(0, 8), names[0]?.toUpperCase() ?? 'X', 'NoSuchKey']) {
      const viaScan = parent.subkey(n)?.offset ?? null;
      expect(viaScan, `${name} ${parent.path} ${n}`).toBe(offsetByListRead(hive, parent, n));
      compared++;
    }
  }
  return compared;
}

describe.skipIf(!corpus)('Key.subkey', () => {
  it('finds what reading the whole list finds, on real hives', () => {
    let compared = 0;
    for (const file of ['regipy/SYSTEM_WIN_10_1709', 'ericzimmerman-registry/SAM', 'yarp/tests/TruncatedNameHive']) {
      compared += compare(file, readFileSync(corpusPath(file)), 3000);
    }
    expect(compared).toBeGreaterThan(3000);
  });

  it('finds what reading the whole list finds, on damaged hives', () => {
    let compared = 0;
    for (const file of ['ericzimmerman-registry/SAM', ...unparsedCorpusFiles(2 * 1024 * 1024)]) {
      const original = readFileSync(corpusPath(file));
      const seeds = file.includes('SAM') ? 40 : 2;
      for (let seed = 1; seed <= seeds; seed++) {
        compared += compare(`${file}#${seed}`, mutateHive(original, seed).bytes, 300);
        compared += compare(`${file}#lengths${seed}`, mutateLengths(original, seed).bytes, 300);
      }
    }
    expect(compared).toBeGreaterThan(1000);
  });
});

describe('Key.subkey on an index root whose leaves are not all lh', () => {
  it('compares every name, as the list read did, so a wrong hash in an lh leaf does not hide a key', () => {
    const names = Array.from({ length: 30 }, (_, i) => `Key${String(i).padStart(2, '0')}`);
    const bytes = Buffer.from(
      buildHive(
        key(
          'ROOT',
          [],
          [
            key(
              'Parent',
              [],
              names.map((n) => key(n)),
            ),
          ],
        ),
        { maxLeafEntries: 10 },
      ),
    );
    // Three lh leaves of 10 ("lh", count 10) under one ri: the first becomes an lf, the second's first
    // entry (Key10) gets a wrong hash.
    const leaves: number[] = [];
    for (let at = bytes.indexOf('lh\x0a\x00', 0, 'latin1'); at >= 0; at = bytes.indexOf('lh\x0a\x00', at + 1, 'latin1')) leaves.push(at);
    expect(leaves).toHaveLength(3);
    bytes.write('lf', leaves[0], 'latin1');
    bytes.writeUInt32LE(0x12345678, leaves[1] + 8);

    const hive = new Hive('mixed', bytes);
    const parent = hive.key('Parent');
    if (!parent) throw new Error('no Parent key');
    for (const n of ['Key10', 'Key00', 'Key29', 'Key30']) {
      expect(parent.subkey(n)?.offset ?? null, n).toBe(offsetByListRead(hive, parent, n));
    }
    expect(parent.subkey('Key10')?.name).toBe('Key10');
  });
});
