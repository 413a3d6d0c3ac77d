// What every command's --help ends with: examples, and the exit codes a script can test
// (README "Exit codes"). Help is wrapped at 79 columns on word boundaries (HELP_WIDTH).
import type { Argv } from 'yargs';
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

const OTHER_CODES = [
  `${ExitCode.READY} success`,
  `${ExitCode.BAD_INPUT} bad input (not a hive, damaged, unreadable)`,
  `${ExitCode.USAGE} usage error`,
  `${ExitCode.INTERNAL} internal error`,
];

/**
 * Examples and the exit codes at the end of a command's --help. Each example command has a line of its own
 * with its meaning under it: yargs' two-column example table cut long commands mid-way, and a command split
 * over lines cannot be copied. (Examples are kept short enough for one 79-column line; a test holds them to it.)
 */
export function helpFooter<T>(
  y: Argv<T>,
  examples: [command: string, meaning: string][],
  kind: 'check' | 'guided' | 'other' = 'other',
): Argv<T> {
  const codes = kind === 'check' ? CHECK_CODES : kind === 'guided' ? GUIDED_CODES : OTHER_CODES;
  const tail = kind === 'other' ? '' : ' `if errorlevel 2` means "do not capture".';
  const shown = examples.flatMap(([command, meaning]) => [`  ${command}`, `      ${meaning}`]);
  return y.epilog([...(shown.length ? ['Examples:', ...shown, ''] : []), `Exit codes: ${codes.join(', ')}.${tail}`].join('\n'));
}
