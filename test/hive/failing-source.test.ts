// A hive whose bytes come from a source that can fail (a hive inside a WIM: an undecodable chunk). A bin
// whose bytes could not be had is not taken as walked: the next look-up there asks the source again.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Hive } from '../../src/hive';
import type { ByteSource } from '../../src/hive/source';
import { exportJsonl } from '../../src/hive/export-jsonl';
import { buildScenario } from '../../src/sample/windows-volume';

const [volume] = buildScenario(join(mkdtempSync(join(tmpdir(), 'preflight-failing-source-')), 'vol'), 'generalized-win11');
const bytes = readFileSync(join(volume, 'Windows', 'System32', 'config', 'SYSTEM'));

/**
 * The hive's bytes, given only for ranges asked for; the first ask for a whole bin past `from` (more than its
 * 32-byte header) fails as an undecodable chunk would.
 */
function failingOnce(from: number): ByteSource & { failures: number } {
  const buf = Buffer.alloc(bytes.length);
  return {
    buf,
    failures: 0,
    ensure(start: number, end: number) {
      if (end > from && end - start > 32 && this.failures === 0) {
        this.failures++;
        throw new Error('chunk 3 of SYSTEM cannot be decoded');
      }
      bytes.copy(buf, start, start, end);
    },
  };
}

describe('a hive over a source that fails once', () => {
  const whole = [...exportJsonl(new Hive('SYSTEM', bytes).root)];

  it('a bin whose bytes failed to come is read again at the next look-up, not left without cells', () => {
    // Past the first two bins: the walk reaches a bin whose bytes fail to come the first time.
    const source = failingOnce(4096 + 8192);
    const hive = new Hive('SYSTEM', source);
    // The reader takes the failure for damage where it met it (a warning, the entry left out)...
    const first = [...exportJsonl(hive.root)];
    expect(source.failures).toBe(1);
    expect(hive.warnings.map((w) => w.message).join('\n')).toContain('chunk 3 of SYSTEM cannot be decoded');
    expect(first).not.toEqual(whole);
    // ...and the next walk, the bytes now there, reads the whole hive: no bin was marked walked without them.
    expect([...exportJsonl(hive.root)]).toEqual(whole);
  });
});
