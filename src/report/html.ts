// The report as one self-contained HTML page, for the imaging engineer who reads it later on any PC and
// may print it: the verdict first, then each installation with its facts and findings (severity as a
// word, remedy commands whole in monospace, evidence), unreadable volumes, cross-installation findings,
// the disk table and the capture record when there are any, and the closing summary. It renders the same
// model as the JSON and text reports and reuses their wording (labels.ts, text.ts); it decides nothing.
// Nothing is loaded from anywhere: inline CSS, no script, no font, no image, and a Content-Security-Policy
// that forbids the browser to fetch anything should a value ever slip through.
import type { Severity, Verdict } from '../checks/types';
import { UNKNOWN, factRows, hiveStatus } from './html-facts';
import { html, rawHtml, type Html } from './html-escape';
import { captureSection, type CaptureRecordView } from './html-capture';
import { disksSection } from './html-disks';
import { STYLE } from './html-style';
import { NOT_INSPECTED, evidenceLine, osLabel, stateLabel, verdictSentence, verdictWord, volumeReasonLabel } from './labels';
import { splitCommands } from './layout';
import type { Report, ReportEvidence, ReportFinding, ReportInstallation, ReportUnreadableVolume } from './model';
import { blockedByLine, summaryLines } from './text';

export type { CaptureRecordView };

export interface HtmlOptions {
  /** The capture record of this run, when there was a capture. */
  capture?: CaptureRecordView | null;
}

/** The report, possibly carrying the disk table once the model has one. */

const SEVERITY_WORD: Record<Severity, string> = { block: 'BLOCK', warn: 'WARN', info: 'INFO' };
const SEVERITY_CLASS: Record<Severity, string> = { block: 's-block', warn: 's-warn', info: 's-info' };

/** "2026-11-30 20:15:12 UTC": WinPE's clock and time zone are rarely the site's, so UTC, said. */
function utcTime(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : `${d.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

function verdictBadge(v: Verdict, word = verdictWord(v)): Html {
  return html`<span class="badge b-${v}">${word}</span>`;
}

function severityBadge(s: Severity): Html {
  return html`<span class="badge ${SEVERITY_CLASS[s]}">${SEVERITY_WORD[s]}</span>`;
}

/** The remedy's prose as paragraphs and each of its commands whole in a block of its own. */
function remedyMarkup(f: ReportFinding): Html {
  const out: Html[] = [];
  let afterCommand = false;
  for (const part of splitCommands(f.remedy, f.commands)) {
    if (part.code) {
      out.push(html`<pre class="command"><code>${part.text.trim()}</code></pre>`);
      afterCommand = true;
      continue;
    }
    // As in the text report: punctuation that only closed the sentence around a command is dropped.
    const prose = (afterCommand ? part.text.replace(/^[\s.,;:]+/, '') : part.text).trim();
    afterCommand = false;
    if (prose !== '') out.push(html`<p>${prose}</p>`);
  }
  return html`${out}`;
}

function evidenceMarkup(list: readonly ReportEvidence[]): Html | string {
  if (list.length === 0) return '';
  const items = list.map((e) => html`<li><span class="src">${e.source}</span>&#160;<span class="mono">${evidenceLine(e)}</span></li>`);
  return html`<p class="label">Evidence</p><ul class="evidence">${items}</ul>`;
}

/** Where a finding's heading sits in the outline: under an installation's "Findings" (h4), or a section's h2 (h3). */
type FindingLevel = 'h3' | 'h4';

function findingMarkup(f: ReportFinding, level: FindingLevel, showConcerned: boolean): Html {
  const heading = html`${severityBadge(f.severity)} <span class="id">${f.id}</span> ${f.title}`;
  const concerned =
    showConcerned && f.installations.length > 0
      ? html`<p class="concerns">Installations: <span class="mono">${f.installations.join(', ')}</span></p>`
      : '';
  return html`<article class="finding ${SEVERITY_CLASS[f.severity]}">
${level === 'h3' ? html`<h3 class="title">${heading}</h3>` : html`<h4 class="title">${heading}</h4>`}
${concerned}<p>${f.message}</p>
<div class="fix"><p class="label">Fix</p>${remedyMarkup(f)}</div>
${evidenceMarkup(f.evidence)}
</article>
`;
}

