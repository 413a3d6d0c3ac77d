// Renderers for the list of checks: `preflight checks` at the console, and Markdown docs per check plus
// an index (the lead's `preflight checks --docs DIR` writes them to docs/checks/).
import { remedyMarkdown } from '../checks/remedy-markup';
import type { Check } from '../checks/types';
import { DEFAULT_WIDTH, hanging, painter, wrap } from './layout';

export interface ChecksListOptions {
  color: boolean;
  width?: number;
}

export const SCOPE_TEXT: Record<Check['scope'], string> = {
  installation: 'one installation',
  cross: 'all installations of a run',
  volume: 'a volume that could not be read',
  disk: 'a disk: its partitions, boot entries and installations',
};

/** `ID      SEVERITY  TITLE` table, titles wrapped under themselves. */
export function renderChecksList(checks: Check[], options: ChecksListOptions): string {
  const width = options.width ?? DEFAULT_WIDTH;
  const p = painter(options.color);
  const style = { block: 'red', warn: 'yellow', info: 'cyan' } as const;
  const lines = [p('ID      SEVERITY  TITLE', 'bold')];
  for (const c of checks) {
    const prefix = `${c.meta.id.padEnd(8)}${c.meta.severity.padEnd(10)}`;
    const painted = `${p(c.meta.id.padEnd(6), 'bold')}  ${p(c.meta.severity, style[c.meta.severity])}${' '.repeat(10 - c.meta.severity.length)}`;
    lines.push(...hanging(c.meta.title, { width, prefix, paintedPrefix: painted }));
  }
  lines.push('', ...wrap('Severity is the most severe outcome; a finding may be milder (see the docs of each check).', width));
  return `${lines.join('\n')}\n`;
}

/** The Markdown docs page of one check. */
export function renderCheckDocs(check: Check): string {
  const m = check.meta;
  return [
    `# ${m.id}: ${m.title}`,
    '',
    `- **Severity:** ${m.severity} (the most severe outcome; findings may be milder)`,
    `- **Looks at:** ${SCOPE_TEXT[check.scope]}`,
    '',
    m.docs.trim(),
    '',
    '## Remedy',
    '',
    remedyMarkdown(m.remedy).trim(),
    '',
  ].join('\n');
}

/** The Markdown index of all checks; `link` names each check's page (default `<ID>.md`). */
export function renderChecksIndex(checks: Check[], link: (check: Check) => string = (c) => `${c.meta.id}.md`): string {
  const rows = checks.map((c) => `| [${c.meta.id}](${link(c)}) | ${c.meta.severity} | ${c.meta.title.replace(/\|/g, '\\|')} |`);
  return [
    '# Checks',
    '',
    'Every check preflight runs, by stable id. Severity is the most severe outcome a check can have.',
    '',
    '| Id | Severity | Title |',
    '|---|---|---|',
    ...rows,
    '',
  ].join('\n');
}
