// The report for a person at an 80-column WinPE console. ASCII only (the WinPE console font and code page
// may lack arrows and dashes); colour only when asked, so the plain text reads the same without it.
import { diskHeading, diskTableLines } from './disk-table';
import type { Severity, Verdict } from '../checks/types';
import { plural } from '../checks/english';
import { DEFAULT_WIDTH, block, hanging, painter, sanitizeDeep, wrapSegments, type Painter } from './layout';
import { NOT_INSPECTED, evidenceLine, imageLines, osLabel, stateLabel, verdictSentence, verdictWord, volumeReasonLabel } from './labels';
import { allFindings, type Report, type ReportFinding, type ReportInstallation } from './model';

export interface TextOptions {
  /** ANSI colours (the CLI decides from isTTY and NO_COLOR). */
  color: boolean;
  /** Line width; default 79 (see layout.ts). */
  width?: number;
  /** Evidence items shown per finding (the JSON report has them all); default 4. */
  maxEvidence?: number;
}

const VERDICT_STYLE: Record<Verdict, 'green' | 'yellow' | 'red'> = {
  ready: 'green',
  warnings: 'yellow',
  blocked: 'red',
};
const TAG: Record<Severity, string> = { block: '[BLOCK]', warn: '[WARN]', info: '[INFO]' };
const TAG_STYLE: Record<Severity, 'red' | 'yellow' | 'cyan'> = { block: 'red', warn: 'yellow', info: 'cyan' };

/**
 * A finding's tag starts at column 2, its id and title at column 10; message, fix and evidence lines start
 * at column 4, which leaves room for most commands on one line.
 */
const TAG_INDENT = '  ';
const TITLE_COLUMN = TAG_INDENT.length + TAG.block.length + 1;
const BODY = '    ';
const EVIDENCE_LABEL = 'Evidence: ';

class Writer {
  readonly lines: string[] = [];
  readonly p: Painter;
  readonly width: number;
  readonly maxEvidence: number;

  constructor(o: TextOptions) {
    this.p = painter(o.color);
    this.width = o.width ?? DEFAULT_WIDTH;
    this.maxEvidence = o.maxEvidence ?? 4;
  }

  push(...lines: string[]): void {
    this.lines.push(...lines.map((l) => l.trimEnd()));
  }

  blank(): void {
    if (this.lines.length > 0 && this.lines[this.lines.length - 1] !== '') this.lines.push('');
  }

  /**
   * "C:\Windows  Windows 11 Pro …  generalized  -> READY"; the arrow and its word are never split. The word
   * is the verdict's unless given (unreadable volumes: NOT INSPECTED); the colour is the verdict's.
   */
  heading(segments: string[], verdict: Verdict, word = verdictWord(verdict)): void {
    const arrow = `-> ${word}`;
    const plain = wrapSegments(segments, this.width, 2);
    const lines = plain.map((l) => this.p(l, 'bold'));
    const paintedArrow = this.p(arrow, 'bold', VERDICT_STYLE[verdict]);
    if (plain[plain.length - 1].length + 2 + arrow.length <= this.width) lines[lines.length - 1] += `  ${paintedArrow}`;
    else lines.push(`  ${paintedArrow}`);
    this.push(...lines);
  }

  finding(f: ReportFinding): void {
    const width = this.width;
    const tag = TAG[f.severity];
    const prefix = `${TAG_INDENT}${tag.padEnd(TITLE_COLUMN - TAG_INDENT.length)}`;
    const paintedPrefix = `${TAG_INDENT}${this.p(tag, 'bold', TAG_STYLE[f.severity])}${' '.repeat(prefix.length - TAG_INDENT.length - tag.length)}`;
    this.push(
      ...hanging(`${f.id} ${f.title}`, {
        width,
        prefix,
        indent: TITLE_COLUMN,
        paintedPrefix,
        paint: (s) => this.p(s, 'bold'),
      }),
    );
    this.push(...block(f.message, { width, prefix: BODY }));
    this.push(
      ...block(
        f.remedy,
        {
          width,
          prefix: `${BODY}Fix: `,
          paintedPrefix: `${BODY}${this.p('Fix:', 'green')} `,
          paintCode: (s) => this.p(s, 'bold'),
        },
        f.commands,
      ),
    );
    const shown = f.evidence.slice(0, this.maxEvidence);
    shown.forEach((e, i) => {
      const label = i === 0 ? EVIDENCE_LABEL : ' '.repeat(EVIDENCE_LABEL.length);
      // Registry and file paths are shown, not typed: they break after a backslash to fit the console.
      this.push(...hanging(evidenceLine(e), { width, prefix: `${BODY}${label}`, breakAfter: '\\', paint: (s) => this.p(s, 'dim') }));
    });
    const more = f.evidence.length - shown.length;
    if (more > 0) this.push(`${BODY}${' '.repeat(EVIDENCE_LABEL.length)}... ${more} more in the JSON report`);
  }

  findings(list: ReportFinding[]): void {
    if (list.length === 0) this.push(`${TAG_INDENT}No findings.`);
    for (const f of list) this.finding(f);
  }
}

