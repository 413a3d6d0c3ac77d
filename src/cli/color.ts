// Colour on a terminal only, and never when NO_COLOR is set (https://no-color.org) or --no-color given.
export function useColor(flag: boolean | undefined, stream: NodeJS.WriteStream = process.stdout): boolean {
  if (flag === false) return false;
  if (process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== '') return false;
  if (flag === true) return true;
  return !!stream.isTTY;
}
