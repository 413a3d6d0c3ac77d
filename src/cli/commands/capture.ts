// `preflight capture SOURCE --image FILE --name NAME …` (a WIM of one volume) and `preflight capture
// --disk N --ffu FILE --name NAME [VOLUME…]` (the whole disk, DISM /Capture-Ffu): check, plan, capture,
// verify, and keep the record and logs next to the image. Thin: src/capture does the work; this file
// turns arguments into a request and events into text or JSON lines.
import { command } from '../args/spec';
import { capture } from '../../capture/capture';
import { defaultEngine } from '../../capture/engines/locate';
import { CaptureFailure, GateRefusal, PlanRefusal } from '../../capture/errors';
import type { GateOutcome } from '../../capture/gate';
import { mib } from '../../capture/plan';
import type { ProgressEvent } from '../../capture/progress/events';
import { JsonLines, PlainLines, TerminalBar, type ProgressRenderer } from '../../capture/progress/render';
import { displayCommand } from '../../capture/result';
import { wimScriptIni } from '../../capture/exclusions';
import { requestTextProblem } from '../../capture/names';
import { sanitize } from '../../report/layout';
import type { CaptureFormat, CapturePlan, CaptureRequest, Compression, EngineName } from '../../capture/types';
import { directoryCaptureNote } from '../../capture/source-root';
import { ExitCode } from '../exit-codes';
import { markReportedAsJson, UsageError } from '../fail';
import { ffuSource } from '../ffu-source';
import { ffuDiskGate } from '../../capture/disk-gate';
import { capturedExitCode, lateWarnings, planText } from '../capture-text';
import { volumesToInspect } from '../volume-args';
import { isTerminal, writeOut } from '../../host/console-output';
import { VERSION } from '../version';
import { loadImageScanning } from '../../inspect/image-scanning';

interface CaptureArgs {
  volumes: string[];
  image?: string;
  ffu?: string;
  disk?: string;
  name: string;
  description?: string;
  append: boolean;
  compress: Compression;
  config?: string;
  scratch?: string;
  verify: boolean;
  'check-integrity': boolean;
  engine?: EngineName;
  force: boolean;
  'dry-run': boolean;
  json: boolean;
}

