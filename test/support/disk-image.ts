// Disk images for tests: sparse files given a real partition table by util-linux's sfdisk (Debian's
// fdisk package), which is also the independent reader our partition-table code is compared with
// (`sfdisk --json`). Partition GUIDs, disk GUIDs and MBR disk signatures are set explicitly, so scenario
// hives can carry the matching MountedDevices and BCD device identities.
import { execFileSync, spawnSync } from 'node:child_process';
import { closeSync, openSync, ftruncateSync } from 'node:fs';

export const SFDISK = '/usr/sbin/sfdisk';

export function sfdiskAvailable(): boolean {
  const ok = spawnSync(SFDISK, ['--version'], { stdio: 'ignore' }).status === 0;
  if (!ok && process.env.PREFLIGHT_REQUIRE_CORPUS) throw new Error("sfdisk is required but missing: install Debian's fdisk");
  return ok;
}

export interface ImagePartition {
  /** Start and size in MiB. */
  startMiB: number;
  sizeMiB: number;
  /** sfdisk type: a GPT type GUID or an MBR type byte in hex ("7", "ef", "5"). */
  type: string;
  /** GPT only: the partition's unique GUID and name. */
  uuid?: string;
  name?: string;
}

export interface ImageSpec {
  label: 'gpt' | 'dos';
  /** GPT disk GUID, or MBR disk signature as 0xXXXXXXXX. */
  labelId: string;
  sizeMiB: number;
  partitions: ImagePartition[];
}

/** Writes a sparse image file with the partition table of `spec` (nothing but the table is written). */
export function makeDiskImage(file: string, spec: ImageSpec): void {
  const fd = openSync(file, 'w');
  ftruncateSync(fd, spec.sizeMiB * 1024 * 1024);
  closeSync(fd);
  const lines = [`label: ${spec.label}`, `label-id: ${spec.labelId}`, 'unit: sectors', ''];
  for (const p of spec.partitions) {
    const fields = [`start=${p.startMiB * 2048}`, `size=${p.sizeMiB * 2048}`, `type=${p.type}`];
    if (p.uuid) fields.push(`uuid=${p.uuid}`);
    if (p.name) fields.push(`name="${p.name}"`);
    lines.push(fields.join(', '));
  }
  execFileSync(SFDISK, ['--no-reread', '--no-tell-kernel', '-q', file], {
    input: lines.join('\n') + '\n',
    stdio: ['pipe', 'ignore', 'pipe'],
  });
}

export interface SfdiskTable {
  label: 'gpt' | 'dos';
  id: string;
  sectorsize?: number;
  partitions: { node: string; start: number; size: number; type: string; uuid?: string; name?: string }[];
}

/** sfdisk's own reading of the image, for comparison. */
export function sfdiskJson(file: string): SfdiskTable {
  return (JSON.parse(execFileSync(SFDISK, ['--json', file], { encoding: 'utf8' })) as { partitiontable: SfdiskTable }).partitiontable;
}

const ESP = 'C12A7328-F81F-11D2-BA4B-00A0C93EC93B';
const MSR = 'E3C9E316-0B5C-4DB8-817D-F92DF00215AE';
const BASIC = 'EBD0A0A2-B9E5-4433-87C0-68B6B72699C7';
const LINUX = '0FC63DAF-8483-4772-8E79-3D69D8477DE4';

/** A 4 GiB GPT disk: EFI system, MSR, two Windows partitions (3 and 4) and a Linux partition (5). */
export const TWO_WINDOWS_GPT: ImageSpec = {
  label: 'gpt',
  labelId: '0B2394A9-095E-487D-8D48-719ECD4D78CA',
  sizeMiB: 4096,
  partitions: [
    { startMiB: 1, sizeMiB: 100, type: ESP, uuid: '36BE3955-63BF-4068-A6AB-00195CCA3A22', name: 'EFI system partition' },
    { startMiB: 101, sizeMiB: 16, type: MSR, uuid: 'A1B2C3D4-0000-4000-8000-000000000002', name: 'Microsoft reserved partition' },
    { startMiB: 117, sizeMiB: 1500, type: BASIC, uuid: '8E0F2C38-E4EA-47BA-B7FC-9D8C74DCCF0B', name: 'Basic data partition' },
    { startMiB: 1617, sizeMiB: 1500, type: BASIC, uuid: '5D8F8E3A-1C2B-4E7F-9A6B-0123456789AB', name: 'Basic data partition' },
    { startMiB: 3117, sizeMiB: 900, type: LINUX, uuid: '11111111-2222-4333-8444-555555555555', name: 'linux' },
  ],
};
