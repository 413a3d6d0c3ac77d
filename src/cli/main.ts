// Entry point of the preflight CLI (bundled to dist/preflight.cjs, embedded in preflight.exe).
import './stdio-guard';
import { writeOut } from '../host/console-output';
import { helpHint, isOption, parseArgs, switchOn } from './args/parse';
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

/** The command a command line names, the arguments left for it, and whether it asked for help by word. */
interface Route {
  readonly entry: CommandEntry;
  readonly command: CommandSpec | CommandGroup;
  readonly rest: readonly string[];
  readonly helpWord: boolean;
}

/** Where the first word that is not an option (parse.ts) is, before any `--`; -1 when there is none. */
function firstWord(args: readonly string[]): number {
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--') return -1;
    if (!isOption(args[i])) return i;
  }
  return -1;
}

/**
 * The command is the first word that is not an option (`preflight check …`, `preflight --debug check …`), a
 * subcommand the next such word (`preflight hive info …`); the options around them are the command's. A
 * command line whose first word names no command is the guided run's. `help` in a command's place asks for
 * the help of what is named before and after it. Only the named command's module is loaded.
 */
async function route(argv: readonly string[]): Promise<Route> {
  let rest = argv;
  let helpWord = false;
  const without = (at: number) => [...rest.slice(0, at), ...rest.slice(at + 1)];
  /** The entry of `names` the first word names, taken out of `rest` with any `help` before it. */
  const take = (names: readonly CommandEntry[]): CommandEntry | undefined => {
    let at = firstWord(rest);
    while (at >= 0 && rest[at] === 'help') {
      helpWord = true;
      rest = without(at);
      at = firstWord(rest);
    }
    const found = at < 0 ? undefined : names.find((c) => c.name === rest[at]);
    if (found) rest = without(at);
    return found;
  };
  let entry = take(COMMANDS) ?? GUIDED;
  let command = await entry.load();
  while (isGroup(command)) {
    const sub = take(command.commands);
    if (!sub) break;
    entry = sub;
    command = await sub.load();
  }
  return { entry, command, rest, helpWord };
}

export async function main(argv: string[]): Promise<number> {
  const debug = switchOn(argv, 'debug');
  const json = switchOn(argv, 'json');
  try {
    const helpFlag = switchOn(argv, 'help', '-h');
    if (!helpFlag && switchOn(argv, 'version')) {
      writeOut(`${versionLine()}\n`);
      return ExitCode.READY;
    }
    const { entry, command, rest, helpWord } = await route(argv);
    if (helpFlag || helpWord) {
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
      const at = firstWord(rest);
      const what = at >= 0 ? `unknown ${command.path.join(' ')} command: ${rest[at]}; ` : '';
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
