// A hive's buffer (src/hive/source.ts hiveBuffer): ordinary memory up to a budget under the 32 MB at which V8
// starts collecting for young ArrayBuffers, shared memory beyond it (which V8 does not count, so it makes no
// collection for a 100 MB SOFTWARE hive a check holds to its end), and ordinary memory again once the budget
// of shared memory is spent. Each test takes the module afresh, with both budgets unspent.
import { readFileSync, statSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import { exportJsonl } from '../../src/hive/export-jsonl';
import { corpusPath } from '../support/corpus';

const MiB = 1 << 20;
const SYSTEM = corpusPath('regipy/SYSTEM_WIN_10_1709');
const shared = (buf: Buffer) => buf.buffer instanceof SharedArrayBuffer;

/** The hive reader and hiveBuffer, loaded anew: budgets unspent. */
async function fresh() {
  vi.resetModules();
  const { hiveBuffer } = await import('../../src/hive/source');
  const { Hive, openHive } = await import('../../src/hive');
  return { hiveBuffer, Hive, openHive };
}

describe('hive buffers', () => {
  it('are ordinary up to 24 MiB in all, then shared up to 256 MiB, then ordinary again', async () => {
    const { hiveBuffer } = await fresh();
    // SAM, SECURITY and a 15 MB SYSTEM fit the ordinary budget.
    expect(shared(hiveBuffer(64 * 1024))).toBe(false);
    expect(shared(hiveBuffer(64 * 1024))).toBe(false);
    expect(shared(hiveBuffer(15 * MiB))).toBe(false);
    // A 100 MB SOFTWARE does not: shared, and it takes nothing from the ordinary budget.
    const software = hiveBuffer(100 * MiB);
    expect(software.length).toBe(100 * MiB);
    expect(shared(software)).toBe(true);
    // What still fits the ordinary budget (24 MiB - 15 MiB - 128 KiB) is ordinary.
    const left = 24 * MiB - 15 * MiB - 128 * 1024;
    expect(shared(hiveBuffer(left))).toBe(false);
    // The ordinary budget is spent: shared up to exactly 256 MiB, not a byte more.
    expect(shared(hiveBuffer(1))).toBe(true);
    expect(shared(hiveBuffer(156 * MiB))).toBe(false);
    expect(shared(hiveBuffer(156 * MiB - 1))).toBe(true);
    // Both budgets spent: ordinary memory, however large or small.
    expect(shared(hiveBuffer(1))).toBe(false);
    expect(shared(hiveBuffer(16 * MiB))).toBe(false);
  });

  it('a hive on disk read from shared memory reads as from its whole bytes', async () => {
    const { hiveBuffer, Hive, openHive } = await fresh();
    expect(shared(hiveBuffer(24 * MiB))).toBe(false);
    const lazy = openHive(SYSTEM);
    expect(lazy.ctx.buf.length).toBe(statSync(SYSTEM).size);
    expect(shared(lazy.ctx.buf)).toBe(true);
    const whole = new Hive(SYSTEM, readFileSync(SYSTEM));
    expect(shared(whole.ctx.buf)).toBe(false);
    const lazyLines = [...exportJsonl(lazy.root)];
    expect(lazyLines.length).toBeGreaterThan(40000);
    expect(lazyLines).toEqual([...exportJsonl(whole.root)]);
    // openHive adds one warning of its own: the primary is dirty, with no log beside it in the corpus.
    expect(lazy.warnings.filter((w) => w.structure !== 'hive')).toEqual(whole.warnings);
  });
});
