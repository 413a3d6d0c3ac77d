// Splitting a Sysprep log into runs.
//
// Sysprep appends every run to the same setupact.log/setuperr.log (Microsoft says it clears setupact.log,
// but public logs hold several runs: GoogleCloudPlatform/compute-image-windows issue 156,
// actions/runner-images issues 7103 and 9659). A run starts with its banner in setupact.log:
//   2024-05-15 18:52:45, Info                  SYSPRP ===          Beginning of a new sysprep run          ===
// followed by "Initialized SysPrep log at …" and the command line ("ParseCommands:Found supported command
// line option 'GENERALIZE'"), or the mode dialog ("WinMain:Displaying dialog box for user to choose sysprep
// mode..."). It ends with "Shutting down SysPrep log", with the fatal cascade ("…halting sysprep
// execution", "WinMain:Hit failure while …"), or with "WinMain:The sysprep dialog box returned FALSE" when
// the technician cancelled the dialog.
//
// setuperr.log has no banner; its Error lines are put into runs by the banners' times from setupact.log
// when there is one, and otherwise (and also inside setupact.log when its banner was cut off):
//  - a line after the run ended (past its fatal cascade, or after "dialog box returned FALSE") starts a run,
//    unless it only repeats the cascade within a minute ("WinMain:Hit failure …");
//  - a command-line line after the run's errors or after its own command-line block starts a run;
//  - a gap of an hour or more between two stamped lines starts a run (Sysprep logs continuously while it
//    runs; a run that logs nothing for an hour is not seen in any public log — an assumption, stated).
// A line "Sysprep will now …" was looked for as a marker and not found in any public log (only in scripts'
// own messages), so it is not used.

import type { LogLine } from '../panther-logs';

export type RunStart = 'banner' | 'command line' | 'after the previous run ended' | 'time gap' | 'start of the log';

export interface Run {
  /** How the start was recognised. */
  startedBy: RunStart;
  /** Time of the first line of the run (stamped), or null. */
  start: string | null;
  /** The Error lines of the run, in order. */
  errors: LogLine[];
  /** The run ended with "The sysprep dialog box returned FALSE" (cancelled by the technician). */
  cancelled: boolean;
}

/** The middle line of the banner Sysprep writes at the start of every run. */
export const RUN_BANNER = /Beginning of a new sysprep run/i;
const COMMAND = /ParseCommands:\s*Found supported command line option|WinMain:\s*Displaying dialog box for user to choose sysprep mode/i;
const CLEAN_END = /Shutting down SysPrep log/i;
const CANCELLED = /The sysprep dialog box returned FALSE/i;
/** Lines that say Sysprep stops: the fatal cascade's last lines. */
export const FATAL = /halting sysprep execution|WinMain:\s*Hit failure|Not running DLLs; either the machine is in an invalid state/i;
const CASCADE_TAIL = /WinMain:\s*Hit failure/i;
const GAP_MS = 60 * 60 * 1000;
const SAME_INCIDENT_MS = 60 * 1000;

/** Lines of setupact.log that mark where runs begin or end (kept by the reader besides Error lines). */
export function isRunMarker(message: string): boolean {
  return RUN_BANNER.test(message) || COMMAND.test(message) || CLEAN_END.test(message);
}

function time(ts: string | null): number | null {
  if (ts === null) return null;
  const t = Date.parse(`${ts.replace(' ', 'T')}Z`);
  return Number.isFinite(t) ? t : null;
}

interface Cursor {
  run: Run;
  ended: 'no' | 'fatal' | 'clean' | 'cancelled';
  endedAt: number | null;
  lastTime: number | null;
  lastWasCommand: boolean;
  sawCommand: boolean;
}

/**
 * Runs of one log. `errors` are its Error lines and `markers` its marker lines (both of the same file,
 * in file order), or `markers` come from setupact.log while `errors` are setuperr.log's (`sameFile`
 * false): then only the markers' times place the errors.
 */
export function splitRuns(errors: LogLine[], markers: LogLine[], sameFile: boolean): Run[] {
  const runs: Run[] = [];
  let cur: Cursor | null = null;
  const open = (startedBy: RunStart, at: LogLine | null): Cursor => {
    const run: Run = { startedBy, start: at?.timestamp ?? null, errors: [], cancelled: false };
    runs.push(run);
    return { run, ended: 'no', endedAt: null, lastTime: null, lastWasCommand: false, sawCommand: false };
  };

  // One stream in file order when both come from one file; otherwise markers only as start times.
  type Event = { line: LogLine; kind: 'error' | 'marker' };
  let events: Event[];
  if (sameFile) {
    events = [...errors.map((line) => ({ line, kind: 'error' as const })), ...markers.map((line) => ({ line, kind: 'marker' as const }))];
    events.sort((a, b) => a.line.lineNumber - b.line.lineNumber);
  } else {
    const starts = markers.filter((m) => RUN_BANNER.test(m.message) && m.timestamp !== null);
    events = [];
    let s = 0;
    for (const line of errors) {
      while (s < starts.length && line.timestamp !== null && starts[s].timestamp! <= line.timestamp)
        events.push({ line: starts[s++], kind: 'marker' });
      events.push({ line, kind: 'error' });
    }
    while (s < starts.length) events.push({ line: starts[s++], kind: 'marker' });
  }

  for (const { line, kind } of events) {
    const t = time(line.timestamp);
    const gap = cur !== null && t !== null && cur.lastTime !== null && t - cur.lastTime >= GAP_MS;
    if (kind === 'marker') {
      if (RUN_BANNER.test(line.message)) {
        // The banner is three lines; only the middle one says "Beginning of a new sysprep run".
        cur = open('banner', line);
      } else if (COMMAND.test(line.message)) {
        if (cur === null) cur = open('command line', line);
        else if (cur.ended !== 'no' || cur.run.errors.length > 0 || (cur.sawCommand && !cur.lastWasCommand) || gap)
          cur = open('command line', line);
        cur.sawCommand = true;
      } else if (CLEAN_END.test(line.message) && cur !== null && cur.ended === 'no') {
        cur.ended = 'clean';
        cur.endedAt = t;
      }
      if (cur !== null) {
        cur.lastWasCommand = COMMAND.test(line.message);
        if (t !== null) cur.lastTime = t;
      }
      continue;
    }
    // An Error line.
    if (cur === null) {
      cur = open('start of the log', line);
    } else if (cur.ended !== 'no') {
      const repeat =
        cur.ended === 'fatal' &&
        CASCADE_TAIL.test(line.message) &&
        (t === null || cur.endedAt === null || t - cur.endedAt < SAME_INCIDENT_MS);
      if (!repeat) cur = open('after the previous run ended', line);
    } else if (gap) {
      cur = open('time gap', line);
    }
    cur.run.errors.push(line);
    cur.lastWasCommand = false;
    if (t !== null) cur.lastTime = t;
    if (CANCELLED.test(line.message)) {
      cur.run.cancelled = true;
      cur.ended = 'cancelled';
      cur.endedAt = t;
    } else if (FATAL.test(line.message)) {
      cur.ended = 'fatal';
      cur.endedAt = t;
    }
  }
  return runs;
}
