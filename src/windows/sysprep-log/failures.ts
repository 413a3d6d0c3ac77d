// Reading one Sysprep run: the error that stopped it, told from the errors it logged and went on past.
//
// A failed provider logs a cascade: its own line (the cause, when it says one), then
// "…Failure occurred while executing '<entry>' from <DLL>", then every caller up the stack repeats the
// code, ending in "RunExternalDlls/RunDlls: An error occurred while running registry sysprep DLLs, halting
// sysprep execution" and "WinMain:Hit failure while processing sysprep … providers" (Microsoft KB 2769827
// shows ten such lines for one AppX package). The incident holding the first of those last lines is the
// fatal one; incidents before it were logged and Sysprep went on. A run without such a line (a log cut
// short, a copy of a few lines) is judged by its last incident that is not a known logged-and-continued
// error, and says that the log does not show where Sysprep stopped.

import type { SysprepFailure, SysprepFailureCause } from '../facts';
import type { LogLine } from '../panther-logs';
import { KNOWN_CAUSES, LOGGED_AND_CONTINUED } from './causes';
import { type Code, describeCode, extractCodes } from './codes';
import { providerDoes, providerOf } from './providers';
import { FATAL, type Run } from './runs';
import { causeInWords } from './words';

/** Failure `line` text is capped so a garbage "line" cannot bloat the report. */
const LINE_CAP = 1000;
/** Lines of one incident looked at (a pathological run can hold thousands of Error lines). */
const INCIDENT_LINES_MAX = 200;

const APPX_PACKAGE_RE = /Package\s+(\S+?)\s+(?:was\s+|is\s+)?installed\s+for\s+a\s+user,?\s+but\s+not\s+provisioned\s+for\s+all\s+users/i;
/** Lines that only pass a return code up the stack. */
const PROPAGATION_RE =
  /ActionPlatform::ExecuteAction(?:List)?:|SysprepSession::(?:Execute|ExecuteInternal|ExecuteAction|Validate)\b|RunPlatformActions:|Run(?:External|Registry)?Dlls:\s*An error occurred|WinMain:\s*Hit failure|Exit code of \S+ thread|Failed to remove apps for the current user/i;

interface Decoded {
  line: LogLine;
  codes: Code[];
  provider: string | null;
  /** 3 = says the cause (a package, a key, a query), 2 = names the failing provider, 1 = only propagates. */
  specificity: number;
}

function decode(line: LogLine): Decoded {
  const m = line.message;
  const provider = providerOf(m);
  const propagation = PROPAGATION_RE.test(m);
  const dllLine = /Failure occurred while executing/i.test(m);
  const specificity = propagation ? 1 : dllLine ? 2 : 3;
  return { line, codes: extractCodes(m), provider, specificity };
}

