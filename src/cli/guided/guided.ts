// The guided run's driver: scans, writes the run folder, takes the console (alternate screen, raw keys),
// walks the screens (dispatch.ts) and does what they ask — plan, capture — and gives the console back as it
// was on every way out: q, the end, Ctrl+C (a key in raw mode), SIGINT/SIGTERM/SIGHUP, an internal error.
// Ctrl+C during a capture stops the engine through the capture module (which waits for it and removes the
// unfinished image) before the run ends; the run folder's log says it was interrupted.
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { capture, type CaptureOutcome } from '../../capture/capture';
import { CaptureFailure, GateRefusal, PlanRefusal } from '../../capture/errors';
import { EtaEstimator } from '../../capture/progress/render';
import type { CaptureRecord } from '../../capture/record';
import type { CaptureRequest, Compression, EngineName } from '../../capture/types';
import { verdictSentence } from '../../report/labels';
import { sanitize } from '../../report/layout';
import type { Report } from '../../report/model';
import { inspectSources, reportOf } from '../../inspect/pipeline';
import { collapsedFindings } from '../../report/text';
import { capturedExitCode, planText } from '../capture-text';
import { ExitCode, exitFor } from '../exit-codes';
import { describeFailure, exitCodeFor, InputError } from '../fail';
import { checkOutputDir, inspectedRoots } from '../output-guard';
import { writeOutputs, writeReports } from '../run-outputs';
import { VERSION } from '../version';
import { destinationsFor } from './destination-candidates';
import { listenKeys, type Key, type KeySource } from './keys';
import { imageFileName } from './name';
import { newProgress, progressAfter } from './progress';
import { successLines } from './result';
import { RunLog } from './run-log';
import { Terminal } from './frame';
import { keyStep, render } from './dispatch';
import type { Destination, GuidedContext, State, Step } from './state';

export interface GuidedOptions {
  volumes: string[];
  /** The volumes were found on the machine, not named. */
  discovered: boolean;
  /** Where the run folder goes (null: no report), and whether the technician named it (--out). */
  reportDir: string | null;
  reportDirGiven: boolean;
  color: boolean;
  disks: string[];
  /** Read every physical drive for the disk tables (Windows, nothing named): "scan every volume and disk". */
  allDisks?: boolean;
  engine: EngineName;
  compress: Compression;
  input: NodeJS.ReadStream;
  output: NodeJS.WriteStream;
}

const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
const SIGNAL_WORDS: Partial<Record<NodeJS.Signals, string>> = {
  SIGINT: 'Ctrl+C',
  SIGTERM: 'SIGTERM: preflight was asked to stop',
  SIGHUP: 'SIGHUP: the console went away',
};

/** Runs the guided session; resolves with the exit code. Errors before the console is taken are thrown. */
export async function runGuided(o: GuidedOptions): Promise<number> {
  // The scan takes seconds on a real disk: say what is going on before the screen is taken.
  o.output.write(`preflight: reading ${o.volumes.join(', ')} ...\n`);
  const inspection = inspectSources({ volumes: o.volumes, discovered: o.discovered, disks: o.disks, allPhysical: o.allDisks ?? false });
  const { scan } = inspection;
  if (scan.installations.length === 0 && scan.unreadable.length === 0) {
    throw new InputError(
      `no Windows installation found on ${o.volumes.join(', ')} (looked for Windows\\System32\\config\\SYSTEM under each)`,
    );
  }
  const report = reportOf(inspection, VERSION);
  const roots = inspectedRoots(o.volumes, o.discovered, scan);
  const run = runFolder(o, report, roots);
  const cache = new Map<string, Destination[]>();
  // Named folders without Windows may take an image; a system partition given for its boot store may not.
  const bootVolumes = new Set(scan.bcdStores.map((b) => b.volume));
  const folders = scan.withoutWindows.filter((v) => !bootVolumes.has(v));
  const ctx: GuidedContext = {
    report,
    destinations: (source) => {
      if (!cache.has(source)) cache.set(source, destinationsFor(source, folders));
      return cache.get(source)!;
    },
    reportNote: run.note,
    isFolder,
    width: o.output.columns || 80,
    height: o.output.rows || 25,
  };
  const log = new RunLog(run.folder, report);
  log.add(`guided run on ${o.volumes.join(', ')}: ${report.installations.length} installation(s), verdict ${report.verdict}`);
  return new Session(o, ctx, log, run).start();
}

