// Quoting of names read from the disk (Windows folder names, answer-file names, package full names) for
// the commands in remedies. Disk-controlled text is data, never code: a remedy a technician pastes must
// not run a command hidden in a name. Each command is quoted for the shell it is typed into:
// - PowerShell: single quotes, where nothing expands; a quote inside is doubled. PowerShell also takes the
//   typographic single quotes U+2018-U+201B as quote characters (its tokenizer's IsSingleQuote), so they
//   are doubled too.
// - cmd.exe: double quotes stop & | < > ^ ( ) and spaces, but nothing stops %var% expansion (and !var!
//   with delayed expansion), and a " inside cannot be escaped: a name containing ", % or ! gets no
//   ready-to-paste command, only a warning that the name is suspicious.
// - Either shell: control characters (line breaks end a pasted command and start the next), and Unicode
//   format characters (bidirectional overrides U+202A-U+202E, U+2066-U+2069, zero-width characters) that
//   make the text shown differ from the text run, are never put in a command.

/**
 * The Unicode format characters above, as a character class without its brackets: the HTML report
 * (report/html-escape.ts) shows exactly these as visible code points.
 */
export const FORMAT_CHARACTER_CLASS = '\\u00ad\\u061c\\u180e\\u200b-\\u200f\\u2028-\\u202e\\u2060-\\u206f\\ufeff\\ufff9-\\ufffb';

/** Characters no quoting makes safe on a pasted line (see above). */
const NEVER_PASTED = new RegExp(`[\\x00-\\x1f\\x7f-\\x9f${FORMAT_CHARACTER_CLASS}]`, 'u');
/** What cmd.exe expands or ends a quoted argument on. */
const CMD_UNQUOTABLE = /["%!]/;
/** PowerShell's single-quote characters: ' and U+2018-U+201B. */
const PS_SINGLE_QUOTES = /['\u2018\u2019\u201a\u201b]/g;

/** The value in PowerShell single quotes, or null when no quoting makes it safe to paste. */
export function powershellQuote(value: string): string | null {
  if (NEVER_PASTED.test(value)) return null;
  return `'${value.replace(PS_SINGLE_QUOTES, (q) => q + q)}'`;
}

/**
 * The value in cmd.exe double quotes, or null when cmd cannot quote it (", %, !, control or format
 * characters). A trailing backslash is doubled so that a program parsing its command line with the
 * C runtime's rules does not read `\"` as a quote inside the argument.
 */
export function cmdQuote(value: string): string | null {
  if (NEVER_PASTED.test(value) || CMD_UNQUOTABLE.test(value)) return null;
  return `"${value.replace(/(\\+)$/, '$1$1')}"`;
}

/** The name shown in double quotes with \ and " escaped and every never-pasted character as \uXXXX. */
export function shownQuoted(value: string): string {
  const escaped = value
    .replace(/["\\]/g, (c) => `\\${c}`)
    .replace(new RegExp(NEVER_PASTED.source, 'gu'), (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return `"${escaped}"`;
}

/** Why a name got no command: said in the remedy instead of the command. */
export function suspiciousName(what: string, value: string): string {
  return (
    `The ${what} ${shownQuoted(value)} contains characters that a command line cannot quote safely ` +
    '(quotes, %, !, line breaks or invisible formatting characters); such a name looks crafted, so no ' +
    'command is given to paste: inspect it by hand'
  );
}

/** A POSIX shell word: bare when it holds only characters no shell treats specially, else in single quotes
 * (nothing expands inside; a quote inside is closed, escaped and reopened). Null for never-pasted text. */
export function shQuote(value: string): string | null {
  if (NEVER_PASTED.test(value)) return null;
  if (/^[A-Za-z0-9_\-/:.,=+@]+$/.test(value)) return value;
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** A cmd.exe argument: bare when it holds only characters cmd treats as plain, else cmdQuote's form. */
export function cmdArg(value: string): string | null {
  if (/^[A-Za-z0-9_\-/:.,=+@\\]+$/.test(value)) return value;
  return cmdQuote(value);
}
