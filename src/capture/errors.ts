// The three ways a capture ends without an image, each with its own exit code (src/cli/exit-codes.ts):
// the gate refused (BLOCKED), the plan refused (BAD_INPUT: the destination or the options are not fit),
// or the engine ran and failed (CAPTURE_FAILED).
import type { CaptureResult } from './result';
import type { Verification } from './verify';

/** check's verdict is `blocked` and --force was not given. Nothing was written. */
export class GateRefusal extends Error {}

/** The plan found the capture cannot succeed (destination on the source, too small, FAT32, …). Nothing was written. */
export class PlanRefusal extends Error {}

/**
 * The engine is missing, failed, was killed or interrupted, or its image did not verify (then
 * `verification` says what was read back in it: the image is kept).
 */
export class CaptureFailure extends Error {
  constructor(
    message: string,
    readonly result: CaptureResult | null = null,
    readonly verification: Verification | null = null,
  ) {
    super(message);
  }
}
