// Reading a whole disk, read-only: on Windows `\\.\PhysicalDriveN`, elsewhere a block device or a disk
// image file. A raw Windows disk accepts only reads whose offset and length are multiples of the sector
// size, so every read here is widened to whole sectors and cut back to what was asked. Nothing is ever
// written, and the file is opened read-only.
import { closeSync, constants, fstatSync, openSync, readSync, statSync } from 'node:fs';

export interface DiskReader {
  /** What was opened, as named (e.g. `\\.\PhysicalDrive0`, `/dev/sda`, `disk.img`). */
  readonly source: string;
  /** Logical sector size in bytes (512 unless told otherwise). */
  readonly sectorSize: number;
  /** Size in bytes when known (files); null for devices whose size stat does not tell. */
  readonly size: number | null;
  /** Exactly `length` bytes at `offset`, fewer only at the end of the disk. */
  read(offset: number, length: number): Buffer;
  close(): void;
}

/** No partition-table structure read here is larger than this; a header claiming more is refused. */
export const MAX_DISK_READ = 4 * 1024 * 1024;

export class DiskReadError extends Error {}

const NOT_A_DISK = 'not a disk, a block device or a disk image file';

export function openDisk(source: string, sectorSize = 512): DiskReader {
  const windowsDevice = process.platform === 'win32' && /^\\\\\.\\/.test(source);
  // Looked at before it is opened: opening a FIFO for reading waits for a writer, for ever. Opened
  // non-blocking as well, so that one swapped in between returns at once and fails the fstat below.
  if (!windowsDevice) {
    let st;
    try {
      st = statSync(source);
    } catch (err) {
      throw new DiskReadError(`${source}: cannot open the disk for reading: ${(err as Error).message}`);
    }
    if (!st.isFile() && !st.isBlockDevice()) throw new DiskReadError(`${source}: ${NOT_A_DISK}`);
  }
  let fd: number;
  try {
    fd = openSync(source, constants.O_RDONLY | (windowsDevice ? 0 : (constants.O_NONBLOCK ?? 0)));
  } catch (err) {
    throw new DiskReadError(`${source}: cannot open the disk for reading: ${(err as Error).message}`);
  }
  const st = fstatSync(fd);
  if (!st.isFile() && !st.isBlockDevice() && !windowsDevice) {
    closeSync(fd);
    throw new DiskReadError(`${source}: ${NOT_A_DISK}`);
  }
  const size = st.isFile() ? st.size : null;
  return {
    source,
    sectorSize,
    size,
    read(offset: number, length: number): Buffer {
      if (length < 0 || length > MAX_DISK_READ) throw new DiskReadError(`${source}: refusing a read of ${length} bytes`);
      const start = Math.floor(offset / sectorSize) * sectorSize;
      const end = Math.ceil((offset + length) / sectorSize) * sectorSize;
      const buf = Buffer.alloc(end - start);
      let got = 0;
      while (got < buf.length) {
        let n: number;
        try {
          n = readSync(fd, buf, got, buf.length - got, start + got);
        } catch (err) {
          throw new DiskReadError(`${source}: read at offset 0x${(start + got).toString(16)} failed: ${(err as Error).message}`);
        }
        if (n === 0) break;
        got += n;
      }
      return buf.subarray(offset - start, Math.min(got, offset - start + length));
    },
    close: () => closeSync(fd),
  };
}

/** Windows' name of physical disk N. */
export function physicalDrive(n: number): string {
  return `\\\\.\\PhysicalDrive${n}`;
}