export const captureCommand = command<CaptureArgs>({
  path: ['capture'],
  examples: [
    ['preflight capture D:\\ --image E:\\images\\win11.wim --name "Windows 11"', 'the Windows on D: as a WIM on E:'],
    [
      'preflight capture --disk 0 --ffu E:\\disk0.ffu --name disk0 S:\\ C:\\ D:\\',
      'disk 0 whole (DISM /Capture-Ffu), once every Windows on it is generalized',
    ],
  ],
  codes: 'capture',
  positionals: [
    {
      name: 'volumes',
      variadic: true,
      describe: 'WIM: the Windows volume to capture (D:\\, /mnt/c). FFU: the volumes of the disk (default on Windows: every drive letter)',
    },
  ],
  options: {
    image: { type: 'string', describe: 'the .wim file to write, on another volume' },
    ffu: { type: 'string', describe: 'the .ffu file to write: the whole disk of --disk, with DISM' },
    disk: {
      type: 'string',
      describe:
        'with --ffu: the disk to capture (Windows: its number, 0 for \\\\.\\PhysicalDrive0; elsewhere a block device or disk image, for the plan)',
    },
    name: { type: 'string', required: true, describe: 'the image name' },
    description: { type: 'string', describe: 'the image description' },
    append: { type: 'boolean', default: false, describe: 'add the image to an existing .wim' },
    compress: { type: 'string', choices: ['fast', 'max', 'none'], default: 'fast', describe: 'compression (DISM default: fast)' },
    config: {
      type: 'string',
      describe: 'a WimScript.ini of your own (default: preflight writes the usual exclusions next to the image)',
    },
    scratch: { type: 'string', describe: "DISM's scratch folder (default: beside the image, never WinPE's 32 MB default)" },
    verify: {
      type: 'boolean',
      default: false,
      describe: 'also hash the image (SHA-256) into the record, and check every blob of the image read back against its SHA-1',
    },
    'check-integrity': { type: 'boolean', default: false, describe: 'add an integrity table (/CheckIntegrity, --check)' },
    engine: { type: 'string', choices: ['dism', 'wimlib'], describe: 'dism (default on Windows) or wimlib (default elsewhere)' },
    force: {
      type: 'boolean',
      default: false,
      describe: 'capture even when check says blocked; the overridden findings are recorded',
    },
    'dry-run': { type: 'boolean', default: false, describe: 'print the plan and the exact engine command line, write nothing' },
    json: { type: 'boolean', default: false, describe: 'print JSON lines (gate, plan, progress events, result)' },
  },
  run: async (args) => {
    const format = formatOf(args);
    const textProblem = requestTextProblem(args.name, args.description ?? null);
    if (textProblem) throw new UsageError(textProblem);
    const volumes = args.volumes;
    await loadImageScanning(volumes);
    const ffu = format === 'ffu' ? ffuSource(args.disk!) : null;
    const request: CaptureRequest = {
      format,
      source: format === 'ffu' ? args.disk! : volumes[0],
      ffu,
      image: (format === 'ffu' ? args.ffu : args.image)!,
      name: args.name,
      description: args.description ?? null,
      append: args.append,
      compress: args.compress,
      config: args.config ?? null,
      scratch: args.scratch ?? null,
      verify: args.verify,
      checkIntegrity: args['check-integrity'],
      engine: args.engine ?? (format === 'ffu' ? 'dism' : defaultEngine(process.platform)),
      force: args.force,
      dryRun: args['dry-run'],
    };
    const out = { write: (t: string) => writeOut(t) };
    const renderer: ProgressRenderer = args.json ? new JsonLines(out) : isTerminal(1) ? new TerminalBar(out) : new PlainLines(out);
    try {
      const outcome = await capture(request, {
        toolVersion: VERSION,
        onEvent: (e: ProgressEvent) => renderer.onEvent(e),
        onPlan: (plan, gate, missing) =>
          writeOut(
            args.json ? planJson(plan, gate, missing) : planText(plan, gate, missing) + dryRunConfigText(plan) + directoryModeText(plan),
          ),
        ffuDisk: ffu
          ? () => {
              const found = volumesToInspect(volumes);
              return ffuDiskGate(ffu, found.volumes, found.discovered, args.force, VERSION);
            }
          : undefined,
      });
      renderer.close();
      if (outcome.dryRun) {
        process.exitCode = ExitCode.READY;
        return;
      }
      const r = outcome.record;
      if (args.json) writeOut(JSON.stringify({ event: 'result', ...r }) + '\n');
      else {
        writeOut(
          `captured ${r.image} index ${r.index} "${sanitize(r.name)}": ${request.format === 'ffu' ? `the whole of ${r.source}` : `${r.verification?.image?.files ?? '?'} files`}, ${mib(r.imageBytes ?? 0)} ` +
            `in ${((r.result?.durationMs ?? 0) / 1000).toFixed(1)} s${r.sha256 ? `; SHA-256 ${r.sha256}` : ''}\n` +
            (r.verification?.readBack ? `${sanitize(r.verification.readBack.summary)}\n` : '') +
            `record: ${outcome.plan.recordFile}\nlogs: ${outcome.plan.cmtraceLog}, ${outcome.plan.engineLog}\n`,
        );
      }
      if (!args.json) for (const w of lateWarnings(outcome)) writeOut(`warning: ${w.title}: ${w.message}\n`);
      if (!args.json && r.forced) writeOut(`${r.forced}\n`);
      process.exitCode = capturedExitCode(outcome);
    } catch (err) {
      // A script reading --json gets the outcome on stdout too; the one-line message still goes to stderr.
      if (args.json) {
        writeOut(JSON.stringify(failureEvent(err)) + '\n');
        markReportedAsJson(err);
      } else if (err instanceof CaptureFailure && err.verification?.readBack) {
        // The image is kept: what was read back in it, on stdout beside the plan, as after a capture that verified.
        writeOut(`${sanitize(err.verification.readBack.summary)}\n`);
      }
      throw err;
    } finally {
      renderer.close();
    }
  },
});

