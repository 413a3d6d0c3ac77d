// Reads a command's arguments (what follows its name on the command line) against its spec. Strict: an
// option the command does not take, a value that is missing or not one of the choices, a second value for
// an option that takes one, a positional too many or a required one missing is a UsageError (exit 5)
// naming what was wrong, before anything runs.
import { UsageError } from '../fail';
import { type CommandSpec, GLOBAL_OPTIONS, type OptionSpec, type ParsedArgs } from './spec';

/** The help a usage error points to: `preflight hive info --help`. */
export function helpHint(path: readonly string[]): string {
  return `(see ${['preflight', ...path, '--help'].join(' ')})`;
}

/**
 * The arguments in `tokens` for `spec`. `--NAME VALUE` and `--NAME=VALUE` give a string option; a value
 * that starts with "-" must use the second form (otherwise `--out --json` would write a report into a
 * folder named --json). `--NAME` and `--no-NAME` set a boolean (`--NAME=true|false` too). After `--`
 * every token is positional.
 */
export function parseArgs(spec: CommandSpec, tokens: readonly string[]): ParsedArgs {
  const hint = helpHint(spec.path);
  function fail(message: string): never {
    throw new UsageError(`${message} ${hint}`);
  }
  const options = { ...spec.options, ...GLOBAL_OPTIONS };
  const args: ParsedArgs = {};
  const given = new Set<string>();
  const positionals: string[] = [];
  let onlyPositionals = false;

  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    if (onlyPositionals || !isOption(token)) {
      positionals.push(token);
      continue;
    }
    if (token === '--') {
      onlyPositionals = true;
      continue;
    }
    if (!token.startsWith('--')) fail(`unknown option ${token} (a name that starts with "-" is given after --)`);
    const body = token.slice(2);
    const eq = body.indexOf('=');
    const name = eq < 0 ? body : body.slice(0, eq);
    const inline = eq < 0 ? undefined : body.slice(eq + 1);
    const negated = name.startsWith('no-') && known(options, name.slice(3))?.type === 'boolean' ? name.slice(3) : null;
    // yargs, which read preflight's command lines before, took --dryRun for --dry-run: scripts may say so.
    const key = kebab(negated ?? name, options);
    const option = known(options, key);
    if (option === undefined) fail(`unknown option --${name}`);
    else if (option.type === 'boolean') {
      if (negated !== null && inline !== undefined) fail(`--${name} takes no value`);
      if (inline !== undefined && inline !== 'true' && inline !== 'false') fail(`--${name} is true or false, not "${inline}"`);
      args[key] = negated === null && inline !== 'false';
      given.add(key);
    } else {
      let value = inline;
      if (value === undefined) {
        const next = tokens[i + 1];
        const missing = `--${name} needs ${option.needs ?? 'a value'}${option.whenMissing ?? ''}`;
        if (next === undefined) fail(missing);
        if (isOption(next)) fail(`${missing} (a value that starts with "-" is given as --${name}=VALUE)`);
        value = next;
        i++;
      }
      if (option.needs !== undefined && (value as string).trim() === '')
        fail(`--${name} needs ${option.needs}; it was given an empty value${option.whenMissing ?? ''}`);
      if (option.choices && !option.choices.includes(value as string))
        fail(`--${name} is one of ${option.choices.join(', ')}, not "${value}"`);
      if (option.array) args[key] = [...((args[key] as string[] | undefined) ?? []), value as string];
      else if (given.has(key)) fail(`--${name} is given more than once: give it once`);
      else args[key] = value;
      given.add(key);
    }
  }

  let next = 0;
  for (const p of spec.positionals) {
    if (p.variadic) {
      if (p.required && next >= positionals.length) fail(`missing <${p.name}>`);
      args[p.name] = positionals.slice(next);
      next = positionals.length;
    } else if (next < positionals.length) args[p.name] = positionals[next++];
    else if (p.required) fail(`missing <${p.name}>`);
  }
  if (next < positionals.length) fail(`unexpected argument: ${positionals[next]}`);

  for (const [name, option] of Object.entries(options)) {
    if (given.has(name)) continue;
    if (option.required) fail(`missing --${name}`);
    if (option.default !== undefined) args[name] = option.default;
  }
  return args;
}

/**
 * Whether switch `name` is turned on (`--NAME`, `--NAME=true`, the forms parseArgs reads, or its short form)
 * before any `--`: for what main.ts must know before the command is found (help, version, how to report a
 * failure).
 */
export function switchOn(argv: readonly string[], name: string, short?: string): boolean {
  const end = argv.indexOf('--');
  const options = end < 0 ? argv : argv.slice(0, end);
  return options.includes(`--${name}`) || options.includes(`--${name}=true`) || (short !== undefined && options.includes(short));
}

/** An option, as opposed to a value: `-` alone is a value (standard input), and so is a negative number. */
export function isOption(token: string): boolean {
  return token.startsWith('-') && token !== '-' && !/^-\d+(\.\d+)?$/.test(token);
}

function known(options: Readonly<Record<string, OptionSpec>>, name: string): OptionSpec | undefined {
  return Object.hasOwn(options, name) ? options[name] : undefined;
}

/** `dryRun` as the option `dry-run` when there is one by that name, else the name as it is. */
function kebab(name: string, options: Readonly<Record<string, OptionSpec>>): string {
  if (!/[A-Z]/.test(name)) return name;
  const dashed = name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
  return known(options, dashed) ? dashed : name;
}