/** The run folder: written now, so that whatever happens next the report is there. */
function runFolder(o: GuidedOptions, report: Report, roots: string[]): { folder: string | null; failed: boolean; note: string } {
  if (o.reportDir === null) return { folder: null, failed: false, note: 'No report written: give --out DIR to keep one.' };
  try {
    checkOutputDir(o.reportDir, roots);
  } catch (err) {
    // A folder the technician named must be right (check --out refuses it the same way); the default one
    // on the stick is only a convenience: the run goes on without it.
    if (o.reportDirGiven) throw err;
    return { folder: null, failed: true, note: `Report not written: ${(err as Error).message}` };
  }
  const written = writeOutputs(o.reportDir, report);
  if (written.failure !== null) return { folder: null, failed: true, note: `Report not written: ${written.failure}` };
  return { folder: written.folder, failed: false, note: `Report: ${written.folder}` };
}

function isFolder(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

class Session {
  private state: State = { screen: 'summary', selected: 0 };
  private terminal: Terminal;
  private keys: KeySource | null = null;
  private busy = false;
  /** Set while the engine runs: aborting it stops the engine. */
  private capturing: AbortController | null = null;
  /** Why the run was cut short ("Ctrl+C", "SIGHUP: the console went away"), or null. */
  private interrupted: string | null = null;
  private captureCode: number | null = null;
  private captureRecord: CaptureRecord | null = null;
  private epilogue: string[] = [];
  private ticker: NodeJS.Timeout | null = null;
  private done: (code: number) => void = () => {};
  private failed: (err: unknown) => void = () => {};
  private ended = false;

  constructor(
    private o: GuidedOptions,
    private ctx: GuidedContext,
    private log: RunLog,
    private run: { folder: string | null; failed: boolean; note: string },
  ) {
    this.terminal = new Terminal(o.output, o.color);
  }

  start(): Promise<number> {
    return new Promise<number>((resolve, reject) => {
      this.done = resolve;
      this.failed = reject;
      for (const s of STOP_SIGNALS) process.on(s, this.onSignal);
      process.on('exit', this.onExit);
      this.o.output.on('resize', this.onResize);
      // A console that goes away (window closed) must not turn into an uncaught write error.
      this.o.output.on('error', this.ignore);
      this.terminal.enter();
      this.keys = listenKeys(this.o.input, (k) => this.guard(() => this.onKey(k)));
      this.draw();
    });
  }

  private ignore = () => {};
  private onSignal = (signal: NodeJS.Signals) => this.guard(() => this.interrupt(SIGNAL_WORDS[signal] ?? signal));
  private onExit = () => this.terminal.leave();
  private onResize = () =>
    this.guard(() => {
      this.ctx = { ...this.ctx, width: this.o.output.columns || 80, height: this.o.output.rows || 25 };
      this.draw();
    });

  /** Any error inside a key or event handler ends the run with the console restored, then is reported. */
  private guard(f: () => void | Promise<void>): void {
    try {
      const r = f();
      if (r instanceof Promise) r.catch((err) => this.fail(err));
    } catch (err) {
      this.fail(err);
    }
  }

  private draw(): void {
    const { screen, scroll } = render(this.state, this.ctx, Date.now());
    this.terminal.draw(screen, scroll);
  }

  private drawBusy(title: string): void {
    this.terminal.draw({ title, body: [], keys: 'Ctrl+C stops' });
  }

  private onKey(key: Key): void {
    if (this.ended) return;
    if (key.name === 'interrupt') return this.interrupt('Ctrl+C');
    if (this.busy) return;
    this.apply(keyStep(this.state, key, this.ctx));
  }

  private apply(step: Step): void {
    if (step === null) return;
    if ('quit' in step) return this.finish();
    if ('to' in step) {
      this.state = step.to;
      return this.draw();
    }
    if ('plan' in step) return void this.plan(step.plan).catch((err) => this.fail(err));
    if ('capture' in step) return void this.capture(step.capture).catch((err) => this.fail(err));
  }

  private request(source: string, image: string, name: string, force: boolean, dryRun: boolean): CaptureRequest {
    return {
      // The guided run captures one volume to a WIM; a whole disk (FFU) is `preflight capture --ffu`.
      format: 'wim',
      ffu: null,
      source,
      image,
      name,
      description: null,
      append: false,
      compress: this.o.compress,
      config: null,
      scratch: null,
      verify: false,
      checkIntegrity: false,
      engine: this.o.engine,
      force,
      dryRun,
    };
  }

  /** The dry run: the plan (or its refusal) for the confirm screen; nothing is written. */
  private async plan(p: Extract<Step, { plan: unknown }>['plan']): Promise<void> {
    const inst = this.ctx.report.installations[p.draft.inst];
    const image = join(p.dest, imageFileName(p.name));
    this.busy = true;
    this.drawBusy('Planning the capture...');
    // Let the screen show before the plan's synchronous scan and measurement of the source.
    await new Promise((r) => setImmediate(r));
    const base = { screen: 'confirm' as const, draft: p.draft, dest: p.dest, name: p.name, image };
    try {
      let lines: string[] = [];
      const outcome = await capture(this.request(inst.volume, image, p.name, p.draft.force, true), {
        toolVersion: VERSION,
        onEvent: () => {},
        onPlan: (plan, gate, missing) => (lines = planText(plan, gate, missing, 'override typed').trimEnd().split('\n')),
      });
      this.state = { ...base, plan: outcome.plan, planLines: lines, refusal: null };
    } catch (err) {
      if (!(err instanceof PlanRefusal || err instanceof GateRefusal || err instanceof CaptureFailure)) throw err;
      this.state = { ...base, plan: null, planLines: [], refusal: sanitize(describeFailure(err)) };
    } finally {
      this.busy = false;
    }
    if (this.interrupted) return this.finish();
    if (!this.ended) this.draw();
  }

  private async capture(c: Extract<State, { screen: 'confirm' }>): Promise<void> {
    const inst = this.ctx.report.installations[c.draft.inst];
    const eta = new EtaEstimator();
    const abort = new AbortController();
    this.capturing = abort;
    this.busy = true;
    let view = newProgress(inst.volume, c.image, Date.now());
    this.state = { screen: 'progress', draft: c.draft, image: c.image, view };
    this.log.add(`capture of ${inst.volume} to ${c.image} as "${c.name}" started (${this.o.engine}, compression ${this.o.compress})`);
    if (c.draft.force) {
      const ids = collapsedFindings(
        inst.findings.filter((f) => f.severity === 'block'),
        false,
      );
      this.log.add(`OVERRIDE typed by the technician: capturing a blocked installation; overridden: ${ids.join(', ')}`, 2);
    }
    this.draw();
    this.ticker = setInterval(() => this.guard(() => this.draw()), 1000);
    let outcome: CaptureOutcome | null = null;
    let failure: unknown = null;
    try {
      outcome = await capture(this.request(inst.volume, c.image, c.name, c.draft.force, false), {
        toolVersion: VERSION,
        onEvent: (e) => {
          view = progressAfter(view, e, eta, Date.now());
          if (this.state.screen === 'progress') this.state = { ...this.state, view: { ...view, stopping: this.interrupted !== null } };
          if (!this.ended) this.draw();
        },
        onPlan: () => {},
        abort: abort.signal,
      });
    } catch (err) {
      if (!(err instanceof PlanRefusal || err instanceof GateRefusal || err instanceof CaptureFailure)) throw err;
      failure = err;
    } finally {
      if (this.ticker) clearInterval(this.ticker);
      this.ticker = null;
      this.capturing = null;
      this.busy = false;
    }
    this.captureRecord = readRecord(c.plan?.recordFile ?? null);
    if (outcome && !outcome.dryRun) {
      this.captureCode = capturedExitCode(outcome);
      const lines = successLines(outcome);
      this.log.add(
        `capture succeeded and verified: ${outcome.record.image} index ${outcome.record.index}; record ${outcome.plan.recordFile}`,
      );
      this.epilogue = [lines[0], lines[lines.length - 2]];
      this.state = { screen: 'result', ok: true, lines };
    } else {
      const message = sanitize(describeFailure(failure));
      this.captureCode = exitCodeFor(failure);
      this.log.add(message, 3);
      this.epilogue = [message];
      this.state = {
        screen: 'result',
        ok: false,
        // An image that did not verify is kept: what was read back in it is shown with the reason.
        lines: [
          message,
          ...(this.captureRecord?.verification?.readBack ? [sanitize(this.captureRecord.verification.readBack.summary)] : []),
          ...(c.plan ? [`Record: ${c.plan.recordFile}`, `Logs: ${c.plan.cmtraceLog}, ${c.plan.engineLog}`] : []),
        ],
      };
    }
    this.rewriteReports();
    if (this.interrupted) return this.finish();
    this.draw();
  }

  /** The run folder again, now with the capture record (JSON and in the HTML page) and the log so far. */
  private rewriteReports(): void {
    if (this.run.folder === null) return;
    try {
      writeReports(this.run.folder, this.ctx.report, { capture: this.captureRecord, logLines: this.log.lines });
    } catch (err) {
      this.log.add(`report not rewritten after the capture: ${(err as Error).message}`, 3);
    }
  }

  /** Ctrl+C or a stop signal: during a capture, stop the engine and end when the capture module is done. */
  private interrupt(why: string): void {
    if (this.ended) return;
    this.interrupted ??= why;
    if (this.capturing) {
      this.log.add(`interrupted (${why}) during the capture: stopping the engine`, 2);
      if (this.state.screen === 'progress') this.state = { ...this.state, view: { ...this.state.view, stopping: true } };
      this.draw();
      this.capturing.abort();
      return;
    }
    if (this.busy) return; // planning: synchronous work is over by the time a key or signal arrives
    this.finish();
  }

  private finish(): void {
    if (this.ended) return;
    this.ended = true;
    this.release();
    const code = this.interrupted
      ? ExitCode.CAPTURE_FAILED
      : (this.captureCode ?? (this.run.failed ? ExitCode.REPORT_NOT_WRITTEN : exitFor(this.ctx.report)));
    if (this.interrupted) this.log.add(`guided run interrupted (${this.interrupted}); exit code ${code}`, 3);
    else this.log.add(`guided run ended by the technician; exit code ${code}`);
    // What stays on the console after the alternate screen is gone: the verdict, where the files are.
    const lines = [`preflight: ${verdictSentence(this.ctx.report.verdict)}`, ...this.epilogue, this.run.note];
    if (this.interrupted) lines.push(`preflight: interrupted (${this.interrupted})`);
    this.o.output.write(lines.map((l) => sanitize(l)).join('\n') + '\n');
    this.done(code);
  }

  private fail(err: unknown): void {
    if (this.ended) return;
    this.ended = true;
    this.release();
    this.log.add(`guided run ended by an internal error: ${(err as Error)?.message ?? String(err)}`, 3);
    this.failed(err);
  }

  /** The console as it was: keys off (raw mode off), cursor shown, alternate screen left; listeners gone. */
  private release(): void {
    if (this.ticker) clearInterval(this.ticker);
    this.keys?.close();
    this.terminal.leave();
    for (const s of STOP_SIGNALS) process.off(s, this.onSignal);
    process.off('exit', this.onExit);
    this.o.output.off('resize', this.onResize);
  }
}

function readRecord(file: string | null): CaptureRecord | null {
  if (file === null) return null;
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as CaptureRecord;
  } catch {
    return null;
  }
}
