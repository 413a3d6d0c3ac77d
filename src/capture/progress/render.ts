// Three ways to show progress events: a bar redrawn in place on a terminal (percent and time left), a
// plain line every few percent when output goes to a file or a pipe (a log stays readable), and JSON
// lines for scripts (--json). A small hand-written bar: one line, no cursor movement, no dependency.
import type { ProgressEvent } from './events';

export interface ProgressRenderer {
  onEvent(event: ProgressEvent): void;
  /** Ends a bar line before other output follows. */
  close(): void;
}

export interface Sink {
  write(text: string): void;
}

const BAR_WIDTH = 30;

export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  return h > 0 ? `${h}h${String(m).padStart(2, '0')}m` : m > 0 ? `${m}m${String(sec).padStart(2, '0')}s` : `${sec}s`;
}

/** Time left from the rate since the phase began; null until there is something to go by. */
export class EtaEstimator {
  private start: { at: number; percent: number } | null = null;
  reset(): void {
    this.start = null;
  }
  update(percent: number, now: number): number | null {
    if (this.start === null) {
      this.start = { at: now, percent };
      return null;
    }
    const done = percent - this.start.percent;
    const elapsed = now - this.start.at;
    if (done <= 0 || elapsed < 1000) return null;
    return ((100 - percent) * elapsed) / done;
  }
}

export class TerminalBar implements ProgressRenderer {
  private eta = new EtaEstimator();
  private open = false;
  constructor(
    private sink: Sink,
    private now: () => number = Date.now,
  ) {}
  onEvent(e: ProgressEvent): void {
    if (e.type === 'phase') {
      this.close();
      this.eta.reset();
      return;
    }
    if (e.type === 'percent') {
      const filled = Math.round((e.percent / 100) * BAR_WIDTH);
      const left = this.eta.update(e.percent, this.now());
      const tail = left === null ? '' : `  ${formatDuration(left)} left`;
      const label = e.phase ? `${e.phase} ` : '';
      this.sink.write(
        `\r${label}[${'#'.repeat(filled)}${'-'.repeat(BAR_WIDTH - filled)}] ${e.percent.toFixed(1).padStart(5)}%${tail}\x1b[K`,
      );
      this.open = true;
      return;
    }
    if (e.type === 'message' && e.level === 'error') {
      this.close();
      this.sink.write(`${e.text}\n`);
    }
  }
  close(): void {
    if (this.open) this.sink.write('\n');
    this.open = false;
  }
}

export class PlainLines implements ProgressRenderer {
  private nextAt = 0;
  constructor(
    private sink: Sink,
    private step = 5,
  ) {}
  onEvent(e: ProgressEvent): void {
    if (e.type === 'phase') {
      this.nextAt = 0;
      this.sink.write(`${e.name}\n`);
    } else if (e.type === 'percent' && (e.percent >= this.nextAt || e.percent === 100)) {
      this.sink.write(`${e.phase ?? 'progress'}: ${e.percent.toFixed(0)}%\n`);
      this.nextAt = Math.floor(e.percent / this.step) * this.step + this.step;
      if (e.percent === 100) this.nextAt = Infinity;
    } else if (e.type === 'message' && e.level === 'error') {
      this.sink.write(`${e.text}\n`);
    }
  }
  close(): void {}
}

export class JsonLines implements ProgressRenderer {
  constructor(private sink: Sink) {}
  onEvent(e: ProgressEvent): void {
    this.sink.write(JSON.stringify({ event: e.type, ...omitType(e) }) + '\n');
  }
  close(): void {}
}

function omitType(e: ProgressEvent): Record<string, unknown> {
  const { type: _type, ...rest } = e;
  return rest;
}
