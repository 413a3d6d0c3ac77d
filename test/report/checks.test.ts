import { describe, expect, it } from 'vitest';
import { allChecks, findCheck } from '../../src/checks/registry';
import { renderCheckDocs, renderChecksIndex, renderChecksList } from '../../src/report/checks';

describe('renderChecksList', () => {
  it('lists every check with id, severity and title within 80 columns, without colour', () => {
    const text = renderChecksList(allChecks, { color: false });
    expect(text).not.toMatch(/\x1b\[/);
    for (const line of text.split('\n')) expect(line.length).toBeLessThanOrEqual(79);
    for (const c of allChecks)
      expect(text).toMatch(new RegExp(`^${c.meta.id}  ${c.meta.severity} +${c.meta.title.replace(/[()]/g, '\\$&')}$`, 'm'));
  });

  it('colours when asked', () => {
    expect(renderChecksList(allChecks, { color: true })).toMatch(/\x1b\[/);
  });
});

describe('renderCheckDocs / renderChecksIndex', () => {
  it('gives each check a Markdown page with its docs and remedy', () => {
    for (const c of allChecks) {
      const md = renderCheckDocs(c);
      expect(md.startsWith(`# ${c.meta.id}: ${c.meta.title}\n`)).toBe(true);
      expect(md).toContain(`**Severity:** ${c.meta.severity}`);
      expect(md).toContain(c.meta.docs.trim());
      expect(md).toContain('## Remedy');
    }
    expect(renderCheckDocs(findCheck('XIN001')!)).toContain('all installations of a run');
  });

  it('indexes every check with a link', () => {
    const md = renderChecksIndex(allChecks);
    for (const c of allChecks) expect(md).toContain(`| [${c.meta.id}](${c.meta.id}.md) | ${c.meta.severity} |`);
    expect(renderChecksIndex(allChecks, (c) => `checks/${c.meta.id.toLowerCase()}.md`)).toContain('(checks/gen001.md)');
  });
});
