// Plain-text layout for an 80-column console: word wrapping, commands on lines of their own, optional
// ANSI colour, and no control characters from the data.

/**
 * C0 controls, DEL and C1 (U+0080-U+009F): what a terminal may act on. ESC starts CSI/OSC sequences (clear
 * the screen, retitle the window, recolour a verdict); U+009B is a one-character CSI. Format characters
 * (Unicode category Cf), among them the bidirectional controls U+202A-U+202E and U+2066-U+2069 that make a
 * name display in another order than it is read ("Trojan Source"), and the line and paragraph separators
 * U+2028/U+2029 that some viewers break lines on.
 */
const CONTROL = /[\x00-\x1f\x7f-\x9f\p{Cf}\u2028\u2029]/gu;

/**
 * Text read from hives and logs (ProductName, package names, log lines, paths) made safe to print: tab,
 * line feed, carriage return and U+2028/U+2029 become a space (the renderers break lines themselves, so
 * data can never start a line of its own, such as a fake "Verdict:"), every other control or format
 * character '?'.
 */
export function sanitize(text: string): string {
  return text.replace(CONTROL, (c) => (c === '\t' || c === '\n' || c === '\r' || c === '\u2028' || c === '\u2029' ? ' ' : '?'));
}

/** Every string inside `value` sanitized; the shape is unchanged. Renderers apply it to the whole report. */
export function sanitizeDeep<T>(value: T): T {
  if (typeof value === 'string') return sanitize(value) as T;
  if (Array.isArray(value)) return value.map((v) => sanitizeDeep(v)) as T;
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, sanitizeDeep(v)])) as T;
  }
  return value;
}

/**
 * Default line width. One less than the console's 80 columns: a line of exactly 80 characters makes the
 * Windows console wrap by itself and leave an empty line after it.
 */
export const DEFAULT_WIDTH = 79;

export type Style = 'bold' | 'dim' | 'red' | 'yellow' | 'green' | 'cyan';

const SGR: Record<Style, string> = { bold: '1', dim: '2', red: '31', yellow: '33', green: '32', cyan: '36' };

export type Painter = (text: string, ...styles: Style[]) => string;

/** Paints with ANSI SGR codes when `color`, else returns the text unchanged. */
export function painter(color: boolean): Painter {
  if (!color) return (text) => text;
  return (text, ...styles) => (styles.length === 0 || text === '' ? text : `\x1b[${styles.map((s) => SGR[s]).join(';')}m${text}\x1b[0m`);
}

/**
 * Word-wraps text: the first line gets `first` columns, the others `rest`. Words longer than a line (long
 * paths, package full names) stay whole on a line of their own: breaking them would make them untypeable -
 * unless `breakAfter` is given (evidence: registry and file paths, shown, not typed): then a word too long
 * for a line of its own is broken after that character (a path's `\`), filling the current line first.
 * Only a single path component longer than a line then stays over-long.
 */
export function wrap(text: string, first: number, rest: number = first, breakAfter?: string): string[] {
  return wrapWords(holdPathNames(text.split(/\s+/).filter((w) => w.length > 0)), first, rest, breakAfter).map((l) =>
    l.replaceAll(HELD_SPACE, ' '),
  );
}

/** Stands for a space inside a path name while text is wrapped (a control character, never in finished text). */
const HELD_SPACE = '\u001f';
/** The most words one name of a path holds ("Windows Defender Advanced Threat Protection"). */
const MAX_NAME_WORDS = 6;

/**
 * A registry or file path is never broken inside one of its names (`SOFTWARE\Microsoft\Windows NT\…`,
 * `C:\Program Files\…`): words between a word holding a `\` and a word that ends a name with `\` (`NT\…`,
 * not a new drive `D:\`) are held together, at most MAX_NAME_WORDS of them. One pass over the words.
 */
