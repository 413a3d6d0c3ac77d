// The disk tables of the HTML report: per disk read (or for the boot entries and installations on no disk
// read) one row per partition — number, size, type, the boot entries that start it, the Windows that lives
// there with its generalization and machine SID — then the disk's findings. Shown only when the report has
// disks; every value from the disk is escaped by the template tag.
import { identityText } from '../disk/partition-identity';
import { diskHeading, sizeText } from './disk-table';
import { html, type Html, type HtmlPart } from './html-escape';
import { UNKNOWN } from './html-facts';
import type { ReportDisk, ReportFinding } from './model';

function diskTable(d: ReportDisk, n: number, findings: (list: readonly ReportFinding[]) => Html): Html {
  const rows = d.rows.map((r) => {
    const where: HtmlPart = r.partition ? `${r.partition.number}` : '-';
    const what: HtmlPart = r.partition
      ? `${sizeText(r.partition.size)} ${r.partition.type.name}`
      : r.identity
        ? identityText(r.identity)
        : 'partition unknown';
    const boots = r.bootEntries.length
      ? r.bootEntries.map((e) => `${e.description ?? e.id}${e.isDefault ? ' (default)' : ''}`).join(', ')
      : '';
    const inst = r.installation;
    return html`<tr><td>${where}</td><td>${what}</td><td>${boots}</td><td class="mono">${inst ? inst.id : r.volume ? `volume ${r.volume}` : ''}</td><td>${inst ? [inst.family, inst.build].filter((x) => x !== null).join(' ') || UNKNOWN : ''}</td><td>${inst ? inst.generalization : ''}</td><td class="mono">${inst ? (inst.machineSid ?? UNKNOWN) : ''}</td></tr>`;
  });
  return html`<section class="target disk" id="disk-${n}" aria-labelledby="disk-${n}-h">
<h3 id="disk-${n}-h">${diskHeading(d)}</h3>
<p class="muted">${d.stores.length ? `Boot stores: ${d.stores.join(', ')}` : 'No boot store found on the volumes given.'}</p>
<table><caption>Partitions, what boots them and what lives there</caption>
<thead><tr><th scope="col">#</th><th scope="col">partition</th><th scope="col">boot entries</th><th scope="col">Windows</th><th scope="col">OS</th><th scope="col">generalization</th><th scope="col">machine SID</th></tr></thead>
<tbody>${rows}</tbody></table>
${d.problems.length ? html`<ul class="problems">${d.problems.map((p) => html`<li>${p}</li>`)}</ul>` : ''}${findings(d.findings)}</section>
`;
}

/** The disks: only when the report carries any. */
export function disksSection(disks: readonly ReportDisk[], findings: (list: readonly ReportFinding[]) => Html): Html | string {
  if (disks.length === 0) return '';
  return html`<section class="disks" id="disks" aria-labelledby="disks-h">
<h2 id="disks-h">Disks</h2>
${disks.map((d, i) => diskTable(d, i + 1, findings))}</section>
`;
}
