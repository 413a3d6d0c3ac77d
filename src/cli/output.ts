// Writing to stdout in chunks without holding a whole export in memory, and without process.exit()
// cutting a pipe short: callers set process.exitCode and return.
import { writeSync } from 'node:fs';

const CHUNK = 1 << 16;

export function writeOut(text: string): void {
  writeAll(1, text);
}

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
  const buf = Buffer.from(text, 'utf8');
  let off = 0;
  while (off < buf.length) {
    try {
      off += writeSync(fd, buf, off, buf.length - off);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EAGAIN') continue; // non-blocking pipe: retry
      if (code === 'EPIPE') return; // reader went away (e.g. `| head`): stop quietly
      throw err;
    }
  }
}
