// yargs' string table (y18n) looked for `locales/en.json` three folders above the working directory: a file
// there changed the help's words, and one that is not JSON made every command an internal error. The CLI reads
// no such file (build/bundle.mjs patches y18n): run from a folder whose `../../../locales` holds both kinds.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../support/corpus';
import { buildHiveFile, tree, v } from '../../src/sample/hive-builder';

const CLI = join(PROJECT_ROOT, 'dist', 'preflight.cjs');
const top = mkdtempSync(join(tmpdir(), 'preflight-locales-'));
const cwd = join(top, 'a', 'b', 'c');
mkdirSync(cwd, { recursive: true });
mkdirSync(join(top, 'locales'));
const hive = join(top, 'SOFTWARE');
buildHiveFile(hive, tree('ROOT', { 'Microsoft\\Windows NT\\CurrentVersion': [v.sz('ProductName', 'Windows 10 Pro')] }));

function run(args: string[], inside: string) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: inside, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('the CLI reads no yargs locale file', () => {
  it('a locales/en.json three folders up changes neither the help nor any command', () => {
    const elsewhere = mkdtempSync(join(tmpdir(), 'preflight-locales-none-'));
    const expected = [run(['--help'], elsewhere), run(['hive', 'info', hive], elsewhere)];
    expect(expected[0].stdout).toContain('Commands:');
    expect(expected[1].status).toBe(0);
    for (const text of ['{"Commands:": "Replaced:", "Options:": "Replaced:"}', '{ not json']) {
      writeFileSync(join(top, 'locales', 'en.json'), text);
      expect(run(['--help'], cwd)).toEqual(expected[0]);
      expect(run(['hive', 'info', hive], cwd)).toEqual(expected[1]);
    }
  });
});
