// LineSplitter: logs decoded and split piece by piece (streamed, never read whole) give the same lines as
// decoding the whole file, whatever the piece boundaries, in bounded memory.
import { describe, expect, it } from 'vitest';
import { LineSplitter, MAX_LINE_CHARS, decodeText, splitLines } from '../../src/windows/text-decode';
import { utf16be, utf16le, utf8bom } from './temp-volume';

function pieces(bytes: Buffer, size: number): string[] {
  const out: string[] = [];
  const s = new LineSplitter(true, (l) => out.push(l));
  for (let i = 0; i < bytes.length; i += size) s.push(bytes.subarray(i, i + size));
  s.end();
  return out;
}

const TEXT = 'first line\r\nsecond — ünïcode\r\n\r\nthird\rfourth\nfifth';

describe('LineSplitter', () => {
  it.each([
    ['UTF-8', Buffer.from(TEXT, 'utf8')],
    ['UTF-8 with BOM', utf8bom(TEXT)],
    ['UTF-16LE with BOM', utf16le(TEXT)],
    ['UTF-16BE with BOM', utf16be(TEXT)],
    ['UTF-16LE without BOM', utf16le(TEXT, false)],
  ])('%s: the same lines as a whole-file decode, for every piece size (CRLF and characters split across pieces)', (_name, bytes) => {
    const whole = splitLines(decodeText(bytes).text);
    for (const size of [1, 2, 3, 5, 7, 64]) expect(pieces(bytes, size), `piece size ${size}`).toEqual(whole);
  });

  it('a "line" of megabytes is cut to MAX_LINE_CHARS; the next line is intact', () => {
    const bytes = Buffer.concat([Buffer.alloc(3 << 20, 0x41), Buffer.from('\r\nnext\r\n')]);
    const lines = pieces(bytes, 1 << 16);
    expect(lines.map((l) => l.length)).toEqual([MAX_LINE_CHARS, 4]);
  });
});
