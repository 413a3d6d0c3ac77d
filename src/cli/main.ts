// Entry point of the preflight CLI (bundled to dist/preflight.cjs, embedded in preflight.exe).
import './stdio-guard';
import yargs, { type CommandModule } from 'yargs';
import { ExitCode } from './exit-codes';
import { reportFailure, UsageError } from './fail';
import { HELP_WIDTH, helpFooter } from './help';
import { versionLine } from './version';

// Each command's module (and all it imports) is loaded only when the command line may need it: the bundle
// evaluates `hive stats`'s code, not the capture, report or guided code (esbuild keeps one file and defers
// each dynamically imported module's evaluation to its first import). In the order yargs lists them.
const COMMANDS: { name: string; load: () => Promise<CommandModule> }[] = [
  { name: '$0', load: async () => (await import('./commands/guided')).guidedCommand as never },
  { name: 'check', load: async () => (await import('./commands/check')).checkCommand as never },
  { name: 'checks', load: async () => (await import('./commands/checks')).checksCommand as never },
  { name: 'explain', load: async () => (await import('./commands/explain')).explainCommand as never },
  { name: 'capture', load: async () => (await import('./commands/capture')).captureCommand as never },
  { name: 'hive', load: async () => (await import('./commands/hive')).hiveCommand },
  { name: 'bcd', load: async () => (await import('./commands/bcd')).bcdCommand as never },
];

/**
 * The commands yargs may run for `argv`: the one named first (yargs takes a command only as the first word it
 * does not read as an option, and a first word is never an option's value); the guided run (the default
 * command) when no command is named at all; none for a bare --version; every command for help or when a
 * command's name comes later (then which one yargs picks depends on how it reads the options before it).
 */
export function commandsFor(argv: string[]): typeof COMMANDS {
  const named = COMMANDS.filter((c) => argv.includes(c.name));
  if (argv.some((a) => a === '--help' || a === '-h' || a === 'help')) return COMMANDS;
  if (named.length === 0)
    return argv.includes('--version') && argv.every((a) => a === '--version' || a === '--debug') ? [] : COMMANDS.slice(0, 1);
  return argv[0] === named[0].name && named.length === 1 ? named : COMMANDS;
}

export async function main(argv: string[]): Promise<number> {
  const debug = argv.includes('--debug');
  const json = argv.includes('--json');
  try {
    await helpFooter(
      yargs(argv),
      [
        ['preflight', 'guided run over every drive letter but X: and the stick: findings, then capture'],
        ['preflight check D:\\ --out E:\\logs', 'inspect D:, write the reports to the stick E:'],
        ['preflight hive info D:\\Windows\\System32\\config\\SYSTEM', 'read one hive'],
      ],
      'guided',
    )
      .scriptName('preflight')
      .usage(
        '$0 [VOLUME…]  guided run on a console: findings, then capture\n$0 <command> [options]\n\n' +
          'May the offline Windows installation on this disk be captured as an image? With no volume, the guided run ' +
          'and `check` inspect every drive letter but X: and the stick. The guided run asks questions only when input ' +
          'and output are a console, never with --yes or --json: elsewhere it is `check`.',
      )
      .command(await Promise.all(commandsFor(argv).map((c) => c.load())))
      .option('debug', { type: 'boolean', default: false, describe: 'show stack traces of internal errors' })
      .strict()
      // English only, and no look-up of yargs' locale files beside the executable.
      .detectLocale(false)
      .version(versionLine())
      .describe('version', 'print the version of preflight, the commit, the node inside and the platform')
      .help()
      .describe('help', 'show this help')
      .wrap(HELP_WIDTH)
      // yargs goes on to run the handler when this returns, so a usage error must throw.
      .fail((msg, err) => {
        if (err) throw err;
        throw new UsageError(`${msg} (see preflight --help)`);
      })
      .parseAsync();
  } catch (err) {
    return reportFailure(err, debug, json);
  }
  return typeof process.exitCode === 'number' ? process.exitCode : ExitCode.READY;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    process.exitCode = reportFailure(err, process.argv.includes('--debug'), process.argv.includes('--json'));
  },
);
