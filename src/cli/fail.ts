// One place that turns any failure into one line on stderr and a documented exit code.
import { CaptureFailure, GateRefusal, PlanRefusal } from '../capture/errors';
import { HiveError } from '../hive/errors';
import { ExitCode, type ExitCodeValue } from './exit-codes';

/** Bad input the user can fix: a path that is not what it must be. Exit code BAD_INPUT. */
export class InputError extends Error {}

/** A wrong command line found after parsing (yargs reports its own). Exit code USAGE. */
export class UsageError extends Error {}

export function exitCodeFor(err: unknown): ExitCodeValue {
  if (err instanceof HiveError || err instanceof InputError || err instanceof PlanRefusal) return ExitCode.BAD_INPUT;
  if (err instanceof GateRefusal) return ExitCode.BLOCKED;
  if (err instanceof CaptureFailure) return ExitCode.CAPTURE_FAILED;
  if (err instanceof UsageError) return ExitCode.USAGE;
  return ExitCode.INTERNAL;
}

export function describeFailure(err: unknown): string {
  if (err instanceof HiveError || err instanceof InputError || err instanceof UsageError || err instanceof PlanRefusal) return err.message;
  if (err instanceof GateRefusal) return `capture refused: ${err.message}`;
  if (err instanceof CaptureFailure) return `capture failed: ${err.message}`;
  const e = err as Error;
  return `internal error: ${e?.message ?? String(err)} (run again with --debug for details)`;
}

export function reportFailure(err: unknown, debug: boolean): ExitCodeValue {
  process.stderr.write(`preflight: ${describeFailure(err)}\n`);
  if (debug && err instanceof Error && err.stack) process.stderr.write(err.stack + '\n');
  return exitCodeFor(err);
}
