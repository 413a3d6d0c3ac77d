// How Windows names one partition without drive letters, in the three places preflight ties together:
// BCD device elements (domain.md §5.3), an installation's own SYSTEM\MountedDevices, and the partition
// table on the disk. MBR: the disk signature (MBR offset 0x1B8) and the partition's start offset in bytes;
// GPT: the partition's unique GUID (unique across disks, so the disk GUID is not needed to match).
// MountedDevices stores it as REG_BINARY: 12 bytes for MBR (u32 disk signature, u64 start offset in bytes)
// or 24 bytes `DMIO:ID:` + the GPT partition's unique GUID; other values (UTF-16 device paths of removable
// and optical drives) name no partition.
import { guidAt } from '../bcd/guid';

const DMIO = Buffer.from('DMIO:ID:', 'latin1');

export type PartitionIdentity = { style: 'gpt'; partitionGuid: string } | { style: 'mbr'; diskSignature: string; offset: number };

export function sameIdentity(a: PartitionIdentity | null, b: PartitionIdentity | null): boolean {
  if (!a || !b || a.style !== b.style) return false;
  if (a.style === 'gpt') return a.partitionGuid === (b as typeof a).partitionGuid;
  const m = b as typeof a;
  return a.diskSignature === m.diskSignature && a.offset === m.offset;
}

export function identityText(id: PartitionIdentity): string {
  return id.style === 'gpt' ? `GPT partition ${id.partitionGuid}` : `MBR disk ${id.diskSignature} at byte ${id.offset}`;
}

/** `0x` and 8 lower-case hex digits, as BCD and MountedDevices are shown. */
export function signatureText(n: number): string {
  return `0x${(n >>> 0).toString(16).padStart(8, '0')}`;
}

/** The partition a MountedDevices value names, or null when it names none (or cannot be read). */
export function mountedDeviceIdentity(raw: Uint8Array): PartitionIdentity | null {
  const b = Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
  if (b.length === 12) {
    const offset = b.readBigUInt64LE(4);
    if (offset > BigInt(Number.MAX_SAFE_INTEGER)) return null;
    return { style: 'mbr', diskSignature: signatureText(b.readUInt32LE(0)), offset: Number(offset) };
  }
  if (b.length === 24 && b.subarray(0, 8).equals(DMIO)) return { style: 'gpt', partitionGuid: guidAt(b, 8)! };
  return null;
}
