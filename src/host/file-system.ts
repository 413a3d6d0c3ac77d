// What kind of file system a destination folder is on and how much room it has: the capture plan needs
// both before it writes (FAT32 cannot hold a file of 4 GiB; a full disk is found at 99 % otherwise).
// Linux: statfs's f_type magic. Windows: statfs has no type there, so the OEM id / FAT32 label of the
// volume's boot sector (\\.\E:) says it; WinPE runs as administrator, which raw reads need.
import * as fs from 'node:fs';
import { driveOf, rawVolumeDevice } from './volumes';

export type FileSystemKind = 'fat32' | 'fat' | 'exfat' | 'ntfs' | 'other';

export interface SpaceInfo {
  freeBytes: number;
  kind: FileSystemKind | null;
}

// linux/magic.h
const MAGIC: Record<number, FileSystemKind> = {
  0x4d44: 'fat32', // MSDOS_SUPER_MAGIC: vfat (FAT12/16/32; the 4 GiB file limit holds for all)
  0x2011bab0: 'exfat',
  0x5346544e: 'ntfs', // ntfs3
  0x65735546: 'other', // fuseblk: ntfs-3g usually, but not known for sure
};

/** Free bytes for an unprivileged writer and the file-system kind, of the volume holding `dir` (which must exist). */
export function spaceOf(dir: string, platform: NodeJS.Platform = process.platform): SpaceInfo {
  const st = fs.statfsSync(dir);
  const freeBytes = Number(st.bavail) * Number(st.bsize);
  if (platform === 'win32') return { freeBytes, kind: windowsKind(dir) };
  return { freeBytes, kind: MAGIC[Number(st.type)] ?? 'other' };
}

function windowsKind(dir: string): FileSystemKind | null {
  const drive = driveOf(dir);
  if (!drive) return null; // a share (\\server\share): its server's business
  let fd: number | null = null;
  try {
    fd = fs.openSync(rawVolumeDevice(drive), fs.constants.O_RDONLY);
    const buf = Buffer.alloc(512);
    fs.readSync(fd, buf, 0, 512, 0);
    return bootSectorKind(buf);
  } catch {
    return null;
  } finally {
    if (fd !== null) fs.closeSync(fd);
  }
}

/** The file system a volume boot sector belongs to (OEM id at 3; FAT32's "FAT32   " label at 0x52). */
export function bootSectorKind(sector: Uint8Array): FileSystemKind {
  const text = (from: number, len: number) => Buffer.from(sector.subarray(from, from + len)).toString('latin1');
  if (text(3, 8) === 'NTFS    ') return 'ntfs';
  if (text(3, 8) === 'EXFAT   ') return 'exfat';
  if (text(0x52, 8) === 'FAT32   ') return 'fat32';
  if (text(0x36, 3) === 'FAT') return 'fat';
  return 'other';
}
