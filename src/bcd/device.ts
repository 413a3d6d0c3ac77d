// BCD device elements (format 1: `device`, `osdevice`, `filedevice`, `ramdisksdidevice`, …), binary, as
// laid out in domain.md §5.3 (ReactOS bl.h BL_DEVICE_DESCRIPTOR; DiscUtils DeviceElementValue /
// PartitionRecord; mistyprojects' BCDEdit notes). Offsets below are from the start of the element value:
//
//   0x00  GUID   associated object (e.g. the {ramdiskoptions} of a ramdisk device), zero when none
//   0x10  u32    device type: 0 local disk (floppy, CD, ramdisk, file, VHD), 2 legacy partition, 3 serial,
//                4 UDP, 5 boot (the device the boot manager came from), 6 partition, 8 locate
//   0x14  u32    flags
//   0x18  u32    size of the device record from 0x10 (0x48 for a partition)
//   0x20  …      the record's body
//
// Partition body (type 6): 0x20 partition identity — GPT: the partition's unique GUID; MBR: its start
// offset in bytes (u64) —, 0x34 u32 partition style (0 GPT, 1 MBR, 2 raw), 0x38 disk identity — GPT: the
// disk GUID; MBR: the 4-byte disk signature (MBR offset 0x1B8). A ramdisk (local type 3) is followed by a
// file-path descriptor {u32 version 1, u32 length, u32 path type} whose own device record and UTF-16 path
// name the image file (seen in a real EFI store: `\Recovery\WindowsRE\Winre.wim` on a GPT partition).
// Anything that does not fit these layouts is kept as `unknown` with its bytes, never guessed at.

import { guidAt, ZERO_GUID } from './guid';

export type BcdDevice =
  | { kind: 'partition'; style: 'gpt'; partitionGuid: string; diskGuid: string }
  | { kind: 'partition'; style: 'mbr'; partitionOffset: number; diskSignature: string }
  | { kind: 'boot' }
  | { kind: 'locate' }
  | { kind: 'ramdisk'; image: { device: BcdDevice; path: string } | null }
  | { kind: 'file' | 'vhd' | 'cdrom' | 'floppy' | 'disk' | 'serial' | 'udp'; detail: string }
  | { kind: 'unknown'; deviceType: number | null; detail: string; hex: string };

export interface DecodedDevice {
  /** The associated object (lower-case GUID with braces), null when the field is zero or absent. */
  associated: string | null;
  device: BcdDevice;
}

const PARTITION_RECORD = 0x48;
const MAX_NESTING = 4;

export function decodeDevice(raw: Uint8Array): DecodedDevice {
  const b = Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
  const associated = guidAt(b, 0);
  return { associated: associated && associated !== ZERO_GUID ? associated : null, device: decodeRecord(b, 0x10, 0) };
}

function unknown(b: Buffer, at: number, deviceType: number | null, detail: string): BcdDevice {
  return { kind: 'unknown', deviceType, detail, hex: b.subarray(Math.max(0, at - 0x10)).toString('hex') };
}

/** The device record starting at `at` (its type field); `depth` bounds records nested in file paths. */
function decodeRecord(b: Buffer, at: number, depth: number): BcdDevice {
  if (at + 0x10 > b.length) return unknown(b, at, null, `too short for a device record (${b.length} bytes)`);
  const type = b.readUInt32LE(at);
  const size = b.readUInt32LE(at + 8);
  switch (type) {
    case 5:
      return { kind: 'boot' };
    case 8:
      return { kind: 'locate' };
    case 6:
      return partition(b, at, size);
    case 0:
      return localDevice(b, at, size, depth);
    case 2:
      return unknown(b, at, type, 'legacy partition device (layout not decoded)');
    case 3:
      return { kind: 'serial', detail: 'serial port device' };
    case 4:
      return { kind: 'udp', detail: 'network (UDP) device' };
    default:
      return unknown(b, at, type, `device type ${type}`);
  }
}