function holdPathNames(words: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < words.length; i++) {
    let token = words[i];
    for (;;) {
      // Only where the token ends inside a path name (`…\Windows`), and the next words continue that name
      // (no punctuation of prose around them) up to a word that closes it (`NT\…`, not `(Policy\` or `D:\`).
      const tail = token.slice(token.lastIndexOf('\\') + 1);
      if (!token.includes('\\') || tail === '' || PROSE_END.test(tail)) break;
      let j = i + 1;
      while (
        j < words.length &&
        j - i <= MAX_NAME_WORDS &&
        !words[j].includes('\\') &&
        !PROSE_END.test(words[j]) &&
        !PROSE_START.test(words[j])
      )
        j++;
      const bs = j < words.length && j - i <= MAX_NAME_WORDS ? words[j].indexOf('\\') : -1;
      if (bs <= 0 || words[j][bs - 1] === ':' || PROSE_START.test(words[j]) || words[j].slice(0, bs).includes(')')) break;
      token = [token, ...words.slice(i + 1, j + 1)].join(HELD_SPACE);
      i = j;
    }
    out.push(token);
  }
  return out;
}

/** A word that ends a clause or a parenthesis, or starts one: prose around a path, not part of its names. */
const PROSE_END = /[,;:.)\]"'!?]$/;
const PROSE_START = /^[(\["'`]/;

function wrapWords(words: string[], first: number, rest: number, breakAfterGiven?: string): string[] {
  const lines: string[] = [];
  let line = '';
  const room = () => (lines.length === 0 ? first : rest);
  for (let word of words) {
    for (;;) {
      if (line === '' && word.length <= room()) {
        line = word;
        break;
      }
      if (line !== '' && line.length + 1 + word.length <= room()) {
        line += ` ${word}`;
        break;
      }
      const breakAfter = breakAfterGiven ?? (word.includes(HELD_SPACE) ? '\\' : undefined);
      if (breakAfter === undefined || word.length <= rest) {
        // Fits on a line of its own (or may not be broken): start one.
        if (line !== '') lines.push(line);
        line = word;
        break;
      }
      // Too long for any line: take the longest prefix ending in `breakAfter` that fits here.
      const avail = line === '' ? room() : room() - line.length - 1;
      const cut = word.lastIndexOf(breakAfter, avail - breakAfter.length);
      if (cut > 0 && avail > 0) {
        const head = word.slice(0, cut + breakAfter.length);
        lines.push(line === '' ? head : `${line} ${head}`);
        line = '';
        word = word.slice(cut + breakAfter.length);
      } else if (line !== '') {
        lines.push(line);
        line = '';
      } else {
        // The first component does not fit with its separator. If it fits without, the separator starts
        // the next line; if not, the component alone is longer than a line and stays whole.
        const next = word.indexOf(breakAfter, word.startsWith(breakAfter) ? breakAfter.length : 0);
        if (next < 0 || next + breakAfter.length >= word.length) {
          line = word;
          break;
        }
        const end = next > 0 && next <= avail ? next : next + breakAfter.length;
        lines.push(word.slice(0, end));
        word = word.slice(end);
      }
      if (word === '') break;
    }
  }
  if (line !== '' || lines.length === 0) lines.push(line);
  return lines;
}

/**
 * Packs segments (e.g. "C:\Windows", "Windows 11 Pro 24H2 (26100.2314) x64", "generalized") two spaces
 * apart, breaking only between segments unless one alone is too long. Lines after the first are indented.
 */
export function wrapSegments(segments: string[], width: number, indent: number): string[] {
  const lines: string[] = [];
  let line = '';
  const pad = ' '.repeat(indent);
  for (const seg of segments.filter((s) => s !== '')) {
    const room = lines.length === 0 ? width : width - indent;
    if (line === '') line = seg;
    else if (line.length + 2 + seg.length <= room) line += `  ${seg}`;
    else {
      lines.push(line);
      line = seg;
    }
    if (line.length > (lines.length === 0 ? width : width - indent)) {
      const parts = wrap(line, lines.length === 0 ? width : width - indent, width - indent);
      lines.push(...parts.slice(0, -1));
      line = parts[parts.length - 1];
    }
  }
  if (line !== '' || lines.length === 0) lines.push(line);
  return lines.map((l, i) => (i === 0 ? l : `${pad}${l}`));
}

/**
 * Splits text into prose and the given commands, found in order (a report finding's `remedy` holds its
 * `commands` inline). Backticks are text like any other: they are PowerShell's escape character.
 */
export function splitCommands(text: string, commands: readonly string[]): { code: boolean; text: string }[] {
  const parts: { code: boolean; text: string }[] = [];
  let at = 0;
  for (const command of commands) {
    const i = command === '' ? -1 : text.indexOf(command, at);
    if (i < 0) continue;
    if (i > at) parts.push({ code: false, text: text.slice(at, i) });
    parts.push({ code: true, text: command });
    at = i + command.length;
  }
  if (at < text.length) parts.push({ code: false, text: text.slice(at) });
  return parts;
}

export interface BlockOptions {
  width: number;
  /** Printed before the first line, e.g. "    Fix: ". Its length sets the first line's room. */
  prefix: string;
  /** Columns the other lines are indented by (default: the prefix length). */
  indent?: number;
  /** The prefix as shown (e.g. coloured); must have the same visible width as `prefix`. */
  paintedPrefix?: string;
  /** Applied to every wrapped chunk of prose. */
  paint?: (chunk: string) => string;
  /** Applied to every line of a command. */
  paintCode?: (chunk: string) => string;
  /** hanging(): break words too long for a line after this character (wrap's `breakAfter`). */
  breakAfter?: string;
}

/**
 * A paragraph after a prefix, with a hanging indent: "Fix: text…" / "     …more". Each of `commands` found
 * in the text goes on a line of its own, two columns further in, whole — never broken, even when it is
 * longer than the line (a broken command cannot be pasted) — and punctuation that only closed the sentence
 * around it is dropped. Only the prose is wrapped.
 */
export function block(text: string, o: BlockOptions, commands: readonly string[] = []): string[] {
  const indent = o.indent ?? o.prefix.length;
  const paint = o.paint ?? ((s: string) => s);
  const paintCode = o.paintCode ?? ((s: string) => s);
  const out: string[] = [];
  const room = (n: number) => Math.max(o.width - n, 20);
  let afterCode = false;
  for (const part of splitCommands(text, commands)) {
    if (!part.code) {
      const prose = (afterCode ? part.text.replace(/^[\s.,;:]+/, '') : part.text).trim();
      afterCode = false;
      if (prose === '') continue;
      const first = out.length === 0 ? o.prefix.length : indent;
      for (const chunk of wrap(prose, room(first), room(indent))) {
        out.push(`${out.length === 0 ? (o.paintedPrefix ?? o.prefix) : ' '.repeat(indent)}${paint(chunk)}`);
      }
      continue;
    }
    afterCode = true;
    const lead = out.length === 0 ? (o.paintedPrefix ?? o.prefix) : ' '.repeat(indent + 2);
    out.push(`${lead}${paintCode(part.text.trim())}`);
  }
  if (out.length === 0) out.push((o.paintedPrefix ?? o.prefix).trimEnd());
  return out;
}

/** Text after a prefix, wrapped with a hanging indent; no special treatment of backticks. */
export function hanging(text: string, o: BlockOptions): string[] {
  const indent = o.indent ?? o.prefix.length;
  const paint = o.paint ?? ((s: string) => s);
  const chunks = wrap(text, Math.max(o.width - o.prefix.length, 20), Math.max(o.width - indent, 20), o.breakAfter);
  return chunks.map((chunk, i) => `${i === 0 ? (o.paintedPrefix ?? o.prefix) : ' '.repeat(indent)}${paint(chunk)}`);
}
