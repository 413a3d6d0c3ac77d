// `--disk` names a disk: a block device or a disk image file. Anything else (a FIFO, which blocks an open
// for reading until a writer comes, a folder, a character device) is refused at once, in one line.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI } from '../support/cli';
import { buildScenario } from '../../src/sample/windows-volume';

const tmp = mkdtempSync(join(tmpdir(), 'preflight-disk-fifo-'));
const fifo = join(tmp, 'disk.fifo');
const haveFifo = spawnSync('mkfifo', [fifo]).status === 0;

/** The CLI with a deadline: a run that blocks is killed and shows up as status null. */
const run = (args: string[]) =>
  spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', timeout: 20_000, env: { ...process.env, NO_COLOR: '1' } });

describe.runIf(haveFifo)('--disk that is not a disk', () => {
  const vol = buildScenario(join(tmp, 'vol'), 'generalized-win11')[0];
  const dest = join(tmp, 'dest');
  mkdirSync(dest);
  it.each([
    ['a FIFO', fifo],
    ['a character device', '/dev/null'],
  ])('check --disk %s: refused at once, one line, no stack', (_, disk) => {
    const r = run(['check', vol, '--disk', disk]);
    expect(r.signal).toBeNull();
    expect(r.status).toBe(4);
    expect(r.stderr).toMatch(/not a disk, a block device or a disk image file/);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });
  it('capture --disk FIFO --ffu --dry-run: refused at once', () => {
    const r = run(['capture', '--disk', fifo, '--ffu', join(dest, 'd.ffu'), '--name', 'd', vol, '--dry-run']);
    expect(r.signal).toBeNull();
    expect(r.status).toBe(4);
    expect(r.stderr).toMatch(/not a disk, a block device or a disk image file/);
  });
});
