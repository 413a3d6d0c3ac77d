// A capture in words for the console, shared by `capture` and the guided run: the plan (with what a forced
// capture overrode) and the exit code of a capture that ended verified.
import type { CaptureOutcome } from '../capture/capture';
import type { GateOutcome } from '../capture/gate';
import { DISM_APPEND_RISK, mib } from '../capture/plan';
import { sanitize } from '../report/layout';
import type { CaptureRecord } from '../capture/record';
import { displayCommand } from '../capture/result';
import type { CapturePlan } from '../capture/types';
import { collapsedFindings } from '../report/text';
import { ExitCode } from './exit-codes';

/** Warnings found after the gate (the engine's age): they were not on screen before the capture. */
export function lateWarnings(outcome: Extract<CaptureOutcome, { dryRun: false }>): CaptureRecord['warnings'] {
  return outcome.record.warnings.filter((w) => !outcome.gate.warnings.some((g) => g.id === w.id));
}

/**
 * A capture that ended verified: 2 when it was forced past blocking findings (the image holds what check
 * says must not be captured: a script must not take it for ready), 1 when there is a warning to read (the
 * gate's or a late one), else 0.
 */
export function capturedExitCode(outcome: Extract<CaptureOutcome, { dryRun: false }>): number {
  if (outcome.gate.overridden.length > 0) return ExitCode.BLOCKED;
  return outcome.gate.verdict === 'warnings' || lateWarnings(outcome).length > 0 ? ExitCode.WARNINGS : ExitCode.READY;
}

/** The plan in words (also the guided run's confirm screen, where the override was typed, not --force). */
export function planText(plan: CapturePlan, gate: GateOutcome, missing: string | null, overriddenBy = '--force'): string {
  const lines = [`check: ${gate.verdict}${gate.overridden.length ? ` - capturing anyway (${overriddenBy})` : ''}`];
  for (const f of collapsedFindings(gate.overridden)) lines.push(`  overridden: ${f}`);
  for (const f of gate.warnings) lines.push(`  warning: ${f.id} ${f.title}`);
  const s = plan.space;
  const what = plan.request.format === 'ffu' ? `an FFU of ${plan.source}` : plan.request.append ? 'append to' : 'capture to';
  lines.push(
    `plan: ${plan.request.format === 'ffu' ? `${what} to` : what} ${plan.image} as "${sanitize(plan.request.name)}" with ${plan.command.engine}`,
    plan.configFile === null
      ? `  source: ${plan.source}: about ${mib(s.sourceBytes)} in use (every sector in use is captured; no exclusions)`
      : `  source: ${plan.source}: ${s.sourceFiles} files, ${mib(s.sourceBytes)} (${s.excludedFiles} excluded by ${plan.configFile})`,
    `  space: ${s.freeBytes === null ? 'unknown' : mib(s.freeBytes)} free${s.fileSystem ? ` (${s.fileSystem})` : ''}, about ${mib(s.neededBytes)} needed: ${s.estimate}`,
  );
  if (plan.request.append && plan.command.engine === 'dism')
    lines.push(`  warning: ${DISM_APPEND_RISK} ${plan.image} before it appends (the room for the copy is counted above)`);
  if (plan.command.engine === 'dism') lines.push(`  scratch: ${plan.scratchDir}`);
  lines.push(`  logs: ${plan.cmtraceLog}, ${plan.engineLog}; record: ${plan.recordFile}`, `  command: ${displayCommand(plan.command)}`);
  if (missing) lines.push(`  note: ${missing}`);
  return lines.join('\n') + '\n';
}
