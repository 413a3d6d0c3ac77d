// The CLI loads only what the command line needs (src/cli/main.ts, route): `hive stats` evaluates no
// capture, HTML report, guided-screen or check code. Seen on a bundle of the CLI built like dist's, in which
// every source module records that it was evaluated.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { build } from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../support/corpus';
import { buildHiveFile, tree, v } from '../../src/sample/hive-builder';

const tmp = mkdtempSync(join(tmpdir(), 'preflight-lazy-'));
const bundle = join(tmp, 'cli.cjs');
// Runs the bundle as `node runner.cjs ARGS` would run dist's, printing the evaluated modules at exit.
const runner = join(tmp, 'runner.cjs');
const hive = join(tmp, 'SOFTWARE');

beforeAll(async () => {
  writeFileSync(
    runner,
    `process.on('exit', () => process.stderr.write('\\nEVALUATED ' + JSON.stringify(globalThis.__evaluated ?? []) + '\\n'));\nrequire('./cli.cjs');\n`,
  );
  buildHiveFile(hive, tree('ROOT', { 'Microsoft\\Windows NT\\CurrentVersion': [v.sz('ProductName', 'Windows 10 Pro')] }));
  await build({
    entryPoints: [join(PROJECT_ROOT, 'src', 'cli', 'main.ts')],
    outfile: bundle,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    define: { __PREFLIGHT_VERSION__: '"0.0.0"', __PREFLIGHT_COMMIT__: '"test"' },
    logLevel: 'error',
    plugins: [
      {
        name: 'record-evaluation',
        setup(b) {
          b.onLoad({ filter: /[\\/]src[\\/].*\.ts$/ }, (args) => ({
            loader: 'ts',
            contents: `(globalThis.__evaluated ??= []).push(${JSON.stringify(relative(PROJECT_ROOT, args.path))});\n${readFileSync(args.path, 'utf8')}`,
          }));
        },
      },
    ],
  });
});

/** The source modules evaluated by one run of the instrumented CLI. */
function evaluated(args: string[]): string[] {
  const r = spawnSync(process.execPath, [runner, ...args], { encoding: 'utf8' });
  const line = /\nEVALUATED (.*)\n$/.exec(r.stderr);
  if (!line) throw new Error(`no record of evaluated modules: ${r.stderr}`);
  return JSON.parse(line[1]) as string[];
}

describe('commands are loaded when the command line needs them', () => {
  it('hive stats evaluates the hive reader and its command, not capture, HTML, guided or check code', () => {
    const mods = evaluated(['hive', 'stats', hive]);
    expect(mods).toContain('src/hive/stats.ts');
    expect(mods).toContain('src/cli/commands/hive-stats.ts');
    // capture/errors.ts only declares the error classes src/cli/fail.ts tells apart when it reports a failure.
    const needless = mods.filter((m) => m !== 'src/capture/errors.ts');
    expect(
      needless.filter((m) =>
        /^src\/(capture|windows|checks)\/|^src\/report\/html|^src\/cli\/guided\/|^src\/cli\/commands\/(check|guided|capture)\.ts$/.test(m),
      ),
    ).toEqual([]);
  });

  it('--version evaluates no command', () => {
    expect(evaluated(['--version']).filter((m) => m.startsWith('src/cli/commands/'))).toEqual([]);
  });

  it('the failure mapping loaded at start evaluates no live-registry route (native-reg, reg.exe, node:child_process)', () => {
    for (const args of [['--version'], ['hive', 'stats', hive]]) {
      const routes = evaluated(args).filter((m) => /^src\/host\/(live-registry|native-registry|reg-query|reg-exe-output)\.ts$/.test(m));
      expect(routes, args.join(' ')).toEqual([]);
    }
  });

  // The command modules a command line evaluates: the one it names, the guided run's when it names none,
  // none for --version; --help evaluates the named one for its options. The hive group's module imports its
  // subcommands' (small: the hive reader they share is what they cost).
  const HIVE = ['hive', 'hive-export', 'hive-get', 'hive-info', 'hive-ls', 'hive-stats'];
  it.each([
    [['hive', 'stats', hive], HIVE],
    [['check', '--help'], ['check']],
    [['hive', '--help'], HIVE],
    [['--yes', '--help'], ['guided']],
    [['--help'], ['guided']],
    [['--version'], []],
    [['explain', 'GEN001'], ['explain']],
  ])('%j evaluates the command modules %j', (argv, names) => {
    const commands = evaluated(argv as string[])
      .filter((m) => m.startsWith('src/cli/commands/') && !m.endsWith('-common.ts'))
      .map((m) => m.replace(/^src\/cli\/commands\/(.*)\.ts$/, '$1'));
    expect(commands.sort()).toEqual(names);
  });
});
