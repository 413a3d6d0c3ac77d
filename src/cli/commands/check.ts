// `preflight check [VOLUME…]`: may the offline installation(s) be captured? Text for a person, --json for
// scripts, --out DIR for files on persistent media; the exit code carries the verdict.
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { CommandModule } from 'yargs';
import { readHostFacts } from '../../host/host-facts';
import { candidateVolumes, driveRoot, rawVolumeDevice } from '../../host/volumes';
import { renderCmtrace } from '../../report/cmtrace';
import { renderHtml } from '../../report/html';
import { renderJson } from '../../report/json';
import { buildReport, type Report } from '../../report/model';
import { renderText } from '../../report/text';
import { scanVolumes } from '../../windows/scan';
import { disksOf } from '../disks';
import { runFolderName } from '../run-folder';
import { useColor } from '../color';
import { ExitCode } from '../exit-codes';
import { InputError, UsageError } from '../fail';
import { checkOutputDir } from '../output-guard';
import { writeOut } from '../output';
import { VERSION } from '../version';

interface CheckArgs {
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
    y
      .positional('volumes', { type: 'string', array: true, describe: 'volume roots or mount points (e.g. C:\\, /mnt/c)' })
      .option('json', { type: 'boolean', default: false, describe: 'print the JSON report (schemaVersion 2) instead of text' })
      .option('out', { type: 'string', describe: 'also write preflight-report.json, .txt and .html and preflight.log (CMTrace) into a new folder under this one' })
      .option('color', { type: 'boolean', describe: 'colour the text report (default: when stdout is a terminal and NO_COLOR is unset)' })
      .option('disk', {
        type: 'string',
        array: true,
        describe: 'also read this disk\'s partition table (Windows: its number, 0 for \\\\.\\PhysicalDrive0; elsewhere a block device or disk image) and tie partitions, boot entries and installations together',
      }) as never,
  handler: (args) => {
    const discovered = !(args.volumes && args.volumes.length > 0);
    const volumes = discovered ? hostVolumes() : args.volumes!;
    if (!discovered) refuseMissing(volumes);
    const outDir = args.out ? resolve(args.out) : null;

    const scan = scanVolumes(volumes, { rawDeviceOf: rawDevice, discovered });
    // Every root actually read counts: a Windows directory given as D:\Windows is read from D:\.
    if (outDir) checkOutputDir(outDir, [...volumes, ...scan.installations.map((i) => i.volume)]);
    if (scan.installations.length === 0 && scan.unreadable.length === 0) {
      throw new InputError(`no Windows installation found on ${volumes.join(', ')} (looked for Windows\\System32\\config\\SYSTEM under each)`);
    }
    const report = buildReport({
      toolVersion: VERSION,
      scannedVolumes: scan.scannedVolumes,
      installations: scan.installations,
      unreadable: scan.unreadable,
      disks: disksOf(args.disk ?? [], scan.bcdStores, scan.installations),
      host: readHostFacts(),
      generatedAt: new Date(),
    });

    const runDir = outDir ? writeOutputs(outDir, report) : null;
    writeOut(args.json ? renderJson(report) : renderText(report, { color: useColor(args.color) }));
    if (runDir) process.stderr.write(`preflight: report written to ${runDir}\n`);
    process.exitCode = exitFor(report);
  },
};

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
export function rawDevice(volume: string): string | null {
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

/** Writes the reports into a new folder of their own under `dir` (see runFolder) and returns its path. */
function writeOutputs(dir: string, report: Report): string {
  let run = dir;
  try {
    run = createRunFolder(dir, report);
    writeFileSync(join(run, 'preflight-report.json'), renderJson(report));
    // CRLF: the report is read with Notepad and type on Windows.
    writeFileSync(join(run, 'preflight-report.txt'), renderText(report, { color: false }).replace(/\n/g, '\r\n'));
    writeFileSync(join(run, 'preflight.log'), renderCmtrace(report));
    // One self-contained page for the engineer who reads the run later, on any PC, or prints it.
    writeFileSync(join(run, 'preflight-report.html'), renderHtml(report));
  } catch (err) {
    throw new InputError(`cannot write the report to ${run}: ${(err as Error).message}`);
  }
  return run;
}

/** A new folder named runFolderName(…) under `dir`; `-2`, `-3`, … when a run in the same second has it. */
function createRunFolder(dir: string, report: Report): string {
  mkdirSync(dir, { recursive: true });
  const base = join(dir, runFolderName(report.installations.map((i) => i.os.computerName), report.generatedAt));
  for (let n = 1; ; n++) {
    const candidate = n === 1 ? base : `${base}-${n}`;
    try {
      mkdirSync(candidate);
      return candidate;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST' || n >= 1000) throw err;
    }
  }
}
