// The disk table of the HTML report. The disk inventory is another part of preflight and not in the report
// model yet: the page shows it only when the report carries `disks`, with the rows' own keys as columns,
// and invents nothing when it does not.
import { html, type Html, type HtmlPart } from './html-escape';
import { UNKNOWN } from './html-facts';

/** One row of the disk table, column name to value (null: unknown). */
export type DiskRow = Readonly<Record<string, string | number | boolean | null>>;

/** The disk table: only when the report carries one; its columns are the rows' own keys, in order met. */
export function disksSection(disks: readonly DiskRow[] | null | undefined): Html | string {
  if (!disks || disks.length === 0) return '';
  const columns = [...new Set(disks.flatMap((d) => Object.keys(d)))];
  const cell = (v: DiskRow[string] | undefined): HtmlPart =>
    v === null || v === undefined ? UNKNOWN : typeof v === 'boolean' ? (v ? 'yes' : 'no') : v;
  return html`<section class="disks" id="disks" aria-labelledby="disks-h">
<h2 id="disks-h">Disks</h2>
<table><thead><tr>${columns.map((c) => html`<th scope="col">${c}</th>`)}</tr></thead>
<tbody>${disks.map((d) => html`<tr>${columns.map((c) => html`<td>${cell(d[c])}</td>`)}</tr>`)}</tbody></table>
</section>
`;
}
