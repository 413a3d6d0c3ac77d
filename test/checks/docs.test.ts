// The committed docs/checks pages are generated from the check modules; they must not drift.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { allChecks } from '../../src/checks/registry';
import { renderCheckDocs, renderChecksIndex } from '../../src/report/checks';
import { PROJECT_ROOT } from '../support/corpus';

const DOCS = join(PROJECT_ROOT, 'docs', 'checks');
const REGENERATE = 'run `node dist/preflight.cjs checks --docs docs/checks` after changing a check';

describe('docs/checks', () => {
  it.each(allChecks.map((c) => [c.meta.id, c]))('%s.md matches its module', (id, check) => {
    expect(readFileSync(join(DOCS, `${id}.md`), 'utf8'), REGENERATE).toBe(renderCheckDocs(check as (typeof allChecks)[number]));
  });

  // A getter: its text is compiled only when explain or checks --docs reads it (src/checks/types.ts).
  it.each(allChecks.map((c) => [c.meta.id, c.meta]))('%s writes its docs as a getter, not read by a check', (_id, meta) => {
    expect(typeof Object.getOwnPropertyDescriptor(meta, 'docs')?.get).toBe('function');
  });

  it('has an index and no page for a check that no longer exists', () => {
    expect(readFileSync(join(DOCS, 'README.md'), 'utf8'), REGENERATE).toBe(renderChecksIndex(allChecks));
    const pages = readdirSync(DOCS)
      .filter((f) => f !== 'README.md')
      .sort();
    expect(pages).toEqual(allChecks.map((c) => `${c.meta.id}.md`).sort());
  });
});
