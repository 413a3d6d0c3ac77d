// wimlib-imagex's console output (recorded from wimtools 1.13.5 in test/data/wimlib/):
//   Scanning "SOURCE"
//   2929 KiB scanned (2 files, 2 directories)        (redrawn with \r)
//   Using XPRESS compression with 2 threads
//   Archiving file data: 2720 KiB of 2929 KiB (92%) done   (redrawn with \r)
//   Calculating integrity table for WIM: 3 MiB of 3 MiB (100%) done   (with --check)
//   [ERROR] Error writing chunk data to WIM file: No space left on device
//   ERROR: Exiting with error code 72:
//          Failed to write data to a file.
import { LineOutputParser, type ProgressEvent } from './events';

const PERCENT = /^(.+?): \d+ \w+ of \d+ \w+ \((\d{1,3})%\) done$/;
const SCANNING = /^Scanning "/;
const SCANNED = /^\d+ \w+ scanned \(/;
const EXIT = /^ERROR: Exiting with error code (\d+):$/;

export class WimlibOutputParser extends LineOutputParser {
  private phase: string | null = null;
  private lastPercent = -1;
  private exitWords: string | null = null;
  private awaitingExitWords = false;
  private firstError: string | null = null;

  get errorMessage(): string | null {
    if (this.exitWords && this.firstError) return `${this.exitWords} (${this.firstError})`;
    return this.exitWords ?? this.firstError;
  }

  protected line(line: string): ProgressEvent[] {
    const p = PERCENT.exec(line);
    if (p) {
      const events: ProgressEvent[] = [];
      if (p[1] !== this.phase) {
        this.phase = p[1];
        this.lastPercent = -1;
        events.push({ type: 'phase', name: p[1] });
      }
      const percent = Number(p[2]);
      if (percent !== this.lastPercent) {
        this.lastPercent = percent;
        events.push({ type: 'percent', phase: this.phase, percent });
      }
      return events;
    }
    if (SCANNING.test(line)) {
      this.phase = 'Scanning';
      return [{ type: 'phase', name: 'Scanning' }];
    }
    if (SCANNED.test(line)) return []; // a running count without a total: no percent to show
    if (this.awaitingExitWords) {
      this.awaitingExitWords = false;
      this.exitWords = line;
      return [{ type: 'message', level: 'error', text: line }];
    }
    if (EXIT.test(line)) {
      this.awaitingExitWords = true;
      return [{ type: 'message', level: 'error', text: line }];
    }
    if (line.startsWith('[ERROR]')) {
      this.firstError ??= line.slice('[ERROR]'.length).trim();
      return [{ type: 'message', level: 'error', text: line }];
    }
    return [{ type: 'message', level: 'info', text: line }];
  }
}
