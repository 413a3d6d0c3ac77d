// readBack (src/capture/read-back.ts) called directly, for what the CLI tests cannot time: a read-back
// stopped half-way through --verify's hashing (the guided run's Ctrl+C arrives as its abort signal), and a
// file that is not a WIM at all. The gate is the real one, run on the volume the image was made from.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runGate, type GateOutcome } from '../../src/capture/gate';
import { readBack } from '../../src/capture/read-back';
import { ntfsWim, ntfsWimAvailable } from '../support/ntfs-wim';
import { wimlibAvailable } from '../support/wimlib';
import { deepFolderImage, duplicateInDeep, editedCopy } from '../wim/deep-folder';
import { buildScenario } from '../../src/sample/windows-volume';

const tmp = mkdtempSync(join(tmpdir(), 'preflight-read-back-unit-'));
const usable = wimlibAvailable() && (await ntfsWimAvailable());

describe.runIf(usable)('readBack', () => {
  let wim: string;
  let gate: GateOutcome;
  beforeAll(async () => {
    const [src] = buildScenario(join(tmp, 'vol'), 'generalized-win11');
    // Several blobs of more than one piece (4 MiB), so the hashing has pieces left to skip when stopped.
    for (let i = 0; i < 3; i++) writeFileSync(join(src, 'Users', 'Public', `data-${i}.bin`), randomBytes(9 * 1024 * 1024));
    wim = await ntfsWim(src, join(tmp, 'vol.wim'), 'vol');
    gate = runGate(src, false, 'test');
  }, 300_000);

  it('verifies the image of the volume, every blob hashed with --verify', async () => {
    const rb = await readBack({ file: wim, index: 1, gate, toolVersion: 'test', hashBlobs: true });
    expect(rb.problems).toEqual([]);
    expect(rb.ok).toBe(true);
    expect(rb.blobs!.bytes).toBeGreaterThanOrEqual(27 * 1024 * 1024);
    expect(rb.blobs!.count).toBe(rb.blobs!.of);
    expect(rb.summary).toMatch(/; every blob's SHA-1 checked \(\d+ blobs, \d+ bytes\)$/);
  });

  it('stopped during the hashing (the abort signal): not verified, says it was interrupted, the hashing cut short', async () => {
    const stop = new AbortController();
    const running = readBack({ file: wim, index: 1, gate, toolVersion: 'test', hashBlobs: true, abort: stop.signal });
    // readBack has read the metadata and judged the image synchronously; the hashing yields after its first piece.
    stop.abort();
    const rb = await running;
    expect(rb.ok).toBe(false);
    expect(rb.problems).toEqual(['interrupted (stopped): the read-back was stopped before it ended']);
    expect(rb.blobs!.bytes).toBeLessThan(27 * 1024 * 1024);
    // Says how far the hashing got, never "every blob checked".
    expect(rb.blobs!.count).toBeLessThan(rb.blobs!.of);
    expect(rb.summary).toMatch(/; SHA-1 checked for \d+ of \d+ blobs \(\d+ bytes\) before it stopped$/);
    expect(rb.installations).toHaveLength(1); // what was read before the stop is kept
  });

  it('a finding the gate did not have fails even under an equal verdict (a forced capture is BLOCKED at the gate already)', async () => {
    const [src] = buildScenario(join(tmp, 'sealed-not'), 'not-generalized-win11');
    const image = await ntfsWim(src, join(tmp, 'sealed-not.wim'), 'sealed-not');
    const forced = runGate(src, true, 'test');
    expect(forced.verdict).toBe('blocked');
    const same = await readBack({ file: image, index: 1, gate: forced, toolVersion: 'test', hashBlobs: false });
    expect(same.problems).toEqual([]);
    // The same gate, but without one of its blocking findings: the image now holds a block the gate did not see.
    const first = forced.report.installations[0];
    const dropped = first.findings.find((f) => f.severity === 'block')!;
    const withoutIt: GateOutcome = {
      ...forced,
      report: {
        ...forced.report,
        installations: [{ ...first, findings: first.findings.filter((f) => f.id !== dropped.id) }, ...forced.report.installations.slice(1)],
      },
    };
    const rb = await readBack({ file: image, index: 1, gate: withoutIt, toolVersion: 'test', hashBlobs: false });
    expect(rb.ok).toBe(false);
    expect(rb.problems).toEqual([`the image has findings the gate did not: ${dropped.id} ${dropped.title}`]);
  });

  it('neither SID nor build read, at the gate or in the image: two unknowns are no match, not verified', async () => {
    const [src] = buildScenario(join(tmp, 'unreadable'), 'generalized-win11');
    for (const hive of ['SOFTWARE', 'SAM', 'SECURITY']) writeFileSync(join(src, 'Windows', 'System32', 'config', hive), randomBytes(8192));
    const image = await ntfsWim(src, join(tmp, 'unreadable.wim'), 'unreadable');
    const forced = runGate(src, true, 'test');
    expect(forced.report.installations.map((i) => [i.machineSid, i.os.build])).toEqual([[null, null]]);
    const rb = await readBack({ file: image, index: 1, gate: forced, toolVersion: 'test', hashBlobs: false });
    expect(rb.ok).toBe(false);
    expect(rb.problems).toContain(
      '\\Windows: neither the machine SID nor the build could be read, at the gate or in the image: not shown to be the same Windows',
    );
  });

  it('damage in a directory check never lists: the read-back parses the whole tree and fails, the image unread', async () => {
    const { wim } = deepFolderImage(tmp, 'deep');
    const file = editedCopy(wim, join(tmp, 'deep-damaged.wim'), duplicateInDeep);
    const rb = await readBack({ file, index: 1, gate, toolVersion: 'test', hashBlobs: false });
    expect(rb.ok).toBe(false);
    expect(rb.problems).toHaveLength(1);
    expect(rb.problems[0]).toMatch(/^image 1 of .*deep-damaged\.wim cannot be read: .*two entries named "aa\.bin" in one directory/);
    expect(rb.installations).toEqual([]);
    expect(rb.summary).toBe(`Read back: image 1 of ${file}: ${rb.problems[0]}`);
  });

  it('a file that is not a WIM: not verified, the summary says why', async () => {
    const bad = join(tmp, 'not.wim');
    writeFileSync(bad, 'standin image 1\n');
    const rb = await readBack({ file: bad, index: 1, gate, toolVersion: 'test', hashBlobs: false });
    expect(rb.ok).toBe(false);
    expect(rb.problems).toHaveLength(1);
    expect(rb.problems[0]).toMatch(/^preflight cannot read .*not\.wim as a WIM: /);
    expect(rb.summary).toBe(`Read back: image 1 of ${bad}: ${rb.problems[0]}`);
  });
});

afterAll(() => rmSync(tmp, { recursive: true, force: true }));