/**
 * `--image` (WIM of one volume) or `--ffu` with `--disk` (the whole disk): each with only the options that
 * mean something for it, else a usage error in one line (exit 5).
 */
function formatOf(args: CaptureArgs): CaptureFormat {
  const volumes = args.volumes;
  if (args.image !== undefined && args.ffu !== undefined)
    throw new UsageError('give --image (a WIM of one volume) or --ffu (the whole disk), not both');
  if (args.ffu === undefined) {
    if (args.image === undefined)
      throw new UsageError('capture needs --image FILE (a WIM of one volume) or --ffu FILE with --disk N (the whole disk)');
    if (args.disk !== undefined) throw new UsageError('--disk is for --ffu (a whole-disk capture); a WIM captures the one volume given');
    if (volumes.length !== 1) throw new UsageError(`a WIM captures one volume: give exactly one (got ${volumes.length})`);
    return 'wim';
  }
  if (args.disk === undefined) throw new UsageError('--ffu needs --disk N: the disk to capture whole');
  if (args.engine === 'wimlib')
    throw new UsageError(
      '--ffu is DISM only: wimlib cannot write an FFU (a sector image of the whole disk); leave out --engine or use --engine dism',
    );
  if (args.append) throw new UsageError('--append is for WIMs: an FFU holds one disk');
  if (args.config !== undefined) throw new UsageError('--config is for WIMs: an FFU captures every sector in use and excludes no file');
  if (args['check-integrity'])
    throw new UsageError('--check-integrity is for WIMs: an FFU carries its own hash table, checked when it is applied');
  if (args.compress === 'max')
    throw new UsageError('--compress max is for WIMs: an FFU is compressed Xpress-Huffman (fast, the default) or not at all (none)');
  return 'ffu';
}

function failureEvent(err: unknown): Record<string, unknown> {
  const stage =
    err instanceof GateRefusal ? 'gate' : err instanceof PlanRefusal ? 'plan' : err instanceof CaptureFailure ? 'capture' : 'internal';
  return {
    event: 'result',
    ok: false,
    stage,
    failure: (err as Error)?.message ?? String(err),
    result: err instanceof CaptureFailure ? err.result : null,
    // An image that did not verify is kept: what was read back in it, for a script as for the record.
    verification: err instanceof CaptureFailure ? err.verification : null,
  };
}

function planJson(plan: CapturePlan, gate: GateOutcome, missing: string | null): string {
  const g = {
    event: 'gate',
    verdict: gate.verdict,
    overridden: gate.overridden.map((f) => f.id),
    warnings: gate.warnings.map((f) => f.id),
  };
  const p = { event: 'plan', ...plan, commandLine: displayCommand(plan.command), engineMissing: missing };
  return JSON.stringify(g) + '\n' + JSON.stringify(p) + '\n';
}

/**
 * What `--dry-run` adds to the plan: it writes nothing, so the exclusion list its command names is shown
 * instead (saved as that file, it makes the printed command work when pasted).
 */
/** The directory-capture note of a wimlib capture off Windows (src/capture/source-root.ts). */
function directoryModeText(plan: CapturePlan): string {
  const note = directoryCaptureNote(plan, process.platform);
  return note === null ? '' : `  note: ${note}\n`;
}

function dryRunConfigText(plan: CapturePlan): string {
  if (!plan.request.dryRun || !plan.writesConfig || plan.configFile === null) return '';
  const lines = wimScriptIni()
    .split('\r\n')
    .filter((l) => l !== '')
    .map((l) => `    ${l}\n`);
  return `  ${plan.configFile} is not written by --dry-run; the capture writes it with these lines:\n${lines.join('')}`;
}
