// Where the shared real-data corpus lives: $PREFLIGHT_CORPUS, or ../shared/corpus beside the project.
// Tests that need it skip with a clear message when it is absent; CI always has it.
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const PROJECT_ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));

export function corpusDir(): string | null {
  const dir = process.env.PREFLIGHT_CORPUS ?? join(PROJECT_ROOT, '..', 'shared', 'corpus');
  if (existsSync(join(dir, 'MANIFEST.md'))) return dir;
  // CI sets this: there a missing corpus is a failure, never a silent skip.
  if (process.env.PREFLIGHT_REQUIRE_CORPUS) throw new Error(`corpus required but not found at ${dir}`);
  return null;
}

export const CORPUS_MISSING = 'the real-hive corpus (../shared/corpus or $PREFLIGHT_CORPUS) is absent: corpus tests skipped';

export function corpusPath(rel: string): string {
  const dir = corpusDir();
  if (!dir) throw new Error(CORPUS_MISSING);
  return join(dir, rel);
}

export interface ManifestRow {
  file: string;
  what: string;
  size: number;
  /** "yes" when hivex open, hivexregedit and regfinfo all succeeded; "partial"; or "" for non-hives. */
  parses: string;
  dirty: boolean;
}

/** The per-file table of corpus/MANIFEST.md. */
export function manifestRows(): ManifestRow[] {
  const text = readFileSync(corpusPath('MANIFEST.md'), 'utf8');
  const rows: ManifestRow[] = [];
  for (const line of text.split('\n')) {
    if (!line.startsWith('| ') || line.startsWith('| file') || line.startsWith('|---')) continue;
    const cells = line.split('|').map((c) => c.trim());
    // | file | what | version | size | sha256 | source | original form | parses | tools | root | keys | fmt | seq | cks | notable |
    if (cells.length < 16 || !/^\d+$/.test(cells[4])) continue;
    rows.push({ file: cells[1], what: cells[2], size: Number(cells[4]), parses: cells[8], dirty: cells[13].includes('DIRTY') });
  }
  return rows;
}

/** The corpus hives hivex does not read fully (damaged, dirty or odd), each smaller than `maxBytes`. */
export function unparsedCorpusFiles(maxBytes: number): string[] {
  return manifestRows()
    .filter((r) => r.parses !== 'yes' && r.size < maxBytes)
    .map((r) => r.file);
}

export { PROJECT_ROOT };
