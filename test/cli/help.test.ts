// --help of every command: examples and exit codes, every option described, nothing over 79
// columns and no word cut in two by the wrapping.
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli';

const COMMANDS = [
  [],
  ['check'],
  ['checks'],
  ['explain'],
  ['capture'],
  ['bcd'],
  ['hive'],
  ['hive', 'info'],
  ['hive', 'ls'],
  ['hive', 'get'],
  ['hive', 'export'],
  ['hive', 'stats'],
];

describe('--help', () => {
  it.each(COMMANDS.map((c) => [c.join(' ') || '(top level)', c]))('%s', (_name, command) => {
    const r = runCli([...(command as string[]), '--help']);
    expect(r.status).toBe(0);
    const text = r.stdout;
    expect(text).toMatch(/\nExamples:\n {2}preflight[ \n]/);
    expect(text).toMatch(/\nExit codes: 0 (ready|success|captured and verified), .*4\sbad\sinput/s);
    const lines = text.split('\n');
    expect(lines.filter((l) => l.length > 79)).toEqual([]);
    // Every option and positional has a description: text between its name and the [type] column.
    const entries = lines.filter((l) => /^ {2}(--\S+|[a-z]+)\s/.test(l) && /\[(boolean|string|array|number|required)\]/.test(l));
    for (const l of entries)
      expect(
        l
          .replace(/\[[^\]]*\]/g, '')
          .trim()
          .split(/\s+/).length,
        l,
      ).toBeGreaterThan(1);
    // Words are wrapped whole: the joined text has no word cut at a line end.
    // Every example command is whole on a line of its own (a command split over lines cannot be copied).
    const examples = lines.slice(lines.indexOf('Examples:') + 1, lines.indexOf('', lines.indexOf('Examples:')));
    expect(examples.length).toBeGreaterThan(0);
    for (const l of examples) expect(l, l).toMatch(/^( {2}preflight( \S+)*| {6}\S.*)$/);
    expect(examples[0]).toMatch(/^ {2}preflight/);
    const joined = lines.map((l) => l.trim()).join(' ');
    for (const word of ['preflight.log (CMTrace) into a new folder', 'NO_COLOR', 'not written', '--disk'])
      if (command[0] === 'check') expect(joined).toContain(word);
  });

  it('the top level names the guided run, its keys-free default and its exit code 3', () => {
    const text = runCli(['--help']).stdout;
    expect(text).toMatch(/^preflight \[VOLUME…\] {2}guided run on a console/m);
    expect(text).toMatch(/The guided run asks questions only when input and output are a console/);
    expect(text.replace(/\n/g, ' ')).toMatch(/3 capture failed or interrupted \(Ctrl\+C\)/);
  });
});
