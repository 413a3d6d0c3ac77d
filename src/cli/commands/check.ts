// `preflight check [VOLUME…]`: may the offline installation(s) be captured? Text for a person, --json for
// scripts, --out DIR for files on persistent media; the exit code carries the verdict.
import { statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { CommandModule } from 'yargs';
import { candidateVolumes, driveRoot, rawVolumeDevice } from '../../host/volumes';
import { renderCmtrace } from '../../report/cmtrace';
import { renderJson } from '../../report/json';
import { buildReport, type Report } from '../../report/model';
import { renderText } from '../../report/text';
import { scanVolumes, type ScanResult } from '../../windows/scan';
import { useColor } from '../color';
import { ExitCode } from '../exit-codes';
import { InputError, UsageError } from '../fail';
import { checkOutputDir } from '../output-guard';
import { helpFooter } from '../help';
import { makeFolders, writeFailureText } from '../report-files';
import { writeOut } from '../output';
import { VERSION } from '../version';

interface CheckArgs {
  volumes?: string[];
  json: boolean;
  out?: string;
  color?: boolean;
}

export const checkCommand: CommandModule<object, CheckArgs> = {
  command: 'check [volumes..]',
  describe: 'may the offline installation(s) be captured?',
  builder: (y) =>
    helpFooter(y, [
      ['preflight check', 'every drive letter but X: and the stick'],
      ['preflight check D:\\ --out E:\\logs', 'D:, reports written to E:\\logs'],
      ['preflight check /mnt/c --json', 'a mounted volume, JSON on stdout'],
    ], 'check')
      .positional('volumes', { type: 'string', array: true, describe: 'volume roots or mount points (e.g. C:\\, /mnt/c)' })
      .option('json', { type: 'boolean', default: false, describe: 'print the JSON report (schemaVersion 1) instead of text' })
      .option('out', { type: 'string', describe: 'also write preflight-report.json, preflight-report.txt and preflight.log (CMTrace) to this folder' })
      .option('color', { type: 'boolean', describe: 'colour the text report (default: when stdout is a terminal and NO_COLOR is unset); --no-color: never' }) as never,
  handler: (args) => {
    const discovered = !(args.volumes && args.volumes.length > 0);
    // cmd turns `--out %LOGDIR%` with LOGDIR unset into `--out ""`: a mistake, not "no report wanted".
    if (args.out !== undefined && args.out.trim() === '') throw new UsageError('--out needs a folder; it was given an empty value (is the variable in --out %LOGDIR% set?)');
    const volumes = discovered ? hostVolumes() : args.volumes!;
    if (!discovered) refuseMissing(volumes);
    const outDir = args.out !== undefined ? resolve(args.out) : null;

    const scan = scanVolumes(volumes, { rawDeviceOf: rawDevice, discovered });
    // Every root actually read counts: a Windows directory given as D:\Windows is read from D:\.
    if (outDir) checkOutputDir(outDir, [...volumes, ...scan.installations.map((i) => i.volume)]);
    refuseWithoutWindows(scan, volumes, discovered);
    const report = buildReport({
      toolVersion: VERSION,
      scannedVolumes: scan.scannedVolumes,
      installations: scan.installations,
      unreadable: scan.unreadable,
      generatedAt: new Date(),
    });

    // The verdict reaches the screen first: a report that cannot be written must not hide it.
    writeOut(args.json ? renderJson(report) : renderText(report, { color: useColor(args.color) }));
    process.exitCode = exitFor(report);
    if (outDir) {
      const failure = writeOutputs(outDir, report);
      if (failure !== null) {
        process.stderr.write(`preflight: report not written: ${failure}\n`);
        process.exitCode = ExitCode.REPORT_NOT_WRITTEN;
      }
    }
  },
};

/**
 * No Windows found is bad input (exit 4), one way for every shape of it: a named folder without Windows
 * (alone or among others), a file that is no volume. Volumes found on the machine (no arguments) that
 * hold no Windows are passed over; a BitLocker-locked or unreadable volume is reported, not refused.
 */
function refuseWithoutWindows(scan: ScanResult, volumes: string[], discovered: boolean): void {
  const notVolumes = scan.unreadable.filter((u) => u.reason === 'not-a-windows-volume');
  const named = discovered ? [] : scan.withoutWindows;
  const nothing = scan.installations.length === 0 && scan.unreadable.length === 0;
  if (named.length === 0 && notVolumes.length === 0 && !nothing) return;
  const folders = nothing && named.length === 0 ? scan.withoutWindows : named;
  const parts: string[] = [];
  if (folders.length > 0) parts.push(`no Windows installation found on ${folders.join(', ')} (looked for Windows\\System32\\config\\SYSTEM under each)`);
  for (const u of notVolumes) parts.push(`no Windows installation found on ${u.volume}: ${u.detail}`);
  if (parts.length === 0) parts.push(`no Windows installation found on ${volumes.join(', ')}`);
  throw new InputError(parts.join('; '));
}

function exitFor(report: Report): number {
  return report.verdict === 'ready' ? ExitCode.READY : report.verdict === 'warnings' ? ExitCode.WARNINGS : ExitCode.BLOCKED;
}

function hostVolumes(): string[] {
  const found = candidateVolumes();
  // Not on Windows: the technician must name a folder (usage). On Windows: no disk to look at (input).
  if (found.reason !== null) throw new UsageError(found.reason);
  if (found.volumes.length === 0) {
    const skipped = found.skipped.map((s) => `${s.volume} ${s.reason}`).join('; ');
    throw new InputError(`no volume to inspect: no drive letter besides ${skipped || 'none'}`);
  }
  return found.volumes;
}

/** On Windows a drive-letter root has a raw device whose boot sector tells whether it is BitLocker-encrypted. */
function rawDevice(volume: string): string | null {
  if (process.platform !== 'win32') return null;
  const drive = driveRoot(volume);
  return drive ? rawVolumeDevice(drive) : null;
}

/** A named volume that does not exist at all is a typo, not an unreadable volume. */
function refuseMissing(volumes: string[]): void {
  for (const v of volumes) {
    if (/^\\\\[.?]\\/.test(v)) continue; // Windows raw device paths cannot be stat'ed
    try {
      statSync(process.platform === 'win32' && /^[A-Za-z]:$/.test(v) ? `${v}\\` : v);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new InputError(`${v}: no such volume, folder or file`);
    }
  }
}

/** Writes the three report files; null when done, else why not in words a technician can act on. */
function writeOutputs(dir: string, report: Report): string | null {
  try {
    makeFolders(dir);
    writeFileSync(join(dir, 'preflight-report.json'), renderJson(report));
    writeFileSync(join(dir, 'preflight-report.txt'), renderText(report, { color: false }));
    writeFileSync(join(dir, 'preflight.log'), renderCmtrace(report));
    return null;
  } catch (err) {
    return `${dir}: ${writeFailureText(err)}`;
  }
}
