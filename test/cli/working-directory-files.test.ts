// The CLI reads no file found from the working directory. yargs, its argument parser until the CLI parsed
// its own (src/cli/args), read two at every start: its string table `locales/en.json` three folders up, whose
// words replaced the help's (and which, not JSON, made every command an internal error), and the first
// package.json from there up to the root, read whole for a default version (a FIFO there hung every
// command). It is run here from a folder with such files above it, and must answer as it does elsewhere.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../support/corpus';
import { buildHiveFile, tree, v } from '../../src/sample/hive-builder';

const CLI = join(PROJECT_ROOT, 'dist', 'preflight.cjs');
const top = mkdtempSync(join(tmpdir(), 'preflight-cwd-files-'));
const cwd = join(top, 'a', 'b', 'c');
mkdirSync(cwd, { recursive: true });
mkdirSync(join(top, 'locales'));
const elsewhere = mkdtempSync(join(tmpdir(), 'preflight-cwd-files-none-'));
const hive = join(top, 'SOFTWARE');
buildHiveFile(hive, tree('ROOT', { 'Microsoft\\Windows NT\\CurrentVersion': [v.sz('ProductName', 'Windows 10 Pro')] }));

function run(args: string[], inside: string) {
  // A deadline for a CLI that would wait on a FIFO forever, not an expected duration.
  const r = spawnSync(process.execPath, [CLI, ...args], {
    cwd: inside,
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, NO_COLOR: '1' },
  });
  return { status: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
}

function mkfifo(path: string): void {
  rmSync(path, { force: true });
  expect(spawnSync('mkfifo', [path]).status).toBe(0);
}

describe('the CLI reads no file from around the working directory', () => {
  const expected = {
    help: run(['--help'], elsewhere),
    info: run(['hive', 'info', hive], elsewhere),
    version: run(['--version'], elsewhere),
  };

  it('a locales/en.json three folders up changes neither the help nor any command', () => {
    expect(expected.help.stdout).toContain('Commands:');
    expect(expected.info.status).toBe(0);
    for (const text of ['{"Commands:": "Replaced:", "Options:": "Replaced:"}', '{ not json']) {
      writeFileSync(join(top, 'locales', 'en.json'), text);
      expect(run(['--help'], cwd)).toEqual(expected.help);
      expect(run(['hive', 'info', hive], cwd)).toEqual(expected.info);
    }
    mkfifo(join(top, 'locales', 'en.json'));
    expect(run(['--help'], cwd)).toEqual(expected.help);
    rmSync(join(top, 'locales', 'en.json'));
  });

  it('a package.json above that is a FIFO, or not JSON, changes nothing and never blocks', () => {
    expect(expected.version.status).toBe(0);
    writeFileSync(join(top, 'a', 'package.json'), '{ "version": "9.9.9", ');
    expect(run(['--version'], cwd)).toEqual(expected.version);
    mkfifo(join(top, 'a', 'package.json'));
    expect(run(['--version'], cwd)).toEqual(expected.version);
    expect(run(['hive', 'info', hive], cwd)).toEqual(expected.info);
  });
});
