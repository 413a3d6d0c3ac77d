// What `capture --disk N --ffu FILE` reads before it plans: the volumes (named, or every drive letter),
// disk N's partition table and the BCD stores, tied together as `check --disk` ties them, then judged by
// src/capture/disk-gate.ts.
//
// Which drive DISM captures: /CaptureDrive takes a physical drive, `\\.\PhysicalDriveN` (diskpart's disk
// number). On Windows `--disk` is that number (or the `\\.\PhysicalDriveN` path itself); a disk image
// file is a usage error there, since DISM cannot capture a file and preflight will not pretend it can.
// Elsewhere (Linux) DISM does not exist: `--disk` is a block device or image file whose table is read, the
// plan and --dry-run work, and a real run stops at "dism not found" (exit 3) — unless PREFLIGHT_DISM points
// at the tests' stand-in, which is then handed the same path. PREFLIGHT_DISK_TABLE (tests only, like
// PREFLIGHT_DISM; never set it in WinPE) reads disk N's partition table from an image file while DISM is
// still given `\\.\PhysicalDriveN`: under wine no physical drive can be read.
import { physicalDrive } from '../disk/disk-reader';
import { readHostFacts } from '../host/host-facts';
import { rawDeviceOf } from '../host/volumes';
import { buildReport } from '../report/model';
import { judgeDisk } from '../capture/disk-gate';
import type { FfuDiskGate } from '../capture/capture';
import type { FfuSource } from '../capture/types';
import { scanVolumes } from '../windows/scan';
import { readDiskStorage } from '../windows/disk-storage';
import { VolumeFs } from '../windows/volume-fs';
import { classifyVolumeArgument } from '../windows/volume-state';
import { disksOf, lettersOnDisk, readTables, withUnletteredVolumes } from './disks';
import { UsageError } from './fail';
import { hostVolumes, refuseMissing } from './volume-args';

const PHYSICAL_DRIVE = /^\\\\\.\\PhysicalDrive(\d{1,3})$/i;

export function ffuSource(disk: string, platform: NodeJS.Platform = process.platform, env: Record<string, string | undefined> = process.env): FfuSource {
  if (platform !== 'win32') return { disk, tableSource: disk, captureDrive: disk };
  const number = /^\d{1,3}$/.test(disk) ? Number(disk) : PHYSICAL_DRIVE.exec(disk) ? Number(PHYSICAL_DRIVE.exec(disk)![1]) : null;
  if (number === null) {
    throw new UsageError(`--disk ${disk}: an FFU is captured from a physical drive; give its number (diskpart: list disk), e.g. --disk 0 for \\\\.\\PhysicalDrive0 (DISM cannot capture an image file)`);
  }
  const drive = physicalDrive(number);
  return { disk, tableSource: env.PREFLIGHT_DISK_TABLE || drive, captureDrive: drive };
}

/** Reads and judges the disk; `named` are the volumes given on the command line (none: every drive letter). */
export function ffuDiskGate(source: FfuSource, named: string[], force: boolean, toolVersion: string): FfuDiskGate {
  const discovered = named.length === 0;
  const volumes = discovered ? hostVolumes() : named;
  if (!discovered) refuseMissing(volumes);
  const [table] = readTables([source.tableSource]);
  // The disk's volumes without a drive letter (its EFI system partition, a second Windows) are read too.
  const { scan, partitionVolumes, mounts } = withUnletteredVolumes(scanVolumes(volumes, { rawDeviceOf, discovered }), [table], volumes);
  const disks = disksOf([table], scan.bcdStores, scan.installations, partitionVolumes);
  const report = buildReport({
    toolVersion,
    scannedVolumes: scan.scannedVolumes,
    installations: scan.installations,
    unreadable: scan.unreadable,
    disks,
    host: readHostFacts(),
    generatedAt: new Date(),
  });
  const disk = report.disks.find((d) => d.source === table.source)!;
  const storage = readDiskStorage(
    table.source,
    disk.rows.flatMap((r) => (r.partition ? [{ number: r.partition.number, offset: r.partition.offset, volume: r.volume }] : [])),
    (v) => {
      const arg = classifyVolumeArgument(v);
      return arg.kind === 'folder' ? new VolumeFs(arg.root) : null;
    },
  );
  const gate = judgeDisk(report, disk, force, storage);
  // The volumes known to be on the disk: the named ones (the technician gives the disk's volumes), every
  // volume read and tied to one of its partitions, and on Windows every drive letter the live MountedDevices
  // puts on it (the FFU must not be written onto the disk it copies).
  const onDisk = disk.rows.flatMap((r) => (r.partition && r.volume ? [r.volume] : []));
  return { gate, disk, captured: [...new Set([...(discovered ? [] : volumes), ...onDisk, ...lettersOnDisk(table, mounts)])] };
}
