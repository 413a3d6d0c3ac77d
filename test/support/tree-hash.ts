// A fingerprint of every file and folder under a directory: relative path → sha256 of the content
// (folders: their sorted listing). Used to prove that `check` leaves an inspected volume unchanged.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

export function treeHash(root: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (dir: string) => {
    const names = readdirSync(dir).sort();
    out[relative(root, dir) || '.'] = `dir:${names.join('/')}`;
    for (const name of names) {
      const p = join(dir, name);
      const st = statSync(p);
      if (st.isDirectory()) walk(p);
      else out[relative(root, p)] = `${st.size}:${createHash('sha256').update(readFileSync(p)).digest('hex')}:${st.mtimeMs}`;
    }
  };
  walk(root);
  return out;
}
