// A closed or broken stdout or stderr (a pipe whose reader quit, a handle that is gone, as under wine with a
// Unix pipe: EBADF) ends the run quietly with the verdict's exit code, never an internal error or a stack.
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI } from '../support/cli';
import { buildScenario, type ScenarioName } from '../../src/sample/windows-volume';

const tmp = mkdtempSync(join(tmpdir(), 'preflight-closed-'));
const vol = (name: ScenarioName) => buildScenario(join(tmp, name), name)[0];

/** The CLI with file descriptor `fd` closed before it starts writing (EBADF on every write to it). */
function withClosed(fd: 1 | 2, args: string[]) {
  const code = `require('fs').closeSync(${fd}); process.argv = [process.argv[0], 'preflight', ...${JSON.stringify(args)}]; require(${JSON.stringify(CLI)});`;
  return spawnSync(process.execPath, ['-e', code], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
}

const NO_STACK = /internal error|\bat .*\.(c?js|ts):\d+|EBADF/;

describe('closed stdout or stderr', () => {
  const ready = vol('generalized-win11');
  const blocked = vol('hibernated');
  it.each([
    [1, ['check', ready], 0],
    [1, ['check', blocked], 2],
    [1, ['check', blocked, '--json'], 2],
    [2, ['check', blocked], 2],
    [1, ['check', join(tmp, 'missing')], 4],
    [2, ['check', join(tmp, 'missing')], 4],
    [1, ['hive', 'export', join(ready, 'Windows', 'System32', 'config', 'SOFTWARE')], 0],
  ] as const)('fd %i closed, %j: exit %i, no stack trace', (fd, args, exit) => {
    const r = withClosed(fd, [...args]);
    expect(r.status).toBe(exit);
    expect(r.stdout + r.stderr).not.toMatch(NO_STACK);
  });

  it("a pipe whose reader quits after the first bytes: the verdict's exit code, nothing on stderr", () => {
    const r = spawnSync(
      'sh',
      ['-c', `"${process.execPath}" "${CLI}" check "${blocked}" --json | head -c 1 >/dev/null; exit \${PIPESTATUS:-0}`],
      { encoding: 'utf8' },
    );
    expect(r.stderr).toBe('');
    const b = spawnSync(
      'bash',
      [
        '-c',
        `"${process.execPath}" "${CLI}" hive export "${join(ready, 'Windows', 'System32', 'config', 'SOFTWARE')}" | head -c 1 >/dev/null; exit \${PIPESTATUS[0]}`,
      ],
      { encoding: 'utf8' },
    );
    expect(b.status).toBe(0);
    expect(b.stderr).toBe('');
  });
});
