// The build gives each chunk node's own modules as they are, where esbuild would give a namespace import
// (`import * as fs from 'node:fs'`) a copy of the module made at every start (build/chunks.mjs). The two differ
// only as objects: the copy has a `default`, and is not the module. So in src such a namespace is only ever
// read one member at a time by name (`fs.readFileSync`, `fs.Stats` as a type); never its `default`, never the
// object itself (spread, enumerated, tested with `in`, passed on, re-exported, `fs?.x`, `fs[name]`).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../support/corpus';

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return files(p);
    return name.endsWith('.ts') ? [p] : [];
  });
}

/** `text` with comments and the contents of string and template literals blanked (the same length). */
function codeOnly(text: string): string {
  return text.replace(/\/\/[^\n]*|\/\*[\s\S]*?\*\/|'(?:\\.|[^'\\\n])*'|"(?:\\.|[^"\\\n])*"|`(?:\\.|[^`\\])*`/g, (m) =>
    m.replace(/[^\n]/g, ' '),
  );
}

/** Each use of a namespace import of a node module in `text` that is not a read of one named member. */
function objectUses(text: string): string[] {
  const found: string[] = [];
  for (const imp of text.matchAll(/^import \* as ([\w$]+) from 'node:[\w/]+';$/gm)) {
    const name = imp[1];
    const code = codeOnly(text.replace(imp[0], ' '.repeat(imp[0].length)));
    for (const use of code.matchAll(new RegExp(`(?<![\\w$])(?<!(?:^|[^.])\\.)${name.replace(/\$/g, '\\$')}(?![\\w$])`, 'g'))) {
      const after = code.slice(use.index + name.length);
      const member = /^\.([A-Za-z_$][\w$]*)/.exec(after);
      if (!member || member[1] === 'default') found.push(`${name}${after.slice(0, 16).split('\n')[0]}`);
    }
  }
  return found;
}

describe('namespace imports of node modules', () => {
  it('are read one named member at a time everywhere in src', () => {
    const bad = files(join(PROJECT_ROOT, 'src')).flatMap((f) =>
      objectUses(readFileSync(f, 'utf8')).map((u) => `${relative(PROJECT_ROOT, f)}: ${u}`),
    );
    expect(bad).toEqual([]);
  });

  it('the check finds every other use', () => {
    const head = "import * as fs from 'node:fs';\n";
    expect(objectUses(`${head}fs.readFileSync(p); const s: fs.Stats = x; // fs is node's\nconst t = 'fs';`)).toEqual([]);
    for (const use of [
      'fs.default',
      'fs["default"]',
      '({ default: d } = fs)',
      "'x' in fs",
      'Object.keys(fs)',
      '({ ...fs })',
      'fs?.x',
      'g(fs)',
      'export { fs }',
    ])
      expect(objectUses(`${head}${use};`), use).toHaveLength(1);
  });
});
