// The gate of a whole-disk (FFU) capture. An FFU copies every sector in use of every partition,
// so every Windows on the disk goes into the image as it is: "When you generalize an image, Windows
// replaces the computer SID only on the operating system volume where you ran Sysprep. If a single computer
// has multiple operating systems, you must run Sysprep on each operating system individually" (Microsoft,
// "Sysprep (Generalize) a Windows installation"). The disk may be captured only when each partition that
// may hold a Windows is tied to an inspected installation that is generalized, and `check` says nothing
// blocks. What cannot be told — a basic data partition no inspected volume is tied to, an installation
// whose partition is unknown, a volume that could not be read, a disk without a partition table — is
// "unknown", and unknown refuses: a verdict is a promise. judgeDisk is a plain function of the report; the
// disk and the volumes are read by the inspection pipeline (src/inspect/pipeline.ts inspectDisk).
import type { PartitionKind } from '../disk/partition-types';
import type { Report, ReportDisk, ReportFinding } from '../report/model';
import { collapsedFindings } from '../report/text';
import type { DiskRow } from '../windows/boot-disks';
import type { PartitionStorage } from '../windows/disk-storage';
import { GateRefusal, PlanRefusal } from './errors';
import type { GateFinding, GateOutcome } from './gate';
import type { FfuDiskGate } from './capture';
import type { FfuSource } from './types';
import { inspectDisk } from '../inspect/pipeline';
import { mib } from './plan';

/** Partitions that may hold a Windows installation: basic data (NTFS/FAT on MBR) and dynamic-disk data. */
const MAY_HOLD_WINDOWS: PartitionKind[] = ['windows-data', 'ldm'];

function rowText(r: DiskRow): string {
  const p = r.partition!;
  return `partition ${p.number} (${mib(p.size)} ${p.type.name})`;
}

/** Why the disk may not be captured whole, one reason each; empty when every partition is accounted for. */
export function diskCoverageReasons(
  disk: ReportDisk,
  report: Pick<Report, 'unreadableVolumes' | 'scannedVolumes' | 'installations'>,
  storage: PartitionStorage[] = [],
): GateFinding[] {
  const reasons: GateFinding[] = [];
  const name = disk.source ?? 'the disk';
  if (disk.style === 'none' || disk.style === null) {
    reasons.push({
      id: 'FFU-NO-TABLE',
      title: 'The disk has no partition table that could be read',
      message: `${name}: ${disk.problems.join('; ') || 'no partition table'}; what it holds is unknown.`,
    });
  }
  for (const r of disk.rows) {
    if (!r.partition) continue;
    const inst = r.installation;
    if (inst && inst.generalization !== 'generalized') {
      const state = inst.generalization === 'unknown' ? 'of unknown generalization state' : 'not generalized';
      reasons.push({
        id: 'FFU-NOT-GENERALIZED',
        title: 'A Windows on the disk is not generalized',
        message: `${name}: ${inst.id} on ${rowText(r)} is ${state}; an FFU would clone it, SID and all (run Sysprep /generalize in it).`,
      });
    } else if (!inst && MAY_HOLD_WINDOWS.includes(r.partition.type.kind) && !readWithoutWindows(r.volume, report)) {
      reasons.push({
        id: 'FFU-UNINSPECTED',
        title: 'A partition of the disk that may hold Windows was not inspected',
        message: `${name}: ${rowText(r)} is tied to no inspected installation and no volume read (no volume given for it, or its Windows could not be placed on it); whether it holds a Windows that is not generalized is unknown (give its volume, e.g. by a drive letter assigned with diskpart).`,
      });
    }
  }
  reasons.push(...storageReasons(disk, name, storage));
  for (const id of disk.unplaced) {
    reasons.push({
      id: 'FFU-UNPLACED',
      title: 'An installation could not be placed on a partition',
      message: `${id}: its partition is unknown (no MountedDevices entry, no usable boot sector); it may be on ${name}.`,
    });
  }
  for (const u of report.unreadableVolumes) {
    reasons.push({
      id: 'FFU-UNREADABLE',
      title: 'A volume could not be read',
      message: `${u.volume}: ${u.detail}; it may be a partition of ${name}.`,
    });
  }
  return reasons;
}

/**
 * Microsoft's FFU limitations: "FFU captures of encrypted disks are not supported" and "Captures of disks that
 * have Volume Shadow Copy Service (VSS) enabled are not supported" — an unlocked BitLocker data partition and
 * shadow-copy storage on any volume of the disk refuse the capture.
 */
