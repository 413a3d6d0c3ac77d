// Comments and test names describe the code and cite their sources; they never point at the project's own
// issue tracker, which a reader of the tree does not have. A public issue of another project is a source like
// any other, cited with that project's name (owner/repo, as GitHub spells it) just before it on the same line;
// a list that follows one cited reference ("owner/repo#7103, #9659", "issues 43893, 49145 and 80346") is cited too.
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

/**
 * The words that point at an issue or a change request: "issue 7", "Issues: 7", "issue #7", "issue\n// 7" (a
 * comment wrapped after the word), "issue-7", "issues/7" (a tracker's URL), "PR 7", "pull request 7", "bug 7",
 * "ticket 7", "GH-7", a bare "#7", and an issue named by its title (`issue "…"`, `issue: …`).
 */
const REFERENCE =
  /\b(?:issues?|pull\s+requests?|PRs?|bugs?|tickets?)(?:[\s:]|\/\/|\*|\bno\.|\bnumber\b)*#?\d+|\bissues?[-/]\d+|\bGH-\d+|(?<![&#\d])#\d+\b|\bissue\s*(?::\s*[^\s\d]|["“])/gi;
/** A project's name as GitHub spells it, owner/repo, right before a reference (or touching it: owner/repo#7). */
const PROJECT = /(?:^|[\s("'`])([A-Za-z0-9][\w.-]*\/[A-Za-z0-9][\w.-]*)\s*$/;
/** What may stand between a cited reference and the next one of the same list: "#7103, #9659", "43893, 49145 and 80346". */
const LIST_GAP = /^[\s,]*(?:(?:and|or|&)\s*)?$/;

/** Each reference to an issue that is not cited with the name (owner/repo) of the project it belongs to. */
function ownIssueReferences(text: string): string[] {
  const found: string[] = [];
  let citedEnd = -1;
  for (const m of text.matchAll(REFERENCE)) {
    const at = m.index;
    const before = text.slice(text.lastIndexOf('\n', at - 1) + 1, at);
    const project = PROJECT.exec(before)?.[1];
    const cited =
      (project !== undefined && project.toLowerCase() !== 'and/or') || (citedEnd >= 0 && LIST_GAP.test(text.slice(citedEnd, at)));
    if (cited) citedEnd = at + m[0].length;
    else {
      citedEnd = -1;
      found.push(`${before.trim().slice(-40)} ${m[0]}`.trim());
    }
  }
  return found;
}

describe('the tree names no issue of its own', () => {
  it('the rule finds a reference to our own issue and passes a cited public one', () => {
    expect(ownIssueReferences('// Hostile disks (issue 7): logs')).toHaveLength(1);
    expect(ownIssueReferences("describe('x (issue 7)', () => {")).toHaveLength(1);
    expect(ownIssueReferences('// done for issue 17 at last')).toHaveLength(1);
    expect(ownIssueReferences("    'issue #18 and more',")).toHaveLength(1);
    expect(
      ownIssueReferences('// GoogleCloudPlatform/compute-image-windows issue 156; notepad-plus-plus/notepad-plus-plus issue #13675'),
    ).toEqual([]);
    expect(ownIssueReferences("'(actions/runner-images#7103, #9659); MicrosoftDocs/azure-docs issues 43893, 49145 and 80346'")).toEqual([]);
    expect(ownIssueReferences('// MicrosoftDocs/azure-docs PR 58133, MicrosoftDocs/azure-docs pull request 58133')).toEqual([]);
  });

  it.each([
    '// Issue 7: the logs',
    '// issue 7 and issue 9',
    '/* issue 7 */',
    '// see #7',
    "describe('x (#7)', () => {",
    '// a follow-up issue 7',
    '// and/or issue 7',
    '// see issue\n// 7 for why',
    '// issue-7',
    '// Issues: 7, 9',
    '// see https://github.com/o/preflight/issues/7',
    '// pbatard/rufus#2889 fixed; #7 is ours',
    '// PR 12',
    '// pull request 12',
    '// bug 12',
    '// ticket 12',
    '// GH-12',
    '// Bench 6 (issue "Read the image itself")',
    '// The bench (issue: preflight.exe)',
  ])('the rule finds %j', (text) => {
    expect(ownIssueReferences(text)).not.toEqual([]);
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
