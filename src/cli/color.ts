// Colour on a terminal only. NO_COLOR (https://no-color.org, non-empty) and --no-color turn the default off;
// an explicit --color wins over NO_COLOR, as no-color.org asks: "per-instance command-line arguments
// should override NO_COLOR".
import { isTerminal } from '../host/console-output';

export function useColor(flag: boolean | undefined, stream: { isTTY?: boolean } = { isTTY: isTerminal(1) }): boolean {
  if (flag !== undefined) return flag;
  if (process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== '') return false;
  return !!stream.isTTY;
}
