// Volume-level state that makes a capture unsafe or impossible.
//
// hiberfil.sys (domain.md §6.2): a hibernated or Fast-Startup-shut-down volume keeps kernel state (and
// unflushed registry data) in hiberfil.sys that the files on disk do not reflect. ntfs-3g's rule
// (ntfs_volume_check_hiberfile, libntfs-3g/volume.c) is followed: it reads the first 4096 bytes and mounts
// only when all of them are zero; a shorter file or any non-zero byte means "not safe". "hibr"/"HIBR" are
// the magics it names as hibernated; any other non-zero header is unknown here (and VOL001 blocks on it).
//
// Boot sector (domain.md §6.3): BitLocker replaces the NTFS OEM ID at offset 3 ("NTFS    ") with
// "-FVE-FS-"; BitLocker To Go volumes carry the GUID 4967D63B-2E29-4AD8-8399-F6A339E3D001 at offset 424
// (dfvfs bde_analyzer_helper). A raw device or image cannot be inspected as a folder at all: it has to be
// unlocked and/or mounted first.

import * as fs from 'node:fs';
import { driveRoot, rawVolumeDevice } from '../host/volumes';
import type { Evidence, UnreadableVolume, VolumeStateFacts } from './facts';
import { VolumeFs, errText } from './volume-fs';

export interface HiberfilState {
  hiberfilPresent: VolumeStateFacts['hiberfilPresent'];
  hiberfilSignature: VolumeStateFacts['hiberfilSignature'];
  hibernated: VolumeStateFacts['hibernated'];
  evidence: Evidence[];
}

/**
 * Header magics read as "hibernated" (ntfs-3g refuses to mount on these). 'wake' and 'RSTR' are mentioned
 * by one practitioner write-up only (domain.md §6.2, UNCONFIRMED; one reading of 'wake' is "image already
 * resumed"): they are reported as unknown — a check asks the technician to look — never as a fact.
 */
const HIBERNATED_MAGICS = new Set(['hibr', 'HIBR']);

function printable(b: Buffer): string | null {
  for (const x of b) if (x < 0x20 || x > 0x7e) return null;
  return b.toString('latin1');
}

/** ntfs-3g's NTFS_HIBERFILE_HEADER_SIZE: how much of hiberfil.sys must be zero for a clean volume. */
export const HIBERFILE_HEADER_SIZE = 4096;

/** \hiberfil.sys at the volume root: present? signature? hibernated? (unknown or short header → null) */
export function readHiberfil(vol: VolumeFs): HiberfilState {
  const rel = 'hiberfil.sys';
  const shown = vol.displayPath(rel);
  const st = vol.stat(rel);
  if (st === null) {
    return {
      hiberfilPresent: false,
      hiberfilSignature: null,
      hibernated: false,
      evidence: [{ source: 'file', path: shown, detail: 'not present' }],
    };
  }
  let head: Buffer | null;
  try {
    head = vol.readHead(rel, HIBERFILE_HEADER_SIZE);
  } catch (e) {
    return {
      hiberfilPresent: true,
      hiberfilSignature: null,
      hibernated: null,
      evidence: [{ source: 'file', path: shown, detail: `unreadable: ${errText(e)}` }],
    };
  }
  if (head === null || head.length < 4) {
    return {
      hiberfilPresent: true,
      hiberfilSignature: null,
      hibernated: null,
      evidence: [{ source: 'file', path: shown, detail: `header too short (${head?.length ?? 0} bytes): state unknown` }],
    };
  }
  const magic = head.subarray(0, 4);
  const signature = printable(magic);
  const hex = magic.toString('hex');
  if (signature !== null && HIBERNATED_MAGICS.has(signature)) {
    return {
      hiberfilPresent: true,
      hiberfilSignature: signature,
      hibernated: true,
      evidence: [{ source: 'file', path: shown, detail: `header signature '${signature}' (hibernated)` }],
    };
  }
  if (head.length < HIBERFILE_HEADER_SIZE) {
    return {
      hiberfilPresent: true,
      hiberfilSignature: signature,
      hibernated: null,
      evidence: [
        { source: 'file', path: shown, detail: `header shorter than ${HIBERFILE_HEADER_SIZE} bytes (${head.length}): state unknown` },
      ],
    };
  }
  const nonZero = head.findIndex((b) => b !== 0);
  if (nonZero < 0) {
    return {
      hiberfilPresent: true,
      hiberfilSignature: null,
      hibernated: false,
      evidence: [{ source: 'file', path: shown, detail: 'header zeroed (not hibernated)' }],
    };
  }
  const what = magic.every((b) => b === 0)
    ? `non-zero byte at offset ${nonZero} of the first ${HIBERFILE_HEADER_SIZE}`
    : `unrecognised header ${signature !== null ? `'${signature}'` : `0x${hex}`}`;
  return {
    hiberfilPresent: true,
    hiberfilSignature: signature,
    hibernated: null,
    evidence: [{ source: 'file', path: shown, detail: `${what}: state unknown (not safe)` }],
  };
}

