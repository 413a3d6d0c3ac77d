// DSK001: a boot entry starts Windows from a partition where no inspected installation lives.
import { bcdDeleteCommand, entryName, diskEvidence, rowName } from './disk-text';
import { cmd } from './remedy-phrases';
import type { CheckMeta, DiskCheck } from './types';
import { finding } from './finding';
import { listText } from './english';

const meta: CheckMeta = {
  id: 'DSK001',
  severity: 'warn',
  title: 'A boot entry starts an uninspected Windows',
  remedy:
    'Give preflight the volume of that partition too (or its drive letter), so that every Windows the disk boots is checked. ' +
    `If the entry is stale, delete it from the disk's store, never with a bare bcdedit (in WinPE that edits the running system's store): ` +
    `give the EFI system partition a letter: ${cmd('mountvol S: /s')}, then ${cmd('bcdedit /store S:\\EFI\\Microsoft\\Boot\\BCD /delete {id}')}.`,
  get docs() {
    return [
      'An OS loader entry of a BCD store (`\\EFI\\Microsoft\\Boot\\BCD`, `\\Boot\\BCD`) names the partition it',
      'starts Windows from (its `osdevice`: a GPT partition GUID, or an MBR disk signature and byte offset).',
      "When no inspected installation lives on that partition — by the installation's own",
      '`SYSTEM\\MountedDevices` — the disk boots a Windows preflight has not judged: a second OS that must be',
      'generalized on its own ("If a single computer has multiple operating systems, you must run Sysprep on',
      'each operating system individually"), or an entry left behind. Entries with `winpe Yes` (Windows RE)',
      'are not OSes and are left out. Whether Sysprep clears MountedDevices is UNCONFIRMED (KB 928386, XP era:',
      'drive letter assignments are reset). Without the entry, an installation read from a raw volume (Windows:',
      '`\\\\.\\C:`) is placed by the start offset its NTFS boot sector records (BPB hidden sectors × bytes per',
      'sector) when exactly one partition read starts there; otherwise it stays unplaced and may be reported here.',
      "The remedy names the store preflight read and the entry's id: `bcdedit` without `/store` edits the",
      "system store of the running Windows (in WinPE, possibly the stick's), and the EFI system partition has no",
      'drive letter until `mountvol S: /s` (or diskpart `assign letter=S`) gives it one.',
      'Sources: Microsoft "Sysprep (Generalize) a Windows installation"; Microsoft "BCDEdit command-line options"',
      '(/store, /delete); Microsoft "mountvol" (/s mounts the EFI system partition).',
    ].join('\n');
  },
};

export const dsk001: DiskCheck = {
  meta,
  scope: 'disk',
  run(disk) {
    // Installations whose partition could not be told (no MountedDevices entry, no boot sector read): the
    // entry may well start one of them, and the finding says so rather than call it a stranger.
    const unplaced = disk.unplaced;
    const maybe =
      unplaced.length > 0
        ? ` It may also be ${listText(unplaced)}, whose partition is unknown (no MountedDevices entry: Sysprep may clear it).`
        : '';
    return disk.rows
      .filter((r) => r.bootEntries.length > 0 && r.installation === null)
      .flatMap((r) =>
        r.bootEntries.map((e) =>
          finding(meta, {
            message: `${entryName(e)} in ${e.store} starts Windows (${e.systemRoot ?? 'no systemroot'}) from ${rowName(r)}, where no inspected installation lives: a second OS that was not checked, or a stale entry.${maybe}`,
            remedy:
              'Give preflight the volume of that partition too (or its drive letter), so that every Windows the disk boots is checked. ' +
              `If the entry is stale, delete it from the store it is in (a bare bcdedit in WinPE edits the running system's store): ${bcdDeleteCommand(e.store, e.id)}.`,
            evidence: [diskEvidence(disk, r, `osdevice ${e.device}`)],
          }),
        ),
      );
  },
};
