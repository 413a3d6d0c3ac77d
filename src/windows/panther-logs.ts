// Sysprep's own account of its last run: the Panther logs.
//
// Generalize actions are logged to %WINDIR%\System32\Sysprep\Panther (setupact.log = everything,
// setuperr.log = warnings and errors); specialize/Setup to %WINDIR%\Panther (domain.md §1.5). Line shape
// (domain.md §2.2, §3.1, §6.1):
//   2023-07-20 10:12:30, Error      [0x0f0082] SYSPRP LaunchDll:Failure occurred while executing '…'
//   <timestamp>, <level> [<message id>] <component> <message>
//
// A failed sysprep logs a *cascade*: one specific line and then every caller up the stack repeats the
// return code (KB 2769827 lists ten lines with 0x3cf2/0x80073cf2 for one AppX package). We decode every
// Error line, group the lines of one incident (same second, or sharing an error code), and report one
// failure per specific cause (one per AppX package), keeping the most specific line as evidence.
//
// setuperr.log can hold several runs. When setupact.log marks where the last run began
// ("=== Beginning of a new sysprep run ==="), only Error lines from that time on count for the last run
// (lines of earlier runs are named in the evidence, not decoded). Without the marker the whole file counts.

import type { Evidence, PantherFacts, SysprepFailure, SysprepFailureCause } from './facts';
import { VolumeFs, errText } from './volume-fs';
import { LineSplitter, splitLines, type TextEncoding } from './text-decode';

/** Logs can grow to many MB; only the tail is read beyond this (the last run is at the end). */
export const PANTHER_LOG_MAX = 32 * 1024 * 1024;
/** Failure `line` text is capped so a garbage "line" cannot bloat the report. */
const LINE_CAP = 1000;
/** Logs are read in pieces of this size: memory stays bounded whatever the size of the file. */
const CHUNK_BYTES = 1024 * 1024;
/** Error lines kept per log (the last ones: the last run is at the end); the others are only counted. */
export const MAX_ERROR_LINES = 5000;
/** Failures reported per log; a log of thousands of distinct failures is summarised by a count. */
export const MAX_FAILURES = 100;

export interface LogLine {
  /** 1-based line number in the decoded text. */
  lineNumber: number;
  /** "YYYY-MM-DD HH:MM:SS" or null when the line does not start with one. */
  timestamp: string | null;
  /** Info, Warning, Error, … as printed, or null for continuation lines. */
  level: string | null;
  /** e.g. "0x0f0082" from "[0x0f0082]". */
  messageId: string | null;
  /** e.g. "SYSPRP", when the message starts with an upper-case component tag. */
  component: string | null;
  /** The text after level, message id and component. */
  message: string;
  /** The whole line, trimmed. */
  raw: string;
}

const LINE_RE = /^(\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}),\s*(Info|Warning|Error|Fatal Error|Perf|Trace|Debug)\b\s*(?:\[(0x[0-9a-fA-F]+)\])?\s*(.*)$/i;
const COMPONENT_RE = /^([A-Z][A-Z0-9]{1,7})\s+(.*)$/;

export function parseLogLine(raw: string, lineNumber: number): LogLine {
  const trimmed = raw.replace(/\u0000/g, '').trim();
  const m = LINE_RE.exec(trimmed);
  if (!m) return { lineNumber, timestamp: null, level: null, messageId: null, component: null, message: trimmed, raw: trimmed };
  let rest = m[4].trim();
  let component: string | null = null;
  const c = COMPONENT_RE.exec(rest);
  if (c) {
    component = c[1];
    rest = c[2].trim();
  }
  return { lineNumber, timestamp: m[1], level: m[2], messageId: m[3] ? m[3].toLowerCase() : null, component, message: rest, raw: trimmed };
}

export function parsePantherLog(text: string): LogLine[] {
  return splitLines(text).map((l, i) => parseLogLine(l, i + 1));
}