/** Lines of one incident: the same second, or a shared error code. */
function incidents(lines: Decoded[]): Decoded[][] {
  const groups: Decoded[][] = [];
  let cur: Decoded[] = [];
  let families = new Set<number>();
  for (const d of lines) {
    const prev = cur[cur.length - 1];
    const sameSecond = prev !== undefined && prev.line.timestamp !== null && prev.line.timestamp === d.line.timestamp;
    const untimedCascade = prev !== undefined && prev.line.timestamp === null && d.line.timestamp === null;
    const sharesCode = d.codes.some((c) => families.has(c.family));
    if (cur.length > 0 && (sameSecond || sharesCode || untimedCascade) && cur.length < INCIDENT_LINES_MAX) {
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

function causeOf(incident: Decoded[]): SysprepFailureCause {
  for (const cause of KNOWN_CAUSES) if (incident.some((d) => cause.test.test(d.line.message))) return cause.id;
  return 'unknown';
}

/**
 * The line that says most: the cause's own line, else the failing DLL's; for an unknown cause the first
 * most specific line naming a provider (so that line, provider and code belong together).
 */
function rootOf(incident: Decoded[], cause: SysprepFailureCause): Decoded {
  const known = KNOWN_CAUSES.find((c) => c.id === cause);
  const naming = known ? incident.filter((d) => known.test.test(d.line.message) && d.specificity >= 2) : [];
  const withProvider = incident.filter((d) => d.provider !== null);
  const pool = naming.length > 0 ? naming : known === undefined && withProvider.length > 0 ? withProvider : incident;
  return pool.reduce((a, b) => (b.specificity > a.specificity ? b : a));
}

/**
 * The most telling code: the root line's own, then a non-propagating line's, then any (HRESULT first); a
 * Win32 code is given as the HRESULT the cascade prints for it (0x3cf2 → 0x80073cf2), when it does.
 */
function codeOf(root: Decoded, incident: Decoded[]): Code | null {
  const all = incident.flatMap((d) => d.codes);
  const own = root.codes[0] ?? incident.find((d) => d.specificity >= 2 && d.codes.length > 0)?.codes[0];
  const code = own ?? all.find((c) => c.value > 0xffff) ?? all[0] ?? null;
  if (code === null || code.value > 0xffff) return code;
  return all.find((c) => c.value > 0xffff && c.family === code.family) ?? code;
}

function cap(s: string): string {
  return s.length > LINE_CAP ? s.slice(0, LINE_CAP) + '…' : s;
}

function toFailure(incident: Decoded[], fatal: boolean, run: Run, file: string): SysprepFailure {
  const cause = causeOf(incident);
  const root = rootOf(incident, cause);
  const code = codeOf(root, incident);
  const named = code ? describeCode(code) : null;
  const provider =
    incident.find((d) => d.specificity === 2 && d.provider)?.provider ??
    root.provider ??
    incident.find((d) => d.provider)?.provider ??
    null;
  const pkg = incident.map((d) => APPX_PACKAGE_RE.exec(d.line.message)).find((m) => m !== null);
  const failure: SysprepFailure = {
    cause,
    summary: '',
    package: pkg ? pkg[1].replace(/[.,;]+$/, '') : null,
    dll: provider,
    provider: provider ? providerDoes(provider) : null,
    code: named?.hex ?? null,
    codeName: named?.name ?? null,
    codeMeaning: named?.meaning ?? null,
    fatal,
    runStart: run.startedBy === 'banner' || run.startedBy === 'command line' ? run.start : null,
    line: cap(root.line.raw),
    file,
    lineNumber: root.line.lineNumber,
  };
  failure.summary = causeInWords(failure);
  return failure;
}

export interface RunOutcome {
  run: Run;
  /** The error that stopped the run (fatal), or the run's last telling error when the log shows no stop. */
  failure: SysprepFailure | null;
  /** Other errors of the run, logged while Sysprep went on. */
  logged: SysprepFailure[];
}

/** Decodes one run; a run without Error lines, or cancelled at its dialog, has no failure. */
export function decodeRun(run: Run, file: string): RunOutcome {
  const errors = run.errors.filter((l) => !/The sysprep dialog box returned FALSE/i.test(l.message));
  if (run.cancelled || errors.length === 0) return { run, failure: null, logged: [] };
  const groups = incidents(errors.map(decode));
  let fatalAt = groups.findIndex((g) => g.some((d) => FATAL.test(d.line.message)));
  const fatal = fatalAt >= 0;
  if (!fatal) {
    fatalAt = groups.length - 1;
    for (let i = groups.length - 1; i >= 0; i--) {
      if (!groups[i].every((d) => LOGGED_AND_CONTINUED.test(d.line.message))) {
        fatalAt = i;
        break;
      }
    }
  }
  const failure = toFailure(groups[fatalAt], fatal, run, file);
  if (failure.cause === 'appx-not-provisioned') {
    // Sysprep names every unprovisioned package before it fails: the finding names them all (bounded).
    const others = new Set<string>();
    for (const l of errors) {
      const m = APPX_PACKAGE_RE.exec(l.message);
      const pkg = m ? m[1].replace(/[.,;]+$/, '') : null;
      if (pkg !== null && pkg !== failure.package) others.add(pkg);
    }
    if (others.size > 0) failure.summary = causeInWords(failure, [...others]);
  }
  const logged = groups.filter((_, i) => i !== fatalAt).map((g) => toFailure(g, false, run, file));
  return { run, failure, logged };
}