function findingsMarkup(list: readonly ReportFinding[], level: FindingLevel, showConcerned = false): Html {
  if (list.length === 0) return html`<p class="muted">No findings.</p>`;
  return html`${list.map((f) => findingMarkup(f, level, showConcerned))}`;
}

function factsTable(i: ReportInstallation): Html {
  const rows = factRows(i).map((r) => html`<tr><th scope="row">${r.label}</th><td>${r.value}</td></tr>`);
  return html`<table class="facts"><caption>Facts</caption><tbody>${rows}</tbody></table>`;
}

function hivesTable(i: ReportInstallation): Html {
  const rows = i.hives.map(
    (h) =>
      html`<tr><th scope="row">${h.name}</th><td class="mono">${h.path ?? 'missing'}</td><td>${hiveStatus(h)}${
        h.warnings.length > 0 ? html`<br><span class="muted">${h.warnings.join('; ')}</span>` : ''
      }</td></tr>`,
  );
  return html`<table class="hives"><caption>Hives read</caption>
<thead><tr><th scope="col">Hive</th><th scope="col">File</th><th scope="col">State</th></tr></thead>
<tbody>${rows}</tbody></table>`;
}

function installationSection(i: ReportInstallation, n: number): Html {
  return html`<section class="target" id="installation-${n}" aria-labelledby="installation-${n}-h">
<h2 id="installation-${n}-h"><span class="where">${i.id}</span> ${verdictBadge(i.verdict)} <span class="os">${i.os.computerName ?? 'computer name unknown'} \u00b7 ${osLabel(i.os)}</span></h2>
${factsTable(i)}
${hivesTable(i)}
<h3>Findings (${i.findings.length})</h3>
${findingsMarkup(i.findings, 'h4')}
</section>
`;
}

function unreadableSection(v: ReportUnreadableVolume, n: number): Html {
  return html`<section class="target" id="volume-${n}" aria-labelledby="volume-${n}-h">
<h2 id="volume-${n}-h"><span class="where">${v.volume}</span> ${verdictBadge(v.verdict, NOT_INSPECTED)} <span class="os">${volumeReasonLabel(v.reason)}</span></h2>
<p>${v.detail}</p>
${evidenceMarkup(v.evidence)}
<h3>Findings (${v.findings.length})</h3>
${findingsMarkup(v.findings, 'h4')}
</section>
`;
}

/** "2 block, 1 info", or "none": the findings of one installation by severity, most severe first. */
function findingCounts(list: readonly ReportFinding[]): string {
  const counts = (['block', 'warn', 'info'] as const)
    .map((s) => [s, list.filter((f) => f.severity === s).length] as const)
    .filter(([, n]) => n > 0);
  return counts.length === 0 ? 'none' : counts.map(([s, n]) => `${n} ${s}`).join(', ');
}

/** One line per installation and unreadable volume, linking to its section: the page's table of contents. */
function overviewTable(report: Report): Html {
  const rows: Html[] = report.installations.map(
    (i, n) => html`<tr><td class="mono"><a href="#installation-${n + 1}">${i.id}</a></td><td>${osLabel(i.os)}</td>
<td>${i.os.computerName ?? UNKNOWN}</td><td>${stateLabel(i.generalization.state)}</td>
<td>${verdictBadge(i.verdict)}</td><td>${findingCounts(i.findings)}</td></tr>`,
  );
  report.unreadableVolumes.forEach((v, n) =>
    rows.push(html`<tr><td class="mono"><a href="#volume-${n + 1}">${v.volume}</a></td><td>${volumeReasonLabel(v.reason)}</td>
<td>${UNKNOWN}</td><td>${UNKNOWN}</td><td>${verdictBadge(v.verdict, NOT_INSPECTED)}</td><td>${findingCounts(v.findings)}</td></tr>`),
  );
  if (rows.length === 0) return html``;
  return html`<table class="overview"><caption>Installations</caption>
<thead><tr><th scope="col">Windows folder</th><th scope="col">Operating system</th><th scope="col">Computer</th><th scope="col">Generalization</th><th scope="col">Verdict</th><th scope="col">Findings</th></tr></thead>
<tbody>${rows}</tbody></table>`;
}

