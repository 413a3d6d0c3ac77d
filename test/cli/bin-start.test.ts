// dist/preflight.cjs executed as a program, as npm's bin link and a technician's shell run it: its first line
// (`#!/usr/bin/env -S …`, build/bundle.mjs) empties NODE_EXTRA_CA_CERTS before node starts and sets glibc's
// heap tunables; the loader gives the programs preflight runs the caller's environment back. Node reads the
// certificate file named there before any JavaScript runs, so a FIFO there hung every command.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildScenario } from '../../src/sample/windows-volume';
import { CLI } from '../support/cli';

const tmp = mkdtempSync(join(tmpdir(), 'preflight-bin-start-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** The bin run as a program; `PATH` puts this node first (the line runs `node` from PATH) after `before`. */
function runBin(args: string[], env: Record<string, string>, before = '') {
  const { GLIBC_TUNABLES: _t, MALLOC_TOP_PAD_: _p, ...inherited } = process.env;
  const r = spawnSync(CLI, args, {
    encoding: 'utf8',
    // A deadline for a start that would wait on a FIFO forever, not an expected duration.
    timeout: 30_000,
    env: { ...inherited, NO_COLOR: '1', ...env, PATH: `${before}${dirname(process.execPath)}:${process.env.PATH ?? ''}` },
  });
  return { status: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
}

describe('the bin started as a program', () => {
  it('answers with NODE_EXTRA_CA_CERTS naming a FIFO (node would wait on it before any of preflight ran)', () => {
    const fifo = join(tmp, 'certs.pem');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    const r = runBin(['--version'], { NODE_EXTRA_CA_CERTS: fifo });
    expect(r.signal).toBeNull();
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^preflight \d+\.\d+\.\d+ /);
  });

  it("gives the programs it runs the caller's GLIBC_TUNABLES, and not its own start's variables", () => {
    // wimlib-imagex found first on PATH: a script that records its environment and fails, so the capture stops there.
    const bin = join(tmp, 'bin');
    const record = join(tmp, 'engine-env.txt');
    mkdirSync(bin);
    mkdirSync(join(tmp, 'out'));
    writeFileSync(join(bin, 'wimlib-imagex'), `#!/bin/sh\nenv > '${record}'\nexit 1\n`);
    chmodSync(join(bin, 'wimlib-imagex'), 0o755);
    const [volume] = buildScenario(join(tmp, 'volumes'), 'generalized-win11');
    const callers: Record<string, string>[] = [
      { GLIBC_TUNABLES: 'glibc.malloc.arena_max=2', NODE_EXTRA_CA_CERTS: join(tmp, 'none.pem') },
      {},
    ];
    for (const caller of callers) {
      rmSync(record, { force: true });
      const r = runBin(['capture', volume, '--image', join(tmp, 'out', 'v.wim'), '--name', 'v', '--engine', 'wimlib'], caller, `${bin}:`);
      expect(existsSync(record), r.stderr).toBe(true);
      const seen = new Map(
        readFileSync(record, 'utf8')
          .split('\n')
          .filter((l) => l.includes('='))
          .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
      );
      expect(seen.get('GLIBC_TUNABLES')).toBe(caller.GLIBC_TUNABLES);
      expect(seen.has('MALLOC_TOP_PAD_')).toBe(false);
      expect(seen.has('NODE_EXTRA_CA_CERTS')).toBe(false);
    }
  });
});
