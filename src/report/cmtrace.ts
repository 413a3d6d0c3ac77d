// CMTrace log lines, the format imaging technicians already read (Configuration Manager's log viewer):
//
//   <![LOG[message]LOG]!><time="HH:MM:SS.mmm+BBB" date="MM-DD-YYYY" component="preflight" context="" type="1" thread="N" file="">
//
// type 1 = information, 2 = warning, 3 = error. The time is local time followed by the time-zone *bias*
// in minutes with its sign: UTC = local time + bias (Windows' TIME_ZONE_INFORMATION.Bias), so UTC-5 is
// "+300" and UTC+1 is "-060" - exactly JavaScript's Date#getTimezoneOffset().
// Format checked against: the CMTrace Open wiki "Log Formats" (github.com/adamgell/cmtraceopen, "CCM
// (ConfigMgr Client)" example `time="14:30:00.000+000" date="03-23-2026" … type="1" thread="1234"`), and
// public Write-CMLogEntry PowerShell writers that negate TimeZoneInfo.GetUtcOffset() minutes for the bias
// (and others that use Win32_TimeZone.Bias directly).
import type { Severity, Verdict } from '../checks/types';
import type { Report, ReportFinding } from './model';
import { NOT_INSPECTED, imageLines, osLabel, verdictWord, volumeReasonLabel } from './labels';
import { sanitize, sanitizeDeep } from './layout';

export type CmtraceType = 1 | 2 | 3;

export interface CmtraceOptions {
  /** Minutes, UTC = local + bias. Default: this machine's bias at the report's time. */
  bias?: number;
  /** Thread attribute; default: this process id. */
  thread?: number;
  /** Component attribute; default "preflight". */
  component?: string;
}

const SEVERITY_TYPE: Record<Severity, CmtraceType> = { block: 3, warn: 2, info: 1 };
const VERDICT_TYPE: Record<Verdict, CmtraceType> = { blocked: 3, warnings: 2, ready: 1 };

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** The line's message must stay on one line, free of control characters, and not close LOG[…] early. */
function clean(message: string): string {
  return sanitize(message.replace(/\r?\n|\r/g, ' ')).replace(/\]LOG\]!>/g, ']LOG]!)');
}

/** Attribute values are double-quoted; quotes inside are replaced. */
function attr(value: string): string {
  return sanitize(value).replace(/"/g, "'");
}

export function cmtraceLine(message: string, type: CmtraceType, at: Date, o: Required<CmtraceOptions>): string {
  const local = new Date(at.getTime() - o.bias * 60_000);
  const time =
    `${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:${pad(local.getUTCSeconds())}.` +
    `${pad(local.getUTCMilliseconds(), 3)}${o.bias < 0 ? '-' : '+'}${pad(Math.abs(o.bias), 3)}`;
  const date = `${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())}-${local.getUTCFullYear()}`;
  return (
    `<![LOG[${clean(message)}]LOG]!><time="${time}" date="${date}" component="${attr(o.component)}" ` +
    `context="" type="${type}" thread="${o.thread}" file="">`
  );
}

/** "[D:\Windows] GEN001 BLOCK Not generalized. <message> Fix: <remedy>" */
function findingMessage(where: string, f: ReportFinding): string {
  return `[${where}] ${f.id} ${f.severity.toUpperCase()} ${f.title}. ${f.message} Fix: ${f.remedy}`;
}

/** One line for the overall verdict, one per installation/volume summary, one per finding. CRLF ends. */
export function renderCmtrace(untrusted: Report, options: CmtraceOptions = {}): string {
  // The log is read in CMTrace and, as often, with `type` on the console: no control characters.
  const report = sanitizeDeep(untrusted);
  const at = new Date(report.generatedAt);
  const o: Required<CmtraceOptions> = {
    bias: options.bias ?? at.getTimezoneOffset(),
    thread: options.thread ?? process.pid,
    component: options.component ?? 'preflight',
  };
  const line = (message: string, type: CmtraceType) => cmtraceLine(message, type, at, o);
  const s = report.summary;
  const lines = [
    line(
      `preflight ${report.tool.version}: verdict ${verdictWord(report.verdict)}; scanned ${report.scannedVolumes.join(', ') || '(none)'}; ` +
        `${s.installations} installation(s): ${s.verdicts.blocked} blocked, ${s.verdicts.warnings} with warnings, ` +
        `${s.verdicts.ready} ready`,
      VERDICT_TYPE[report.verdict],
    ),
  ];
  for (const i of report.installations) {
    lines.push(
      line(
        `[${i.id}] ${osLabel(i.os)}, ${i.generalization.state}, machine SID ${i.machineSid ?? 'unknown'}: ` +
          `${verdictWord(i.verdict)} (${i.findings.length} finding(s))`,
        VERDICT_TYPE[i.verdict],
      ),
    );
    for (const l of imageLines(i)) lines.push(line(`[${i.id}] ${l}`, 1));
    for (const f of i.findings) lines.push(line(findingMessage(i.id, f), SEVERITY_TYPE[f.severity]));
  }
  for (const v of report.unreadableVolumes) {
    lines.push(line(`[${v.volume}] ${volumeReasonLabel(v.reason)}: ${NOT_INSPECTED}`, VERDICT_TYPE[v.verdict]));
    for (const f of v.findings) lines.push(line(findingMessage(v.volume, f), SEVERITY_TYPE[f.severity]));
  }
  for (const f of report.findings) {
    const where = f.installations.length > 0 ? f.installations.join(', ') : 'all installations';
    lines.push(line(findingMessage(where, f), SEVERITY_TYPE[f.severity]));
  }
  for (const d of report.disks) {
    const where = d.source ?? 'no disk';
    lines.push(
      line(
        `[${where}] ${d.rows.length} partition(s), ${d.stores.length} boot store(s): ${verdictWord(d.verdict)}`,
        VERDICT_TYPE[d.verdict],
      ),
    );
    for (const f of d.findings) lines.push(line(findingMessage(where, f), SEVERITY_TYPE[f.severity]));
  }
  return `${lines.join('\r\n')}\r\n`;
}