function partition(b: Buffer, at: number, size: number): BcdDevice {
  if (size < PARTITION_RECORD || at + PARTITION_RECORD > b.length) {
    return unknown(b, at, 6, `partition record of ${Math.min(size, b.length - at)} bytes, expected ${PARTITION_RECORD}`);
  }
  const style = b.readUInt32LE(at + 0x24);
  if (style === 0) {
    return { kind: 'partition', style: 'gpt', partitionGuid: guidAt(b, at + 0x10)!, diskGuid: guidAt(b, at + 0x28)! };
  }
  if (style === 1) {
    const offset = b.readBigUInt64LE(at + 0x10);
    if (offset > BigInt(Number.MAX_SAFE_INTEGER)) return unknown(b, at, 6, `MBR partition offset ${offset} out of range`);
    const signature = b.readUInt32LE(at + 0x28);
    return {
      kind: 'partition',
      style: 'mbr',
      partitionOffset: Number(offset),
      diskSignature: `0x${signature.toString(16).padStart(8, '0')}`,
    };
  }
  return unknown(b, at, 6, `partition style ${style} (neither GPT 0 nor MBR 1)`);
}

const LOCAL_TYPES: Record<number, 'disk' | 'floppy' | 'cdrom' | 'file' | 'vhd'> = {
  0: 'disk',
  1: 'floppy',
  2: 'cdrom',
  5: 'file',
  6: 'vhd',
};

function localDevice(b: Buffer, at: number, size: number, depth: number): BcdDevice {
  if (at + 0x14 > b.length) return unknown(b, at, 0, 'local device record too short');
  const local = b.readUInt32LE(at + 0x10);
  if (local === 3) return { kind: 'ramdisk', image: ramdiskImage(b, at, size, depth) };
  const kind = LOCAL_TYPES[local];
  return kind ? { kind, detail: `local device type ${local} (layout not decoded)` } : unknown(b, at, 0, `local device type ${local}`);
}

/** The image file of a ramdisk: a file-path descriptor after the ramdisk record; null when it does not fit. */
function ramdiskImage(b: Buffer, at: number, size: number, depth: number): { device: BcdDevice; path: string } | null {
  const desc = at + 0x28;
  if (depth >= MAX_NESTING || desc + 12 > b.length) return null;
  const version = b.readUInt32LE(desc);
  const length = b.readUInt32LE(desc + 4);
  const end = desc + length;
  if (version !== 1 || length < 12 + 0x10 || end > b.length || end > at + size) return null;
  const inner = desc + 12;
  const innerSize = b.readUInt32LE(inner + 8);
  if (innerSize < 0x10 || inner + innerSize > end) return null;
  const device = decodeRecord(b.subarray(0, inner + innerSize), inner, depth + 1);
  const text = b.subarray(inner + innerSize, end - ((end - inner - innerSize) % 2)).toString('utf16le');
  const nul = text.indexOf('\0');
  return { device, path: nul >= 0 ? text.slice(0, nul) : text };
}

/** How bcdedit-like text shows a device: `partition (GPT disk {…}, partition {…})`, `boot`, `ramdisk=[…]\path`. */
export function deviceText(d: BcdDevice): string {
  switch (d.kind) {
    case 'partition':
      return d.style === 'gpt'
        ? `partition (GPT disk ${d.diskGuid}, partition ${d.partitionGuid})`
        : `partition (MBR disk ${d.diskSignature}, offset ${d.partitionOffset})`;
    case 'boot':
      return 'boot';
    case 'locate':
      return 'locate (custom)';
    case 'ramdisk':
      return d.image ? `ramdisk=[${deviceText(d.image.device)}]${d.image.path}` : 'ramdisk (image not decoded)';
    case 'unknown':
      return `unknown device (${d.detail})`;
    default:
      return `${d.kind} (${d.detail})`;
  }
}
