// One shape for every run of an engine, success or failure (after execa): what ran, how it ended in
// words, how long it took, what it wrote, the last lines it printed, and where its logs are.
import type { DecodedExit } from './exit-status';
import type { EngineCommand, EngineName } from './types';
import { cmdArg, shownQuoted, shQuote } from '../checks/shell-quote';

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

/** The shell a printed command is pasted into: cmd on Windows (DISM, wimlib there), a POSIX shell elsewhere. */
export type Shell = 'cmd' | 'sh';

export function shellFor(engine: EngineName, platform: NodeJS.Platform): Shell {
  return engine === 'dism' || platform === 'win32' ? 'cmd' : 'sh';
}

/** %SystemRoot%\System32\Dism.exe, shown by --dry-run where DISM is not installed: meant to expand. */
const EXPANDED_PROGRAM = /^%SystemRoot%\\[A-Za-z0-9\\.]+$/;

/**
 * A command line to paste into `shell`, every argument quoted for it (src/checks/shell-quote.ts), or, when
 * an argument cannot be quoted safely for that shell (cmd: ", %, !; either: control or invisible
 * formatting characters), a sentence saying that no command is shown and why. Disk- and technician-
 * supplied text (names, descriptions, paths) then never becomes a live command when pasted.
 */
export function displayCommand({ engine, program, args }: EngineCommand, platform: NodeJS.Platform = process.platform): string {
  const shell = shellFor(engine, platform);
  const quote = shell === 'cmd' ? cmdArg : shQuote;
  const words = [EXPANDED_PROGRAM.test(program) && shell === 'cmd' ? program : quote(program), ...args.map(quote)];
  const bad = [program, ...args].filter((_, i) => words[i] === null);
  if (bad.length === 0) return words.join(' ');
  return `(not shown: ${bad.map(shownQuoted).join(', ')} cannot be quoted safely for ${shell === 'cmd' ? 'cmd' : 'a POSIX shell'}; the engine is started without a shell and gets it as one argument)`;
}
