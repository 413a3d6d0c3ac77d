// What a whole-disk (FFU) capture must know about each partition beyond its Windows (domain.md §14.2):
// BitLocker on the partition — read from its first sector on the disk itself (`-FVE-FS-`, or the BitLocker To
// Go identifier), so an unlocked data partition counts too — and Volume Shadow Copy storage on the volume read
// for it. Microsoft supports neither in an FFU ("Capture and apply Windows Full Flash Update (FFU) images",
// Limitations). Reads only; a partition that cannot be read is unknown (null), never "not encrypted".
import { openDisk } from '../disk/disk-reader';
import type { VolumeFs } from './volume-fs';
import { readShadowCopies } from './shadow-copies';
import { parseBootSector } from './volume-state';

export interface PartitionStorage {
  number: number;
  /** BitLocker-encrypted on the disk (locked or not); null when the first sector could not be read. */
  encrypted: boolean | null;
  /** The volume read for the partition, or null. */
  volume: string | null;
  /** Shadow-copy storage files on that volume; null when no volume was read or its folder could not be listed. */
  shadowCopies: number | null;
}

export function readDiskStorage(
  diskSource: string,
  partitions: { number: number; offset: number; volume: string | null }[],
  volumeFs: (volume: string) => VolumeFs | null,
): PartitionStorage[] {
  let disk: ReturnType<typeof openDisk> | null = null;
  try {
    disk = openDisk(diskSource);
  } catch {
    disk = null;
  }
  try {
    return partitions.map((p) => {
      let encrypted: boolean | null = null;
      try {
        if (disk) {
          const kind = parseBootSector(disk.read(p.offset, 512)).kind;
          encrypted = kind === 'bitlocker' || kind === 'bitlocker-to-go';
        }
      } catch {
        encrypted = null;
      }
      const vol = p.volume === null ? null : volumeFs(p.volume);
      return { number: p.number, encrypted, volume: p.volume, shadowCopies: vol ? readShadowCopies(vol).shadowCopies : null };
    });
  } finally {
    disk?.close();
  }
}
