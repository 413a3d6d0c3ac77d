// What a command line may hold, declared once per command: parse.ts reads argv against it, help-text.ts
// prints it. Option names are written as typed (`dry-run`), and the parsed arguments carry them so.

export interface OptionSpec {
  readonly type: 'boolean' | 'string';
  readonly describe: string;
  /** A string option that may be given more than once; its values in order. Others refuse a second. */
  readonly array?: boolean;
  /** Applied when the option is not given. Booleans with default true are turned off with --no-NAME. */
  readonly default?: boolean | string;
  /** The only values a string option takes. */
  readonly choices?: readonly string[];
  readonly required?: boolean;
  /**
   * What the value is (`a folder`), for a string option whose empty or blank value is a mistake: cmd makes
   * `--out %LOGDIR%` with LOGDIR unset into `--out ""`, which must not read as "no report wanted".
   */
  readonly needs?: string;
  /** Said after the refusal of a missing or empty value: why it may be so. */
  readonly whenMissing?: string;
}

export interface PositionalSpec {
  readonly name: string;
  readonly describe: string;
  readonly required?: boolean;
  /** Takes every remaining positional argument (the last positional only). */
  readonly variadic?: boolean;
}

/** Which exit codes a command's help lists (help.ts). */
export type CodesKind = 'check' | 'guided' | 'capture' | 'hive' | 'plain';

/** An example command line and what it does, each printed whole on a line of its own. */
export type Example = readonly [command: string, meaning: string];

export type ParsedArgs = Record<string, string | boolean | string[] | undefined>;

export interface CommandSpec<A = ParsedArgs> {
  /** The words that name it after `preflight` (`hive info`); empty for the guided run. */
  readonly path: readonly string[];
  readonly positionals: readonly PositionalSpec[];
  readonly options: Readonly<Record<string, OptionSpec>>;
  readonly examples: readonly Example[];
  readonly codes: CodesKind;
  readonly run: (args: A) => void | Promise<void>;
}

/** A command the table names before its module is loaded: enough to list it and to find it. */
export interface CommandEntry {
  readonly name: string;
  /** One line in the list of commands, and under the usage line of the command's own help. */
  readonly describe: string;
  readonly load: () => Promise<CommandSpec | CommandGroup>;
}

/** A command made of subcommands (`hive info|ls|get|export|stats`). */
export interface CommandGroup {
  readonly path: readonly string[];
  readonly codes: CodesKind;
  readonly commands: readonly CommandEntry[];
  readonly examples: readonly Example[];
}

export function isGroup(c: CommandSpec | CommandGroup): c is CommandGroup {
  return 'commands' in c;
}

/**
 * A command's declaration with its handler's argument type: the parser gives each option and positional
 * the type its spec says (string, boolean, string[] for arrays and variadic positionals, undefined when
 * absent without a default), which `A` restates for the handler.
 */
export function command<A>(spec: CommandSpec<A>): CommandSpec {
  return spec as unknown as CommandSpec;
}

/** The options every command takes; main.ts acts on --help, --version and --debug before parsing. */
export const GLOBAL_OPTIONS: Readonly<Record<string, OptionSpec>> = {
  debug: { type: 'boolean', default: false, describe: 'show stack traces of internal errors' },
  help: { type: 'boolean', describe: 'show this help' },
  version: { type: 'boolean', describe: 'print the version of preflight, the commit, the node inside and the platform' },
};
