// Words for the DSK checks: how a disk, a partition and a boot entry are named in findings.
import { identityText } from '../disk/partition-identity';
import type { BootEntry, DiskFacts, DiskRow } from '../windows/boot-disks';
import type { Evidence } from '../windows/facts';
import { cmdQuote } from './shell-quote';
import { cmd } from './remedy-phrases';
import { commandVolume } from './offline-paths';

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
  return {
    source: 'volume',
    path: d.source ?? r.bootEntries[0]?.store ?? r.installation?.volume ?? '',
    detail: `${rowName(r)}: ${detail}`,
  };
}

/** A path for a command line: as it is when nothing in it needs quotes, else cmd-quoted; null when it cannot be. */
function commandPath(path: string): string | null {
  return /^[A-Za-z]:[\\A-Za-z0-9_.{}-]+$/.test(path) ? path : cmdQuote(path);
}

/**
 * The BCD store as `bcdedit /store` takes it in WinPE: the path it was read from when that has a drive letter;
 * otherwise (a partition without a letter, a mount point elsewhere) S: given to the EFI system partition with
 * `mountvol S: /s`, or to a BIOS system partition with diskpart. `bcdedit` without /store edits the system store
 * of the running Windows: in WinPE, possibly the stick's (domain.md §14.5).
 */
export function bcdStoreForCommand(store: string): { prepare: string | null; path: string } {
  const lettered = /^[A-Za-z]:\\/.test(store) ? commandPath(store) : null;
  if (lettered !== null) return { prepare: null, path: lettered };
  const efi = /EFI[\\/]Microsoft[\\/]Boot[\\/]BCD$/i.test(store);
  return efi
    ? { prepare: `give the EFI system partition a letter: ${cmd('mountvol S: /s')}`, path: 'S:\\EFI\\Microsoft\\Boot\\BCD' }
    : {
        prepare: 'give the system partition the letter S: with diskpart (select disk, select partition, assign letter=S)',
        path: 'S:\\Boot\\BCD',
      };
}

/** `bcdedit /store <store> /delete <id>` with the step that makes the store reachable first. */
export function bcdDeleteCommand(store: string, id: string): string {
  const s = bcdStoreForCommand(store);
  const del = cmd(`bcdedit /store ${s.path} /delete ${id}`);
  return s.prepare ? `${s.prepare}, then ${del}` : del;
}

/**
 * Re-creating the boot files and entry of a Windows from WinPE: the system partition lettered S:, then
 * `bcdboot <Windows directory> /s S: /f UEFI` (BIOS on an MBR disk).
 */
export function bcdbootCommand(windowsId: string, volume: string, style: DiskFacts['style']): string {
  const drive = commandVolume(volume);
  const windows =
    drive !== '<volume>' && /^[A-Za-z]:\\/.test(windowsId) ? (commandPath(windowsId) ?? '<volume>\\Windows') : '<volume>\\Windows';
  if (style === 'mbr') {
    return `give the active system partition the letter S: with diskpart (select disk, select partition, assign letter=S), then ${cmd(`bcdboot ${windows} /s S: /f BIOS`)}`;
  }
  return `give the EFI system partition a letter: ${cmd('mountvol S: /s')} (or diskpart: assign letter=S), then ${cmd(`bcdboot ${windows} /s S: /f UEFI`)}`;
}
