// The disk table of the text report, one line per partition (or per partition identity when no disk was
// read), fitted to 80 columns: number, size, type, then what boots it and what lives on it.
//   #  size      type                  boot entry / Windows
//   1  100 MiB   EFI system
//   3  1500 MiB  Microsoft basic data  "Windows 10" (default) / D:\Windows Windows 11 26100, generalized,
//                                      S-1-5-21-…
import { identityText } from '../disk/partition-identity';
import type { ReportDisk } from './model';
import { hanging } from './layout';

/** A partition's size as the disk tables show it: MiB below 10 GiB, else GiB with one decimal. */
export function sizeText(bytes: number): string {
  return bytes >= 10 * 1024 ** 3 ? `${(bytes / 1024 ** 3).toFixed(1)} GiB` : `${Math.round(bytes / 1024 ** 2)} MiB`;
}

/** The heading of a disk: what was read, its table style and id. */
export function diskHeading(d: ReportDisk): string {
  if (d.source === null) return 'Boot entries and installations on no disk read';
  return `Disk ${d.source}: ${d.style === 'none' ? 'no partition table' : `${d.style?.toUpperCase()} ${d.diskId ?? ''}`.trim()}`;
}

export function diskTableLines(d: ReportDisk, width: number): string[] {
  const lines: string[] = [];
  const stores = d.stores.length > 0 ? `boot stores: ${d.stores.join(', ')}` : 'no boot store found on the volumes given';
  lines.push(...hanging(stores, { width, prefix: '  ' }));
  for (const r of d.rows) {
    const where = r.partition
      ? `${String(r.partition.number).padStart(3)}  ${sizeText(r.partition.size).padEnd(9)} ${r.partition.type.name}`
      : `  -  ${r.identity ? identityText(r.identity) : 'partition unknown'}`;
    const boots = r.bootEntries.map((e) => `boots "${e.description ?? e.id}"${e.isDefault ? ' (default)' : ''}`);
    const inst = r.installation
      ? `${r.installation.id}: ${[r.installation.family, r.installation.build].filter((x) => x !== null).join(' ')}, ${r.installation.generalization}, SID ${r.installation.machineSid ?? 'unknown'}`
      : r.volume
        ? `volume ${r.volume}`
        : null;
    const what = [...boots, ...(inst ? [inst] : [])].join('; ');
    lines.push(...hanging(what ? `${where}: ${what}` : where, { width, prefix: '  ', indent: 7 }));
  }
  for (const p of d.problems) lines.push(...hanging(`problem: ${p}`, { width, prefix: '  ' }));
  return lines;
}
