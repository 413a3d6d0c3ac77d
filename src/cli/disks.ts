// What `check --disk` reads besides the volumes: each disk's partition table (a disk number on Windows,
// `\\.\PhysicalDriveN`; a block device or image file elsewhere) and every BCD store found on the volumes,
// tied together by src/windows/boot-disks.ts.
import { readBcdStore } from '../bcd/store';
import { openDisk, physicalDrive } from '../disk/disk-reader';
import { DiskReadError, readPartitionTable, type PartitionTable } from '../disk/partition-table';
import { HiveError, openHive } from '../hive';
import { sameIdentity } from '../disk/partition-identity';
import type { LiveMounts } from '../host/live-volumes';
import { driveRoot } from '../host/volumes';
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

export function disksOf(tables: PartitionTable[], stores: { path: string; label: string }[], installations: InstallationFacts[]): DiskFacts[] {
  return diskCoverage(tables, readStores(stores), installations);
}

/**
 * The volumes of the disks read that nothing in the run has read yet, as `\\?\Volume{GUID}\` roots from the
 * live MountedDevices: a partition holding no placed installation, whose volume is not one of the scanned
 * drive letters (by the letter's live identity). WinPE leaves the EFI system partition (and may leave a
 * second Windows) without a letter; this is how `check --disk` still reads their boot stores and
 * installations. Partitions without a volume (MSR) have no entry and are passed over.
 */
export function unletteredVolumes(coverage: DiskFacts[], scannedVolumes: string[], mounts: LiveMounts): string[] {
  const scannedLetters = scannedVolumes.map((v) => driveRoot(v)).filter((d): d is string => d !== null);
  const seen = new Set(scannedVolumes.map((v) => v.toLowerCase()));
  const extra: string[] = [];
  for (const row of coverage.filter((d) => d.source !== null).flatMap((d) => d.rows)) {
    if (!row.partition || !row.identity || row.installation) continue;
    if (scannedLetters.some((l) => sameIdentity(mounts.letters.get(l) ?? null, row.identity))) continue;
    const volume = mounts.volumes.find((v) => sameIdentity(v.identity, row.identity));
    if (volume && !seen.has(volume.root.toLowerCase())) {
      seen.add(volume.root.toLowerCase());
      extra.push(volume.root);
    }
  }
  return extra;
}
