// Which drive DISM captures: /CaptureDrive takes a physical drive, `\\.\PhysicalDriveN` (diskpart's disk
// number). On Windows `--disk` is that number (or the `\\.\PhysicalDriveN` path itself); a disk image
// file is a usage error there, since DISM cannot capture a file and preflight will not pretend it can.
// Elsewhere (Linux) DISM does not exist: `--disk` is a block device or image file whose table is read, the
// plan and --dry-run work, and a real run stops at "dism not found" (exit 3) — unless PREFLIGHT_DISM points
// at the tests' stand-in, which is then handed the same path. PREFLIGHT_DISK_TABLE (tests only, like
// PREFLIGHT_DISM; never set it in WinPE) reads disk N's partition table from an image file while DISM is
// still given `\\.\PhysicalDriveN`: under wine no physical drive can be read.
import { physicalDrive } from '../disk/disk-reader';
import type { FfuSource } from '../capture/types';
import { UsageError } from './fail';

const PHYSICAL_DRIVE = /^\\\\\.\\PhysicalDrive(\d{1,3})$/i;

export function ffuSource(
  disk: string,
  platform: NodeJS.Platform = process.platform,
  env: Record<string, string | undefined> = process.env,
): FfuSource {
  if (platform !== 'win32') return { disk, tableSource: disk, captureDrive: disk };
  const number = /^\d{1,3}$/.test(disk) ? Number(disk) : PHYSICAL_DRIVE.exec(disk) ? Number(PHYSICAL_DRIVE.exec(disk)![1]) : null;
  if (number === null) {
    throw new UsageError(
      `--disk ${disk}: an FFU is captured from a physical drive; give its number (diskpart: list disk), e.g. --disk 0 for \\\\.\\PhysicalDrive0 (DISM cannot capture an image file)`,
    );
  }
  const drive = physicalDrive(number);
  return { disk, tableSource: env.PREFLIGHT_DISK_TABLE || drive, captureDrive: drive };
}
