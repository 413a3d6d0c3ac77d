// The one inspection every command runs: the sources a technician named (or the machine's drive letters)
// → installations and unreadable volumes (windows/scan) → the disks read whole and their volumes without
// a letter (inspect/disks) → this machine's facts (host/host-facts) → the checks → the report model.
// `check`, the capture gates (one volume, and the whole disk for an FFU) and the guided run all call it,
// so a capture is judged on the very report `check` prints.
import type { PartitionTable } from '../disk/partition-table';
import { readHostFacts } from '../host/host-facts';
import { driveOf, rawDeviceOf } from '../host/volumes';
import type { Report } from '../report/model';
import { diskCoverage } from '../windows/boot-disks';
import { ImageArgumentError, splitImageArguments, type ImageArgument } from '../windows/image-arguments';
import { scanVolumes, type ScanResult } from '../windows/scan';
import { readDiskStorage, type PartitionStorage } from '../windows/disk-storage';
import { VolumeFs } from '../windows/volume-fs';
import { classifyVolumeArgument } from '../windows/volume-state';
import { InputError } from './errors';
import {
  disksOf,
  disksWorthShowing,
  lettersOnDisk,
  physicalTables,
  readStores,
  readTables,
  withUnletteredVolumes,
  type DiskScan,
} from './disks';
import { imageScanning } from './image-scanning';
import { reportFromFacts } from './report';
import type { ImageScan } from '../windows/image-scan';

export interface InspectRequest {
  /**
   * Volume roots or mount points (a Windows directory is read from its volume), and WIM/ESD image files
   * (`IMAGE.wim`, `IMAGE.wim:2`, `IMAGE.esd:NAME`), whose installations are read through ImageFs.
   */
  volumes: string[];
  /** The volumes were found on the machine, not named: one holding nothing is passed over quietly. */
  discovered: boolean;
  /** Disks read whole (`--disk`): a disk number on Windows, a block device or image file elsewhere. */
  disks: string[];
  /**
   * Every physical drive (the guided run with nothing named, on Windows): those holding a Windows or a
   * boot entry get a table — not the stick preflight runs from.
   */
  allPhysical?: boolean;
}

/** What was read: the scan, the partition tables, and which partition each volume is. */
export interface Inspection extends DiskScan {
  tables: PartitionTable[];
}

/**
 * The volumes read, and the partition tables of the disks named; on Windows those disks' volumes without a
 * drive letter are read too (inspect/disks.ts).
 */
export function inspectSources(request: InspectRequest): Inspection {
  const { images, others } = splitImageArguments(request.volumes);
  const read = request.allPhysical ? physicalTables() : readTables(request.disks);
  const found = withUnletteredVolumes(scanVolumes(others, { rawDeviceOf, discovered: request.discovered }), read, others);
  if (images.length > 0) addImages(found.scan, images);
  if (!request.allPhysical) return { ...found, tables: read };
  const stick = driveOf(process.execPath);
  // The boot stores are read once for all the drives, each drive judged on its own.
  const stores = readStores(found.scan.bcdStores);
  const coverage = (t: PartitionTable) => diskCoverage([t], stores, found.scan.installations, found.partitionVolumes);
  return { ...found, tables: disksWorthShowing(read, coverage, stick ? `${stick}\\` : null, found.mounts) };
}

/** The installations inside the named images join the scan; a file that is not a readable WIM is bad input. */
function addImages(scan: ScanResult, images: ImageArgument[]): void {
  let found: ImageScan;
  try {
    found = imageScanning().scanImages(images);
  } catch (e) {
    if (e instanceof ImageArgumentError) throw new InputError(e.message);
    throw e;
  }
  scan.scannedVolumes.push(...found.scannedVolumes);
  scan.installations.push(...found.installations);
  scan.unreadable.push(...found.unreadable);
  scan.withoutWindows.push(...found.withoutWindows);
}

/** The report of an inspection: the checks run on its facts, with the disks read and this machine's facts. */
export function reportOf(inspection: Inspection, toolVersion: string): Report {
  const { scan, tables, partitionVolumes } = inspection;
  return reportFromFacts({
    toolVersion,
    scannedVolumes: scan.scannedVolumes,
    installations: scan.installations,
    unreadable: scan.unreadable,
    disks: disksOf(tables, scan.bcdStores, scan.installations, partitionVolumes),
    host: readHostFacts(),
    generatedAt: new Date(),
  });
}

/** One disk read whole with the volumes given for it: the report, the disk's row in it, and its volumes. */
export interface DiskInspection {
  report: Report;
  disk: Report['disks'][number];
  /**
   * The volumes known to be on the disk: the named ones (the technician gives the disk's volumes), every
   * volume read and tied to one of its partitions, and on Windows every drive letter the live
   * MountedDevices puts on it (an FFU must not be written onto the disk it copies).
   */
  volumesOnDisk: string[];
  /** What each partition holds on the disk itself: a BitLocker header, shadow-copy storage (the FFU gate). */
  storage: PartitionStorage[];
}

/**
 * The inspection of a whole-disk (FFU) capture: the volumes (named, or every drive letter), the disk's
 * partition table from `tableSource`, its volumes without a letter and the BCD stores, tied together as
 * `check --disk` ties them.
 */
export function inspectDisk(tableSource: string, volumes: string[], discovered: boolean, toolVersion: string): DiskInspection {
  const inspection = inspectSources({ volumes, discovered, disks: [tableSource] });
  const [table] = inspection.tables;
  const report = reportOf(inspection, toolVersion);
  const disk = report.disks.find((d) => d.source === table.source)!;
  const onDisk = disk.rows.flatMap((r) => (r.partition && r.volume ? [r.volume] : []));
  const storage = readDiskStorage(
    table.source,
    disk.rows.flatMap((r) => (r.partition ? [{ number: r.partition.number, offset: r.partition.offset, volume: r.volume }] : [])),
    (v) => {
      const arg = classifyVolumeArgument(v);
      return arg.kind === 'folder' ? new VolumeFs(arg.root) : null;
    },
  );
  return {
    report,
    disk,
    volumesOnDisk: [...new Set([...(discovered ? [] : volumes), ...onDisk, ...lettersOnDisk(table, inspection.mounts)])],
    storage,
  };
}
