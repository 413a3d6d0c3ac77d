// `preflight check [VOLUME…]`: may the offline installation(s) be captured? Text for a person, --json for
// scripts, --out DIR for files on persistent media; the exit code carries the verdict.
import { resolve } from 'node:path';
import type { CommandModule } from 'yargs';
import { readHostFacts } from '../../host/host-facts';
import { driveOf, rawDeviceOf } from '../../host/volumes';
import type { PartitionTable } from '../../disk/partition-table';
import { renderJson } from '../../report/json';
import { buildReport, type Report } from '../../report/model';
import { renderText } from '../../report/text';
import { scanVolumes, type ScanResult } from '../../windows/scan';
import { useColor } from '../color';
import { disksOf, disksWorthShowing, physicalTables, readStores, readTables, withUnletteredVolumes, type DiskScan } from '../disks';
import { diskCoverage, type PartitionVolume } from '../../windows/boot-disks';
import { ExitCode } from '../exit-codes';
import { InputError, UsageError } from '../fail';
import { hostVolumes, refuseMissing } from '../volume-args';
import { helpFooter } from '../help';
import { checkOutputDir, inspectedRoots } from '../output-guard';
import { writeErr, writeOut } from '../output';
import { writeOutputs } from '../run-outputs';
import { VERSION } from '../version';

export interface CheckArgs {
  volumes?: string[];
  json: boolean;
  out?: string;
  color?: boolean;
  disk?: string[];
}

export const checkCommand: CommandModule<object, CheckArgs> = {
  command: 'check [volumes..]',
  describe: 'may the offline installation(s) be captured?',
  builder: (y) =>
    helpFooter(y, [
      ['preflight check', 'every drive letter but X: and the stick'],
      ['preflight check D:\\ --out E:\\logs', 'D:, reports in a new folder under E:\\logs'],
      ['preflight check S:\\ C:\\ D:\\ --disk 0', 'disk 0 whole: its EFI partition S: and two Windows'],
      ['preflight check /mnt/c --json', 'a mounted volume, JSON on stdout'],
    ], 'check')
      .positional('volumes', { type: 'string', array: true, describe: 'volume roots or mount points (e.g. C:\\, /mnt/c); an EFI system partition to read its boot entries' })
      .option('json', { type: 'boolean', default: false, describe: 'print the JSON report (schemaVersion 2) instead of text' })
      .option('out', { type: 'string', describe: 'also write preflight-report.json, .txt and .html and preflight.log (CMTrace) into a new folder under this one' })
      .option('color', { type: 'boolean', describe: 'colour the text report (default: when stdout is a terminal and NO_COLOR is unset); --no-color: never' })
      .option('disk', {
        type: 'string',
        array: true,
        describe: 'also read this disk\'s partition table (Windows: its number, 0 for \\\\.\\PhysicalDrive0; elsewhere a block device or disk image) and tie partitions, boot entries and installations together',
      }) as never,
  handler: (args) => runCheck(args),
};

/** The whole of `check`; also what `preflight VOLUME…` does where it may not prompt (no console, --json). */
export function runCheck(args: CheckArgs): void {
  const discovered = !(args.volumes && args.volumes.length > 0);
  refuseEmptyOut(args.out);
  const volumes = discovered ? hostVolumes() : args.volumes!;
  if (!discovered) refuseMissing(volumes);
  const outDir = args.out !== undefined ? resolve(args.out) : null;

  const { scan, tables, partitionVolumes } = scanWithDisks(volumes, discovered, args.disk ?? []);
  if (outDir) checkOutputDir(outDir, inspectedRoots(volumes, discovered, scan));
  refuseWithoutWindows(scan, volumes, discovered, partitionVolumes.map((v) => v.root));
  const report = reportOf(scan, tables, partitionVolumes);

  // The verdict reaches the screen first: a report that cannot be written must not hide it.
  writeOut(args.json ? renderJson(report) : renderText(report, { color: useColor(args.color) }));
  process.exitCode = exitFor(report);
  if (outDir) {
    const written = writeOutputs(outDir, report);
    if (written.failure !== null) {
      writeErr(`preflight: report not written: ${written.failure}\n`);
      process.exitCode = ExitCode.REPORT_NOT_WRITTEN;
    } else {
      writeErr(`preflight: report written to ${written.folder}\n`);
    }
  }
}

