// One shape for every run of an engine, success or failure (after execa): what ran, how it ended in
// words, how long it took, what it wrote, the last lines it printed, and where its logs are.
import type { DecodedExit } from './exit-status';
import type { EngineName } from './types';

export interface CaptureLogs {
  engine: string;
  cmtrace: string;
  record: string;
}

export interface CaptureResult {
  ok: boolean;
  engine: EngineName;
  engineVersion: string | null;
  /** Program and arguments exactly as spawned, and a display form for people. */
  program: string;
  args: string[];
  commandLine: string;
  exit: DecodedExit;
  signal: string | null;
  /** Set when preflight stopped the engine (Ctrl+C, SIGTERM). */
  interrupted: boolean;
  startedAt: string;
  durationMs: number;
  /** Growth of the image file (0 when it was removed after a failure). */
  bytesWritten: number;
  /** Last lines of the engine's output, progress redraws collapsed. */
  outputTail: string[];
  /** Why it failed, in one line; null on success. */
  cause: string | null;
  logs: CaptureLogs;
}

/** A command line for display: arguments with spaces or quotes are double-quoted, as cmd would need them. */
export function displayCommand(program: string, args: string[]): string {
  const q = (a: string) => (a === '' || /[\s"]/.test(a) ? `"${a.replace(/"/g, '\\"')}"` : a);
  return [program, ...args].map(q).join(' ');
}