function verdictHeader(report: Report, capture: CaptureRecordView | null | undefined): Html {
  const blockedBy = blockedByLine(report);
  // A forced capture: the verdict stays, and the headline says beside it that the image was taken anyway.
  const forced = capture?.ok && capture.forced ? html`<p class="blocked-by forced"><strong>${capture.forced}</strong></p>` : '';
  const [word, ...meaning] = verdictSentence(report.verdict).split(' - ');
  return html`<header class="verdict v-${report.verdict}">
<p class="kicker">preflight check report \u00b7 may ${report.installations.length > 1 ? 'these installations' : 'this installation'} be captured?</p>
<h1>${word} <span class="meaning">${meaning.join(' - ')}</span></h1>
${blockedBy === null ? '' : html`<p class="blocked-by">${blockedBy}</p>`}${forced}
<dl class="run">
<dt>Computer</dt><dd>${computerNames(report)}</dd>
<dt>Checked</dt><dd>${utcTime(report.generatedAt)}</dd>
<dt>Scanned volumes</dt><dd class="mono">${report.scannedVolumes.join(', ') || '(none)'}</dd>
<dt>Tool</dt><dd>${report.tool.name} ${report.tool.version}</dd>
</dl>
</header>
`;
}

function computerNames(report: Report): Html | string {
  const names = [...new Set(report.installations.map((i) => i.os.computerName).filter((n): n is string => n !== null))];
  return names.length === 0 ? UNKNOWN : names.join(', ');
}

/** The page's title: what a browser tab and a PDF's metadata show. */
function titleOf(report: Report): string {
  const names = report.installations.map((i) => i.os.computerName).filter((n): n is string => n !== null);
  const who = names.length === 0 ? '' : ` - ${[...new Set(names)].join(', ')}`;
  return `preflight: ${verdictWord(report.verdict)}${who} - ${utcTime(report.generatedAt)}`;
}

/** Forbids every fetch: no script, no connection, no font, no image, no frame; inline style only. */
const CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'";

export function renderHtml(report: Report, options: HtmlOptions = {}): string {
  const cross =
    report.findings.length > 0
      ? html`<section class="target" id="across" aria-labelledby="across-h"><h2 id="across-h">Across installations</h2>
${findingsMarkup(report.findings, 'h3', true)}</section>
`
      : '';
  const blockedBy = blockedByLine(report);
  const page = html`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="${report.tool.name} ${report.tool.version}">
<title>${titleOf(report)}</title>
<style>${rawHtml(STYLE)}</style>
</head>
<body>
${verdictHeader(report, options.capture)}<main>
${overviewTable(report)}
${report.installations.map((i, n) => installationSection(i, n + 1))}${report.unreadableVolumes.map((v, n) => unreadableSection(v, n + 1))}${cross}${disksSection(report.disks, (list) => findingsMarkup(list, 'h4', true))}${captureSection(options.capture)}<section class="summary" aria-label="Summary">
${summaryLines(report).map((l) => html`<p>${l}</p>`)}
${blockedBy === null ? '' : html`<p><strong>${blockedBy}</strong></p>`}
<p>Verdict: <strong>${verdictSentence(report.verdict)}</strong></p>
</section>
</main>
<footer>${report.tool.name} ${report.tool.version} \u00b7 report schema ${report.schemaVersion} \u00b7 ${utcTime(report.generatedAt)} \u00b7 the JSON report beside this page has every fact with its evidence.</footer>
</body>
</html>
`;
  return page.markup;
}
