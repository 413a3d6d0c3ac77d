// The run folder that `check --out` and the guided run write: one new folder per run, named after the
// offline computer(s) and the time (run-folder.ts), holding the JSON, text and HTML reports, the CMTrace
// log and, after a guided capture, the capture record. One place, so both commands write the same files.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CaptureRecord } from '../capture/record';
import { renderCmtrace } from '../report/cmtrace';
import { renderHtml } from '../report/html';
import { renderJson } from '../report/json';
import type { Report } from '../report/model';
import { renderText } from '../report/text';
import { makeFolders, writeFailureText } from './report-files';
import { runFolderName } from './run-folder';

export const CAPTURE_RECORD_FILE = 'preflight-capture.json';

export interface RunExtras {
  /** The capture record of this run (guided capture), shown in the HTML report and kept as JSON. */
  capture?: CaptureRecord | null;
  /** CMTrace lines appended after the report's own (the guided run's steps, an interruption). */
  logLines?: string[];
}

export interface RunOutputs {
  folder: string;
  /** Why the files could not be written, in words a technician can act on; null when they were. */
  failure: string | null;
}

/** Writes the reports into a new folder of their own under `dir`: the folder on success, else why not. */
export function writeOutputs(dir: string, report: Report, extras: RunExtras = {}): RunOutputs {
  let run = dir;
  try {
    run = createRunFolder(dir, report);
    writeReports(run, report, extras);
    return { folder: run, failure: null };
  } catch (err) {
    return { folder: run, failure: `${run}: ${writeFailureText(err)}` };
  }
}

/** (Re)writes every report file of a run folder that exists; throws what the file system says. */
export function writeReports(folder: string, report: Report, extras: RunExtras = {}): void {
  writeFileSync(join(folder, 'preflight-report.json'), renderJson(report));
  // CRLF: the report is read with Notepad and type on Windows.
  writeFileSync(join(folder, 'preflight-report.txt'), renderText(report, { color: false }).replace(/\n/g, '\r\n'));
  writeLog(folder, report, extras.logLines ?? []);
  // One self-contained page for the engineer who reads the run later, on any PC, or prints it.
  writeFileSync(join(folder, 'preflight-report.html'), renderHtml(report, { capture: extras.capture ?? null }));
  if (extras.capture) writeFileSync(join(folder, CAPTURE_RECORD_FILE), JSON.stringify(extras.capture, null, 2) + '\n');
}

/** preflight.log alone: the report's lines and the run's own; what an interrupted run still updates. */
export function writeLog(folder: string, report: Report, logLines: string[]): void {
  const extra = logLines.length > 0 ? `${logLines.join('\r\n')}\r\n` : '';
  writeFileSync(join(folder, 'preflight.log'), renderCmtrace(report) + extra);
}

/** A new folder named runFolderName(…) under `dir`; `-2`, `-3`, … when a run in the same second has it. */
function createRunFolder(dir: string, report: Report): string {
  makeFolders(dir);
  const base = join(
    dir,
    runFolderName(
      report.installations.map((i) => i.os.computerName),
      report.generatedAt,
    ),
  );
  for (let n = 1; ; n++) {
    const candidate = n === 1 ? base : `${base}-${n}`;
    try {
      mkdirSync(candidate);
      return candidate;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST' || n >= 1000) throw err;
    }
  }
}
