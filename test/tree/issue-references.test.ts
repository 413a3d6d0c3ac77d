// Comments and test names describe the code and cite their sources; they never point at the project's own
// issue tracker, which a reader of the tree does not have. A public issue of another project is a source like
// any other, cited with that project's name just before it on the same line (owner/repo, or a name with a
// hyphen, then the word and the number).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../support/corpus';

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return name === 'node_modules' || name === 'data' ? [] : files(p);
    return /\.(ts|mjs|cjs)$/.test(name) ? [p] : [];
  });
}

/** Each "issue N" not just after a project's name (a word with `/` or `-` in it, on the same line). */
function ownIssueReferences(text: string): string[] {
  const found: string[] = [];
  for (const m of text.matchAll(/issues?\s+#?\d+/gi)) {
    const before = text.slice(text.lastIndexOf('\n', m.index) + 1, m.index);
    const word = /\s([^\s]+)\s+$/.exec(` ${before}`)?.[1].replace(/^[("'`]+/, '') ?? '';
    if (!/[/-]/.test(word)) found.push(`${before.trim().slice(-40)} ${m[0]}`);
  }
  return found;
}

describe('the tree names no issue of its own', () => {
  it('the rule finds a reference to our own issue and passes a cited public one', () => {
    expect(ownIssueReferences('// Hostile disks (issue 7): logs')).toHaveLength(1);
    expect(ownIssueReferences("describe('x (issue 7)', () => {")).toHaveLength(1);
    expect(ownIssueReferences('// done for issue 17 at last')).toHaveLength(1);
    expect(ownIssueReferences("    'issue #18 and more',")).toHaveLength(1);
    expect(ownIssueReferences('// GoogleCloudPlatform/compute-image-windows issue 156; notepad-plus-plus issue #13675')).toEqual([]);
  });

  it('src/, build/ and test/ cite no issue of the project', () => {
    const offenders: string[] = [];
    for (const dir of ['src', 'build', 'test']) {
      // This file's own examples above are what the rule must find.
      for (const file of files(join(PROJECT_ROOT, dir)).filter((f) => !f.endsWith('issue-references.test.ts'))) {
        for (const ref of ownIssueReferences(readFileSync(file, 'utf8'))) offenders.push(`${relative(PROJECT_ROOT, file)}: ${ref}`);
      }
    }
    expect(offenders).toEqual([]);
  });
});
