// Words for the DSK checks: how a disk, a partition and a boot entry are named in findings.
import { identityText } from '../disk/partition-identity';
import type { BootEntry, DiskFacts, DiskRow } from '../windows/boot-disks';
import type { Evidence } from '../windows/facts';

export function diskName(d: DiskFacts): string {
  return d.source ?? 'the boot entries and installations on no disk read';
}

export function rowName(r: DiskRow): string {
  if (r.partition) return `partition ${r.partition.number} (${r.partition.type.name}, ${Math.round(r.partition.size / 1048576)} MiB)`;
  return r.identity ? identityText(r.identity) : 'an unknown partition';
}

export function entryName(e: BootEntry): string {
  return `boot entry ${e.description === null ? e.id : `"${e.description}" ${e.id}`}`;
}

export function diskEvidence(d: DiskFacts, r: DiskRow, detail: string): Evidence {
  return { source: 'volume', path: d.source ?? r.bootEntries[0]?.store ?? r.installation?.volume ?? '', detail: `${rowName(r)}: ${detail}` };
}
