// One capture from start to end: gate (check; for an FFU the disk's coverage, src/capture/disk-gate.ts),
// plan (plan.ts, ffu-plan.ts), engine, verify, record. Every way out leaves the
// destination explained (record + CMTrace log + engine log) and never a half-written image that looks
// valid: a new image file is removed when the engine fails; an --append that fails leaves the file to
// the engine. With wimlib the images from before stay readable (it rewrites the header last); with DISM
// Microsoft documents that running out of space while appending can corrupt the file, so its plan needs
// the room for a copy and tells the technician to make one (plan.ts).
import * as fs from 'node:fs';
import { ENGINES } from './engines';
import { defaultLocateContext, locateEngine, type LocateContext } from './engines/locate';
import { CaptureFailure, PlanRefusal } from './errors';
import { requestTextProblem } from './names';
import { refuseWindowsFolder } from './source-root';
import { runGate, type GateOutcome } from './gate';
import { buildPlan, captureRoot, defaultPlanDeps, type PlanDeps } from './plan';
import type { ProgressEvent } from './progress/events';
import { buildRecord, writeRecord, type CaptureRecord } from './record';
import { displayCommand, type CaptureResult } from './result';
import { runEngine, runEngineQuietly } from './run-engine';
import type { CapturePlan, CaptureRequest } from './types';
import { readBack } from './read-back';
import { listImages, verifyImage, withReadBack, type Verification } from './verify';
import { wimScriptIni } from './exclusions';
import { dismAgeWarning } from './engine-age';
import { buildFfuPlan } from './ffu-plan';
import type { ReportDisk } from '../report/model';

export interface CaptureContext {
  toolVersion: string;
  onEvent: (e: ProgressEvent) => void;
  /** Called once the gate and the plan have passed, before anything is written. */
  onPlan: (plan: CapturePlan, gate: GateOutcome, engineMissing: string | null) => void;
  /** FFU only: the disk read and judged (disk-gate.ts ffuDiskGate), called where a WIM's gate runs. */
  ffuDisk?: () => FfuDiskGate;
  locate?: LocateContext;
  planDeps?: Partial<PlanDeps>;
  /** Stops the engine as Ctrl+C does (the capture then fails as interrupted). */
  abort?: AbortSignal;
}

/** The gate of an FFU, the disk's report, and the volumes preflight knows are on the disk. */
export interface FfuDiskGate {
  gate: GateOutcome;
  disk: ReportDisk;
  captured: string[];
}

export type CaptureOutcome =
  | { dryRun: true; plan: CapturePlan; gate: GateOutcome }
  | { dryRun: false; plan: CapturePlan; gate: GateOutcome; record: CaptureRecord };

/** The program's usual name, shown by --dry-run where the engine is not installed (e.g. dism on Linux). */
const USUAL_PROGRAM = { dism: '%SystemRoot%\\System32\\Dism.exe', wimlib: 'wimlib-imagex' } as const;

