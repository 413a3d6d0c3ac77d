// `preflight hive …` end to end through the built CLI: output, exit codes, one-line errors.
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { CORPUS_MISSING, PROJECT_ROOT, corpusDir, corpusPath } from '../support/corpus';
import { runCli } from '../support/cli';
import { buildHiveFile, tree, v } from '../../src/sample/hive-builder';
import { hivexAvailable, hivexDump } from '../support/hivex';
import { hivePath } from '../../src/cli/commands/hive-common';

const corpus = corpusDir();
if (!corpus) console.warn(CORPUS_MISSING);
const tmp = mkdtempSync(join(tmpdir(), 'preflight-hive-cli-'));

const sample = join(tmp, 'SOFTWARE');
buildHiveFile(
  sample,
  tree('ROOT', {
    'Microsoft\\Windows NT\\CurrentVersion': [v.sz('ProductName', 'Windows 10 Pro'), v.sz('CurrentBuild', '26100'), v.dword('UBR', 2314)],
    'Microsoft\\Windows\\CurrentVersion\\Setup\\State': [v.sz('ImageState', 'IMAGE_STATE_GENERALIZE_RESEAL_TO_OOBE')],
    'Odd\\Values': [
      v.multiSz('Multi', ['a', 'b "quoted"', 'c\\d']),
      v.binary(
        'Bin',
        Uint8Array.from({ length: 40 }, (_, i) => i),
      ),
      v.qword('Q', 0x1122334455667788n),
      v.sz('', 'default text'),
      v.raw('Custom', 0x200000, Uint8Array.of(1, 2, 3)),
      v.sz('Evil', 'before\x1b[2Jafter'),
    ],
  }),
);

describe('hive commands', () => {
  it('info reports version, state and counts', () => {
    const r = runCli(['hive', 'info', sample]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/format\s+regf 1\.5/);
    expect(r.stdout).toMatch(/state\s+clean/);
    expect(r.stdout).toMatch(/keys\s+10\n/); // root, Microsoft, Windows NT, CurrentVersion, Windows, CurrentVersion, Setup, State, Odd, Values
  });

  it('ls lists subkeys and values, case-insensitively', () => {
    const r = runCli(['hive', 'ls', sample, 'microsoft\\WINDOWS NT\\currentversion']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('\\Microsoft\\Windows NT\\CurrentVersion');
    expect(r.stdout).toMatch(/ProductName\s+REG_SZ\s+Windows 10 Pro/);
    expect(r.stdout).toMatch(/UBR\s+REG_DWORD\s+2314 \(0x90a\)/);
  });

  it('get prints one value, the default value with "", and --raw hex', () => {
    expect(runCli(['hive', 'get', sample, 'Microsoft\\Windows\\CurrentVersion\\Setup\\State', 'imagestate']).stdout).toBe(
      'IMAGE_STATE_GENERALIZE_RESEAL_TO_OOBE\n',
    );
    expect(runCli(['hive', 'get', sample, 'Odd\\Values', '']).stdout).toBe('default text\n');
    expect(runCli(['hive', 'get', sample, 'Odd\\Values', 'Custom', '--raw']).stdout).toBe('010203\n');
    const json = JSON.parse(runCli(['hive', 'get', sample, 'Odd\\Values', 'Q', '--json']).stdout);
    expect(json).toMatchObject({ type: 11, decoded: String(0x1122334455667788n), data: '8877665544332211' });
  });

  it('a missing key or value is a one-line error with exit code 4', () => {
    const r = runCli(['hive', 'get', sample, 'No\\Such\\Key', 'x']);
    expect(r.status).toBe(4);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('no key "No\\Such\\Key"');
  });

  it('get takes a path in the HKLM\\SOFTWARE\\… form export and explain print; a path naming another hive is refused', () => {
    expect(runCli(['hive', 'get', sample, 'HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Setup\\State', 'imagestate']).stdout).toBe(
      'IMAGE_STATE_GENERALIZE_RESEAL_TO_OOBE\n',
    );
    expect(hivePath('D:\\Windows\\System32\\config\\SOFTWARE', 'HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft')).toBe('Microsoft');
    expect(hivePath('D:\\Windows\\System32\\config\\SOFTWARE', 'Microsoft\\Windows')).toBe('Microsoft\\Windows');
    expect(() => hivePath('D:\\Windows\\System32\\config\\SYSTEM', 'HKLM\\SOFTWARE\\Microsoft')).toThrow(
      'the path names the SOFTWARE hive, but this file is SYSTEM',
    );
  });

  it('export --format jsonl prints one object per key with exact raw bytes', () => {
    const r = runCli(['hive', 'export', sample, '--format', 'jsonl']);
    expect(r.status).toBe(0);
    const keys = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(keys[0].path).toBe('\\');
    const odd = keys.find((k) => k.path === '\\Odd\\Values');
    expect(odd.values.find((x: { name: string }) => x.name === 'Custom')).toEqual({ name: 'Custom', type: 0x200000, data: '010203' });
    expect(odd.lastWritten).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7}Z$/);
  });

  it.skipIf(!hivexAvailable())('export --format reg merges back through hivexregedit into the same tree', () => {
    const reg = runCli(['hive', 'export', sample, '--format', 'reg', '--prefix', 'HKEY_LOCAL_MACHINE\\SOFTWARE']);
    expect(reg.status).toBe(0);
    expect(reg.stdout.startsWith('Windows Registry Editor Version 5.00\r\n')).toBe(true);
    const regFile = join(tmp, 'export.reg');
    writeFileSync(regFile, reg.stdout);
    const target = join(tmp, 'MERGED');
    buildHiveFile(target, tree('ROOT', {}));
    const merged = spawnSync('hivexregedit', ['--merge', '--prefix', 'HKEY_LOCAL_MACHINE\\SOFTWARE', target, regFile], {
      encoding: 'utf8',
    });
    expect(merged.stderr).toBe('');
    expect(merged.status).toBe(0);
    const sortByPath = <T extends { path: string }>(xs: T[]) => [...xs].sort((a, b) => a.path.localeCompare(b.path));
    const want = sortByPath(hivexDump(sample)).map((k) => ({ ...k, values: [...k.values].sort((a, b) => a.name.localeCompare(b.name)) }));
    const got = sortByPath(hivexDump(target)).map((k) => ({ ...k, values: [...k.values].sort((a, b) => a.name.localeCompare(b.name)) }));
    expect(got).toEqual(want);
  });

  it('text from the hive cannot drive the terminal: control characters are replaced in ls/get, hex in .reg', () => {
    const ls = runCli(['hive', 'ls', sample, 'Odd\\Values']).stdout;
    expect(ls).not.toContain('\x1b');
    expect(ls).toMatch(/Evil\s+REG_SZ\s+before\?\[2Jafter/);
    expect(runCli(['hive', 'get', sample, 'Odd\\Values', 'Evil']).stdout).toBe('before?[2Jafter\n');
    const reg = runCli(['hive', 'export', sample, 'Odd\\Values', '--format', 'reg']).stdout;
    expect(reg).not.toContain('\x1b');
    expect(reg).toMatch(/"Evil"=hex\(1\):62,00,65,00/);
    // --raw still gives the exact bytes.
    expect(runCli(['hive', 'get', sample, 'Odd\\Values', 'Evil', '--raw']).stdout).toContain('1b005b00');
  });

  it('stats walks every key', () => {
    const r = runCli(['hive', 'stats', sample, '--json']);
    expect(JSON.parse(r.stdout)).toMatchObject({ keys: 10, values: 10, warnings: 0 });
  });
});

