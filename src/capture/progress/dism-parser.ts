// DISM's console output (domain.md 8.4; recorded transcripts in test/data/dism/):
//   Deployment Image Servicing and Management tool
//   Version: 10.0.19041.844
//   Saving image
//   [===============            27.0%                          ]   (redrawn in place with \r)
//   Error: 112
//   There is not enough space on the disk.
//   The DISM log file can be found at C:\windows\Logs\DISM\dism.log
// Only the bar, "Version:", "Error:" and the phase names are relied on; the rest is passed on as
// messages, so a localized DISM (no /English) still parses.
import { LineOutputParser, type ProgressEvent } from './events';

const BAR = /^\[[= ]*?(\d{1,3}(?:\.\d+)?)%[= ]*\]$/;
const VERSION = /^Version: (\d+(?:\.\d+)+)$/;
const ERROR = /^Error: (\S+)$/;
/** Lines DISM prints before a bar, naming what the bar measures. */
const PHASES =
  /^(Saving image|Unmounting image|Mounting image|Applying image|Exporting image|Capturing image|Appending image|Scanning .*)$/;

export class DismOutputParser extends LineOutputParser {
  private phase: string | null = null;
  private lastPercent = -1;
  private errorCode: string | null = null;
  private errorText: string | null = null;

  get errorMessage(): string | null {
    if (this.errorCode === null) return null;
    return this.errorText ? `Error ${this.errorCode}: ${this.errorText}` : `Error ${this.errorCode}`;
  }

  protected line(line: string): ProgressEvent[] {
    const bar = BAR.exec(line);
    if (bar) {
      const percent = Number(bar[1]);
      if (percent === this.lastPercent) return [];
      this.lastPercent = percent;
      return [{ type: 'percent', phase: this.phase, percent }];
    }
    const version = VERSION.exec(line);
    if (version && this.version === null) this.version = version[1];
    const error = ERROR.exec(line);
    if (error) {
      this.errorCode = error[1];
      return [{ type: 'message', level: 'error', text: line }];
    }
    if (this.errorCode !== null && this.errorText === null) {
      this.errorText = line;
      return [{ type: 'message', level: 'error', text: line }];
    }
    if (PHASES.test(line)) {
      this.phase = line;
      this.lastPercent = -1;
      return [{ type: 'phase', name: line }];
    }
    return [{ type: 'message', level: 'info', text: line }];
  }
}
