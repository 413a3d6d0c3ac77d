// What an inspection reads besides the volumes: each disk's partition table (a disk number on Windows,
// `\\.\PhysicalDriveN`; a block device or image file elsewhere), every BCD store found on the volumes, and
// on Windows the volumes of those disks that have no drive letter; tied together by src/windows/boot-disks.ts.
import { readBcdStore } from '../bcd/store';
import { physicalDrive } from '../disk/disk-reader';
import { DiskReadError, readTableOf, type PartitionTable } from '../disk/partition-table';
import { HiveError, openHive } from '../hive';
import { sameIdentity } from '../disk/partition-identity';
import { openLiveRegistry } from '../host/live-registry';
import { readLiveMounts, type LiveMounts } from '../host/live-volumes';
import { driveRoot, rawDeviceOf } from '../host/volumes';
import { scanVolumes, type ScanResult } from '../windows/scan';
import { diskCoverage, type DiskFacts, type FoundStore, type PartitionVolume } from '../windows/boot-disks';
import { writeErr } from '../host/console-output';
import type { InstallationFacts } from '../windows/facts';
import { InputError } from './errors';

/** `0` → `\\.\PhysicalDrive0` on Windows; anything else is a path to a device or image. */
export function diskSource(arg: string, platform: NodeJS.Platform = process.platform): string {
  return platform === 'win32' && /^\d{1,3}$/.test(arg) ? physicalDrive(Number(arg)) : arg;
}

export function readTables(disks: string[]): PartitionTable[] {
  return disks.map((arg) => {
    const source = diskSource(arg);
    try {
      return readTableOf(source);
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

export function disksOf(
  tables: PartitionTable[],
  stores: { path: string; label: string }[],
  installations: InstallationFacts[],
  volumes: PartitionVolume[] = [],
): DiskFacts[] {
  return diskCoverage(tables, readStores(stores), installations, volumes);
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

/** A scan with the disks read: what was read, and which partition each volume is (live MountedDevices). */
export interface DiskScan {
  scan: ScanResult;
  partitionVolumes: PartitionVolume[];
  /** The live table it was read with; null off Windows or when it could not be read. */
  mounts: LiveMounts | null;
}

/**
 * On Windows, with a disk read whole: its volumes nothing else read (no drive letter, as WinPE leaves the EFI
 * system partition) are read too, through their `\\?\Volume{GUID}\` roots, like volumes found on the machine
 * (one holding nothing is passed over); and each volume read is tied to its partition by the live table, so
 * a partition whose volume was read and holds no Windows is known to hold none. Elsewhere, or without the
 * live table, the scan stays as it was.
 */
export function withUnletteredVolumes(scan: ScanResult, tables: PartitionTable[], volumes: string[]): DiskScan {
  if (tables.length === 0) return { scan, partitionVolumes: [], mounts: null };
  let mounts: LiveMounts | null = null;
  try {
    const live = openLiveRegistry();
    mounts = live ? readLiveMounts(live) : null;
  } catch (err) {
    // The disk table is still read and reported; only the volumes without a letter stay unread.
    writeErr(`preflight: volumes without a drive letter not read: ${(err as Error).message}\n`);
  }
  if (!mounts) return { scan, partitionVolumes: [], mounts: null };
  const extra = unletteredVolumes(disksOf(tables, scan.bcdStores, scan.installations), volumes, mounts);
  const more = extra.length > 0 ? scanVolumes(extra, { rawDeviceOf, discovered: true }) : null;
  const partitionVolumes: PartitionVolume[] = [];
  for (const v of volumes) {
    const letter = driveRoot(v);
    const identity = letter ? (mounts.letters.get(letter) ?? null) : null;
    if (identity) partitionVolumes.push({ identity, root: v });
  }
  for (const root of extra) {
    const identity = mounts.volumes.find((v) => v.root === root)?.identity ?? null;
    if (identity) partitionVolumes.push({ identity, root });
  }
  if (!more) return { scan, partitionVolumes, mounts };
  return {
    scan: {
      scannedVolumes: [...scan.scannedVolumes, ...more.scannedVolumes],
      installations: [...scan.installations, ...more.installations],
      unreadable: [...scan.unreadable, ...more.unreadable],
      // Only what the technician named counts when deciding that nothing was found: an extra volume holding
      // no Windows (a recovery partition) is not their mistake.
      withoutWindows: scan.withoutWindows,
      bcdStores: [...scan.bcdStores, ...more.bcdStores],
    },
    partitionVolumes,
    mounts,
  };
}

/** The drive letters (`E:\\`) the live table puts on a partition of `table`: volumes of that disk. */
export function lettersOnDisk(table: PartitionTable, mounts: LiveMounts | null): string[] {
  if (!mounts) return [];
  return [...mounts.letters]
    .filter(([, id]) => table.partitions.some((p) => sameIdentity(p.identity, id)))
    .map(([letter]) => `${letter}\\`);
}

/** How many physical drives the guided run tries (\\.\PhysicalDrive0 …): more than a PC has. */
const MAX_PHYSICAL_DRIVES = 16;

/**
 * Every physical drive Windows lets us read, for the guided run with nothing named: `\\.\PhysicalDrive0`
 * to `…15`, a drive that cannot be opened or read (absent, a card reader without a card) passed over in
 * silence — it is only the disk table, and each volume is still read by its letter.
 */
export function physicalTables(open: (source: string) => PartitionTable = readTableOf): PartitionTable[] {
  const tables: PartitionTable[] = [];
  for (let n = 0; n < MAX_PHYSICAL_DRIVES; n++) {
    try {
      tables.push(open(physicalDrive(n)));
    } catch {
      // not there, or not readable: nothing to show
    }
  }
  return tables;
}

/**
 * The disks worth a table in the guided run: those holding a Windows read in this run or a boot entry,
 * but not the stick preflight runs from (its drive letter on the disk by the live table).
 */
export function disksWorthShowing(
  tables: PartitionTable[],
  coverage: (t: PartitionTable) => DiskFacts[],
  stick: string | null,
  mounts: LiveMounts | null,
): PartitionTable[] {
  return tables.filter((t) => {
    if (stick !== null && lettersOnDisk(t, mounts).includes(stick)) return false;
    return coverage(t).some((d) => d.source === t.source && d.rows.some((r) => r.installation !== null || r.bootEntries.length > 0));
  });
}
