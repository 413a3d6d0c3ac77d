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
import { VolumeFs, errText } from './paths';
import { decodeText, splitLines, type TextEncoding } from './text-decode';

/** Logs can grow to many MB; only the tail is read beyond this (the last run is at the end). */
export const PANTHER_LOG_MAX = 32 * 1024 * 1024;
/** Failure `line` text is capped so a garbage "line" cannot bloat the report. */
const LINE_CAP = 1000;

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

function pickCode(primary: Decoded, group: Decoded[], ...prefer: ((c: Code) => boolean)[]): string | null {
  const all = [primary, ...group].flatMap((d) => d.codes);
  for (const want of prefer) {
    const p = all.find(want);
    if (p) return p.printed;
  }
  return primary.codes[0]?.printed ?? all.find((c) => c.hresult)?.printed ?? all[0]?.printed ?? null;
}

function toFailure(primary: Decoded, cause: SysprepFailureCause, group: Decoded[], file: string, pkg: string | null): SysprepFailure {
  const dll = primary.dll ?? group.find((d) => d.dll)?.dll ?? null;
  let code: string | null;
  if (cause === 'appx-not-provisioned') code = pickCode(primary, group, (c) => c.family === 0x3cf2 && c.hresult, (c) => c.family === 0x3cf2);
  else if (cause === 'rearm-limit') code = pickCode(primary, group, (c) => c.family === 0xc004d307 && c.printed.startsWith('0x'));
  else if (cause === 'bitlocker') code = pickCode(primary, group, (c) => c.family === 0x80310039);
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
function incidentFailures(group: Decoded[], file: string): SysprepFailure[] {
  const out: SysprepFailure[] = [];
  const packages = new Map<string, Decoded>();
  for (const d of group) if (d.cause === 'appx-not-provisioned' && d.package && !packages.has(d.package.toLowerCase())) packages.set(d.package.toLowerCase(), d);
  for (const d of packages.values()) out.push(toFailure(d, 'appx-not-provisioned', group, file, d.package));

  const specificCauses = new Set<SysprepFailureCause>();
  for (const d of group) if (d.specificity === 4 && d.cause !== 'appx-not-provisioned') specificCauses.add(d.cause);
  for (const cause of [...specificCauses].sort((a, b) => CAUSE_RANK[a] - CAUSE_RANK[b])) {
    out.push(toFailure(best(group.filter((d) => d.cause === cause)), cause, group, file, null));
  }
  if (out.length > 0) return out;

  // No line names the cause: the highest-ranked cause any line shows, evidenced by its most specific line.
  const cause = group.map((d) => d.cause).sort((a, b) => CAUSE_RANK[a] - CAUSE_RANK[b])[0];
  return [toFailure(best(group.filter((d) => d.cause === cause)), cause, group, file, null)];
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
  let failures = groupIncidents(decoded).flatMap((g) => incidentFailures(g, file));
  // An AppX cascade split across two seconds leaves a package-less AppX failure next to the named ones:
  // fold it into them (its DLL and code fill the gaps) instead of reporting it twice.
  const named = failures.filter((f) => f.cause === 'appx-not-provisioned' && f.package);
  if (named.length > 0) {
    for (const anon of failures.filter((f) => f.cause === 'appx-not-provisioned' && !f.package)) {
      for (const f of named) {
        f.dll ??= anon.dll;
        f.code ??= anon.code;
      }
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
  lines: LogLine[];
  truncated: boolean;
}

function readLog(vol: VolumeFs, rel: string, evidence: Evidence[], maxBytes: number): ReadLog | null {
  const shown = vol.displayPath(rel);
  let tail: { data: Buffer; size: number; truncated: boolean } | null;
  try {
    tail = vol.readTail(rel, maxBytes);
  } catch (e) {
    evidence.push({ source: 'file', path: shown, detail: `unreadable: ${errText(e)}` });
    return null;
  }
  if (tail === null) return null;
  let data = tail.data;
  // A tail cut in the middle of a UTF-16 unit would shift every character: realign on an even offset.
  if (tail.truncated && (tail.size - data.length) % 2 === 1) data = data.subarray(1);
  const decoded = decodeText(data);
  let text = decoded.text;
  if (tail.truncated) text = text.replace(/^[^\r\n]*(\r\n|\n|\r)/, ''); // drop the partial first line
  return { path: shown, encoding: decoded.encoding, lines: parsePantherLog(text), truncated: tail.truncated };
}

export interface PantherReadOptions {
  maxBytes?: number;
}

export function readPantherLogs(vol: VolumeFs, windowsDir = 'Windows', opts: PantherReadOptions = {}): PantherFacts {
  const maxBytes = opts.maxBytes ?? PANTHER_LOG_MAX;
  const evidence: Evidence[] = [];
  const logs: PantherFacts['logs'] = [];
  const failures: SysprepFailure[] = [];

  const record = (log: ReadLog, detail: string) => {
    logs.push({ path: log.path, encoding: log.encoding, lines: log.lines.length });
    evidence.push({ source: 'file', path: log.path, detail: log.truncated ? `${detail} (only the last ${maxBytes} bytes read)` : detail });
  };

  // --- %WINDIR%\System32\Sysprep\Panther: the generalize run (decides lastRunFailed) ---
  const sysprepDir = `${windowsDir}\\System32\\Sysprep\\Panther`;
  const act = readLog(vol, `${sysprepDir}\\setupact.log`, evidence, maxBytes);
  const err = readLog(vol, `${sysprepDir}\\setuperr.log`, evidence, maxBytes);
  const since = act ? lastRunStart(act.lines) : null;
  let lastRunFailed: boolean | null = null;

  const primary = err ?? act; // setuperr.log holds the Error lines; setupact.log too when setuperr is gone
  if (act && act !== primary) record(act, `${act.lines.length} lines${since ? `; last sysprep run began ${since}` : ''}`);
  if (primary) {
    const errorLines = primary.lines.filter(isError);
    const current = errorLines.filter((l) => inScope(l, { since }));
    const earlier = errorLines.length - current.length;
    lastRunFailed = current.length > 0;
    const found = decodeFailures(primary.lines, primary.path, { since });
    failures.push(...found);
    let detail = `${primary.lines.length} lines, ${current.length} Error line(s)`;
    if (since) detail += ` since the last sysprep run began ${since}`;
    if (earlier > 0) detail += `; ${earlier} Error line(s) of earlier runs not counted`;
    if (found.length > 0) detail += `; ${found.length} failure(s) decoded`;
    record(primary, detail);
  } else {
    evidence.push({ source: 'file', path: vol.displayPath(`${sysprepDir}\\setuperr.log`), detail: 'not present (no Sysprep log)' });
  }

  // --- %WINDIR%\Panther: Setup/specialize logs, listed; only SYSPRP Error lines decoded ---
  const pAct = readLog(vol, `${windowsDir}\\Panther\\setupact.log`, evidence, maxBytes);
  const pErr = readLog(vol, `${windowsDir}\\Panther\\setuperr.log`, evidence, maxBytes);
  const pSource = pErr ?? pAct; // the same Error lines are in both files: decode one
  for (const log of [pAct, pErr]) {
    if (!log) continue;
    const found = log === pSource ? decodeFailures(log.lines, log.path, { sysprepOnly: true }) : [];
    failures.push(...found);
    record(log, `${log.lines.length} lines${found.length > 0 ? `; ${found.length} SYSPRP failure(s) decoded` : ''}`);
  }

  return { logs, lastRunFailed, failures, evidence };
}
