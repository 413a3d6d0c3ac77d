// HTML that cannot be hijacked by what was read from the disk. Every name, path, log line and registry
// value in a report is untrusted: a computer name `<script>…` or a package name with a right-to-left
// override (U+202E, which makes "gpj.exe" read as "exe.jpg") must show as the text it is, never act.
// Pages are built with the `html` tag below, which escapes every interpolated value unless it is already
// Html: escaping is the default, raw markup the exception that has to be asked for by type.
import { FORMAT_CHARACTER_CLASS } from '../checks/shell-quote';
import { sanitize } from './layout';

const FORMAT_CHARACTERS = new RegExp(`[${FORMAT_CHARACTER_CLASS}]`, 'gu');
const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * Untrusted text as HTML text or attribute content: control characters as the text report shows them
 * (layout.ts sanitize: line breaks a space, others '?'), format characters as a visible "[U+202E]" (the
 * engineer must see that a name is crafted, not read it reordered), then & < > " ' as entities.
 */
export function escapeHtml(untrusted: string): string {
  // Format characters first: the text sanitiser would make them a bare '?' (right on a console, where
  // "[U+202E]" is noise); the page can say which character it was.
  return sanitize(
    untrusted.replace(FORMAT_CHARACTERS, (c) => `[U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}]`),
  ).replace(/[&<>"']/g, (c) => ENTITIES[c]);
}

/** Markup that is already safe: made only by the `html` tag (or `rawHtml` for constant markup). */
export class Html {
  constructor(readonly markup: string) {}
  toString(): string {
    return this.markup;
  }
}

/** What may be interpolated: text (escaped), numbers, Html (as is), lists of them; null/undefined/false vanish. */
export type HtmlPart = Html | string | number | null | undefined | false | readonly HtmlPart[];

function partMarkup(part: HtmlPart): string {
  if (part === null || part === undefined || part === false) return '';
  if (part instanceof Html) return part.markup;
  if (Array.isArray(part)) return part.map(partMarkup).join('');
  return escapeHtml(String(part));
}

/** Template tag: the literal parts are markup, every interpolation is escaped unless it is Html. */
export function html(literals: TemplateStringsArray, ...parts: HtmlPart[]): Html {
  let out = literals[0];
  parts.forEach((part, i) => {
    out += partMarkup(part) + literals[i + 1];
  });
  return new Html(out);
}

/** Constant markup written in this code base (the style sheet); never data. */
export function rawHtml(markup: string): Html {
  return new Html(markup);
}
