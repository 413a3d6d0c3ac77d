// What `check --disk` reads besides the volumes: each disk's partition table (a disk number on Windows,
// `\\.\PhysicalDriveN`; a block device or image file elsewhere) and every BCD store found on the volumes,
// tied together by src/windows/boot-disks.ts.
import { readBcdStore } from '../bcd/store';
import { openDisk, physicalDrive } from '../disk/disk-reader';
import { DiskReadError, readPartitionTable, type PartitionTable } from '../disk/partition-table';
import { HiveError, openHive } from '../hive';
import { diskCoverage, type DiskFacts, type FoundStore } from '../windows/boot-disks';
import type { InstallationFacts } from '../windows/facts';
import { InputError } from './fail';

/** `0` → `\\.\PhysicalDrive0` on Windows; anything else is a path to a device or image. */
export function diskSource(arg: string, platform: NodeJS.Platform = process.platform): string {
  return platform === 'win32' && /^\d{1,3}$/.test(arg) ? physicalDrive(Number(arg)) : arg;
}

export function readTables(disks: string[]): PartitionTable[] {
  return disks.map((arg) => {
    const source = diskSource(arg);
    try {
      const disk = openDisk(source);
      try {
        return readPartitionTable(disk);
      } finally {
        disk.close();
      }
    } catch (err) {
      // Opening or reading, a disk that fails is bad input: one line naming it.
      throw new InputError(err instanceof DiskReadError ? err.message : `${source}: ${(err as Error).message}`);
    }
  });
}

export function readStores(found: { path: string; label: string }[]): FoundStore[] {
  return found.map(({ path, label }) => {
    try {
      return { label, store: readBcdStore(openHive(path)), error: null };
    } catch (err) {
      // A damaged store is a problem of the disk report, not the end of the check.
      return { label, store: null, error: err instanceof HiveError ? err.message : (err as Error).message };
    }
  });
}

export function disksOf(diskArgs: string[], stores: { path: string; label: string }[], installations: InstallationFacts[]): DiskFacts[] {
  return diskCoverage(readTables(diskArgs), readStores(stores), installations);
}
