// Commands inside remedy text. A remedy is prose with commands in it; each command is marked with two
// private control characters (never in a finished report: renderers and the JSON take them out) rather
// than Markdown backticks, because the backtick is PowerShell's escape character and may be part of a
// quoted name. The JSON report carries the prose with the commands inline plus `commands`, each a plain
// string; the text report puts each command whole on a line of its own; the docs show them as code.

const OPEN = '\u0002';
const CLOSE = '\u0003';
const MARKED = /\u0002([^\u0002\u0003]*)\u0003/g;

/** Marks `command` as a command inside remedy text. */
export function markCommand(command: string): string {
  return `${OPEN}${command.replace(/[\u0002\u0003]/g, '')}${CLOSE}`;
}

export interface RemedyPart {
  command: boolean;
  text: string;
}

/** The remedy split into prose and commands, in order. */
export function remedyParts(remedy: string): RemedyPart[] {
  const parts: RemedyPart[] = [];
  let at = 0;
  for (const m of remedy.matchAll(MARKED)) {
    if (m.index > at) parts.push({ command: false, text: remedy.slice(at, m.index) });
    parts.push({ command: true, text: m[1] });
    at = m.index + m[0].length;
  }
  if (at < remedy.length) parts.push({ command: false, text: remedy.slice(at) });
  return parts.map((p) => ({ ...p, text: p.text.replace(/[\u0002\u0003]/g, '') })).filter((p) => p.text !== '');
}

/** The remedy as plain text, commands inline without marks. */
export function remedyText(remedy: string): string {
  return remedyParts(remedy)
    .map((p) => p.text)
    .join('');
}

/** The remedy's commands, each as the plain string to type. */
export function remedyCommands(remedy: string): string[] {
  return remedyParts(remedy)
    .filter((p) => p.command)
    .map((p) => p.text);
}

/** The remedy as Markdown: commands as inline code (a fence longer than any backtick run inside). */
export function remedyMarkdown(remedy: string): string {
  return remedyParts(remedy)
    .map((p) => {
      if (!p.command) return p.text;
      const longest = Math.max(0, ...[...p.text.matchAll(/`+/g)].map((m) => m[0].length));
      const fence = '`'.repeat(longest + 1);
      const pad = longest > 0 ? ' ' : '';
      return `${fence}${pad}${p.text}${pad}${fence}`;
    })
    .join('');
}
