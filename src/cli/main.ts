// Entry point of the preflight CLI (bundled to dist/preflight.cjs, embedded in preflight.exe).
import './stdio-guard';
import { writeOut } from '../host/console-output';
import { helpHint, parseArgs } from './args/parse';
import { type CommandEntry, type CommandGroup, type CommandSpec, isGroup } from './args/spec';
import { ExitCode } from './exit-codes';
import { reportFailure, UsageError } from './fail';
import { versionLine } from './version';

// Each command's module (and all it imports) is loaded only when the command line names it: `hive stats`
// evaluates the hive reader, not the capture, report or guided code (esbuild defers each dynamically
// imported module's evaluation to its first import). In the order --help lists them.
export const COMMANDS: readonly CommandEntry[] = [
  {
    name: 'check',
    describe: 'may the offline installation(s) be captured?',
    load: async () => (await import('./commands/check')).checkCommand,
  },
  { name: 'checks', describe: 'list the checks and their ids', load: async () => (await import('./commands/checks')).checksCommand },
  {
    name: 'explain',
    describe: "print a check's docs: why it matters, what is read, the remedy",
    load: async () => (await import('./commands/explain')).explainCommand,
  },
  {
    name: 'capture',
    describe: 'check, then capture the offline installation to a WIM (DISM or wimlib), or its whole disk to an FFU (DISM), and verify it',
    load: async () => (await import('./commands/capture')).captureCommand,
  },
  { name: 'hive', describe: 'read an offline hive file (read-only)', load: async () => (await import('./commands/hive')).hiveCommand },
  {
    name: 'bcd',
    describe: 'print a BCD store as bcdedit /enum all does (offline, read-only)',
    load: async () => (await import('./commands/bcd')).bcdCommand,
  },
];

/** What `preflight` does with no command named: the guided run (or `check`, where nobody can answer). */
const GUIDED: CommandEntry = {
  name: '',
  describe: 'guided run on a console: scan, read the findings, capture; elsewhere the same as check',
  load: async () => (await import('./commands/guided')).guidedCommand,
};

/** The top of `preflight --help`. */
const INTRO = [
  'preflight [VOLUME…]  guided run on a console: findings, then capture',
  'preflight <command> [options]',
  '',
  'May the offline Windows installation on this disk be captured as an image? With no volume, the guided run ' +
    'and `check` inspect every drive letter but X: and the stick. The guided run asks questions only when input ' +
    'and output are a console, never with --yes or --json: elsewhere it is `check`.',
];

/** The command a command line names, and the arguments after its name. */
interface Route {
  readonly entry: CommandEntry;
  readonly command: CommandSpec | CommandGroup;
  readonly rest: readonly string[];
}

/**
 * The command is the first word (`preflight check …`), and a subcommand the word after its group's (`preflight
 * hive info …`); a command line that starts otherwise is the guided run's. Only the named command's module
 * is loaded.
 */
async function route(argv: readonly string[]): Promise<Route> {
  const named = COMMANDS.find((c) => c.name === argv[0]);
  let entry = named ?? GUIDED;
  let rest = named ? argv.slice(1) : argv;
  let command = await entry.load();
  while (isGroup(command)) {
    const sub = command.commands.find((c) => c.name === rest[0]);
    if (!sub) break;
    entry = sub;
    rest = rest.slice(1);
    command = await sub.load();
  }
  return { entry, command, rest };
}

/** --help, -h and --version count before a `--` only (after it they could be a file's name). */
function options(argv: readonly string[]): readonly string[] {
  const end = argv.indexOf('--');
  return end < 0 ? argv : argv.slice(0, end);
}

export async function main(argv: string[]): Promise<number> {
  const debug = argv.includes('--debug');
  const json = argv.includes('--json');
  try {
    const flags = options(argv);
    const help = flags.includes('--help') || flags.includes('-h');
    if (!help && flags.includes('--version')) {
      writeOut(`${versionLine()}\n`);
      return ExitCode.READY;
    }
    const { entry, command, rest } = await route(argv);
    if (help) {
      const { helpText } = await import('./args/help-text');
      const top = entry === GUIDED;
      writeOut(
        helpText(
          isGroup(command)
            ? { ...command, describe: entry.describe }
            : { ...command, describe: entry.describe, intro: top ? INTRO : undefined, commands: top ? COMMANDS : undefined },
        ),
      );
      return ExitCode.READY;
    }
    if (isGroup(command)) {
      const names = command.commands.map((c) => c.name).join(', ');
      const what = rest.length > 0 && !rest[0].startsWith('-') ? `unknown ${command.path.join(' ')} command: ${rest[0]}; ` : '';
      throw new UsageError(`${what}name a ${command.path.join(' ')} command: ${names} ${helpHint(command.path)}`);
    }
    await command.run(parseArgs(command, rest));
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
