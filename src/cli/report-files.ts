// Creating the --out folder and saying why report files could not be written, in words a technician can
// act on (a read-only stick is "the medium is read-only", not a bare EROFS).
import { mkdirSync, statSync, type Stats } from 'node:fs';
import { dirname } from 'node:path';

/**
 * `mkdir -p` one level at a time, at most once per path component: node's recursive mkdir loops forever
 * where mkdir keeps failing with ENOENT on an existing parent (/proc).
 */
export function makeFolders(dir: string): void {
  const missing: string[] = [];
  for (let cur = dir; ; ) {
    let st: Stats | null = null;
    try {
      st = statSync(cur);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
    if (st !== null) {
      if (!st.isDirectory()) throw Object.assign(new Error(`${cur} is not a folder`), { code: 'ENOTDIR' });
      break;
    }
    missing.push(cur);
    const parent = dirname(cur);
    if (parent === cur) break;
    cur = parent;
  }
  for (const d of missing.reverse()) mkdirSync(d);
}

const WRITE_FAILURES: Record<string, string> = {
  EROFS: 'the medium is read-only (write-protected stick or read-only mount)',
  ENOSPC: 'the medium is full',
  EDQUOT: 'the disk quota is used up',
  EACCES: 'access denied',
  EPERM: 'not permitted here',
  ENOENT: 'the folder cannot be created here (missing drive, or a parent that cannot hold folders)',
  ENOTDIR: 'a part of the path is a file, not a folder',
  EISDIR: 'a report file name is taken by a folder',
  EIO: 'input/output error on the medium',
  ENAMETOOLONG: 'the path is too long',
};

export function writeFailureText(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  const known = code ? WRITE_FAILURES[code] : undefined;
  return known ? `${known} (${code})` : (err as Error).message;
}
