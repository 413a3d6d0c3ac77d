// RefList refuses repeats as references are added, by a linear look for short lists and a reusable hash
// table for long ones: against a Set, on lists short and long, with repeats, empty references (0xFFFFFFFF)
// and high offsets, one list after another in the same RefList (as the reader reuses it).
import { describe, expect, it } from 'vitest';
import { RefList } from '../../src/hive/ref-list';

describe('RefList', () => {
  it('keeps each reference once, in the order first added, list after list', () => {
    const list = new RefList();
    let seed = 12345;
    const next = () => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed;
    };
    for (let round = 0; round < 2000; round++) {
      list.reset();
      const n = next() % (round % 50 === 0 ? 5000 : 70);
      const range = 1 + (next() % 200);
      const high = round % 7 === 0 ? 0x80000000 : 0;
      const seen = new Set<number>();
      const kept: number[] = [];
      for (let i = 0; i < n; i++) {
        const rel = next() % 3 === 0 ? 0xffffffff : ((next() % range) * 8 + high) >>> 0;
        const fresh = !seen.has(rel);
        if (fresh) {
          seen.add(rel);
          kept.push(rel);
        }
        expect(list.add(rel, i)).toBe(fresh);
      }
      expect(Array.from(list.rels.subarray(0, list.length))).toEqual(kept);
    }
  });
});
