// The command-line parser (src/cli/args/parse.ts) on a spec shaped like capture's: every form it takes,
// and every mistake it refuses as a usage error (exit 5) naming the mistake and the command's help.
import { describe, expect, it } from 'vitest';
import { parseArgs } from '../../src/cli/args/parse';
import { command } from '../../src/cli/args/spec';
import { exitCodeFor, UsageError } from '../../src/cli/fail';

const spec = command<Record<string, unknown>>({
  path: ['demo', 'run'],
  examples: [],
  codes: 'plain',
  positionals: [
    { name: 'file', required: true, describe: 'a file' },
    { name: 'rest', variadic: true, describe: 'more' },
  ],
  options: {
    name: { type: 'string', required: true, describe: 'a name' },
    out: { type: 'string', describe: 'a folder' },
    disk: { type: 'string', array: true, describe: 'disks' },
    json: { type: 'boolean', default: false, describe: 'JSON' },
    logs: { type: 'boolean', default: true, describe: 'logs' },
    color: { type: 'boolean', describe: 'colour' },
    compress: { type: 'string', choices: ['fast', 'max'], default: 'fast', describe: 'compression' },
    'dry-run': { type: 'boolean', default: false, describe: 'plan only' },
  },
  run: () => undefined,
});

const parse = (...tokens: string[]) => parseArgs(spec, tokens);

function refusal(tokens: string[]): string {
  try {
    parseArgs(spec, tokens);
  } catch (err) {
    expect(err).toBeInstanceOf(UsageError);
    expect(exitCodeFor(err)).toBe(5);
    const message = (err as Error).message;
    expect(message).toMatch(/ \(see preflight demo run --help\)$/);
    return message.replace(/ \(see .*\)$/, '');
  }
  throw new Error(`accepted: ${tokens.join(' ')}`);
}

describe('the forms the parser takes', () => {
  it('positionals, options in either form, defaults for what is not given', () => {
    expect(parse('F', '--name', 'n', 'a', 'b', '--out=/o')).toEqual({
      file: 'F',
      rest: ['a', 'b'],
      name: 'n',
      out: '/o',
      json: false,
      logs: true,
      compress: 'fast',
      'dry-run': false,
      debug: false,
    });
  });

  it('booleans: --NAME, --no-NAME, --NAME=true|false; the last one given counts', () => {
    const a = parse('F', '--name=n', '--json', '--no-logs', '--color=false', '--dry-run');
    expect([a.json, a.logs, a.color, a['dry-run']]).toEqual([true, false, false, true]);
    expect(parse('F', '--name=n', '--no-color', '--color').color).toBe(true);
    expect(parse('F', '--name=n').color).toBeUndefined();
  });

  it('an array option keeps every value in order; a variadic positional with nothing is empty', () => {
    const a = parse('F', '--disk', '0', '--name=n', '--disk=/dev/sdb');
    expect(a.disk).toEqual(['0', '/dev/sdb']);
    expect(a.rest).toEqual([]);
  });

  it("yargs' camelCase spellings (--dryRun) name the dashed option; a negative number is a value", () => {
    expect(parse('F', '--name=n', '--dryRun')['dry-run']).toBe(true);
    expect(parse('F', '--name=n', '-1', '-2.5').rest).toEqual(['-1', '-2.5']);
    expect(parse('F', '--name', 'n', '--out', '-1').out).toBe('-1');
  });

  it('a value that starts with "-" in the = form; "-" alone is a value; after -- everything is positional', () => {
    expect(parse('F', '--name=-x', '--out', '-').out).toBe('-');
    expect(parse('F', '--name=-x').name).toBe('-x');
    expect(parse('--name', 'n', '--', '--json', '-x').file).toBe('--json');
    expect(parse('--name', 'n', '--', '--json', '-x').rest).toEqual(['-x']);
    expect(parse('F', '--name', 'n', '--out=').out).toBe('');
  });
});

describe('the mistakes it refuses', () => {
  it.each([
    [['F', '--name', 'n', '--bogus'], 'unknown option --bogus'],
    [['F', '--name', 'n', '-x'], 'unknown option -x (a name that starts with "-" is given after --)'],
    [['F', '--name', 'n', '--no-out'], 'unknown option --no-out'],
    [['F', '--name', 'n', '--constructor'], 'unknown option --constructor'],
    [['F', '--name', 'n', '--__proto__=x'], 'unknown option --__proto__'],
    [['F', '--name'], '--name needs a value'],
    [['F', '--name', '--json'], '--name needs a value (a value that starts with "-" is given as --name=VALUE)'],
    [['F', '--name', 'a', '--name', 'b'], '--name is given more than once: give it once'],
    [['F', '--name', 'n', '--compress', 'zip'], '--compress is one of fast, max, not "zip"'],
    [['F', '--name', 'n', '--json=yes'], '--json is true or false, not "yes"'],
    [['F', '--name', 'n', '--no-json=false'], '--no-json takes no value'],
    [['F'], 'missing --name'],
    [['F', '--name', 'n', '--dryRunX'], 'unknown option --dryRunX'],
    [['--name', 'n'], 'missing <file>'],
  ])('%j: %s', (tokens, message) => {
    expect(refusal(tokens)).toBe(message);
  });

  it("a missing value says what an option's spec says may have caused it; a required variadic needs one", () => {
    const out = command<Record<string, unknown>>({
      ...spec,
      positionals: [{ name: 'volumes', variadic: true, required: true, describe: 'volumes' }],
      options: { out: { type: 'string', whenMissing: ' (is the variable set?)', describe: 'a folder' } },
      run: () => undefined,
    });
    expect(() => parseArgs(out, ['V', '--out'])).toThrow('--out needs a value (is the variable set?) (see preflight demo run --help)');
    expect(() => parseArgs(out, [])).toThrow('missing <volumes> (see preflight demo run --help)');
  });

  it("an option that needs a folder refuses an empty or blank value (cmd's unset %VARIABLE%), naming the folder", () => {
    const out = command<Record<string, unknown>>({
      ...spec,
      positionals: [],
      options: { out: { type: 'string', needs: 'a folder', whenMissing: ' (is the variable set?)', describe: 'a folder' } },
      run: () => undefined,
    });
    for (const tokens of [['--out', ''], ['--out='], ['--out', '  ']])
      expect(() => parseArgs(out, tokens), tokens.join(' ')).toThrow(
        '--out needs a folder; it was given an empty value (is the variable set?) (see preflight demo run --help)',
      );
    expect(() => parseArgs(out, ['--out'])).toThrow('--out needs a folder (is the variable set?) (see preflight demo run --help)');
    expect(parseArgs(out, ['--out', 'E:\\logs']).out).toBe('E:\\logs');
  });

  it('a positional too many, for a command without a variadic one', () => {
    const one = command<Record<string, unknown>>({
      ...spec,
      path: ['demo', 'run'],
      positionals: [{ name: 'file', required: true, describe: 'a file' }],
      options: {},
      run: () => undefined,
    });
    expect(() => parseArgs(one, ['F', 'G'])).toThrow('unexpected argument: G (see preflight demo run --help)');
    expect(parseArgs(one, ['F'])).toEqual({ file: 'F', debug: false });
  });
});
