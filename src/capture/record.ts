// What stays next to the image: the capture record (JSON, for scripts and audits) and a CMTrace log
// (for people), written on success and on failure alike, so a failed capture still explains itself.
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { cmtraceLine, type CmtraceType } from '../report/cmtrace';
import type { GateFinding, GateOutcome } from './gate';
import type { CaptureResult } from './result';
import type { CapturePlan } from './types';
import type { Verification } from './verify';

export const RECORD_SCHEMA_VERSION = 1;

export interface CaptureRecord {
  schemaVersion: typeof RECORD_SCHEMA_VERSION;
  tool: { name: 'preflight'; version: string };
  ok: boolean;
  source: string;
  image: string;
  name: string;
  description: string | null;
  index: number | null;
  engine: { name: string; program: string; version: string | null };
  options: CapturePlan['request'];
  verdict: string;
  installations: {
    volume: string;
    os: string | null;
    build: number | null;
    generalization: string;
    machineSid: string | null;
    verdict: string;
  }[];
  /** Blocking findings a --force capture went past. */
  overriddenFindings: FindingSummary[];
  /** A forced capture in one sentence (what check blocked and that it was captured anyway), else null. */
  forced: string | null;
  warnings: FindingSummary[];
  space: CapturePlan['space'];
  imageBytes: number | null;
  sha256: string | null;
  verification: Verification | null;
  result: CaptureResult | null;
  /** Why the capture failed, or null. */
  failure: string | null;
}

interface FindingSummary {
  id: string;
  title: string;
  message: string;
}

const summary = (f: GateFinding): FindingSummary => ({ id: f.id, title: f.title, message: f.message });

export interface RecordInput {
  toolVersion: string;
  plan: CapturePlan;
  gate: GateOutcome;
  result: CaptureResult | null;
  verification: Verification | null;
  imageBytes: number | null;
  failure: string | null;
}

/**
 * What a forced capture says wherever its outcome is shown (the text's last line, the HTML's headline, the
 * record): the image holds an installation check said must not be captured, and which findings were
 * overridden. Null when nothing was overridden.
 */
export function forcedStatement(overridden: GateFinding[]): string | null {
  if (overridden.length === 0) return null;
  return `FORCED: captured although check said BLOCKED (do not capture); overridden: ${overridden.map((f) => `${f.id} ${f.title}`).join('; ')}`;
}

export function buildRecord(i: RecordInput): CaptureRecord {
  const { plan, gate } = i;
  return {
    schemaVersion: RECORD_SCHEMA_VERSION,
    tool: { name: 'preflight', version: i.toolVersion },
    ok: i.failure === null,
    source: plan.source,
    image: plan.image,
    name: plan.request.name,
    description: plan.request.description,
    index: i.verification?.index ?? null,
    engine: { name: plan.command.engine, program: plan.command.program, version: i.result?.engineVersion ?? null },
    options: plan.request,
    verdict: gate.verdict,
    installations: gate.report.installations.map((x) => ({
      volume: x.volume,
      os: x.os.family ?? null,
      build: x.os.build ?? null,
      generalization: x.generalization.state,
      machineSid: x.machineSid,
      verdict: x.verdict,
    })),
    overriddenFindings: gate.overridden.map(summary),
    forced: forcedStatement(gate.overridden),
    warnings: gate.warnings.map(summary),
    space: plan.space,
    imageBytes: i.imageBytes,
    sha256: i.verification?.sha256 ?? null,
    verification: i.verification,
    result: i.result,
    failure: i.failure,
  };
}

/** The CMTrace log of one capture: gate and plan (stamped with the engine's start, milliseconds after them), engine, verification, outcome. */
export function renderCaptureLog(r: CaptureRecord, at: Date = new Date()): string {
  const o = { bias: at.getTimezoneOffset(), thread: process.pid, component: 'preflight-capture' };
  const started = r.result ? new Date(r.result.startedAt) : at;
  const ended = r.result ? new Date(started.getTime() + r.result.durationMs) : at;
  const out: string[] = [];
  const line = (m: string, t: CmtraceType = 1, when: Date = at) => out.push(cmtraceLine(m, t, when, o));
  line(
    `preflight ${r.tool.version} capture of ${r.source} to ${r.image} as "${r.name}"; check verdict ${r.verdict}`,
    r.verdict === 'blocked' ? 2 : 1,
    started,
  );
  for (const f of r.overriddenFindings) line(`OVERRIDDEN by --force: ${f.id} ${f.title}. ${f.message}`, 2, started);
  for (const f of r.warnings) line(`warning: ${f.id} ${f.title}. ${f.message}`, 2, started);
  line(
    `plan: ${r.space.sourceFiles} files, ${r.space.sourceBytes} bytes to capture (${r.space.excludedFiles} excluded); ${r.space.freeBytes ?? 'unknown'} bytes free at the destination, ${r.space.neededBytes} needed`,
    1,
    started,
  );
  if (r.result) {
    line(`engine: ${r.result.commandLine}`, 1, started);
    line(
      `engine ended: ${r.result.exit.text ?? r.result.signal ?? '-'} (${r.result.exit.meaning}) after ${(r.result.durationMs / 1000).toFixed(1)} s; ${r.result.bytesWritten} bytes written`,
      r.result.ok ? 1 : 3,
      ended,
    );
    if (!r.result.ok) for (const t of r.result.outputTail) if (t.trim()) line(`engine: ${t}`, 3, ended);
  }
  if (r.verification) {
    line(
      `verify: ${r.verification.ok ? 'ok' : r.verification.problems.join('; ')}; index ${r.verification.index ?? '-'}, ${r.verification.image?.files ?? '-'} files`,
      r.verification.ok ? 1 : 3,
    );
    if (r.verification.readBack) line(r.verification.readBack.summary, r.verification.readBack.ok ? 1 : 3);
  }
  if (r.sha256) line(`SHA-256 ${r.sha256}`);
  line(
    r.failure === null ? `capture succeeded: ${r.image} (${r.imageBytes} bytes)` : `capture FAILED: ${r.failure}`,
    r.failure === null ? 1 : 3,
  );
  return out.join('\r\n') + '\r\n';
}

export function writeRecord(plan: CapturePlan, record: CaptureRecord): void {
  writeWhole(plan.recordFile, JSON.stringify(record, null, 2) + '\n');
  writeWhole(plan.cmtraceLog, renderCaptureLog(record));
}

/**
 * Written beside, then renamed over: a destination that fills up mid-write (the image took the room) leaves
 * no half record a script would fail to parse, only no record, which the caller reports in words.
 */
export function writeWhole(file: string, text: string): void {
  const part = `${file}.partial`;
  try {
    writeFileSync(part, text);
    renameSync(part, file);
  } catch (err) {
    rmSync(part, { force: true });
    throw err;
  }
}
