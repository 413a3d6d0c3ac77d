// A few hundred KB of hive that declares ~1 GiB of value data (one big-data segment named 65,535 times)
// must not exhaust a 4 GB WinPE machine: the value is reported too large (or forged) and not read, and
// every command keeps going with the rest.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openHive } from '../../src/hive';
import { key, v } from '../../src/sample/hive-builder';
import { CLI } from '../support/cli';
import { bcdBombRoot, bombValues, writeBigDataBomb } from '../support/big-data-bomb';

const tmp = mkdtempSync(join(tmpdir(), 'preflight-bomb-'));

/** The built CLI under GNU time: exit code, output, peak RSS in MiB, wall time in ms. */
function measured(args: string[]) {
  const t0 = Date.now();
  const r = spawnSync('/usr/bin/time', ['-f', '%M', process.execPath, CLI, ...args], { encoding: 'utf8', maxBuffer: 1 << 28 });
  const lines = r.stderr.trim().split('\n');
  return {
    status: r.status,
    stdout: r.stdout,
    stderr: lines.slice(0, -1).join('\n'),
    peakMiB: Number(lines.at(-1)) / 1024,
    ms: Date.now() - t0,
  };
}

describe('big data naming one segment 65,535 times', () => {
  const hive = join(tmp, 'SOFTWARE');
  writeBigDataBomb(hive, key('ROOT', [], [key('Bomb', [...bombValues('Data'), v.sz('After', 'still read')])]));
  const bcd = join(tmp, 'BCD');
  writeBigDataBomb(bcd, bcdBombRoot());

  it('the files are small and really declare ~1 GiB', () => {
    expect(statSync(hive).size).toBeLessThan(400_000);
    const h = openHive(hive);
    const data = h.root.subkey('Bomb')!.value('Data')!;
    expect(data.raw()).toHaveLength(0);
    expect(h.warnings.map((w) => w.message).join('\n')).toContain('value data too large: 1071104040 bytes in 65535 segments');
    expect(h.root.subkey('Bomb')!.value('After')!.string()).toBe('still read');
  });

  it('a list that names one segment twice is forged: the data is cut there, not multiplied', () => {
    const file = join(tmp, 'SMALL');
    writeBigDataBomb(file, key('ROOT', [], [key('Bomb', bombValues('Data'))]), 100);
    const h = openHive(file);
    expect(h.root.subkey('Bomb')!.value('Data')!.raw().length).toBeLessThanOrEqual(16344);
    expect(h.warnings.map((w) => w.message).join('\n')).toMatch(/names segment \d+ twice \(entry 1\)/);
  });

  it.runIf(statSync('/usr/bin/time', { throwIfNoEntry: false }))(
    'hive get, hive export and bcd: seconds and well under 1 GB, the rest still printed',
    () => {
      const get = measured(['hive', 'get', hive, 'Bomb']);
      expect(get.status).toBe(0);
      expect(get.stdout).toContain('still read');
      const exp = measured(['hive', 'export', hive]);
      expect(exp.status).toBe(0);
      expect(exp.stdout).toContain('still read');
      const store = measured(['bcd', bcd]);
      expect(store.status).toBe(0);
      expect(store.stdout).toContain('Windows Boot Manager');
      for (const m of [get, exp, store]) {
        expect(m.peakMiB).toBeLessThan(300);
        expect(m.ms).toBeLessThan(10_000);
        expect(m.stderr).not.toMatch(/internal error|heap|\bat .*\.c?js:\d+/);
      }
    },
  );
});
