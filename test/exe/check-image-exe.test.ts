// The real dist/preflight.exe under wine judging an image in a WIM on another drive (X:\images\ref.wim:N): the
// Windows path of the file, its `:N` selector after the drive colon, and the report must equal the Linux run's
// on the same file, the file's path aside.
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli';
import { comparableReport } from '../support/report-strings';
import { treeHash } from '../support/tree-hash';
import { wimlib, wimlibAvailable } from '../support/wimlib';
import { buildScenario } from '../../src/sample/windows-volume';
import { makeStick, mapDrives, runExe, wineSetup, type WineSetup } from '../support/wine';

const setup = wineSetup();
const ready = setup !== null && wimlibAvailable();
const WIN_FILE = 'X:\\images\\ref.wim';

/**
 * A report with the WIM's path (as that run named it) replaced by `<wim>`, and the separator after the image
 * (`<wim>:1\Windows` on Windows, `<wim>:1/Windows` elsewhere) made a backslash; the time of the run and the
 * host it ran on are dropped.
 */
function comparable(json: string, file: string): unknown {
  return comparableReport(json, (v) =>
    v
      .split(file)
      .join('<wim>')
      .replace(/<wim>:(\d+)\//g, '<wim>:$1\\'),
  );
}

describe.skipIf(!ready)('preflight.exe check X:\\images\\ref.wim under wine', () => {
  const wine = setup as WineSetup;
  const tmp = mkdtempSync(join(tmpdir(), 'preflight-exe-wim-'));
  const drive = join(tmp, 'x-drive');
  const file = join(drive, 'images', 'ref.wim');
  let stick: string;

  beforeAll(() => {
    stick = makeStick(tmp);
    mkdirSync(join(drive, 'images'), { recursive: true });
    const [gold] = buildScenario(join(tmp, 'gold'), 'generalized-win11');
    const [used] = buildScenario(join(tmp, 'used'), 'not-generalized-win11');
    wimlib(['capture', gold, file, 'Gold', 'Reference build', '--compress=lzx']);
    wimlib(['append', used, file, 'Used']);
  });

  it.each([
    [1, 0, 'generalized'],
    [2, 2, 'not-generalized'],
  ] as const)('check X:\\images\\ref.wim:%i --json exits %i and equals the Linux report of the same file', async (index, exit, state) => {
    mapDrives(wine, { X: drive, S: stick });
    const before = treeHash(drive);
    const exe = await runExe(wine, ['check', `${WIN_FILE}:${index}`, '--json']);
    const linux = runCli(['check', `${file}:${index}`, '--json']);
    expect(exe.stderr).toBe('');
    expect(exe.status).toBe(exit);
    expect(linux.status).toBe(exit);
    const report = JSON.parse(exe.stdout);
    expect(report.scannedVolumes).toEqual([`${WIN_FILE}:${index}`]);
    expect(report.installations).toHaveLength(1);
    expect(report.installations[0]).toMatchObject({
      id: `${WIN_FILE}:${index}\\Windows`,
      volume: `${WIN_FILE}:${index}`,
      image: { file: WIN_FILE, index, name: index === 1 ? 'Gold' : 'Used', description: index === 1 ? 'Reference build' : null },
      generalization: { state },
      volumeState: { hibernated: 'not-applicable', bitlocker: 'not-applicable' },
    });
    expect(comparable(exe.stdout, WIN_FILE)).toEqual(comparable(linux.stdout, file));
    // Read-only: the WIM is opened for reading and nothing is written beside it.
    expect(treeHash(drive)).toEqual(before);
  });

  it('text: the image named under its heading, disk-only facts not applicable', async () => {
    mapDrives(wine, { X: drive, S: stick });
    const r = await runExe(wine, ['check', `${WIN_FILE}:Gold`, '--no-color']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(`\n  Image: ${WIN_FILE}:1 "Gold" (Reference build), build `);
    expect(r.stdout).toContain('\n  Hibernation, BitLocker, disk placement: not applicable (image)\n');
  });
});