/** "computer DESKTOP-1  machine SID S-1-5-21-…": what tells clones apart, under the heading. */
function identityLines(i: ReportInstallation, width: number): string[] {
  const parts = [`computer ${i.os.computerName ?? 'unknown'}`, `machine SID ${i.machineSid ?? 'unknown'}`];
  // A SID is copied with its label: when both do not fit on one line, each part gets a line of its own.
  if (2 + parts.join(', ').length <= width) return ['  ' + parts.join(', ')];
  return parts.flatMap((p) => hanging(p, { width, prefix: '  ', indent: 4 }));
}

/** The closing counts, e.g. "2 installations: 1 blocked, 0 with warnings, 1 ready." */
export function summaryLines(report: Report): string[] {
  const s = report.summary;
  const volumes = s.unreadableVolumes > 0 ? `; ${plural(s.unreadableVolumes, 'unreadable volume')}` : '';
  return [
    `${plural(s.installations, 'installation')}: ${s.verdicts.blocked} blocked, ${s.verdicts.warnings} with ` +
      `warnings, ${s.verdicts.ready} ready${volumes}.`,
    `Findings: ${s.findings.block} block, ${s.findings.warn} warn, ${s.findings.info} info.`,
  ];
}

/**
 * Repeated findings collapsed by check id, first-seen order: "SYS001 Sysprep failed x5", or the ids alone
 * ("SYS001 x5") without `title`. ASCII "x": the WinPE console font may lack "×".
 */
export function collapsedFindings(findings: { id: string; title: string }[], title = true): string[] {
  const counts = new Map<string, { title: string; n: number }>();
  for (const f of findings) {
    const c = counts.get(f.id);
    if (c) c.n += 1;
    else counts.set(f.id, { title: f.title, n: 1 });
  }
  return [...counts].map(([id, c]) => `${id}${title ? ` ${c.title}` : ''}${c.n > 1 ? ` x${c.n}` : ''}`);
}

/**
 * "Blocked by: APX001 x2, GEN001, SYS001": the blocking findings of the whole report by check id (ASCII
 * "x" for the count: the WinPE console font may lack "×"), so the reason stays on a 25-row screen next to
 * the verdict. Null when nothing blocks.
 */
export function blockedByLine(report: Report): string | null {
  const blocking = allFindings(report)
    .filter((f) => f.severity === 'block')
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  if (blocking.length === 0) return null;
  return `Blocked by: ${collapsedFindings(blocking, false).join(', ')}`;
}

function installation(w: Writer, i: ReportInstallation): void {
  w.heading([i.id, osLabel(i.os), stateLabel(i.generalization.state)], i.verdict);
  w.push(...identityLines(i, w.width));
  for (const line of imageLines(i)) w.push(...hanging(line, { width: w.width, prefix: '  ' }));
  w.findings(i.findings);
}

/**
 * One installation as the text report shows it (heading, computer and SID, its findings with their fixes),
 * then the findings across installations that name it: what the guided run shows when one is opened.
 */
export function installationLines(untrusted: Report, index: number, options: TextOptions): string[] {
  const report = sanitizeDeep(untrusted);
  const i = report.installations[index];
  const w = new Writer(options);
  installation(w, i);
  const across = report.findings.filter((f) => f.installations.includes(i.id));
  if (across.length > 0) {
    w.blank();
    w.push(w.p('Across installations', 'bold'));
    w.findings(across);
  }
  return w.lines;
}

export function renderText(untrusted: Report, options: TextOptions): string {
  // Strings from hives and logs never reach the terminal with control characters in them.
  const report = sanitizeDeep(untrusted);
  const w = new Writer(options);
  const verdict = (prefix: string) =>
    hanging(verdictSentence(report.verdict), {
      width: w.width,
      prefix,
      paint: (s) => w.p(s, 'bold', VERDICT_STYLE[report.verdict]),
    });
  w.push(...verdict(`preflight ${report.tool.version}: `));
  w.push(...hanging(report.scannedVolumes.join(', ') || '(none)', { width: w.width, prefix: 'Scanned: ' }));
  if (report.host.winpe) {
    const firmware = report.host.firmware === null ? 'firmware unknown' : report.host.firmware.toUpperCase();
    w.push(`Running in WinPE ${report.host.windowsVersion ?? '(version unknown)'}, ${firmware}`);
  }
  for (const i of report.installations) {
    w.blank();
    installation(w, i);
  }
  for (const v of report.unreadableVolumes) {
    w.blank();
    w.heading([v.volume, volumeReasonLabel(v.reason)], v.verdict, NOT_INSPECTED);
    w.findings(v.findings);
  }
  if (report.findings.length > 0) {
    w.blank();
    w.push(w.p('Across installations', 'bold'));
    w.findings(report.findings);
  }
  for (const d of report.disks) {
    w.blank();
    w.heading([diskHeading(d)], d.verdict);
    w.push(...diskTableLines(d, w.width));
    if (d.findings.length > 0) w.findings(d.findings);
  }
  w.blank();
  for (const line of summaryLines(report)) w.push(...hanging(line, { width: w.width, prefix: '' }));
  const blockedBy = blockedByLine(report);
  if (blockedBy !== null) w.push(...hanging(blockedBy, { width: w.width, prefix: '' }));
  w.push(...verdict('Verdict: '));
  return `${w.lines.join('\n')}\n`;
}
