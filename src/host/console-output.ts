// The console streams of the machine preflight runs on: writing to stdout in chunks without holding a whole export in memory, and without process.exit()
// cutting a pipe short: callers set process.exitCode and return. An output that is gone (the reader of a
// pipe quit: EPIPE; a closed or unusable handle, as under wine with a Unix pipe: EBADF) ends the writing
// to it quietly, never the run: the exit code stays the verdict's.
import { writeSync } from 'node:fs';
import { tty } from './lazy-modules';

const CHUNK = 1 << 16;

export function writeOut(text: string): void {
  writeAll(1, text);
}

/**
 * Whether stdin (0), stdout (1) or stderr (2) is a terminal, asked of the descriptor: `process.stdout` itself is not
 * touched, because creating that stream throws (EBADF) for a handle node cannot open, as wine gives a
 * Windows program whose output is a Unix pipe.
 */
export function isTerminal(fd: 0 | 1 | 2): boolean {
  try {
    return tty().isatty(fd);
  } catch {
    return false;
  }
}

/** A line for stderr (messages, notes), written like stdout: a closed stderr costs the line, not the run. */
export function writeErr(text: string): void {
  writeAll(2, text);
}

/** Errors that mean the reader or the handle is gone: nothing more can be written there. */
const GONE = new Set(['EPIPE', 'EBADF', 'ECONNRESET', 'ENOTCONN', 'EINVAL']);
const gone = new Set<number>();

export function writeLines(lines: Iterable<string>): void {
  let pending = '';
  for (const line of lines) {
    pending += line;
    if (pending.length >= CHUNK) {
      writeAll(1, pending);
      pending = '';
    }
  }
  if (pending) writeAll(1, pending);
}

function writeAll(fd: number, text: string): void {
  if (gone.has(fd)) return;
  const buf = Buffer.from(text, 'utf8');
  let off = 0;
  while (off < buf.length) {
    try {
      off += writeSync(fd, buf, off, buf.length - off);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EAGAIN') continue; // non-blocking pipe: retry
      if (code !== undefined && GONE.has(code)) {
        gone.add(fd);
        return;
      }
      throw err;
    }
  }
}
