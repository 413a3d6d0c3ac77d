// Typed progress events (after wimlib's begin/progress/end messages): the engines' text becomes these
// once, in the parsers; the renderers and --json only ever see events.
import type { EngineName } from '../types';

export type ProgressEvent =
  | { type: 'started'; engine: EngineName; commandLine: string; at: string }
  | { type: 'phase'; name: string }
  | { type: 'percent'; phase: string | null; percent: number }
  | { type: 'message'; level: 'info' | 'error'; text: string }
  | { type: 'finished'; ok: boolean; exitCode: number | null; meaning: string; durationMs: number };

/** Turns an engine's output, chunk by chunk, into events. */
export interface OutputParser {
  push(chunk: string): ProgressEvent[];
  /** The rest of the output at the engine's exit. */
  end(): ProgressEvent[];
  /** Version from the banner, when the engine printed one. */
  readonly version: string | null;
  /** The engine's own words for its failure, when it printed them. */
  readonly errorMessage: string | null;
}

/**
 * Splits output into lines at \n, \r\n and lone \r (progress redraws), keeping an unfinished tail for
 * the next chunk. A \r at the very end may be the first half of \r\n, so it waits too.
 */
export class ProgressLineSplitter {
  private rest = '';
  push(chunk: string): string[] {
    const text = this.rest + chunk;
    const lines: string[] = [];
    let start = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text[i];
      if (c !== '\n' && c !== '\r') continue;
      if (c === '\r' && i === text.length - 1) break;
      lines.push(text.slice(start, i));
      if (c === '\r' && text[i + 1] === '\n') i++;
      start = i + 1;
    }
    this.rest = text.slice(start);
    return lines;
  }
  end(): string[] {
    const last = this.rest.replace(/\r$/, '');
    this.rest = '';
    return last ? [last] : [];
  }
}

/** The line-by-line part both engines' parsers share; each says what one line means. */
export abstract class LineOutputParser implements OutputParser {
  private splitter = new ProgressLineSplitter();
  version: string | null = null;
  abstract get errorMessage(): string | null;
  protected abstract line(trimmed: string): ProgressEvent[];

  push(chunk: string): ProgressEvent[] {
    return this.splitter.push(chunk).flatMap((l) => this.nonEmpty(l));
  }
  end(): ProgressEvent[] {
    return this.splitter.end().flatMap((l) => this.nonEmpty(l));
  }
  private nonEmpty(raw: string): ProgressEvent[] {
    const line = raw.trim();
    return line ? this.line(line) : [];
  }
}
