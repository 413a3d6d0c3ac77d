// What every command's --help ends with: examples, and the exit codes a script can test
// (README "Exit codes"). Help is wrapped at 79 columns on word boundaries (HELP_WIDTH).
import type { CodesKind, Example } from './args/spec';
import { ExitCode } from './exit-codes';

/** One less than the console's 80 columns, like the text report (a full 80-column line wraps by itself). */
export const HELP_WIDTH = 79;

const CHECK_CODES = [
  `${ExitCode.READY} ready`,
  `${ExitCode.WARNINGS} ready with warnings`,
  `${ExitCode.BLOCKED} blocked`,
  `${ExitCode.BAD_INPUT} bad input (no Windows found, unreadable)`,
  `${ExitCode.USAGE} usage error`,
  `${ExitCode.INTERNAL} internal error`,
  `${ExitCode.REPORT_NOT_WRITTEN} report not written (--out)`,
];

/** The guided run (top level): check's codes, and 3 when its capture failed or it was interrupted. */
const GUIDED_CODES = [
  ...CHECK_CODES.slice(0, 3),
  `${ExitCode.CAPTURE_FAILED} capture failed or interrupted (Ctrl+C)`,
  ...CHECK_CODES.slice(3),
];

/** capture: what it wrote and whether it verified (README "Exit codes"). */
const CAPTURE_CODES = [
  `${ExitCode.READY} captured and verified`,
  `${ExitCode.WARNINGS} captured and verified, with warnings`,
  `${ExitCode.BLOCKED} refused by the check, nothing written (with --force: captured anyway, see the FORCED line)`,
  `${ExitCode.CAPTURE_FAILED} capture failed, did not verify, or interrupted (Ctrl+C)`,
  `${ExitCode.BAD_INPUT} bad input (the plan refused: destination on the source or too small, FAT32, …)`,
  `${ExitCode.USAGE} usage error`,
  `${ExitCode.INTERNAL} internal error`,
];

/** The hive and BCD readers. */
const HIVE_CODES = [
  `${ExitCode.READY} success`,
  `${ExitCode.BAD_INPUT} bad input (not a hive, damaged, unreadable)`,
  `${ExitCode.USAGE} usage error`,
  `${ExitCode.INTERNAL} internal error`,
];

const PLAIN_CODES = [
  `${ExitCode.READY} success`,
  `${ExitCode.BAD_INPUT} bad input`,
  `${ExitCode.USAGE} usage error`,
  `${ExitCode.INTERNAL} internal error`,
];

const CODES: Record<CodesKind, string[]> = {
  check: CHECK_CODES,
  guided: GUIDED_CODES,
  capture: CAPTURE_CODES,
  hive: HIVE_CODES,
  plain: PLAIN_CODES,
};

/**
 * Examples and the exit codes at the end of a command's --help. Each example command has a line of its own
 * with its meaning under it: a command split over lines cannot be copied, and a two-column table would cut
 * long ones. (Examples are kept short enough for one 79-column line; a test holds them to it.)
 */
export function footerLines(examples: readonly Example[], kind: CodesKind): string[] {
  const codes = CODES[kind];
  const tail = kind === 'check' || kind === 'guided' || kind === 'capture' ? ' `if errorlevel 2` means "do not capture".' : '';
  const shown = examples.flatMap(([command, meaning]) => [`  ${command}`, `      ${meaning}`]);
  return [...(shown.length ? ['Examples:', ...shown, ''] : []), `Exit codes: ${codes.join(', ')}.${tail}`];
}
