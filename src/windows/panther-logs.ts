// Reading the Panther logs: Sysprep's and Setup's setupact.log/setuperr.log, streamed and bounded.
// What the lines mean (runs, the fatal error, codes, causes) is decoded in ./sysprep-log.
//
// Generalize actions are logged to %WINDIR%\System32\Sysprep\Panther (setupact.log = everything,
// setuperr.log = warnings and errors); specialize/Setup to %WINDIR%\Panther (domain.md §1.5). Line shape
// (domain.md §2.2, §3.1, §6.1):
//   2023-07-20 10:12:30, Error      [0x0f0082] SYSPRP LaunchDll:Failure occurred while executing '…'
//   <timestamp>, <level> [<message id>] <component> <message>
// Two other shapes of the same lines reach a technician through Microsoft's articles and bug reports, and
// are read too: without the timestamp ("Error [0x0f0082] SYSPRP LaunchDll: …", Microsoft KB 929828) and
// as Configuration Manager's log viewer renders them, without the level
// ("02-07-2022 14:24:15.000 SYSPRP 983152 (0xf0070) RunDlls:…"): there a line counts as an error when its
// text says a failure.

import type { Evidence, PantherFacts, SysprepFailure } from './facts';
import { VolumeFs, errText } from './volume-fs';
import { type RunOutcome, decodeRun } from './sysprep-log/failures';
import { RUN_BANNER, type Run, isRunMarker, splitRuns } from './sysprep-log/runs';
import { LineSplitter, splitLines, type TextEncoding } from './text-decode';

/** Logs can grow to many MB; only the tail is read beyond this (the last run is at the end). */
export const PANTHER_LOG_MAX = 32 * 1024 * 1024;
/** Logs are read in pieces of this size: memory stays bounded whatever the size of the file. */
const CHUNK_BYTES = 1024 * 1024;
/** Error lines kept per log (the last ones: the last run is at the end); the others are only counted. */
export const MAX_ERROR_LINES = 5000;
/** Run-marker lines kept per log (the last ones). */
const MAX_MARKER_LINES = 5000;
/** Earlier runs reported as history (the latest ones); the others are counted in the evidence. */
export const MAX_HISTORY = 20;

export interface LogLine {
  /** 1-based line number in the decoded text. */
  lineNumber: number;
  /** "YYYY-MM-DD HH:MM:SS" or null when the line does not carry one. */
  timestamp: string | null;
  /** Info, Warning, Error, … as printed, or null (continuation lines, or a rendering without levels). */
  level: string | null;
  /** The line is a log line rendered without its level column (Configuration Manager's viewer). */
  levelMissing: boolean;
  /** e.g. "0x0f0082" from "[0x0f0082]" or "983170 (0xf0082)". */
  messageId: string | null;
  /** e.g. "SYSPRP", when the message starts with an upper-case component tag. */
  component: string | null;
  /** The text after level, message id and component. */
  message: string;
  /** The whole line, trimmed. */
  raw: string;
}

const LEVEL = '(Info|Warning|Error|Fatal Error|Perf|Trace|Debug)';
const STAMPED_RE = new RegExp(`^(\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}),\\s*${LEVEL}\\b\\s*(?:\\[(0x[0-9a-fA-F]+)\\])?\\s*(.*)$`, 'i');
const UNSTAMPED_RE = new RegExp(`^${LEVEL}\\s+(?:\\[(0x[0-9a-fA-F]+)\\]\\s*)?([A-Z][A-Z0-9]{1,7}\\s.*)$`);
const RENDERED_RE =
  /^(\d{2})-(\d{2})-(\d{4}) (\d{2}:\d{2}:\d{2})(?:\.\d{1,3})?\s+([A-Z][A-Z0-9]{1,7})\s+(?:\d{1,10} \((0x[0-9a-fA-F]{1,8})\)\s+)?(.*)$/;
