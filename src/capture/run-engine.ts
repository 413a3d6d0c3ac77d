// Runs an engine as a child process, without a shell, streaming its output into progress events. The
// child never outlives preflight: Ctrl+C / SIGTERM / SIGHUP stop it (SIGTERM, then SIGKILL after a
// grace period; on Windows both are TerminateProcess) and preflight waits for it to exit before it
// cleans up, so no half-written image is left to an orphan.
import { spawn, spawnSync } from 'node:child_process';
import { ENGINES } from './engines';
import type { DecodedExit } from './exit-status';
import { decodeSignal } from './exit-status';
import type { OutputParser, ProgressEvent } from './progress/events';
import { displayCommand } from './result';
import type { EngineCommand } from './types';

export interface EngineRun {
  exit: DecodedExit;
  ok: boolean;
  signal: string | null;
  interrupted: boolean;
  /** The output with progress redraws collapsed to their last frame. */
  output: string[];
  parser: OutputParser;
  startedAt: Date;
  durationMs: number;
  spawnError: string | null;
}

const KILL_GRACE_MS = 5000;
const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/**
 * `abort` stops the engine as Ctrl+C does, for callers that read Ctrl+C as a key (the guided run's console
 * is in raw mode, where Ctrl+C is a key press, not a signal).
 */
export function runEngine(command: EngineCommand, onEvent: (e: ProgressEvent) => void, abort?: AbortSignal): Promise<EngineRun> {
  const adapter = ENGINES[command.engine];
  const parser = adapter.parser();
  const output: string[] = [];
  const startedAt = new Date();
  const t0 = process.hrtime.bigint();
  onEvent({ type: 'started', engine: command.engine, commandLine: displayCommand(command), at: startedAt.toISOString() });

  return new Promise((resolve) => {
    const child = spawn(command.program, command.args, { stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true });
    let interrupted = false;
    let killTimer: NodeJS.Timeout | null = null;
    const stop = () => {
      if (interrupted) return;
      interrupted = true;
      child.kill('SIGTERM');
      killTimer = setTimeout(() => child.kill('SIGKILL'), KILL_GRACE_MS);
    };
    for (const s of STOP_SIGNALS) process.on(s, stop);
    abort?.addEventListener('abort', stop);
    if (abort?.aborted) stop();

    const take = (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      collect(output, text);
      for (const e of parser.push(text)) onEvent(e);
    };
    child.stdout.on('data', take);
    child.stderr.on('data', take);

    let spawnError: string | null = null;
    child.on('error', (err) => {
      spawnError = err.message;
    });
    child.on('close', (code, signal) => {
      for (const s of STOP_SIGNALS) process.off(s, stop);
      abort?.removeEventListener('abort', stop);
      if (killTimer) clearTimeout(killTimer);
      for (const e of parser.end()) onEvent(e);
      const durationMs = Number(process.hrtime.bigint() - t0) / 1e6;
      const exit = signal
        ? decodeSignal(signal)
        : spawnError
          ? { code: null, text: null, meaning: spawnError }
          : adapter.decodeExit(code ?? 0, parser);
      const ok = !interrupted && !signal && !spawnError && code === 0;
      onEvent({ type: 'finished', ok, exitCode: exit.code, meaning: exit.meaning, durationMs });
      resolve({ exit, ok, signal: signal ?? null, interrupted, output: finish(output), parser, startedAt, durationMs, spawnError });
    });
  });
}

/** Output kept as lines; a \r redraw replaces the line it redraws, so the tail shows the final frames. */
function collect(lines: string[], text: string): void {
  const parts = text.split('\n');
  for (let i = 0; i < parts.length; i++) {
    if (i === 0 && lines.length > 0) lines[lines.length - 1] += parts[0];
    else lines.push(parts[i]);
  }
}

function finish(lines: string[]): string[] {
  return lines.map((l) => {
    const frames = l.replace(/\r$/, '').split('\r');
    return frames[frames.length - 1];
  });
}

/** Short engine runs (info, --version): output text and exit code. */
export function runEngineQuietly(command: EngineCommand): { status: number | null; text: string; error: string | null } {
  const r = spawnSync(command.program, command.args, { encoding: 'utf8', windowsHide: true, maxBuffer: 1 << 26 });
  return { status: r.status, text: `${r.stdout ?? ''}${r.stderr ?? ''}`, error: r.error ? r.error.message : null };
}
