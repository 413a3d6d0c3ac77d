// Hostile disks: logs, answer files and AppX stores built to crash a careless reader, make it
// quadratic or exhaust memory. Each must end in seconds with a clear finding or error, never exit 6.
// Before the fixes: 150,000 failures crashed (exit 6, call-stack overflow); 20,000 same-second Error lines
// and 50,000 orphan SIDs ran over 120 s; 150,000 passes 55 s; 100,000 generalize components 25 s; 10,000
// unprovisioned packages 47 s; four 40 MiB Panther logs 400 MiB resident; a tail that did not reach the
// only Error line, or was all NULs, said the last run did not fail.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseAnswerFile } from '../../src/windows/unattend';
import { CLI } from '../support/cli';
import { buildHostileVolume, type HostileCase } from '../support/hostile-volumes';

const tmp = mkdtempSync(join(tmpdir(), 'preflight-hostile-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/**
 * CPU time a hostile case may use (the fixed code needs under one second; the defects it guards against took
 * 25 s to minutes). CPU time, not wall time: a busy machine stretches the wall clock, not the work done.
 * The wall clock only kills a hang, far beyond it.
 */
const LIMIT_MS = 15_000;
const HANG_MS = 300_000;
const GNU_TIME = '/usr/bin/time';

interface Run {
  status: number | null;
  ms: number;
  peakMiB: number | null;
  report: {
    verdict: string;
    installations: {
      findings: { id: string; severity: string; message: string }[];
      panther: { lastRunFailed: boolean | null; evidence: { path?: string; detail?: string }[] };
      unattend: { files: { parseError: string | null }[] };
    }[];
  };
  stdout: string;
}

function check(name: HostileCase, extra: string[] = ['--json']): Run {
  const dir = join(tmp, name);
  mkdirSync(dir, { recursive: true });
  buildHostileVolume(dir, name);
  const measured = existsSync(GNU_TIME);
  const cmd = measured ? [GNU_TIME, '-f', '%U %S %M', process.execPath, CLI] : [process.execPath, CLI];
  const t0 = Date.now();
  const r = spawnSync(cmd[0], [...cmd.slice(1), 'check', dir, ...extra], {
    encoding: 'utf8',
    maxBuffer: 1 << 30,
    timeout: HANG_MS,
    env: { ...process.env, NO_COLOR: '1' },
  });
  const wallMs = Date.now() - t0;
  const [user, sys, kib] = measured ? r.stderr.trim().split('\n').pop()!.split(' ').map(Number) : [NaN, NaN, NaN];
  // Without GNU time the wall clock is all there is.
  const ms = measured ? (user + sys) * 1000 : wallMs;
  expect(r.status, r.stderr).not.toBe(6);
  expect(r.signal, 'killed: it hung').toBeNull();
  expect(ms).toBeLessThan(LIMIT_MS);
  const report = extra.includes('--json') ? JSON.parse(r.stdout) : null;
  return { status: r.status, ms, peakMiB: Number.isFinite(kib) ? kib / 1024 : null, report, stdout: r.stdout };
}

const findings = (run: Run, id: string) => run.report.installations[0].findings.filter((f) => f.id === id);

describe('hostile Panther logs', () => {
  it('150,000 failing packages in one run: no crash, one finding for the last run, the rest counted', () => {
    const run = check('setuperr-150k-failures');
    expect(run.status).toBe(2);
    const sys = findings(run, 'SYS001');
    expect(sys).toHaveLength(1);
    expect(sys[0].message).toContain('Contoso.App149999_1.0.149999.0');
    const details = run.report.installations[0].panther.evidence.map((e) => e.detail ?? '').join('\n');
    expect(details).toMatch(/only the last 5000 of 1[0-9]{5} Error lines decoded/);
  });

  it('20,000 Error lines of one second: linear, one finding for the run', () => {
    const run = check('setuperr-20k-same-second');
    expect(run.status).toBe(2);
    expect(findings(run, 'SYS001').length).toBe(1);
  });

  it('the only Error line lies before the 32 MiB tail: the last run is unknown, not "not failed"', () => {
    const run = check('setuperr-error-before-tail');
    expect(run.report.installations[0].panther.lastRunFailed).toBeNull();
    const sys = findings(run, 'SYS001');
    expect(sys).toHaveLength(1);
    expect(sys[0]).toMatchObject({ severity: 'warn' });
    expect(sys[0].message).toMatch(/unknown/);
  });

  it('a tail of NUL bytes: the last run is unknown', () => {
    const run = check('setuperr-nul-tail');
    expect(run.report.installations[0].panther.lastRunFailed).toBeNull();
    expect(findings(run, 'SYS001').map((f) => f.severity)).toEqual(['warn']);
  });

  it('four 40 MiB Panther logs are streamed: peak memory stays far below the logs’ size', () => {
    const run = check('panther-four-big-logs');
    expect(run.report.installations[0].panther.lastRunFailed).toBeNull();
    if (run.peakMiB !== null) expect(run.peakMiB).toBeLessThan(200);
  });
});

describe('hostile answer files', () => {
  it('a million unclosed tags: a short parse error, text report written', () => {
    const run = check('answer-million-unclosed');
    const [file] = run.report.installations[0].unattend.files;
    expect(file.parseError).toMatch(/too many tags|not well-formed/);
    expect(file.parseError!.length).toBeLessThan(500);
    expect(JSON.stringify(run.report).length).toBeLessThan(1_000_000);
    const text = check('answer-million-unclosed', []);
    expect(text.status).not.toBe(6);
    expect(text.stdout).toMatch(/UNA004/);
  });

  it("19,000 unclosed tags (under the tag limit): the validator's message, which lists every open tag, is capped", () => {
    const fact = parseAnswerFile(Buffer.from(`<unattend>${'<a>'.repeat(19_000)}`), {
      path: 'unattend.xml',
      precedence: 3,
      location: 'cached',
    });
    expect(fact.parseError).toMatch(/^not well-formed XML: /);
    expect(fact.parseError!.length).toBeLessThan(500);
  });

  it.each([['answer-150k-passes'], ['answer-100k-generalize-components']] as const)('%s: refused unparsed, in seconds', (name) => {
    const run = check(name);
    expect(run.report.installations[0].unattend.files[0].parseError).toMatch(/too many tags to be an answer file/);
    expect(findings(run, 'UNA004')).toHaveLength(1);
  });
});

describe('hostile AppX stores', () => {
  it('10,000 unprovisioned packages: one APX001 each, evidence looked up by key', () => {
    const run = check('appx-10k-unprovisioned');
    expect(run.status).toBe(2);
    expect(findings(run, 'APX001')).toHaveLength(10_000);
  });

  it('50,000 SIDs without a profile: one APX002', () => {
    const run = check('appx-50k-orphan-sids');
    expect(findings(run, 'APX002')).toHaveLength(1);
  });
});
