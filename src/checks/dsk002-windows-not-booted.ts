// DSK002: an inspected installation that no boot entry of the stores read starts.
import { bcdbootCommand, diskEvidence, rowName } from './disk-text';
import { cmd } from './remedy-phrases';
import type { CheckMeta, DiskCheck } from './types';
import { finding } from './finding';

const meta: CheckMeta = {
  id: 'DSK002',
  severity: 'info',
  title: 'No boot entry starts this Windows',
  remedy:
    `If this Windows should boot, add its boot files and entry from WinPE: give the EFI system partition a letter: ${cmd('mountvol S: /s')} ` +
    `(or diskpart: assign letter=S), then ${cmd('bcdboot W:\\Windows /s S: /f UEFI')} (W: the Windows volume; /f BIOS on an MBR disk). If it is a leftover, leave it out of the capture.`,
  get docs() {
    return [
      'When BCD stores were read, every installed Windows is expected to have an OS loader entry whose',
      "`osdevice` is its partition (by the installation's own `SYSTEM\\MountedDevices`). One without is not",
      "started by this disk's boot manager: an old copy, a data disk, or an entry lost. It does not stop a",
      "capture of it; it tells the technician which Windows the machine really runs. Since the installation's",
      'partition may be unknown (MountedDevices cleared by Sysprep: UNCONFIRMED), this stays informational.',
      'The remedy letters the system partition first (`mountvol S: /s`: the EFI system partition has no letter',
      "in WinPE) and names it to bcdboot with `/s`, so that the disk's own store is written, not WinPE's.",
      'Sources: Microsoft "BCDBoot command-line options" (/s, /f UEFI|BIOS); Microsoft "mountvol".',
    ].join('\n');
  },
};

export const dsk002: DiskCheck = {
  meta,
  scope: 'disk',
  run(disk) {
    if (disk.stores.length === 0) return [];
    return (
      disk.rows
        // Only installations placed on a partition: one whose partition is unknown cannot be said to lack an entry.
        .filter((r) => r.installation !== null && r.identity !== null && r.bootEntries.length === 0)
        .map((r) =>
          finding(meta, {
            message: `${r.installation!.id} on ${rowName(r)} is started by no boot entry of ${disk.stores.join(', ')}.`,
            remedy: `If this Windows should boot, add its boot files and entry from WinPE: ${bcdbootCommand(r.installation!.id, r.installation!.volume, disk.style)}. If it is a leftover, leave it out of the capture.`,
            installations: [r.installation!.id],
            evidence: [diskEvidence(disk, r, `installation ${r.installation!.id}, no OS loader entry names this partition`)],
          }),
        )
    );
  },
};
