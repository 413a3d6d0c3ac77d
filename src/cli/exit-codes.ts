// Exit codes are a contract with startnet.cmd scripts. cmd's `if errorlevel N` means "N or more", so the
// codes rise with how far from "go ahead" the outcome is: anything >= 2 means "do not capture".
import type { Report } from '../report/model';

export const ExitCode = {
  /** check: every installation may be captured. Other commands: success. */
  READY: 0,
  /** check: may be captured, but read the warnings. */
  WARNINGS: 1,
  /** check: at least one installation must not be captured as it is. capture: refused for that reason
   * (the gate), nothing written. */
  BLOCKED: 2,
  /** capture: the engine is missing, failed, was killed or interrupted (Ctrl+C), or the image did not
   * verify. Logs are kept next to the image; a new image file that was not finished is removed. */
  CAPTURE_FAILED: 3,
  /** The input is not what it must be: not a hive, corrupt, no Windows installation, unreadable file.
   * capture: the plan refused (destination on the source or too small, FAT32, --append name taken). */
  BAD_INPUT: 4,
  /** The command line is wrong (unknown command or option, missing argument). */
  USAGE: 5,
  /** Anything unexpected inside preflight (a bug): reported in one line, --debug shows the stack. */
  INTERNAL: 6,
  /**
   * check --out: the verdict and findings were printed, but the report files could not be written
   * (read-only or full medium). Above every verdict, so `if errorlevel 2` never takes it for "ready";
   * its own code, so a script can tell "report lost" from a blocked image or bad input and retry --out.
   */
  REPORT_NOT_WRITTEN: 7,
} as const;

export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

/** check's exit code: the report's verdict. */
export function exitFor(report: Pick<Report, 'verdict'>): number {
  return report.verdict === 'ready' ? ExitCode.READY : report.verdict === 'warnings' ? ExitCode.WARNINGS : ExitCode.BLOCKED;
}
