// Small hostile hives that describe enormous trees by sharing and repeating references. The reader must
// answer quickly with warnings, not hang or run out of memory (the test timeout is the hang guard).
import { describe, expect, it } from 'vitest';
import { Hive, lhHash } from '../../src/hive';
import { hiveStats } from '../../src/hive/stats';
import { listCell, nkCell, rawHive } from '../support/raw-hive';

const M = 65535;
const warningsOf = (h: Hive) => h.warnings.map((w) => w.message).join('\n');

describe('hostile reference structures', { timeout: 20_000 }, () => {
  it('an index root repeating one leaf of 65535 repeats of one key: one subkey, warnings', () => {
    const raw = rawHive([nkCell('ROOT', { subkeys: 1, root: true }), listCell('ri', M), listCell('lh', M), nkCell('A')]);
    const bytes = raw.finish((c, o) => {
      c[0].writeUInt32LE(o[1], 28);
      for (let i = 0; i < M; i++) c[1].writeUInt32LE(o[2], 4 + 4 * i);
      for (let i = 0; i < M; i++) {
        c[2].writeUInt32LE(o[3], 4 + 8 * i);
        c[2].writeUInt32LE(lhHash('A'), 8 + 8 * i);
      }
    });
    const hive = new Hive('ri-bomb', bytes);
    expect(hive.root.subkeys().map((k) => k.name)).toEqual(['A']);
    expect(hive.key('a')?.name).toBe('A');
    expect(warningsOf(hive)).toMatch(/more than once|repeated subkey/);
  });

  it('a leaf of 65535 entries naming one key with a name of 60,000 characters: a lookup reads that key once', () => {
    const name = `ADAM_${'x'.repeat(60_000)}`;
    const raw = rawHive([nkCell('ROOT', { subkeys: M, root: true }), listCell('lh', M), nkCell(name)]);
    const bytes = raw.finish((c, o) => {
      c[0].writeUInt32LE(o[1], 28);
      for (let i = 0; i < M; i++) {
        c[1].writeUInt32LE(o[2], 4 + 8 * i);
        c[1].writeUInt32LE(lhHash('CertSvc'), 8 + 8 * i);
      }
    });
    const hive = new Hive('one-key-listed-65535-times', bytes);
    // Read once per entry, the name would be decoded 65,535 times (about 4 GB of strings).
    expect(hive.root.subkey('CertSvc')).toBeNull();
    expect(hive.root.subkeysMatching(['CertSvc'], ['ADAM_']).map((k) => k.name)).toEqual([name]);
  });

  it("an index root listing one leaf twice: the leaf's own warnings come before the repeat's, as the file has them", () => {
    const raw = rawHive([nkCell('ROOT', { subkeys: 1, root: true }), listCell('ri', 2), listCell('lh', 1), nkCell('A')]);
    const bytes = raw.finish((c, o) => {
      c[0].writeUInt32LE(o[1], 28);
      c[1].writeUInt32LE(o[2], 4);
      c[1].writeUInt32LE(o[2], 8);
      c[2].writeUInt16LE(5000, 2); // declares 5000 entries, holds 1
      c[2].writeUInt32LE(o[3], 4);
      c[2].writeUInt32LE(lhHash('A'), 8);
    });
    const hive = new Hive('ri-repeat', bytes);
    expect(hive.root.subkeys().map((k) => k.name)).toEqual(['A']);
    const messages = hive.warnings.map((w) => w.message);
    const declares = messages.findIndex((m) => m.startsWith('list declares 5000 entries'));
    const repeat = messages.findIndex((m) => m.includes('more than once; repeat ignored'));
    expect(declares).toBeGreaterThanOrEqual(0);
    expect(repeat).toBeGreaterThan(declares);
  });

  it('a chain of keys each listing the next 65535 times: the walk stays linear', () => {
    const depth = 4;
    const cells = [];
    for (let d = 0; d < depth; d++) cells.push(nkCell(d === 0 ? 'ROOT' : `K${d}`, { subkeys: M, root: d === 0 }), listCell('lh', M));
    cells.push(nkCell('LEAF'));
    const bytes = rawHive(cells).finish((c, o) => {
      for (let d = 0; d < depth; d++) {
        c[2 * d].writeUInt32LE(o[2 * d + 1], 28);
        for (let i = 0; i < M; i++) c[2 * d + 1].writeUInt32LE(o[2 * d + 2], 4 + 8 * i);
      }
    });
    const stats = hiveStats(new Hive('fan', bytes));
    expect(stats.keys).toBe(depth + 1);
  });

  it('many keys sharing one list of 65535 bad references: the work budget stops it', () => {
    const keys = 2000;
    const cells = [nkCell('ROOT', { subkeys: keys, root: true }), listCell('lh', keys), listCell('lh', M)];
    for (let i = 0; i < keys; i++) cells.push(nkCell(`K${i}`, { subkeys: M }));
    const bytes = rawHive(cells).finish((c, o) => {
      c[0].writeUInt32LE(o[1], 28);
      for (let i = 0; i < keys; i++) {
        c[1].writeUInt32LE(o[3 + i], 4 + 8 * i);
        c[3 + i].writeUInt32LE(o[2], 28); // every key shares the big list
      }
      for (let i = 0; i < M; i++) c[2].writeUInt32LE(o[2], 4 + 8 * i); // …whose entries point at itself (not a key)
    });
    const hive = new Hive('shared-list', bytes);
    const stats = hiveStats(hive);
    expect(stats.keys).toBeLessThanOrEqual(keys + 1);
    expect(warningsOf(hive)).toMatch(/reading stopped, results are incomplete/);
  });

  it('a values list repeating one value 16000 times is read as one value', () => {
    const n = 16000;
    const vk = Buffer.alloc(20 + 1);
    vk.write('vk', 0, 'latin1');
    vk.writeUInt16LE(1, 2);
    vk.writeUInt32LE(0x80000004, 4); // inline DWORD
    vk.writeUInt32LE(7, 8);
    vk.writeUInt32LE(4, 12);
    vk.writeUInt16LE(1, 16);
    vk.write('V', 20, 'latin1');
    const bytes = rawHive([nkCell('ROOT', { values: n, root: true }), Buffer.alloc(4 * n), vk]).finish((c, o) => {
      c[0].writeUInt32LE(o[1], 40);
      for (let i = 0; i < n; i++) c[1].writeUInt32LE(o[2], 4 * i);
    });
    const hive = new Hive('value-fan', bytes);
    expect(hive.root.values().map((v) => [v.name, v.number()])).toEqual([['V', 7]]);
  });

  it('a reference into a free (deleted) cell is not followed', () => {
    const bytes = rawHive([nkCell('ROOT', { subkeys: 1, root: true }), listCell('lh', 1), nkCell('Deleted')]).finish((c, o) => {
      c[0].writeUInt32LE(o[1], 28);
      c[1].writeUInt32LE(o[2], 4);
      c[1].writeUInt32LE(lhHash('Deleted'), 8);
    });
    const sizeAt = 4096 + rawHive([nkCell('ROOT'), listCell('lh', 1), nkCell('Deleted')]).offsets[2];
    bytes.writeInt32LE(-bytes.readInt32LE(sizeAt), sizeAt); // mark the key's cell free
    const hive = new Hive('free-cell', bytes);
    expect(hive.root.subkeys()).toEqual([]);
    expect(warningsOf(hive)).toMatch(/free \(deleted\) cell/);
  });
});