function storageReasons(disk: ReportDisk, name: string, storage: PartitionStorage[]): GateFinding[] {
  const reasons: GateFinding[] = [];
  for (const r of disk.rows) {
    const s = r.partition ? storage.find((x) => x.number === r.partition!.number) : undefined;
    if (!s) continue;
    const where = `${rowText(r)}${s.volume ? ` (${s.volume})` : ''}`;
    if (s.encrypted === true) {
      reasons.push({
        id: 'FFU-ENCRYPTED',
        title: 'A partition of the disk is BitLocker-encrypted',
        message: `${name}: ${where} is BitLocker-encrypted; Microsoft does not support FFU captures of encrypted disks (decrypt it first: manage-bde -off on that volume, until manage-bde -status says Fully Decrypted).`,
      });
    }
    if (s.shadowCopies !== null && s.shadowCopies > 0) {
      reasons.push({
        id: 'FFU-VSS',
        title: 'A volume of the disk holds shadow copies',
        message: `${name}: ${where} holds Volume Shadow Copy storage (${s.shadowCopies} store file(s)); Microsoft does not support FFU captures of disks with VSS (delete them first: vssadmin delete shadows /for=<volume> /all).`,
      });
    }
  }
  return reasons;
}

/**
 * The partition's volume was read in this run (tied to it by the live MountedDevices) and holds no Windows:
 * a data partition, known to be one — not a partition nobody looked at.
 */
function readWithoutWindows(
  volume: string | null,
  report: Pick<Report, 'unreadableVolumes' | 'scannedVolumes' | 'installations'>,
): boolean {
  if (volume === null || !report.scannedVolumes.includes(volume)) return false;
  return !report.unreadableVolumes.some((u) => u.volume === volume) && !report.installations.some((i) => i.volume === volume);
}

/** The installations on the disk: placed on one of its partitions, or whose partition is unknown. */
export function installationsOnDisk(disk: ReportDisk): Set<string> {
  return new Set([...disk.rows.flatMap((r) => (r.partition && r.installation ? [r.installation.id] : [])), ...disk.unplaced]);
}

/**
 * The findings of `check` that concern the disk: those of its installations (one placed on another disk
 * read goes into another image), the cross-installation and unreadable-volume findings, and the disk's own.
 */
function diskFindings(report: Report, disk: ReportDisk): ReportFinding[] {
  const on = installationsOnDisk(disk);
  return [
    ...report.installations.filter((i) => on.has(i.id)).flatMap((i) => i.findings),
    ...report.findings,
    ...report.unreadableVolumes.flatMap((v) => v.findings),
    ...disk.findings,
  ];
}

/**
 * blocked (a blocking finding of `check`, or a reason above) refuses with exit 2 unless --force, which
 * records every finding and reason it went past. DSK004 (a warning for `check`) is one of the reasons here.
 */
export function judgeDisk(report: Report, disk: ReportDisk, force: boolean, storage: PartitionStorage[] = []): GateOutcome {
  const reasons = diskCoverageReasons(disk, report, storage);
  if (reasons.length === 0 && !disk.rows.some((r) => r.partition && r.installation)) {
    throw new PlanRefusal(
      `no Windows installation found on ${disk.source} (none of the inspected installations is on one of its partitions); nothing to capture`,
    );
  }
  const findings = diskFindings(report, disk);
  const refused: GateFinding[] = [...findings.filter((f) => f.severity === 'block'), ...reasons];
  const warnings = findings.filter((f) => f.severity === 'warn' && f.id !== 'DSK004');
  if (refused.length > 0 && !force) {
    const list = collapsedFindings(refused).join('; ');
    throw new GateRefusal(
      `${disk.source} must not be captured whole as it is: ${list} (\`preflight check\` with the same volumes and --disk shows the evidence; --force captures anyway and records what it overrode)`,
    );
  }
  return { report, verdict: refused.length > 0 ? 'blocked' : warnings.length > 0 ? 'warnings' : 'ready', overridden: refused, warnings };
}

/** Reads and judges the disk of an FFU capture; `volumes` are its volumes (named, or every drive letter). */
export function ffuDiskGate(source: FfuSource, volumes: string[], discovered: boolean, force: boolean, toolVersion: string): FfuDiskGate {
  const { report, disk, volumesOnDisk, storage } = inspectDisk(source.tableSource, volumes, discovered, toolVersion);
  return { gate: judgeDisk(report, disk, force, storage), disk, captured: volumesOnDisk };
}
