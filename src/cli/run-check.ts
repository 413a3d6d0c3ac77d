// The whole of `check`: inspect, print the verdict, write the run folder; the exit code carries the verdict.
// Also what `preflight VOLUME…` does where it may not prompt (no console, --json).
import { resolve } from 'node:path';
import { inspectSources, reportOf } from '../inspect/pipeline';
import { renderJson } from '../report/json';
import { renderText } from '../report/text';
import type { ScanResult } from '../windows/scan';
import { useColor } from './color';
import { ExitCode, exitFor } from './exit-codes';
import { InputError } from './fail';
import { volumesToInspect } from './volume-args';
import { checkOutputDir, inspectedRoots } from './output-guard';
import { writeErr, writeOut } from '../host/console-output';
import { writeOutputs } from './run-outputs';
import { VERSION } from './version';

export interface CheckArgs {
  volumes?: string[];
  json: boolean;
  out?: string;
  color?: boolean;
  disk?: string[];
}

export function runCheck(args: CheckArgs): void {
  const { volumes, discovered } = volumesToInspect(args.volumes);
  const outDir = args.out !== undefined ? resolve(args.out) : null;

  const inspection = inspectSources({ volumes, discovered, disks: args.disk ?? [] });
  const { scan, partitionVolumes } = inspection;
  // Every root actually read counts: a Windows directory given as D:\Windows is read from D:\.
  if (outDir) checkOutputDir(outDir, inspectedRoots(volumes, discovered, scan));
  refuseWithoutWindows(
    scan,
    volumes,
    discovered,
    partitionVolumes.map((v) => v.root),
  );
  const report = reportOf(inspection, VERSION);

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

/**
 * No Windows found is bad input (exit 4), one way for every shape of it: a named folder without Windows
 * (alone or among others), a file that is no volume. A folder holding a BCD store (an EFI or BIOS system
 * partition, given for its boot entries) or a volume of a disk read whole is not a mistake. Volumes found
 * on the machine (no arguments) that hold no Windows are passed over; a BitLocker-locked or unreadable
 * volume is reported, not refused.
 */
export function refuseWithoutWindows(scan: ScanResult, volumes: string[], discovered: boolean, diskVolumes: string[]): void {
  const notVolumes = scan.unreadable.filter((u) => u.reason === 'not-a-windows-volume');
  // Not mistakes either: a volume the live table ties to a partition of a disk read with --disk (a data
  // partition, given so that the disk table knows what it holds).
  const expected = new Set([...scan.bcdStores.map((s) => s.volume), ...diskVolumes]);
  const named = discovered ? [] : scan.withoutWindows.filter((v) => !expected.has(v));
  const nothing = scan.installations.length === 0 && scan.unreadable.length === 0;
  if (named.length === 0 && notVolumes.length === 0 && !nothing) return;
  const folders = nothing && named.length === 0 ? scan.withoutWindows : named;
  const parts: string[] = [];
  if (folders.length > 0)
    parts.push(`no Windows installation found on ${folders.join(', ')} (looked for Windows\\System32\\config\\SYSTEM under each)`);
  for (const u of notVolumes) parts.push(`no Windows installation found on ${u.volume}: ${u.detail}`);
  if (parts.length === 0) parts.push(`no Windows installation found on ${volumes.join(', ')}`);
  throw new InputError(parts.join('; '));
}
