// `preflight check IMAGE.wim` as a technician runs it (the built CLI): exit codes as for volumes, the
// image named in every report, and a damaged image judged "unknown" (blocked), never a crash (exit 6).
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

  it('a damaged hive inside the image: the installation is unknown (blocked), never a crash', () => {
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
    const report = JSON.parse(r.stdout);
    const ids = report.installations.flatMap((i: { findings: { id: string }[] }) => i.findings.map((f) => f.id));
    expect(ids.some((id: string) => /^(HIV002|GEN002)$/.test(id))).toBe(true);
  });
});