export async function capture(request: CaptureRequest, ctx: CaptureContext): Promise<CaptureOutcome> {
  const textProblem = requestTextProblem(request.name, request.description);
  if (textProblem) throw new PlanRefusal(textProblem);
  if (request.format === 'wim') refuseWindowsFolder(request.source, captureRoot(request.source, process.platform), process.platform);
  const ffu = request.format === 'ffu' ? ctx.ffuDisk!() : null;
  const gate = ffu ? ffu.gate : runGate(captureRoot(request.source, process.platform), request.force, ctx.toolVersion);
  const located = locateEngine(request.engine, ctx.locate ?? defaultLocateContext());
  const engineMissing = located.found ? null : `${request.engine} not found: looked for ${located.lookedFor}`;
  if (engineMissing && !request.dryRun) throw new CaptureFailure(engineMissing);
  const program = located.found ? located.program : USUAL_PROGRAM[request.engine];
  const deps = { ...defaultPlanDeps(program, (image) => listImages(request.engine, program, image)), ...ctx.planDeps };
  const plan = ffu ? buildFfuPlan(request, ffu.disk, ffu.captured, deps) : buildPlan(request, deps);
  ctx.onPlan(plan, gate, engineMissing);
  if (request.dryRun) return { dryRun: true, plan, gate };

  const engine = ENGINES[request.engine];
  const createdScratch = engine.usesScratch && !fs.existsSync(plan.scratchDir);
  if (plan.writesConfig && plan.configFile !== null) fs.writeFileSync(plan.configFile, wimScriptIni());
  if (createdScratch) fs.mkdirSync(plan.scratchDir, { recursive: true });

  const run = await runEngine(plan.command, ctx.onEvent, ctx.abort);
  if (createdScratch) fs.rmSync(plan.scratchDir, { recursive: true, force: true });

  let failure: string | null = null;
  if (!run.ok) {
    failure = run.interrupted
      ? `interrupted: the engine was stopped (${run.exit.meaning})`
      : run.spawnError
        ? `${request.engine} could not be started: ${run.spawnError}`
        : `${request.engine} failed: ${run.exit.text ?? run.signal} ${run.exit.meaning}`;
    // A new image file that the engine did not finish is not an image: remove it, first, so that a
    // full destination has room again for the logs.
    if (!plan.imageExisted) fs.rmSync(plan.image, { force: true });
  }
  const unwritten: string[] = [];
  if (!engine.writesOwnLog) writeOrNote(plan.engineLog, run.output.join('\n') + '\n', unwritten);
  const imageBytes = sizeOf(plan.image);
  const result: CaptureResult = {
    ok: run.ok,
    engine: request.engine,
    engineVersion: run.parser.version ?? (request.engine === 'wimlib' ? wimlibVersion(program) : null),
    program: plan.command.program,
    args: plan.command.args,
    commandLine: displayCommand(plan.command),
    exit: run.exit,
    signal: run.signal,
    interrupted: run.interrupted,
    startedAt: run.startedAt.toISOString(),
    durationMs: Math.round(run.durationMs),
    bytesWritten: Math.max(0, (imageBytes ?? 0) - plan.imageSizeBefore),
    outputTail: run.output.filter((l) => l.trim()).slice(-15),
    cause: failure,
    logs: { engine: plan.engineLog, cmtrace: plan.cmtraceLog, record: plan.recordFile },
  };

  // An engine that reports success but wrote nothing (no file, or an --append that did not grow it) made
  // no image: there is nothing to read back or keep for inspection.
  if (failure === null && (imageBytes === null || (plan.imageExisted && imageBytes <= plan.imageSizeBefore))) {
    failure = `${request.engine} exited with ${run.exit.text ?? 'success'} but produced no image: ${plan.image} ${imageBytes === null ? 'does not exist' : 'did not grow'}`;
  }
  let verification: Verification | null = null;
  if (failure === null) {
    verification = await verifyImage(plan, request.verify);
    // A WIM is then read by preflight itself and judged again (read-back.ts), at the index the engine
    // listed under the name — when the engine found none, there is no image to read and it failed already.
    if (request.format === 'wim' && verification.index !== null) {
      const back = await readBack({
        file: plan.image,
        index: verification.index,
        gate,
        toolVersion: ctx.toolVersion,
        hashBlobs: request.verify,
        abort: ctx.abort,
      });
      verification = withReadBack(verification, back);
    }
    // A failed verification keeps the image: it is what the engine wrote, and what went wrong is read in
    // it. It is marked by its record beside it (`<image>.<n>.capture.json`: ok false, failure, the
    // verification's problems and read-back), the CMTrace log (capture FAILED) and exit code 3 — no other
    // marker file: one more name to plan for (name length, MAX_PATH) that a copy of the .wim alone would
    // lose as it loses the record.
    if (!verification.ok) failure = `the image did not verify: ${verification.problems.join('; ')} (kept for inspection)`;
  }
  const record = buildRecord({ toolVersion: ctx.toolVersion, plan, gate, result, verification, imageBytes, failure });
  // An FFU holds the Windows of its disk; a WIM the installations of its volume.
  const builds = ffu
    ? ffu.disk.rows.flatMap((r) => (r.partition && r.installation ? [r.installation.build] : []))
    : gate.report.installations.map((i) => i.os.build);
  const age = dismAgeWarning(request.engine, result.engineVersion, builds);
  if (age) record.warnings.push(age);
  try {
    writeRecord(plan, record);
  } catch (err) {
    unwritten.push(`${plan.recordFile}: ${(err as Error).message}`);
  }
  const note = unwritten.length ? `; could not write ${unwritten.join(', ')}` : '';
  if (failure !== null) throw new CaptureFailure(`${failure} (logs: ${plan.cmtraceLog}, ${plan.engineLog}${note})`, result, verification);
  if (note) throw new CaptureFailure(`the image was captured and verified, but${note.slice(1)}`, result);
  return { dryRun: false, plan, gate, record };
}

/** Logs must not turn a failure into a crash: a destination that is still full is reported in words. */
function writeOrNote(file: string, text: string, unwritten: string[]): void {
  try {
    fs.writeFileSync(file, text);
  } catch (err) {
    unwritten.push(`${file}: ${(err as Error).message}`);
  }
}

function sizeOf(p: string): number | null {
  try {
    return fs.statSync(p).size;
  } catch {
    return null;
  }
}

/** "wimlib-imagex 1.13.5 (using wimlib 1.13.5)" → "1.13.5". */
function wimlibVersion(program: string): string | null {
  const m = /wimlib-imagex (\S+)/.exec(runEngineQuietly({ engine: 'wimlib', program, args: ['--version'] }).text);
  return m ? m[1] : null;
}
