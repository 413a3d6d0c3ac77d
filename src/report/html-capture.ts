// The capture record in the HTML report, when the run captured (or tried to): what was captured, where,
// with which engine, what a forced capture overrode, and how it ended.
import { html, type Html, type HtmlPart } from './html-escape';
import { UNKNOWN } from './html-facts';

/** A finding the capture went past or repeated: its id and title. */
export interface CaptureFindingView {
  id: string;
  title: string;
}

/**
 * What the page shows of a capture: the view the report declares. The capture record written beside the
 * image (capture/record.ts) has these fields and more, and is passed in as it is.
 */
export interface CaptureRecordView {
  ok: boolean;
  source: string;
  image: string;
  name: string;
  description: string | null;
  index: number | null;
  engine: { name: string; version: string | null };
  /** check's verdict at the gate. */
  verdict: string;
  overriddenFindings: CaptureFindingView[];
  /** What a forced capture overrode, in words; null when nothing was forced. */
  forced: string | null;
  warnings: CaptureFindingView[];
  imageBytes: number | null;
  sha256: string | null;
  /** What preflight read back from the image (capture/read-back.ts): its one line; absent in older records. */
  verification?: { readBack: { summary: string } | null } | null;
  failure: string | null;
}

/** The capture record: only when this run captured (or tried to). */
export function captureSection(c: CaptureRecordView | null | undefined): Html | string {
  if (!c) return '';
  const list = (items: CaptureRecordView['warnings']) =>
    items.length === 0
      ? 'none'
      : html`${items.map((f, n) => html`${n > 0 ? html`<br>` : ''}<span class="mono">${f.id}</span> ${f.title}`)}`;
  const rows: [string, HtmlPart][] = [
    ['Result', c.ok ? html`<strong>succeeded</strong>` : html`<strong>FAILED</strong>: ${c.failure ?? 'unknown'}`],
    ['Source', html`<span class="mono">${c.source}</span>`],
    ['Image', html`<span class="mono">${c.image}</span>${c.index === null ? '' : `, index ${c.index}`}`],
    ['Image name', c.name],
    ['Description', c.description ?? ''],
    ['Engine', `${c.engine.name}${c.engine.version === null ? '' : ` ${c.engine.version}`}`],
    ['Check verdict at capture', c.verdict],
    ['Overridden blocking findings', list(c.overriddenFindings)],
    ['Warnings', list(c.warnings)],
    ['Image size', c.imageBytes === null ? UNKNOWN : `${c.imageBytes} bytes`],
    ['Read back', c.verification?.readBack ? c.verification.readBack.summary : html`<span class="unknown">not read back</span>`],
    ['SHA-256', c.sha256 === null ? html`<span class="unknown">not computed</span>` : html`<span class="mono">${c.sha256}</span>`],
  ];
  return html`<section class="capture" id="capture" aria-labelledby="capture-h">
<h2 id="capture-h">Capture</h2>
<table class="facts"><tbody>${rows.map(([k, v]) => html`<tr><th scope="row">${k}</th><td>${v}</td></tr>`)}</tbody></table>
</section>
`;
}
