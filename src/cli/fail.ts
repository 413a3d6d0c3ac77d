// One place that turns any failure into one line on stderr and a documented exit code.
import { CaptureFailure, GateRefusal, PlanRefusal } from '../capture/errors';
import { HiveError } from '../hive/errors';
import { LiveRegistryError } from '../host/live-registry-error';
import { InputError } from '../inspect/errors';
import { sanitize } from '../report/layout';
import { ExitCode, type ExitCodeValue } from './exit-codes';
import { writeErr, writeOut } from '../host/console-output';
import { VERSION } from './version';

/** Bad input the user can fix (inspect/errors.ts). Exit code BAD_INPUT. */
export { InputError };

/** A wrong command line (args/parse.ts), or one found wrong after parsing. Exit code USAGE. */
export class UsageError extends Error {}

export function exitCodeFor(err: unknown): ExitCodeValue {
  if (err instanceof HiveError || err instanceof InputError || err instanceof PlanRefusal || err instanceof LiveRegistryError)
    return ExitCode.BAD_INPUT;
  if (err instanceof GateRefusal) return ExitCode.BLOCKED;
  if (err instanceof CaptureFailure) return ExitCode.CAPTURE_FAILED;
  if (err instanceof UsageError) return ExitCode.USAGE;
  return ExitCode.INTERNAL;
}

export function describeFailure(err: unknown): string {
  if (
    err instanceof HiveError ||
    err instanceof InputError ||
    err instanceof UsageError ||
    err instanceof PlanRefusal ||
    err instanceof LiveRegistryError
  )
    return err.message;
  if (err instanceof GateRefusal) return `capture refused: ${err.message}`;
  if (err instanceof CaptureFailure) return `capture failed: ${err.message}`;
  const e = err as Error;
  return `internal error: ${e?.message ?? String(err)} (run again with --debug for details)`;
}

/** Failures whose JSON account a command already wrote on stdout (capture's result event): not twice. */
const reportedAsJson = new WeakSet<object>();

export function markReportedAsJson(err: unknown): void {
  if (err !== null && typeof err === 'object') reportedAsJson.add(err);
}

/**
 * One line on stderr, and with --json one JSON document on stdout (`schemaVersion`, `tool`, `error` with
 * `exitCode` and `message`), so a script that parses stdout learns why there is no report. Messages echo
 * command-line arguments and names from the disk: control and format characters are neutralised.
 */
export function reportFailure(err: unknown, debug: boolean, json = false): ExitCodeValue {
  const message = sanitize(describeFailure(err));
  const exitCode = exitCodeFor(err);
  writeErr(`preflight: ${message}\n`);
  if (debug && err instanceof Error && err.stack) writeErr(err.stack.split('\n').map(sanitize).join('\n') + '\n');
  if (json && !(err !== null && typeof err === 'object' && reportedAsJson.has(err)))
    writeOut(
      JSON.stringify({ schemaVersion: 1, tool: { name: 'preflight', version: VERSION }, error: { exitCode, message } }, null, 2) + '\n',
    );
  return exitCode;
}
