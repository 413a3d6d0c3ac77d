// `preflight explain ID`: one check's docs entry at the console — why it matters, what is read, what is
// UNCONFIRMED, and the remedy with its commands whole on lines of their own (WinPE has no browser for
// docs/checks; the technician reads it where the finding was shown).
import { command } from '../args/spec';
import { remedyCommands, remedyText } from '../../checks/remedy-markup';
import { allChecks, findCheck } from '../../checks/registry';
import { SCOPE_TEXT } from '../../report/checks';
import { block, DEFAULT_WIDTH, hanging } from '../../report/layout';
import { InputError } from '../fail';
import { writeOut } from '../../host/console-output';

/** Keeps a code span's words together while a paragraph is wrapped (a command is never split). */
const KEEP = '\u0001';

/** Markdown docs as console text: paragraphs re-wrapped, code spans kept whole, marks dropped. */
function docsLines(docs: string, width: number): string[] {
  const out: string[] = [];
  for (const paragraph of docs.trim().split(/\n\s*\n/)) {
    const text = paragraph
      .replace(/\s*\n\s*/g, ' ')
      .replace(/`([^`]*)`/g, (_m, code: string) => code.replace(/ /g, KEEP))
      .replace(/\*\*([^*]*)\*\*/g, '$1');
    out.push(...hanging(text, { width, prefix: '' }).map((l) => l.split(KEEP).join(' ')), '');
  }
  return out;
}

/** What "UNCONFIRMED" in a check's docs means, said once under the docs that use the word. */
export const UNCONFIRMED_MEANING =
  'UNCONFIRMED: practitioners report it, Microsoft does not document it; preflight does not block on it alone (it says unknown, or warns).';

/** The docs as a technician reads them: references to the project's own notes (which the stick does not carry) left out. */
export function technicianDocs(docs: string): string {
  return docs.replace(/,?\s*\(?domain\.md \u00a7[\d.]+\)?/g, '');
}

export const explainCommand = command<{ id: string }>({
  path: ['explain'],
  examples: [
    ['preflight explain GEN001', 'why "not generalized" blocks, and what to type'],
    ['preflight checks', 'the ids to explain'],
  ],
  codes: 'plain',
  positionals: [{ name: 'id', required: true, describe: 'a check id from `preflight checks`, e.g. GEN001 (any case)' }],
  options: {},
  run: (args) => {
    const check = findCheck(args.id.trim());
    if (!check) {
      throw new InputError(`no check ${JSON.stringify(args.id)}; the ids are ${allChecks.map((c) => c.meta.id).join(', ')}`);
    }
    const m = check.meta;
    const width = DEFAULT_WIDTH;
    const lines = [
      ...hanging(`${m.id}  ${m.title}`, { width, prefix: '' }),
      ...hanging(`Severity: ${m.severity} at most. Looks at ${SCOPE_TEXT[check.scope]}.`, { width, prefix: '' }),
      '',
      ...docsLines(technicianDocs(m.docs), width),
      ...(/UNCONFIRMED/.test(m.docs) ? [...hanging(UNCONFIRMED_MEANING, { width, prefix: '' }), ''] : []),
      ...block(remedyText(m.remedy), { width, prefix: 'Fix: ' }, remedyCommands(m.remedy)),
    ];
    writeOut(`${lines.map((l) => l.trimEnd()).join('\n')}\n`);
  },
});
