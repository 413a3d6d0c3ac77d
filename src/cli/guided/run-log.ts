// The guided run's own lines in the run folder's preflight.log (CMTrace), after the report's: what the
// technician chose, the override, how the capture ended, an interruption. The log is rewritten whole at
// each line, so a run cut short (Ctrl+C, a closed window) still leaves a log that says how far it got.
import { cmtraceLine, type CmtraceType } from '../../report/cmtrace';
import type { Report } from '../../report/model';
import { writeLog } from '../run-outputs';

export class RunLog {
  readonly lines: string[] = [];
  constructor(
    private folder: string | null,
    private report: Report,
  ) {}

  add(message: string, type: CmtraceType = 1): void {
    const at = new Date();
    this.lines.push(cmtraceLine(message, type, at, { bias: at.getTimezoneOffset(), thread: process.pid, component: 'preflight-guided' }));
    if (this.folder === null) return;
    try {
      writeLog(this.folder, this.report, this.lines);
    } catch {
      // The medium went away or filled up: the screen still says what happened; the report note said where.
    }
  }
}
