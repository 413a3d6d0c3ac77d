// `preflight check IMAGE.wim` as a technician runs it (the built CLI): exit codes as for volumes, the
// image named in every report, and a damaged image judged "unknown" (blocked), never a crash (exit 6).
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ExitCode } from '../../src/cli/exit-codes';
import { runCli } from '../support/cli';
import { buildScenario } from '../../src/sample/windows-volume';
import { wimlib, wimlibAvailable } from '../support/wimlib';
import { blobEntries } from './patch';

const ready = wimlibAvailable();

describe.skipIf(!ready)('preflight check IMAGE.wim', () => {
  const dir = ready ? mkdtempSync(join(tmpdir(), 'preflight-wim-cli-')) : '';
  const wim = join(dir, 'images.wim');
  let gold = '';
  if (ready) {
    [gold] = buildScenario(join(dir, 'gold'), 'generalized-win11');
    const [used] = buildScenario(join(dir, 'used'), 'not-generalized-win11');
    wimlib(['capture', gold, wim, 'Gold', '--compress=lzx']);
    wimlib(['append', used, wim, 'Used']);
  }

  it('one generalized image is ready (exit 0); JSON names the file and index', () => {
    const r = runCli(['check', `${wim}:Gold`, '--json']);
    expect(r.status, r.stderr).toBe(ExitCode.READY);
    const report = JSON.parse(r.stdout);
    expect(report.scannedVolumes).toEqual([`${wim}:1`]);
    expect(report.installations[0].volume).toBe(`${wim}:1`);
    expect(report.installations[0].generalization.state).toBe('generalized');
  });

  it('every image of the file: the not-generalized one blocks (exit 2)', () => {
    const r = runCli(['check', wim]);
    expect(r.status, r.stderr).toBe(ExitCode.BLOCKED);
    expect(r.stdout).toContain(`${wim}:2`);
    expect(r.stdout).toContain('GEN001');
  });

  it('bad input is exit 4: no such image, not a WIM, a pipable WIM', () => {
    expect(runCli(['check', `${wim}:3`]).status).toBe(ExitCode.BAD_INPUT);
    expect(runCli(['check', `${wim}:Nope`]).stderr).toMatch(/no image named "Nope"/);
    const notWim = join(dir, 'fake.wim');
    writeFileSync(notWim, 'MSWIM\0\0\0 but nothing else');
    const r = runCli(['check', notWim]);
    expect(r.status).toBe(ExitCode.BAD_INPUT);
    expect(r.stderr).toMatch(/208-byte WIM header/);
    const pipable = join(dir, 'pipable.wim');
    wimlib(['capture', gold, pipable, 'Gold', '--pipable']);
    const p = runCli(['check', pipable]);
    expect(p.status).toBe(ExitCode.BAD_INPUT);
    expect(p.stderr).toMatch(/pipable WIM .* is not read/);
  });

  it('a hive that opens but whose later chunks do not decode: the image is unreadable, not judged on the keys that could be read', () => {
    const xpress = join(dir, 'xpress.wim');
    wimlib(['capture', gold, xpress, 'Gold', '--compress=xpress']);
    const bytes = Buffer.from(readFileSync(xpress));
    const software = createHash('sha1')
      .update(readFileSync(join(gold, 'Windows', 'System32', 'config', 'SOFTWARE')))
      .digest('hex');
    const e = blobEntries(bytes).find((x) => x.hash === software)!;
    // [wim-format.md §4.2] a chunked resource: a table of n-1 u32 chunk ends, then the chunks; 32 KiB each.
    const n = Math.ceil(e.size / 32768);
    const data = e.offset + (n - 1) * 4;
    let broken = 0;
    for (let k = 1; k < n; k++) {
      const start = bytes.readUInt32LE(e.offset + (k - 1) * 4);
      const end = k + 1 < n ? bytes.readUInt32LE(e.offset + k * 4) : e.sizeInWim - (n - 1) * 4;
      const whole = k + 1 < n ? 32768 : e.size - k * 32768;
      if (end - start >= whole) continue; // stored, not compressed: no table to break
      // XPRESS Huffman [MS-XCA 2.2.4]: the chunk starts with 256 bytes of code lengths; all 15 is over-subscribed.
      bytes.fill(0xff, data + start, data + start + 256);
      broken++;
    }
    expect(broken).toBeGreaterThan(0);
    const damaged = join(dir, 'late-chunks.wim');
    writeFileSync(damaged, bytes);
    const r = runCli(['check', `${damaged}:1`, '--json']);
    expect(r.stderr).not.toMatch(/internal error|at .*\.ts:/);
    expect(r.status, r.stderr).toBe(ExitCode.BLOCKED);
    const report = JSON.parse(r.stdout);
    expect(report.installations).toEqual([]);
    expect(report.unreadableVolumes).toMatchObject([{ volume: `${damaged}:1`, reason: 'unreadable' }]);
    expect(JSON.stringify(report.unreadableVolumes)).toMatch(/the image cannot be read: /);
  });

  it('a hive inside the image whose chunks do not decode: the image is unreadable (blocked), never a crash', () => {
    const bytes = Buffer.from(readFileSync(wim));
    // Corrupt every chunk table of the compressed blobs larger than 100 KB (the hives): undecodable.
    for (const e of blobEntries(bytes).filter((x) => x.flags & 0x04 && !(x.flags & 0x02) && x.size > 100_000)) {
      const n = Math.ceil(e.size / 32768);
      const firstChunk = e.offset + (n - 1) * 4;
      bytes.fill(0x11, firstChunk, firstChunk + 256);
    }
    const damaged = join(dir, 'damaged.wim');
    writeFileSync(damaged, bytes);
    const r = runCli(['check', `${damaged}:1`, '--json']);
    expect(r.status, r.stderr).toBe(ExitCode.BLOCKED);
    // An undecodable chunk is damage of the image, as a damaged directory is: nothing read from it is judged.
    const report = JSON.parse(r.stdout);
    expect(report.installations).toEqual([]);
    expect(report.unreadableVolumes).toMatchObject([{ volume: `${damaged}:1`, reason: 'unreadable' }]);
  });
});