describe('the package', () => {
  it('`npx preflight` runs the built bin from the project', () => {
    const r = spawnSync('npx', ['--no-install', 'preflight', '--version'], { cwd: PROJECT_ROOT, encoding: 'utf8', timeout: 60_000 });
    expect(r.status).toBe(0);
    const version = JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')).version;
    // Tool version, the commit it was built from, the node running it and the platform.
    expect(r.stdout.trim()).toMatch(
      new RegExp(
        `^preflight ${version.replace(/\./g, '\\.')} \\(commit ([0-9a-f]{12}(\\+dirty)?|unknown); node ${process.versions.node}; ${process.platform}-${process.arch}\\)$`,
      ),
    );
  });
});

describe('bad input', () => {
  it('not a hive: one line naming the file, exit 4, no stack trace', () => {
    const f = join(tmp, 'notes.txt');
    writeFileSync(f, 'hello, this is not a hive');
    const r = runCli(['hive', 'info', f]);
    expect(r.status).toBe(4);
    expect(r.stderr).toBe(`preflight: ${f}: base block at offset 0x0: no "regf" signature: not a registry hive\n`);
  });

  it('a missing file, a directory, a transaction log: exit 4 with the reason', () => {
    expect(runCli(['hive', 'info', join(tmp, 'absent')]).stderr).toMatch(/absent: .*no such file\n$/);
    expect(runCli(['hive', 'info', tmp]).stderr).toMatch(/is a directory/);
    const log = join(tmp, 'fake.LOG1');
    const bytes = readFileSync(sample);
    bytes.writeUInt32LE(6, 28); // file type 6 = new-format log
    writeFileSync(log, bytes);
    const r = runCli(['hive', 'info', log]);
    expect(r.status).toBe(4);
    expect(r.stderr).toMatch(/new-format transaction log, not a primary hive file/);
  });

  it('an unknown command or option, or a missing argument, is a usage error, exit 5, and nothing runs', () => {
    for (const args of [
      ['hive', 'frobnicate', sample],
      ['hive', 'info', sample, '--bogus'],
      [],
      ['hive', 'info'],
      ['hive', 'info', '--bogus', sample],
    ]) {
      const r = runCli(args);
      expect(r.status, args.join(' ')).toBe(5);
      expect(r.stdout).toBe('');
      // The help named is the command's own: `preflight hive info --help`.
      expect(r.stderr).toMatch(/^preflight: .*\(see preflight( [a-z]+)* --help\)\n$/);
    }
  });
});

describe.skipIf(!corpus)('dirty hives through the CLI', () => {
  it('info says which logs were applied; --no-logs reads the primary as it is', () => {
    const dir = mkdtempSync(join(tmpdir(), 'preflight-dirty-'));
    // Lower-case log names beside an upper-case hive: found case-insensitively.
    copyFileSync(corpusPath('yarp/tests/NewDirtyHive1/NewDirtyHive'), join(dir, 'NEWDIRTYHIVE'));
    copyFileSync(corpusPath('yarp/tests/NewDirtyHive1/NewDirtyHive.LOG1'), join(dir, 'newdirtyhive.log1'));
    copyFileSync(corpusPath('yarp/tests/NewDirtyHive1/NewDirtyHive.LOG2'), join(dir, 'newdirtyhive.log2'));
    const r = runCli(['hive', 'info', join(dir, 'NEWDIRTYHIVE')]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/state\s+dirty, recovered in memory/);
    expect(r.stdout).toMatch(/applied\s+.*newdirtyhive\.log\d \(new format, \d+ entries\)/);
    const raw = runCli(['hive', 'info', join(dir, 'NEWDIRTYHIVE'), '--no-logs']);
    expect(raw.stdout).toMatch(/state\s+dirty, not recovered/);
    expect(raw.stdout).toMatch(/logs not applied \(--no-logs\)/);
  });
});