const isError = (l: LogLine) => l.level !== null && /error/i.test(l.level);

// ---------------------------------------------------------------------------------------------------
// Error codes. "dwRet = 0x3cf2", "hr = 0x80073cf2", "returned error code -1073425657", "dwRet = 31".
// HRESULT_FROM_WIN32 (0x8007xxxx) and the bare Win32 code are the same family; [gle=0x…] is noise.

interface Code {
  printed: string;
  family: number;
  hresult: boolean;
}

function codeFamily(v: number): number {
  const u = v >>> 0;
  return (u & 0xffff0000) >>> 0 === 0x80070000 ? u & 0xffff : u;
}

export function extractCodes(message: string): Code[] {
  const text = message.replace(/\[gle=0x[0-9a-f]+\]/gi, ' ').replace(/status\s*=\s*\[0x0+\]/gi, ' ');
  const out: Code[] = [];
  const seen = new Set<string>();
  const push = (printed: string, value: number) => {
    if (!Number.isFinite(value) || value === 0) return;
    const key = printed.toLowerCase();
    if (seen.has(key)) return;
    seen.add(key);
    const u = value >>> 0;
    out.push({ printed, family: codeFamily(value), hresult: (u & 0x80000000) !== 0 });
  };
  for (const m of text.matchAll(/\b0x([0-9a-f]{1,8})\b/gi)) push(m[0], parseInt(m[1], 16));
  for (const m of text.matchAll(/\b(?:dwRet|hr|error code|status)\s*[=:]?\s*(-?\d{1,11})\b/gi)) push(m[1], Number(m[1]));
  return out;
}

// ---------------------------------------------------------------------------------------------------
// Line classification (domain.md §2.2 rearm, §3.1 AppX, §1.4 invalid state, §6.3 BitLocker, §6.1 pending).