const COMPONENT_RE = /^([A-Z][A-Z0-9]{1,7})\s+(.*)$/;
/** A levelless line that says a failure. */
const FAILURE_WORDS = /\b(?:fail\w*|error|halting|not provisioned|cannot|can't|will not run)\b/i;

function lineOf(
  lineNumber: number,
  raw: string,
  timestamp: string | null,
  level: string | null,
  messageId: string | null,
  rest: string,
  levelMissing = false,
): LogLine {
  let component: string | null = null;
  let message = rest.trim();
  const c = COMPONENT_RE.exec(message);
  if (c) {
    component = c[1];
    message = c[2].trim();
  }
  return { lineNumber, timestamp, level, levelMissing, messageId: messageId ? messageId.toLowerCase() : null, component, message, raw };
}

export function parseLogLine(raw: string, lineNumber: number): LogLine {
  const trimmed = raw.replace(/\u0000/g, '').trim();
  const m = STAMPED_RE.exec(trimmed);
  if (m) return lineOf(lineNumber, trimmed, m[1], m[2], m[3] ?? null, m[4]);
  const u = UNSTAMPED_RE.exec(trimmed);
  if (u) return lineOf(lineNumber, trimmed, null, u[1], u[2] ?? null, u[3]);
  const r = RENDERED_RE.exec(trimmed);
  if (r) {
    const id = r[6] ? `0x${r[6].slice(2).padStart(6, '0')}` : null;
    return lineOf(lineNumber, trimmed, `${r[3]}-${r[1]}-${r[2]} ${r[4]}`, null, id, `${r[5]} ${r[7]}`, true);
  }
  return {
    lineNumber,
    timestamp: null,
    level: null,
    levelMissing: false,
    messageId: null,
    component: null,
    message: trimmed,
    raw: trimmed,
  };
}

export function parsePantherLog(text: string): LogLine[] {
  return splitLines(text).map((l, i) => parseLogLine(l, i + 1));
}

/** A log line of any of the three shapes (not a continuation line or noise). */
export function isLogLine(l: LogLine): boolean {
  return l.level !== null || l.levelMissing;
}

export function isErrorLine(l: LogLine): boolean {
  if (l.level !== null) return /error/i.test(l.level);
  return l.levelMissing && FAILURE_WORDS.test(l.message);
}

const isSysprepLine = (l: LogLine) => l.component === 'SYSPRP' || /\bSYSPRP\b/.test(l.raw);

// ---------------------------------------------------------------------------------------------------
// Reading one file.

interface ReadLog {
  path: string;
  encoding: TextEncoding;
  /** Lines read (of the tail when truncated). */
  lineCount: number;
  /** The last MAX_ERROR_LINES Error lines the `keep` filter let through, in order. */
  errors: LogLine[];
  /** Every Error line the filter let through, kept or not. */
  errorCount: number;
  /** The last MAX_MARKER_LINES lines that mark runs (banner, command line, clean end). */
  markers: LogLine[];
  /** Timestamp of the last "Beginning of a new sysprep run" banner read, or null. */
  lastRunStart: string | null;
  /** Timestamp of the first stamped line read, or null when no line carried one. */
  firstTimestamp: string | null;
  /** Lines of any log-line shape. */
  logLines: number;
  /** Lines with something besides white space (NULs count: a NUL-filled log is not an empty one). */
  contentLines: number;
  truncated: boolean;
}

function pushBounded(ring: LogLine[], l: LogLine, max: number): LogLine[] {
  ring.push(l);
  return ring.length >= 2 * max ? ring.slice(-max) : ring;
}

/**
 * Streams the last `maxBytes` of a log in CHUNK_BYTES pieces: memory holds one piece, one line and the
 * last MAX_ERROR_LINES Error lines and MAX_MARKER_LINES marker lines, whatever the file's size.
 */
function readLog(
  vol: VolumeFs,
  rel: string,
  evidence: Evidence[],
  maxBytes: number,
  keep: (l: LogLine) => boolean = () => true,
): ReadLog | null {
  const shown = vol.displayPath(rel);
  const log: ReadLog = {
    path: shown,
    encoding: 'utf-8',
    lineCount: 0,
    errors: [],
    errorCount: 0,
    markers: [],
    lastRunStart: null,
    firstTimestamp: null,
    logLines: 0,
    contentLines: 0,
    truncated: false,
  };
  let splitter: LineSplitter | null = null;
  let dropFirst = false;
  let errors: LogLine[] = [];
  let markers: LogLine[] = [];
  const onLine = (raw: string) => {
    if (dropFirst) {
      dropFirst = false; // the partial first line of a tail
      return;
    }
    const l = parseLogLine(raw, ++log.lineCount);
    if (raw.trim() !== '') log.contentLines++;
    if (!isLogLine(l)) return;
    log.logLines++;
    if (l.timestamp !== null) log.firstTimestamp ??= l.timestamp;
    if (isRunMarker(l.message)) {
      if (RUN_BANNER.test(l.message)) log.lastRunStart = l.timestamp;
      markers = pushBounded(markers, l, MAX_MARKER_LINES);
    }
    if (!isErrorLine(l) || !keep(l)) return;
    log.errorCount++;
    errors = pushBounded(errors, l, MAX_ERROR_LINES);
  };
  let result: { size: number; start: number; truncated: boolean } | null;
  try {
    result = vol.forEachTailChunk(rel, maxBytes, CHUNK_BYTES, (piece, position) => {
      let chunk = piece;
      if (splitter === null) {
        // A tail cut in the middle of a UTF-16 unit would shift every character: realign on an even offset.
        if (position % 2 === 1) chunk = chunk.subarray(1);
        splitter = new LineSplitter(position === 0, onLine);
        dropFirst = position > 0;
      }
      splitter.push(chunk);
    });
  } catch (e) {
    evidence.push({ source: 'file', path: shown, detail: `unreadable: ${errText(e)}` });
    return null;
  }
  if (result === null) return null;
  (splitter as LineSplitter | null)?.end();
  log.encoding = (splitter as LineSplitter | null)?.encoding ?? 'utf-8';
  log.truncated = result.truncated;
  log.errors = errors.slice(-MAX_ERROR_LINES);
  log.markers = markers.slice(-MAX_MARKER_LINES);
  return log;
}

// ---------------------------------------------------------------------------------------------------
// Reading an installation's Panther logs.

export interface PantherReadOptions {
  maxBytes?: number;
}

function describeRun(run: Run): string {
  return run.start ? `began ${run.start} (${run.startedBy})` : `(${run.startedBy})`;
}

export function readPantherLogs(vol: VolumeFs, windowsDir = 'Windows', opts: PantherReadOptions = {}): PantherFacts {
  const maxBytes = opts.maxBytes ?? PANTHER_LOG_MAX;
  const evidence: Evidence[] = [];
  const logs: PantherFacts['logs'] = [];
  const failures: SysprepFailure[] = [];
  let history: SysprepFailure[] = [];

  const record = (log: ReadLog, detail: string) => {
    logs.push({ path: log.path, encoding: log.encoding, lines: log.lineCount });
    let text = log.truncated ? `${detail} (only the last ${maxBytes} bytes read)` : detail;
    if (log.errorCount > log.errors.length) text += `; only the last ${log.errors.length} of ${log.errorCount} Error lines decoded`;
    evidence.push({ source: 'file', path: log.path, detail: text });
  };

  // --- %WINDIR%\System32\Sysprep\Panther: the generalize runs (decide lastRunFailed) ---
  const sysprepDir = `${windowsDir}\\System32\\Sysprep\\Panther`;
  const act = readLog(vol, `${sysprepDir}\\setupact.log`, evidence, maxBytes);
  const err = readLog(vol, `${sysprepDir}\\setuperr.log`, evidence, maxBytes);
  let lastRunFailed: boolean | null = null;

  const primary = err ?? act; // setuperr.log holds the Error lines; setupact.log too when setuperr is gone
  if (act && act !== primary)
    record(act, `${act.lineCount} lines${act.lastRunStart ? `; last sysprep run began ${act.lastRunStart}` : ''}`);
  if (primary) {
    const runs = splitRuns(primary.errors, act?.markers ?? [], primary === act);
    const outcomes: RunOutcome[] = runs.map((r) => decodeRun(r, primary.path));
    const last = outcomes[outcomes.length - 1] ?? null;
    const earlier = outcomes.slice(0, -1);
    const undecided = undecidedWhy(primary, act?.lastRunStart ?? null);
    const lastErrors = last ? last.run.errors.length : 0;
    lastRunFailed = last?.failure ? true : undecided === null ? false : null;
    if (last?.failure) failures.push(last.failure);
    const failedEarlier = earlier.filter((o) => o.failure !== null);
    history = failedEarlier.slice(-MAX_HISTORY).map((o) => o.failure!);
    const cancelled = earlier.filter((o) => o.run.cancelled).length + (last?.run.cancelled ? 1 : 0);

    let detail = `${primary.lineCount} lines, ${primary.errorCount} Error line(s) in ${runs.length} Sysprep run(s)`;
    if (last) detail += `; the last run ${describeRun(last.run)}: ${lastErrors} Error line(s)`;
    if (last?.failure) detail += last.failure.fatal ? ', one stopped it' : ', none shows where it stopped';
    if (last && last.logged.length > 0) detail += `, ${last.logged.length} other error(s) logged and passed`;
    if (failedEarlier.length > 0)
      detail += `; ${failedEarlier.length} earlier run(s) with errors${failedEarlier.length > MAX_HISTORY ? `, the last ${MAX_HISTORY} kept as history` : ''}`;
    if (cancelled > 0) detail += `; ${cancelled} run(s) cancelled at the Sysprep dialog`;
    if (!last?.failure && undecided !== null) detail += `; whether the last run failed is unknown: ${undecided}`;
    record(primary, detail);
  } else {
    evidence.push({ source: 'file', path: vol.displayPath(`${sysprepDir}\\setuperr.log`), detail: 'not present (no Sysprep log)' });
  }

  // --- %WINDIR%\Panther: Setup/specialize logs, listed; only SYSPRP Error lines decoded ---
  const pAct = readLog(vol, `${windowsDir}\\Panther\\setupact.log`, evidence, maxBytes, isSysprepLine);
  const pErr = readLog(vol, `${windowsDir}\\Panther\\setuperr.log`, evidence, maxBytes, isSysprepLine);
  const pSource = pErr ?? pAct; // the same Error lines are in both files: decode one
  for (const log of [pAct, pErr]) {
    if (!log) continue;
    let detail = `${log.lineCount} lines`;
    if (log === pSource) {
      const runs = splitRuns(log.errors, [], true);
      const failure = runs.length > 0 ? decodeRun(runs[runs.length - 1], log.path).failure : null;
      if (failure) {
        failures.push(failure);
        detail += '; 1 SYSPRP failure decoded';
      }
    }
    record(log, detail);
  }

  return { logs, lastRunFailed, failures, history, evidence };
}

/**
 * Why a log without Error lines of the last run does not prove that run succeeded, or null when it does:
 * only a tail was read and it does not reach back to the run's start, or nothing in it is a log line.
 */
function undecidedWhy(log: ReadLog, since: string | null): string | null {
  if (log.contentLines > 0 && log.logLines === 0) return 'no line of it is a log line (NUL bytes or garbage)';
  if (!log.truncated) return null;
  if (log.firstTimestamp === null) return 'its last bytes hold no log line (NUL bytes or garbage)';
  if (since !== null && log.firstTimestamp <= since) return null;
  return since === null
    ? 'only its tail was read and no start of the last run was found, so an earlier Error line may belong to it'
    : `only its tail was read, which begins at ${log.firstTimestamp}, after the last run began (${since})`;
}
