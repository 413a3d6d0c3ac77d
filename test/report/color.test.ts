// useColor (src/cli/color.ts) decides whether the text report is coloured.
import { afterEach, describe, expect, it } from 'vitest';
import { useColor } from '../../src/cli/color';

const tty = { isTTY: true } as NodeJS.WriteStream;
const pipe = { isTTY: false } as NodeJS.WriteStream;
const saved = process.env.NO_COLOR;

afterEach(() => {
  if (saved === undefined) delete process.env.NO_COLOR;
  else process.env.NO_COLOR = saved;
});

function withNoColor(value: string | undefined): void {
  if (value === undefined) delete process.env.NO_COLOR;
  else process.env.NO_COLOR = value;
}

describe('useColor (no-color.org)', () => {
  it.each<[string, string | undefined, boolean | undefined, NodeJS.WriteStream, boolean]>([
    ['terminal, nothing set', undefined, undefined, tty, true],
    ['pipe, nothing set', undefined, undefined, pipe, false],
    ['NO_COLOR=1 turns the default off', '1', undefined, tty, false],
    ['NO_COLOR empty is ignored', '', undefined, tty, true],
    ['--no-color', undefined, false, tty, false],
    ['--no-color with NO_COLOR', '1', false, tty, false],
    ['--color on a pipe', undefined, true, pipe, true],
    ['--color wins over NO_COLOR ("command-line arguments should override NO_COLOR")', '1', true, pipe, true],
  ])('%s', (_name, noColor, flag, stream, expected) => {
    withNoColor(noColor);
    expect(useColor(flag, stream)).toBe(expected);
  });
});