/** cmd turns `--out %LOGDIR%` with LOGDIR unset into `--out ""`: a mistake, not "no report wanted". */
export function refuseEmptyOut(out: string | undefined): void {
  if (out !== undefined && out.trim() === '') throw new UsageError('--out needs a folder; it was given an empty value (is the variable in --out %LOGDIR% set?)');
}

/**
 * The volumes read, and the partition tables of the disks named by --disk; on Windows those disks' volumes
 * without a drive letter are read too (src/cli/disks.ts). `allPhysical` (the guided run with nothing named,
 * on Windows): every physical drive is read, and those holding a Windows or a boot entry get a table — not
 * the stick preflight runs from.
 */
export function scanWithDisks(volumes: string[], discovered: boolean, disks: string[], allPhysical = false): DiskScan & { tables: PartitionTable[] } {
  const read = allPhysical ? physicalTables() : readTables(disks);
  const found = withUnletteredVolumes(scanVolumes(volumes, { rawDeviceOf, discovered }), read, volumes);
  if (!allPhysical) return { ...found, tables: read };
  const stick = driveOf(process.execPath);
  // The boot stores are read once for all the drives, each drive judged on its own.
  const stores = readStores(found.scan.bcdStores);
  const coverage = (t: PartitionTable) => diskCoverage([t], stores, found.scan.installations, found.partitionVolumes);
  return { ...found, tables: disksWorthShowing(read, coverage, stick ? `${stick}\\` : null, found.mounts) };
}

/** The report of a scan, with the disks read and this machine's facts. */
export function reportOf(scan: ScanResult, tables: PartitionTable[], partitionVolumes: PartitionVolume[] = []): Report {
  return buildReport({
    toolVersion: VERSION,
    scannedVolumes: scan.scannedVolumes,
    installations: scan.installations,
    unreadable: scan.unreadable,
    disks: disksOf(tables, scan.bcdStores, scan.installations, partitionVolumes),
    host: readHostFacts(),
    generatedAt: new Date(),
  });
}

/**
 * No Windows found is bad input (exit 4), one way for every shape of it: a named folder without Windows
 * (alone or among others), a file that is no volume. A folder holding a BCD store (an EFI or BIOS system
 * partition, given for its boot entries) or a volume of a disk read whole is not a mistake. Volumes found
 * on the machine (no arguments) that hold no Windows are passed over; a BitLocker-locked or unreadable
 * volume is reported, not refused.
 */
function refuseWithoutWindows(scan: ScanResult, volumes: string[], discovered: boolean, diskVolumes: string[]): void {
  const notVolumes = scan.unreadable.filter((u) => u.reason === 'not-a-windows-volume');
  // Not mistakes either: a volume the live table ties to a partition of a disk read with --disk (a data
  // partition, given so that the disk table knows what it holds).
  const expected = new Set([...scan.bcdStores.map((s) => s.volume), ...diskVolumes]);
  const named = discovered ? [] : scan.withoutWindows.filter((v) => !expected.has(v));
  const nothing = scan.installations.length === 0 && scan.unreadable.length === 0;
  if (named.length === 0 && notVolumes.length === 0 && !nothing) return;
  const folders = nothing && named.length === 0 ? scan.withoutWindows : named;
  const parts: string[] = [];
  if (folders.length > 0) parts.push(`no Windows installation found on ${folders.join(', ')} (looked for Windows\\System32\\config\\SYSTEM under each)`);
  for (const u of notVolumes) parts.push(`no Windows installation found on ${u.volume}: ${u.detail}`);
  if (parts.length === 0) parts.push(`no Windows installation found on ${volumes.join(', ')}`);
  throw new InputError(parts.join('; '));
}

export function exitFor(report: Report): number {
  return report.verdict === 'ready' ? ExitCode.READY : report.verdict === 'warnings' ? ExitCode.WARNINGS : ExitCode.BLOCKED;
}