// ---------------------------------------------------------------------------------------------------
// Boot sectors.

export const BOOT_SECTOR_SIZE = 512;
/**
 * How much is read: 4096 bytes, a multiple of both 512-byte and 4Kn sector sizes, because raw Windows
 * volume handles (\\.\C:) accept only sector-multiple reads (our understanding of the Win32 rule;
 * UNCONFIRMED against a 4Kn disk here). Image files shorter than that simply return fewer bytes.
 */
const FIRST_READ = 4096;
/** OEM ID: 8 bytes at offset 3. */
const OEM_OFFSET = 3;
const OEM_BITLOCKER = '-FVE-FS-';
const OEM_NTFS = 'NTFS    ';
/** BitLocker To Go identifier at offset 424 (on-disk byte order, as listed in domain.md §6.3). */
const BITLOCKER_TO_GO_OFFSET = 424;
const BITLOCKER_TO_GO_GUID = Buffer.from([0x3b, 0xd6, 0x67, 0x49, 0x29, 0x2e, 0xd8, 0x4a, 0x83, 0x99, 0xf6, 0xa3, 0x39, 0xe3, 0xd0, 0x01]);

export type BootSectorKind = 'bitlocker' | 'bitlocker-to-go' | 'ntfs' | 'unknown';

export interface BootSectorInfo {
  kind: BootSectorKind;
  /** The 8 OEM ID bytes as text (non-printable bytes shown as '.'). */
  oemId: string;
  /** Extra recognition for 'unknown' first sectors (a disk image rather than a volume). */
  note: string | null;
  /**
   * NTFS: where the volume starts on its disk, in bytes — the BPB's hidden sectors (u32 at 0x1C) times its
   * bytes per sector (u16 at 0x0B). Null for other volumes or values that cannot be right.
   */
  partitionOffset: number | null;
}

export function parseBootSector(buf: Uint8Array): BootSectorInfo {
  const b = Buffer.from(buf.buffer, buf.byteOffset, buf.length);
  const oemBytes = b.subarray(OEM_OFFSET, OEM_OFFSET + 8);
  const oemId = Array.from(oemBytes, (x) => (x >= 0x20 && x <= 0x7e ? String.fromCharCode(x) : '.')).join('');
  if (oemBytes.toString('latin1') === OEM_BITLOCKER) return { kind: 'bitlocker', oemId, note: null, partitionOffset: null };
  if (
    b.length >= BITLOCKER_TO_GO_OFFSET + 16 &&
    b.subarray(BITLOCKER_TO_GO_OFFSET, BITLOCKER_TO_GO_OFFSET + 16).equals(BITLOCKER_TO_GO_GUID)
  ) {
    return { kind: 'bitlocker-to-go', oemId, note: null, partitionOffset: null };
  }
  if (oemBytes.toString('latin1') === OEM_NTFS) return { kind: 'ntfs', oemId, note: null, partitionOffset: ntfsPartitionOffset(b) };
  let note: string | null = null;
  if (b.subarray(0, 8).toString('latin1') === 'vhdxfile') note = 'a VHDX disk image';
  else if (b.length >= 520 && b.subarray(512, 520).toString('latin1') === 'EFI PART') note = 'a GPT-partitioned disk image';
  else if (b.length >= 512 && b[510] === 0x55 && b[511] === 0xaa && oemBytes.every((x) => x === 0)) note = 'an MBR-partitioned disk image';
  return { kind: 'unknown', oemId, note, partitionOffset: null };
}

/** Hidden sectors × bytes per sector of an NTFS BPB; null when the sector size is not a power of two 512-4096. */
function ntfsPartitionOffset(b: Buffer): number | null {
  if (b.length < 0x20) return null;
  const bytesPerSector = b.readUInt16LE(0x0b);
  if (![512, 1024, 2048, 4096].includes(bytesPerSector)) return null;
  return b.readUInt32LE(0x1c) * bytesPerSector;
}

export type BootSectorRead = ({ ok: true } & BootSectorInfo) | { ok: false; error: string };

