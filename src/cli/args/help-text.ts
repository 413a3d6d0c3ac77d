// A command's --help: its usage line and description, its positionals and options each with a description
// and its [type] and [default], the commands it holds, then examples and exit codes (help.ts). Wrapped at
// HELP_WIDTH on word boundaries; a path name is never split (report/layout's wrap).
import { wrap } from '../../report/layout';
import { footerLines, HELP_WIDTH } from '../help';
import { type CodesKind, type CommandEntry, type Example, GLOBAL_OPTIONS, type OptionSpec, type PositionalSpec } from './spec';

/** What one help page shows; `intro` replaces the usage line and description (the top level's). */
export interface HelpPage {
  readonly path: readonly string[];
  readonly describe: string;
  readonly intro?: readonly string[];
  readonly positionals?: readonly PositionalSpec[];
  readonly options?: Readonly<Record<string, OptionSpec>>;
  readonly commands?: readonly CommandEntry[];
  readonly examples: readonly Example[];
  readonly codes: CodesKind;
}

/** The widest left column; a longer name puts its description on the next line. */
const MAX_NAME_COLUMN = 28;

export function helpText(page: HelpPage): string {
  const lines = (page.intro ?? [usageLine(page), '', page.describe]).flatMap(indentedWrap);
  const section = (title: string, rows: Row[]) => {
    if (rows.length === 0) return;
    lines.push('', title, ...table(rows));
  };
  section(
    'Commands:',
    (page.commands ?? []).map((c) => ({ name: ['preflight', ...page.path, c.name].join(' '), text: c.describe, tags: [] })),
  );
  section(
    'Positionals:',
    (page.positionals ?? []).map((p) => ({
      name: p.name,
      text: p.describe,
      tags: [p.variadic ? '[array]' : '[string]', ...(p.required ? ['[required]'] : [])],
    })),
  );
  const options = { ...page.options, ...GLOBAL_OPTIONS };
  section(
    'Options:',
    Object.entries(options).map(([name, o]) => ({ name: `--${name}`, text: o.describe, tags: optionTags(o) })),
  );
  lines.push('', ...footerLines(page.examples, page.codes).flatMap(indentedWrap));
  return `${lines.join('\n')}\n`;
}

/**
 * A line as it is, or wrapped when longer than the width, each part indented as the line was: a paragraph, an
 * example's meaning, the exit codes.
 */
function indentedWrap(line: string): string[] {
  if (line.length <= HELP_WIDTH) return [line];
  const indent = line.length - line.trimStart().length;
  return wrap(line.trim(), HELP_WIDTH - indent).map((part) => ' '.repeat(indent) + part);
}

function usageLine(page: HelpPage): string {
  const words = ['preflight', ...page.path];
  if (page.commands) words.push('<command>');
  for (const p of page.positionals ?? []) words.push(p.required ? `<${p.name}>` : `[${p.name}${p.variadic ? '..' : ''}]`);
  return [...words, '[options]'].join(' ');
}

function optionTags(o: OptionSpec): string[] {
  const tags = [o.choices ? '[string]' : `[${o.type}]`];
  if (o.array) tags.push('[array]');
  if (o.required) tags.push('[required]');
  if (o.choices) tags.push(`[choices: ${o.choices.join(', ')}]`);
  if (o.default !== undefined) tags.push(`[default: ${o.default}]`);
  return tags;
}

interface Row {
  name: string;
  text: string;
  tags: string[];
}

/**
 * Two columns: names, then descriptions wrapped beside them; each row's tags at the right end of its last
 * line, or on a line of their own where they do not fit there.
 */
function table(rows: Row[]): string[] {
  const column = Math.min(Math.max(...rows.map((r) => r.name.length)) + 4, MAX_NAME_COLUMN);
  const room = HELP_WIDTH - column;
  const out: string[] = [];
  for (const row of rows) {
    const wrapped = wrap(row.text, room);
    const text = wrapped.length > 0 ? wrapped : [''];
    const first = `  ${row.name}`;
    const lines =
      first.length + 2 <= column
        ? text.map((t, i) => (i === 0 ? first.padEnd(column) : ' '.repeat(column)) + t)
        : [first, ...text.map((t) => ' '.repeat(column) + t)];
    const tags = row.tags.join(' ');
    if (tags !== '') {
      const last = lines[lines.length - 1];
      if (last.length + 2 + tags.length <= HELP_WIDTH) lines[lines.length - 1] = last + tags.padStart(HELP_WIDTH - last.length);
      else lines.push(tags.padStart(HELP_WIDTH));
    }
    out.push(...lines);
  }
  return out;
}
