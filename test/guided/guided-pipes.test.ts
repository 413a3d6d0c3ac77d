// Where nobody can answer — pipes, startnet.cmd's redirections, --json — `preflight VOLUME…` asks nothing
// and is exactly `check`: the same report, the same exit code, no escape codes, and it ends.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runChild } from '../support/child';
import { CLI, runCli } from '../support/cli';
import { buildScenario } from '../../src/sample/windows-volume';

const tmp = mkdtempSync(join(tmpdir(), 'pfg-pipes-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Spawned with pipes for stdin, stdout and stderr; a hang fails on the deadline (generous: the machine may be busy). */
function piped(args: string[]) {
  return runChild(process.execPath, [CLI, ...args], { input: '', timeoutMs: 120_000, env: { ...process.env, NO_COLOR: '1' } });
}

describe('preflight VOLUME… without a console', () => {
  it.each([
    ['not-generalized-win11', 2],
    ['generalized-win11', 0],
  ] as const)('%s: the check report and its exit code (%i), no prompt, no escape codes', async (scenario, code) => {
    const [vol] = buildScenario(join(tmp, scenario), scenario);
    const r = await piped([vol]);
    expect(r.signal).toBeNull();
    expect(r.status).toBe(code);
    const check = runCli(['check', vol]);
    expect(r.stdout.replace(/^Running in WinPE.*\n/m, '')).toBe(check.stdout.replace(/^Running in WinPE.*\n/m, ''));
    expect(r.stdout).not.toContain('\x1b');
    expect(r.stderr).toBe('');
  });

  it('--json prints the JSON report, as check --json', async () => {
    const [vol] = buildScenario(join(tmp, 'json'), 'generalized-win11');
    const r = await piped([vol, '--json']);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ schemaVersion: 3, verdict: 'ready' });
  });

  it('a mistyped command is a usage error, exit 5, not a missing volume', async () => {
    const r = await piped(['chek']);
    expect(r.status).toBe(5);
    expect(r.stderr).toBe('preflight: unknown command or volume: chek (see preflight --help)\n');
  });
});
