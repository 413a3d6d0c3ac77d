// A hive's buffer (src/hive/source.ts hiveBuffer): shared memory for a large hive, so that V8 does not run
// collections to free memory a check holds to its end, but never more than the budget of shared memory in one
// process (V8 does not see it); small hives and every hive past the budget get an ordinary buffer. Each test
// file runs in a module registry of its own, so the budget starts unspent here.
import { describe, expect, it } from 'vitest';
import { readFileSync, statSync } from 'node:fs';
import { Hive, openHive } from '../../src/hive';
import { exportJsonl } from '../../src/hive/export-jsonl';
import { hiveBuffer } from '../../src/hive/source';
import { corpusPath } from '../support/corpus';

const MiB = 1 << 20;
const SYSTEM = corpusPath('regipy/SYSTEM_WIN_10_1709');
const shared = (buf: Buffer) => buf.buffer instanceof SharedArrayBuffer;

describe('hive buffers', () => {
  it('hold a large hive on disk in shared memory, read as from its whole bytes', () => {
    const path = SYSTEM;
    const lazy = openHive(path);
    expect(shared(lazy.ctx.buf)).toBe(true);
    const whole = new Hive(path, readFileSync(path));
    expect(shared(whole.ctx.buf)).toBe(false);
    const lazyLines = [...exportJsonl(lazy.root)];
    expect(lazyLines.length).toBeGreaterThan(40000);
    expect(lazyLines).toEqual([...exportJsonl(whole.root)]);
    // openHive adds one warning of its own: the primary is dirty, with no log beside it in the corpus.
    expect(lazy.warnings.filter((w) => w.structure !== 'hive')).toEqual(whole.warnings);
  });

  it('are ordinary for small hives, shared for large ones until the budget is spent', () => {
    const small = hiveBuffer(64 * 1024);
    expect(small.length).toBe(64 * 1024);
    expect(shared(small)).toBe(false);

    const first = hiveBuffer(2 * MiB);
    expect(first.length).toBe(2 * MiB);
    expect(shared(first)).toBe(true);

    // The SYSTEM hive above took its size of the 256 MiB budget, this one 2 MiB: one byte more than what is
    // left gets ordinary memory, and takes nothing from the budget.
    const left = 256 * MiB - statSync(SYSTEM).size - 2 * MiB;
    expect(shared(hiveBuffer(left + 1))).toBe(false);
    // Exactly what is left: still shared.
    expect(shared(hiveBuffer(left))).toBe(true);
    // The budget is spent: every later hive, however large, gets an ordinary buffer.
    expect(shared(hiveBuffer(MiB))).toBe(false);
    expect(shared(hiveBuffer(16 * MiB))).toBe(false);
  });
});
