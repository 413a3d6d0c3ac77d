// The processes a test started, found in /proc: by a piece of their command line and, because other test
// runs on the same machine start the same programs, by an entry of their environment that only this run's
// processes carry (a wine program's WINEPREFIX, say). A pgrep on the command line alone sees every run's.
import { readdirSync, readFileSync } from 'node:fs';

function read(file: string): string | null {
  try {
    return readFileSync(file, 'latin1');
  } catch {
    return null; // ended meanwhile, or another user's
  }
}

/** Ids of the processes whose command line (arguments joined by spaces) contains `text` and whose environment holds `envEntry` ("NAME=value"). */
export function processesWith(text: string, envEntry: string): number[] {
  const found: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name) || Number(name) === process.pid) continue;
    const cmdline = read(`/proc/${name}/cmdline`)?.replace(/\0/g, ' ');
    if (!cmdline?.includes(text)) continue;
    if (read(`/proc/${name}/environ`)?.split('\0').includes(envEntry)) found.push(Number(name));
  }
  return found;
}
