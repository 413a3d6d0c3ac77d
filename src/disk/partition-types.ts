// What a partition is, from its MBR type byte or GPT type GUID (UEFI specification "Defined GPT Partition
// Entry - Partition Type GUIDs"; Microsoft "Windows and GPT FAQ"; the common MBR partition-type list).
// `kind` is what preflight cares about: which partitions Sysprep and a Windows capture deal with.

export type PartitionKind =
  | 'efi-system'
  | 'microsoft-reserved'
  | 'windows-data'
  | 'windows-recovery'
  | 'ldm'
  | 'linux'
  | 'extended'
  | 'gpt-protective'
  | 'other';

export interface PartitionType {
  /** `0x07` for MBR, the lower-case GUID with braces for GPT. */
  code: string;
  name: string;
  kind: PartitionKind;
}

const GPT: Record<string, [string, PartitionKind]> = {
  '{c12a7328-f81f-11d2-ba4b-00a0c93ec93b}': ['EFI system', 'efi-system'],
  '{e3c9e316-0b5c-4db8-817d-f92df00215ae}': ['Microsoft reserved (MSR)', 'microsoft-reserved'],
  '{ebd0a0a2-b9e5-4433-87c0-68b6b72699c7}': ['Microsoft basic data', 'windows-data'],
  '{de94bba4-06d1-4d40-a16a-bfd50179d6ac}': ['Windows recovery', 'windows-recovery'],
  '{5808c8aa-7e8f-42e0-85d2-e1e90434cfb3}': ['LDM metadata', 'ldm'],
  '{af9b60a0-1431-4f62-bc68-3311714a69ad}': ['LDM data', 'ldm'],
  '{0fc63daf-8483-4772-8e79-3d69d8477de4}': ['Linux filesystem', 'linux'],
  '{0657fd6d-a4ab-43c4-84e5-0933c84b4f4f}': ['Linux swap', 'linux'],
  '{e6d6d379-f507-44c2-a23c-238f2a3df928}': ['Linux LVM', 'linux'],
  '{4f68bce3-e8cd-4db1-96e7-fbcaf984b709}': ['Linux root (x86-64)', 'linux'],
  '{933ac7e1-2eb4-4f13-b844-0e14e2aef915}': ['Linux /home', 'linux'],
  '{21686148-6449-6e6f-744e-656564454649}': ['BIOS boot', 'other'],
  '{7c3457ef-0000-11aa-aa11-00306543ecac}': ['Apple APFS', 'other'],
  '{48465300-0000-11aa-aa11-00306543ecac}': ['Apple HFS+', 'other'],
};

const MBR: Record<number, [string, PartitionKind]> = {
  0x01: ['FAT12', 'other'],
  0x04: ['FAT16 (<32 MB)', 'other'],
  0x05: ['extended (CHS)', 'extended'],
  0x06: ['FAT16', 'other'],
  0x07: ['NTFS / exFAT', 'windows-data'],
  0x0b: ['FAT32 (CHS)', 'windows-data'],
  0x0c: ['FAT32 (LBA)', 'windows-data'],
  0x0e: ['FAT16 (LBA)', 'windows-data'],
  0x0f: ['extended (LBA)', 'extended'],
  0x27: ['Windows recovery (hidden NTFS)', 'windows-recovery'],
  0x42: ['LDM (dynamic disk)', 'ldm'],
  0x82: ['Linux swap', 'linux'],
  0x83: ['Linux', 'linux'],
  0x85: ['Linux extended', 'extended'],
  0x8e: ['Linux LVM', 'linux'],
  0xee: ['GPT protective', 'gpt-protective'],
  0xef: ['EFI system', 'efi-system'],
};

export function gptPartitionType(guid: string): PartitionType {
  const known = GPT[guid];
  return { code: guid, name: known?.[0] ?? 'unknown GPT type', kind: known?.[1] ?? 'other' };
}

export function mbrPartitionType(byte: number): PartitionType {
  const known = MBR[byte];
  return { code: `0x${byte.toString(16).padStart(2, '0')}`, name: known?.[0] ?? 'unknown MBR type', kind: known?.[1] ?? 'other' };
}