/** Read and classify the first sector(s) of a block device, raw volume or image file. Never throws. */
export function readBootSector(devicePathOrImage: string): BootSectorRead {
  // Regular files (images) and block devices only: a FIFO would block the open, a character device
  // (/dev/zero) is no volume. Windows raw volume paths (\\.\C:) cannot be stat'ed and are opened as they are.
  const rawWindowsDevice = /^\\\\[.?]\\/.test(devicePathOrImage);
  if (!rawWindowsDevice) {
    try {
      const st = fs.statSync(devicePathOrImage);
      if (!st.isFile() && !st.isBlockDevice()) return { ok: false, error: 'not a volume: neither a block device nor an image file' };
    } catch (e) {
      return { ok: false, error: errText(e) };
    }
  }
  let fd: number;
  try {
    fd = fs.openSync(devicePathOrImage, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
  } catch (e) {
    return { ok: false, error: errText(e) };
  }
  try {
    const buf = Buffer.alloc(FIRST_READ);
    let got = 0;
    while (got < buf.length) {
      const n = fs.readSync(fd, buf, got, buf.length - got, got);
      if (n <= 0) break;
      got += n;
    }
    if (got < BOOT_SECTOR_SIZE) return { ok: false, error: `only ${got} bytes: too small to be a volume` };
    return { ok: true, ...parseBootSector(buf.subarray(0, got)) };
  } catch (e) {
    return { ok: false, error: errText(e) };
  } finally {
    fs.closeSync(fd);
  }
}

export type VolumeArgument = { kind: 'folder'; root: string } | { kind: 'unreadable'; volume: UnreadableVolume };

/**
 * What the technician passed: a mounted folder (inspect it), or a device/image file we can only name
 * the problem of: BitLocker-locked, a raw NTFS volume to be mounted, or not a Windows volume at all.
 */
export function classifyVolumeArgument(p: string, platform: NodeJS.Platform = process.platform): VolumeArgument {
  let target = p;
  if (platform === 'win32' && /^[A-Za-z]:$/.test(target)) target += '\\'; // "C:" means C:'s cwd; we mean its root
  const unreadable = (reason: UnreadableVolume['reason'], detail: string, evidence: Evidence[] = []): VolumeArgument => ({
    kind: 'unreadable',
    volume: { volume: p, reason, detail, evidence },
  });

  let st: fs.Stats | null = null;
  let statError: string | null = null;
  try {
    st = fs.statSync(target);
  } catch (e) {
    statError = errText(e);
  }
  if (st?.isDirectory()) return { kind: 'folder', root: target };
  const rawDevicePath = platform === 'win32' && /^\\\\[.?]\\/.test(target);
  // A BitLocker-locked drive letter cannot be listed on Windows; its raw device still shows the
  // '-FVE-FS-' boot sector, so look there before calling it merely unreadable.
  const drive = platform === 'win32' ? driveRoot(target) : null;
  if (st === null && drive) {
    const raw = classifyVolumeArgument(rawVolumeDevice(drive), platform);
    if (raw.kind === 'unreadable' && raw.volume.reason === 'bitlocker-locked')
      return { kind: 'unreadable', volume: { ...raw.volume, volume: p } };
  }
  if (st === null && !rawDevicePath) return unreadable('unreadable', `cannot access ${p}: ${statError}`);

  const bs = readBootSector(target);
  // A file too small or of the wrong kind to be a volume is no Windows volume (the same answer as a folder
  // without Windows); an I/O error on a real device or image stays "unreadable".
  if (!bs.ok)
    return unreadable(
      /too small to be a volume|not a volume:/.test(bs.error) ? 'not-a-windows-volume' : 'unreadable',
      `cannot read the boot sector of ${p}: ${bs.error}`,
    );
  const ev: Evidence[] = [{ source: 'volume', path: p, detail: `boot sector OEM ID '${bs.oemId}' at offset 3 (${bs.kind})` }];
  switch (bs.kind) {
    case 'bitlocker':
    case 'bitlocker-to-go':
      return unreadable(
        'bitlocker-locked',
        `BitLocker-encrypted volume (${bs.kind === 'bitlocker' ? "'-FVE-FS-' boot sector" : 'BitLocker To Go identifier'}): unlock it (manage-bde -unlock, WinPE-SecureStartup) and pass its drive letter`,
        ev,
      );
    case 'ntfs':
      return unreadable('unreadable', 'raw NTFS volume: mount it (read-only) and pass the mount point', ev);
    default:
      return unreadable(
        'not-a-windows-volume',
        bs.note
          ? `${p} is ${bs.note}, not a volume: attach/mount it and pass the mounted Windows volume folder`
          : `${p} is neither a folder nor an NTFS or BitLocker volume`,
        ev,
      );
  }
}
