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
  execFileSync(SFDISK, ['--no-reread', '--no-tell-kernel', '-q', file], { input: lines.join('\n') + '\n', stdio: ['pipe', 'ignore', 'pipe'] });
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
