// Where the built CLI finds the command, help and version on a command line, as technicians and scripts
// type it: options before the command's name, `help` as a word, switches written --NAME=true.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildHiveFile, tree, v } from '../../src/sample/hive-builder';
import { runCli } from '../support/cli';

const hive = join(mkdtempSync(join(tmpdir(), 'preflight-command-line-')), 'SOFTWARE');
buildHiveFile(hive, tree('ROOT', { 'Microsoft\\Windows NT\\CurrentVersion': [v.sz('ProductName', 'Windows 10 Pro')] }));
const missing = join(tmpdir(), 'preflight-command-line-no-such-volume');

describe('the command line', () => {
  it('options before the command name are the command’s: --debug check, hive --no-logs info', () => {
    const check = runCli(['--debug', 'check', missing]);
    // check of a volume that is not there: bad input (4), not the guided run's "unknown command" (5).
    expect(check.status).toBe(4);
    expect(check.stderr).toContain(missing);
    const info = runCli(['hive', '--no-logs', 'info', hive, '--json']);
    expect(info.status).toBe(0);
    expect(JSON.parse(info.stdout).rootName).toBe('ROOT');
  });

  it('help as a word, or --help before the command, shows that command’s help', () => {
    for (const [args, first] of [
      [['help'], /^preflight \[VOLUME…\]/],
      [['help', 'check'], /^preflight check \[volumes\.\.\]/],
      [['--help', 'check'], /^preflight check \[volumes\.\.\]/],
      [['hive', 'help'], /^preflight hive <command>/],
      [['hive', 'info', '--help=true'], /^preflight hive info <file>/],
    ] as const) {
      const r = runCli([...args]);
      expect(r.status, args.join(' ')).toBe(0);
      expect(r.stdout, args.join(' ')).toMatch(first);
    }
  });

  it('--version=true prints the version; --json=true gets the JSON error document', () => {
    const version = runCli(['--version=true']);
    expect(version.status).toBe(0);
    expect(version.stdout).toMatch(/^preflight \S+ \(commit /);
    const json = runCli(['check', missing, '--json=true']);
    expect(json.status).toBe(4);
    expect(JSON.parse(json.stdout).error.exitCode).toBe(4);
  });

  it('--out or --docs given no value is a usage error that says why it may be so', () => {
    const out = runCli(['check', missing, '--out']);
    expect(out.status).toBe(5);
    expect(out.stderr).toContain('--out needs a folder (is the variable in --out %LOGDIR% set?)');
    expect(runCli(['checks', '--docs', '']).status).toBe(5);
  });
});