const APPX_PACKAGE_RE = /Package\s+(\S+?)\s+(?:was|is)\s+installed\s+for\s+a\s+user,?\s+but\s+not\s+provisioned\s+for\s+all\s+users/i;
const APPX_TEXT_RE = /installed\s+for\s+a\s+user,?\s+but\s+not\s+provisioned\s+for\s+all\s+users/i;
const APPX_CODE_RE = /0x80073cf2|\b0x0*3cf2\b|\b15602\b/i;
const REARM_RE = /SLReArmWindows|0xc004d307|-1073425657/i;
const REARM_SPECIFIC_RE = /SLReArmWindows|rearm/i;
const INVALID_STATE_RE = /either the machine is in an invalid state|couldn'?t update the recorded state/i;
const BITLOCKER_RE = /BitLocker|0x80310039|-2144272327/i;
const BITLOCKER_SPECIFIC_RE = /BitLocker/i;
const PENDING_RE = /File operations pending|Failed to query pending CBS operations|Audit mode can(?:'|no)?t be turned on|reserved storage|pending (?:CBS )?operations/i;
const VALIDATION_SPECIFIC_RE = /Sysprep was not able to validate/i;
const VALIDATION_RE = /SysprepGeneralizeValidate|Sysprep was not able to validate|SysprepSession::Validate\b|Error in validating actions|pre-?valid(?:at)?ing/i;
const DLL_FAILURE_RE = /Failure occurred while executing\s+'([^']*)'(?:\s+from\s+(?:DLL\s+)?'?([^';\s]+)'?)?/i;
/** Lines that only pass a return code up the stack. */
const PROPAGATION_RE =
  /ActionPlatform::ExecuteAction(?:List)?:|SysprepSession::(?:Execute|ExecuteInternal|ExecuteAction|Validate)\b|RunPlatformActions:|Run(?:External|Registry)?Dlls:\s*An error occurred|WinMain:\s*Hit failure|Exit code of \S+ thread|Failed to remove apps for the current user/i;

/** Order in which causes win when one incident shows several (most telling first). */
const CAUSE_RANK: Record<SysprepFailureCause, number> = {
  'appx-not-provisioned': 0,
  'rearm-limit': 1,
  'invalid-state': 2,
  bitlocker: 3,
  'pending-operations': 4,
  'validation-failed': 5,
  'dll-failure': 6,
  other: 7,
};

const SUMMARY: Record<SysprepFailureCause, string> = {
  'appx-not-provisioned':
    'An AppX (Store) package is installed for a user but not provisioned for all users; Sysprep /generalize refuses (0x80073cf2, KB 2769827).',
  'rearm-limit': 'The Windows licensing rearm limit was reached (slc.dll SLReArmWindows, 0xc004d307); the image must be rebuilt or SkipRearm used.',
  'invalid-state':
    "Sysprep refused to run: the machine is in an invalid state or the recorded state could not be updated ([0x0f0073]); Microsoft's resolution is to re-create the image.",
  bitlocker:
    'Sysprep logged a BitLocker error (0x80310039); practitioners report that /generalize fails while BitLocker is on for the OS volume (not confirmed by Microsoft).',
  'pending-operations': 'Servicing operations are pending (CBS/file operations or reserved storage in use); reboot or finish servicing first.',
  'validation-failed': 'Sysprep was not able to validate the Windows installation (a provider failed its validation step).',
  'dll-failure': 'A Sysprep provider DLL failed.',
  other: 'Sysprep logged an error.',
};

interface Decoded {
  line: LogLine;
  cause: SysprepFailureCause;
  /** 4 = names the cause, 3 = names a DLL, 2 = other own message, 1 = only propagates a code. */
  specificity: number;
  package: string | null;
  dll: string | null;
  codes: Code[];
}

function basenameWin(p: string): string {
  const parts = p.trim().split(/[\\/]/);
  return parts[parts.length - 1] ?? p;
}

/** "AppxSysprep.dll, SysprepGeneralize" from the two LaunchDll/LaunchModule spellings. */
export function parseDllFailure(message: string): string | null {
  const m = DLL_FAILURE_RE.exec(message);
  if (!m) return null;
  let quoted = m[1].trim();
  let from = m[2]?.trim() ?? null;
  // 'ValidateBitLockerState from C:\…\BdeSysprep.dll' (the from-clause inside the quotes)
  const inner = /^(.*?)\s+from\s+(?:DLL\s+)?(.+)$/i.exec(quoted);
  if (!from && inner) {
    quoted = inner[1].trim();
    from = inner[2].trim();
  }
  if (from) return `${basenameWin(from.replace(/['";.]+$/, ''))}, ${quoted}`;
  // LaunchDll: 'C:\Windows\System32\slc.dll, SLReArmWindows'
  const comma = quoted.lastIndexOf(',');
  if (comma > 0) return `${basenameWin(quoted.slice(0, comma))}, ${quoted.slice(comma + 1).trim()}`;
  return quoted === '' ? null : quoted;
}

export function classifyLine(line: LogLine): Decoded {
  const msg = line.message;
  const full = line.raw;
  const codes = extractCodes(msg);
  const dll = parseDllFailure(msg);
  const propagation = PROPAGATION_RE.test(msg);
  const base = { line, codes, dll, package: null as string | null };
  const pkg = APPX_PACKAGE_RE.exec(msg);
  if (pkg || APPX_TEXT_RE.test(msg)) return { ...base, cause: 'appx-not-provisioned', specificity: 4, package: pkg ? pkg[1].replace(/[.,;]+$/, '') : null };
  if (REARM_RE.test(msg)) return { ...base, cause: 'rearm-limit', specificity: REARM_SPECIFIC_RE.test(msg) ? 4 : 1 };
  if (line.messageId === '0x0f0073' || INVALID_STATE_RE.test(msg) || /\[0x0f0073\]/i.test(full)) return { ...base, cause: 'invalid-state', specificity: 4 };
  if (BITLOCKER_RE.test(msg)) return { ...base, cause: 'bitlocker', specificity: BITLOCKER_SPECIFIC_RE.test(msg) && !dll ? 4 : dll ? 3 : 1 };
  if (PENDING_RE.test(msg)) return { ...base, cause: 'pending-operations', specificity: 4 };
  if (APPX_CODE_RE.test(msg)) return { ...base, cause: 'appx-not-provisioned', specificity: dll ? 3 : propagation ? 1 : 2 };
  if (VALIDATION_RE.test(msg)) return { ...base, cause: 'validation-failed', specificity: VALIDATION_SPECIFIC_RE.test(msg) ? 4 : dll ? 3 : 1 };
  if (dll) return { ...base, cause: 'dll-failure', specificity: 3 };
  return { ...base, cause: 'other', specificity: propagation ? 1 : 2 };
}

// ---------------------------------------------------------------------------------------------------
// Grouping a cascade into incidents and incidents into failures.

function groupIncidents(decoded: Decoded[]): Decoded[][] {
  const groups: Decoded[][] = [];
  let cur: Decoded[] = [];
  let families = new Set<number>();
  for (const d of decoded) {
    const prev = cur[cur.length - 1];
    const sameSecond = prev !== undefined && prev.line.timestamp !== null && prev.line.timestamp === d.line.timestamp;
    const sharesCode = d.codes.some((c) => families.has(c.family));
    if (cur.length > 0 && (sameSecond || sharesCode)) {
      cur.push(d);
    } else {
      if (cur.length > 0) groups.push(cur);
      cur = [d];
      families = new Set();
    }
    for (const c of d.codes) families.add(c.family);
  }
  if (cur.length > 0) groups.push(cur);
  return groups;
}

/** What toFailure needs of the whole incident, computed once (an incident can hold thousands of lines). */
interface Incident {
  lines: Decoded[];
  codes: Code[];
  dll: string | null;
  /** First code of the incident each preference matches, looked up once per incident. */
  firstMatch: Map<CodePreference, Code | null>;
}

type CodePreference = (c: Code) => boolean;
const APPX_HRESULT: CodePreference = (c) => c.family === 0x3cf2 && c.hresult;
const APPX_ANY: CodePreference = (c) => c.family === 0x3cf2;
const REARM_HEX: CodePreference = (c) => c.family === 0xc004d307 && c.printed.startsWith('0x');
const BITLOCKER_CODE: CodePreference = (c) => c.family === 0x80310039;
const ANY_HRESULT: CodePreference = (c) => c.hresult;
const ANY_CODE: CodePreference = () => true;

function incidentOf(lines: Decoded[]): Incident {
  return { lines, codes: lines.flatMap((d) => d.codes), dll: lines.find((d) => d.dll)?.dll ?? null, firstMatch: new Map() };
}

function firstIn(group: Incident, want: CodePreference): Code | null {
  if (!group.firstMatch.has(want)) group.firstMatch.set(want, group.codes.find(want) ?? null);
  return group.firstMatch.get(want) ?? null;
}

/** The primary line's codes first, then the incident's, by preference; linear in the incident once per preference. */
function pickCode(primary: Decoded, group: Incident, ...prefer: CodePreference[]): string | null {
  for (const want of prefer) {
    const p = primary.codes.find(want) ?? firstIn(group, want);
    if (p) return p.printed;
  }
  return primary.codes[0]?.printed ?? firstIn(group, ANY_HRESULT)?.printed ?? firstIn(group, ANY_CODE)?.printed ?? null;
}

function toFailure(primary: Decoded, cause: SysprepFailureCause, group: Incident, file: string, pkg: string | null): SysprepFailure {
  const dll = primary.dll ?? group.dll;
  let code: string | null;
  if (cause === 'appx-not-provisioned') code = pickCode(primary, group, APPX_HRESULT, APPX_ANY);
  else if (cause === 'rearm-limit') code = pickCode(primary, group, REARM_HEX);
  else if (cause === 'bitlocker') code = pickCode(primary, group, BITLOCKER_CODE);
  else code = pickCode(primary, group);
  let summary = SUMMARY[cause];
  if (cause === 'appx-not-provisioned' && pkg) summary = `AppX package ${pkg} is installed for a user but not provisioned for all users; Sysprep /generalize refuses (0x80073cf2, KB 2769827).`;
  if ((cause === 'dll-failure' || cause === 'other') && dll) summary = `Sysprep provider ${dll} failed.`;
  return {
    cause,
    summary,
    package: pkg,
    dll,
    code,
    line: primary.line.raw.length > LINE_CAP ? primary.line.raw.slice(0, LINE_CAP) + '…' : primary.line.raw,
    file,
    lineNumber: primary.line.lineNumber,
  };
}

function best(ds: Decoded[]): Decoded {
  return ds.reduce((a, b) => (b.specificity > a.specificity ? b : a));
}

/** One incident → failures: one per AppX package, one per other specific cause, else one for the best line. */
function incidentFailures(lines: Decoded[], file: string): SysprepFailure[] {
  const group = incidentOf(lines);
  const out: SysprepFailure[] = [];
  const packages = new Map<string, Decoded>();
  for (const d of lines) if (d.cause === 'appx-not-provisioned' && d.package && !packages.has(d.package.toLowerCase())) packages.set(d.package.toLowerCase(), d);
  for (const d of packages.values()) out.push(toFailure(d, 'appx-not-provisioned', group, file, d.package));

  const specificCauses = new Set<SysprepFailureCause>();
  for (const d of lines) if (d.specificity === 4 && d.cause !== 'appx-not-provisioned') specificCauses.add(d.cause);
  for (const cause of [...specificCauses].sort((a, b) => CAUSE_RANK[a] - CAUSE_RANK[b])) {
    out.push(toFailure(best(lines.filter((d) => d.cause === cause)), cause, group, file, null));
  }
  if (out.length > 0) return out;

  // No line names the cause: the highest-ranked cause any line shows, evidenced by its most specific line.
  const cause = lines.map((d) => d.cause).reduce((a, b) => (CAUSE_RANK[b] < CAUSE_RANK[a] ? b : a));
  return [toFailure(best(lines.filter((d) => d.cause === cause)), cause, group, file, null)];
}

export interface DecodeOptions {
  /** Only lines whose component is SYSPRP (for %WINDIR%\Panther, which is mostly Setup's log). */
  sysprepOnly?: boolean;
  /** Ignore lines stamped before this time ("YYYY-MM-DD HH:MM:SS"). */
  since?: string | null;
}

/** Error lines of one log → deduplicated failures. `file` is the volume-relative path for evidence. */
export function decodeFailures(lines: LogLine[], file: string, opts: DecodeOptions = {}): SysprepFailure[] {
  const errors = lines.filter((l) => isError(l) && inScope(l, opts));
  const decoded = errors.map(classifyLine);
  let failures: SysprepFailure[] = [];
  for (const g of groupIncidents(decoded)) for (const f of incidentFailures(g, file)) failures.push(f);
  // An AppX cascade split across two seconds leaves a package-less AppX failure next to the named ones:
  // fold it into them (its DLL and code fill the gaps) instead of reporting it twice.
  const named = failures.filter((f) => f.cause === 'appx-not-provisioned' && f.package);
  if (named.length > 0) {
    const anon = failures.filter((f) => f.cause === 'appx-not-provisioned' && !f.package);
    const dll = anon.find((a) => a.dll !== null)?.dll ?? null;
    const code = anon.find((a) => a.code !== null)?.code ?? null;
    for (const f of named) {
      f.dll ??= dll;
      f.code ??= code;
    }
    failures = failures.filter((f) => f.cause !== 'appx-not-provisioned' || f.package);
  }
  // The same package can fail in validate and in generalize of one run: keep the first.
  const seen = new Set<string>();
  return failures.filter((f) => {
    const key = f.package ? `pkg:${f.package.toLowerCase()}` : `${f.cause}|${f.dll ?? ''}|${f.line.replace(/^\S+ \S+,\s*/, '')}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function inScope(l: LogLine, opts: DecodeOptions): boolean {
  if (opts.sysprepOnly && !(l.component === 'SYSPRP' || /\bSYSPRP\b/.test(l.raw))) return false;
  if (opts.since && l.timestamp !== null && l.timestamp < opts.since) return false;
  return true;
}

/** Timestamp of the last "Beginning of a new sysprep run" banner in a setupact.log, or null. */
export function lastRunStart(lines: LogLine[]): string | null {
  let t: string | null = null;
  for (const l of lines) if (l.timestamp && /Beginning of a new sysprep run/i.test(l.message)) t = l.timestamp;
  return t;
}

// ---------------------------------------------------------------------------------------------------
// Reading the files.

interface ReadLog {
  path: string;
  encoding: TextEncoding;
  /** Lines read (of the tail when truncated). */
  lineCount: number;
  /** The last MAX_ERROR_LINES Error lines the `keep` filter let through, in order. */
  errors: LogLine[];
  /** Every Error line the filter let through, kept or not. */
  errorCount: number;
  /** Timestamp of the last "Beginning of a new sysprep run" banner read, or null. */
  lastRunStart: string | null;
  /** Timestamp of the first stamped line read, or null when no line carried one (all NULs, garbage). */
  firstTimestamp: string | null;
  /** Lines with something besides white space (NULs count: a NUL-filled log is not an empty one). */
  contentLines: number;
  truncated: boolean;
}

/**
 * Streams the last `maxBytes` of a log in CHUNK_BYTES pieces: memory holds one piece, one line and the
 * last MAX_ERROR_LINES Error lines, whatever the file's size.
 */
function readLog(vol: VolumeFs, rel: string, evidence: Evidence[], maxBytes: number, keep: (l: LogLine) => boolean = () => true): ReadLog | null {
  const shown = vol.displayPath(rel);
  const log: ReadLog = { path: shown, encoding: 'utf-8', lineCount: 0, errors: [], errorCount: 0, lastRunStart: null, firstTimestamp: null, contentLines: 0, truncated: false };
  let splitter: LineSplitter | null = null;
  let dropFirst = false;
  let ring: LogLine[] = [];
  const onLine = (raw: string) => {
    if (dropFirst) {
      dropFirst = false; // the partial first line of a tail
      return;
    }
    const l = parseLogLine(raw, ++log.lineCount);
    if (raw.trim() !== '') log.contentLines++;
    if (l.timestamp === null) return;
    log.firstTimestamp ??= l.timestamp;
    if (/Beginning of a new sysprep run/i.test(l.message)) log.lastRunStart = l.timestamp;
    if (!isError(l) || !keep(l)) return;
    log.errorCount++;
    ring.push(l);
    if (ring.length >= 2 * MAX_ERROR_LINES) ring = ring.slice(-MAX_ERROR_LINES);
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
  log.errors = ring.slice(-MAX_ERROR_LINES);
  return log;
}

export interface PantherReadOptions {
  maxBytes?: number;
}

const SYSPREP_ONLY = (l: LogLine) => inScope(l, { sysprepOnly: true });

export function readPantherLogs(vol: VolumeFs, windowsDir = 'Windows', opts: PantherReadOptions = {}): PantherFacts {
  const maxBytes = opts.maxBytes ?? PANTHER_LOG_MAX;
  const evidence: Evidence[] = [];
  const logs: PantherFacts['logs'] = [];
  const failures: SysprepFailure[] = [];

  const record = (log: ReadLog, detail: string) => {
    logs.push({ path: log.path, encoding: log.encoding, lines: log.lineCount });
    let text = log.truncated ? `${detail} (only the last ${maxBytes} bytes read)` : detail;
    if (log.errorCount > log.errors.length) text += `; only the last ${log.errors.length} of ${log.errorCount} Error lines decoded`;
    evidence.push({ source: 'file', path: log.path, detail: text });
  };
  /** At most MAX_FAILURES failures of one log; the rest are counted in its evidence. */
  const keepFailures = (found: SysprepFailure[]): string => {
    for (const f of found.slice(0, MAX_FAILURES)) failures.push(f);
    return found.length > MAX_FAILURES ? `; ${found.length} failure(s) decoded, the first ${MAX_FAILURES} reported` : found.length > 0 ? `; ${found.length} failure(s) decoded` : '';
  };

  // --- %WINDIR%\System32\Sysprep\Panther: the generalize run (decides lastRunFailed) ---
  const sysprepDir = `${windowsDir}\\System32\\Sysprep\\Panther`;
  const act = readLog(vol, `${sysprepDir}\\setupact.log`, evidence, maxBytes);
  const err = readLog(vol, `${sysprepDir}\\setuperr.log`, evidence, maxBytes);
  const since = act ? act.lastRunStart : null;
  let lastRunFailed: boolean | null = null;

  const primary = err ?? act; // setuperr.log holds the Error lines; setupact.log too when setuperr is gone
  if (act && act !== primary) record(act, `${act.lineCount} lines${since ? `; last sysprep run began ${since}` : ''}`);
  if (primary) {
    const current = primary.errors.filter((l) => inScope(l, { since }));
    const earlier = primary.errors.length - current.length;
    const undecided = undecidedWhy(primary, since);
    lastRunFailed = current.length > 0 ? true : undecided === null ? false : null;
    const found = decodeFailures(current, primary.path);
    let detail = `${primary.lineCount} lines, ${current.length} Error line(s)`;
    if (since) detail += ` since the last sysprep run began ${since}`;
    if (earlier > 0) detail += `; ${earlier} Error line(s) of earlier runs not counted`;
    detail += keepFailures(found);
    if (current.length === 0 && undecided !== null) detail += `; whether the last run failed is unknown: ${undecided}`;
    record(primary, detail);
  } else {
    evidence.push({ source: 'file', path: vol.displayPath(`${sysprepDir}\\setuperr.log`), detail: 'not present (no Sysprep log)' });
  }

  // --- %WINDIR%\Panther: Setup/specialize logs, listed; only SYSPRP Error lines decoded ---
  const pAct = readLog(vol, `${windowsDir}\\Panther\\setupact.log`, evidence, maxBytes, SYSPREP_ONLY);
  const pErr = readLog(vol, `${windowsDir}\\Panther\\setuperr.log`, evidence, maxBytes, SYSPREP_ONLY);
  const pSource = pErr ?? pAct; // the same Error lines are in both files: decode one
  for (const log of [pAct, pErr]) {
    if (!log) continue;
    const found = log === pSource ? decodeFailures(log.errors, log.path, { sysprepOnly: true }) : [];
    const decoded = keepFailures(found);
    record(log, `${log.lineCount} lines${decoded.replace(/ failure\(s\) decoded/, ' SYSPRP failure(s) decoded')}`);
  }

  return { logs, lastRunFailed, failures, evidence };
}

/**
 * Why a log without Error lines of the last run does not prove that run succeeded, or null when it does:
 * only a tail was read and it does not reach back to the run's start, or nothing in it is a log line.
 */
function undecidedWhy(log: ReadLog, since: string | null): string | null {
  if (log.contentLines > 0 && log.firstTimestamp === null) return 'no line of it is a log line (NUL bytes or garbage)';
  if (!log.truncated) return null;
  if (log.firstTimestamp === null) return 'its last bytes hold no log line (NUL bytes or garbage)';
  if (since !== null && log.firstTimestamp <= since) return null;
  return since === null
    ? 'only its tail was read and no start of the last run was found, so an earlier Error line may belong to it'
    : `only its tail was read, which begins at ${log.firstTimestamp}, after the last run began (${since})`;
}
