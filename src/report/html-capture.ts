// The capture record in the HTML report, when the run captured (or tried to): what was captured, where,
// with which engine, what a forced capture overrode, and how it ended.
import type { CaptureRecord } from '../capture/record';
import { html, type Html, type HtmlPart } from './html-escape';
import { UNKNOWN } from './html-facts';

/**
 * What the page shows of a capture record: the fields of the capture record (capture/record.ts
 * CaptureRecord, written beside the image) that matter to a reader, so that record fits as it is.
 */
export type CaptureRecordView = Pick<
  CaptureRecord,
  'ok' | 'source' | 'image' | 'name' | 'description' | 'index' | 'verdict' | 'overriddenFindings' | 'forced' | 'warnings' | 'imageBytes' | 'sha256' | 'failure'
> & { engine: Pick<CaptureRecord['engine'], 'name' | 'version'> };

/** The capture record: only when this run captured (or tried to). */
export function captureSection(c: CaptureRecordView | null | undefined): Html | string {
  if (!c) return '';
  const list = (items: CaptureRecordView['warnings']) =>
    items.length === 0 ? 'none' : html`${items.map((f, n) => html`${n > 0 ? html`<br>` : ''}<span class="mono">${f.id}</span> ${f.title}`)}`;
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
    ['SHA-256', c.sha256 === null ? html`<span class="unknown">not computed</span>` : html`<span class="mono">${c.sha256}</span>`],
  ];
  return html`<section class="capture" id="capture" aria-labelledby="capture-h">
<h2 id="capture-h">Capture</h2>
<table class="facts"><tbody>${rows.map(([k, v]) => html`<tr><th scope="row">${k}</th><td>${v}</td></tr>`)}</tbody></table>
</section>
`;
}
