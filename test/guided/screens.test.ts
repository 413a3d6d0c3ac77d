// The guided run's pure parts: keys decoded, text edited, screens laid out within the window, the summary
// row and the proposed image name. The live console is tested in guided-tmux.test.ts.
import { describe, expect, it } from 'vitest';
import { decodeKey } from '../../src/cli/guided/keys';
import { imageFileName, proposedName } from '../../src/cli/guided/name';
import { progressAfter, progressScreen, newProgress } from '../../src/cli/guided/progress';
import { clip, clipStart, hardWrap, layout, scrollFor } from '../../src/cli/guided/frame';
import { edit } from '../../src/cli/guided/text-field';
import { EtaEstimator } from '../../src/capture/progress/render';
import type { ReportInstallation } from '../../src/report/model';

const inst = (os: Partial<ReportInstallation['os']>) =>
  ({ os: { productName: null, family: 'unknown', build: null, computerName: null, ...os } }) as unknown as ReportInstallation;

describe('keys', () => {
  it.each([
    [undefined, { name: 'up' }, { name: 'up' }],
    ['\r', { name: 'return' }, { name: 'enter' }],
    ['\x1b', { name: 'escape' }, { name: 'escape' }],
    ['\x03', { name: 'c', ctrl: true }, { name: 'interrupt' }],
    ['q', { name: 'q' }, { name: 'char', char: 'q' }],
    ['3', undefined, { name: 'char', char: '3' }],
    ['\x1b[200~', { name: 'undefined', sequence: '\x1b[200~' }, null],
    ['\x07', { name: 'g', ctrl: true }, null],
  ])('%j %j', (str, key, expected) => {
    expect(decodeKey(str, key as never)).toEqual(expected);
  });
});

describe('text field', () => {
  it('adds printable text, Backspace erases one character (not one UTF-16 unit), other keys are not edits', () => {
    expect(edit('Win', { name: 'char', char: 'dows' })).toBe('Windows');
    expect(edit('Zürich😀', { name: 'backspace' })).toBe('Zürich');
    expect(edit('x', { name: 'enter' })).toBeNull();
  });
});

describe('layout', () => {
  const screen = { title: 'T', body: Array.from({ length: 60 }, (_, i) => ({ text: `line ${i + 1} ${'x'.repeat(100)}` })), keys: 'keys' };
  it.each([
    [80, 25],
    [40, 10],
    [132, 50],
  ])('%i x %i: exactly the rows, every line shorter than the width, the keys last', (w, h) => {
    const lines = layout(screen, w, h, 5);
    expect(lines).toHaveLength(h);
    for (const l of lines) expect(l.text.length).toBeLessThan(w);
    expect(lines[h - 1].text).toBe('keys');
    expect(lines[0].text).toMatch(new RegExp(`^T  \\(lines 6-${5 + h - 3} of 60\\)`));
    expect(lines[2].text).toMatch(w > 107 ? /^line 6 x{100}$/ : /^line 6 x+~$/);
  });

  it('text from the disk cannot reach the console as control codes', () => {
    const lines = layout({ title: 'PC\x1b[2J', body: [{ text: 'a\u202eb' }], keys: '' }, 80, 5);
    expect(lines[0].text).toBe('PC?[2J');
    expect(lines[2].text).toBe('a?b');
  });

  it('clip, clipStart and scrollFor', () => {
    expect(clip('abcdef', 4)).toBe('abc~');
    expect(clipStart('/tmp/long/ready', 9)).toBe('.../ready');
    expect(scrollFor(30, 0, 20, 60)).toBe(11);
    expect(scrollFor(2, 11, 20, 60)).toBe(2);
    expect(scrollFor(5, 50, 20, 30)).toBe(5);
  });
});

describe('hardWrap', () => {
  it('a command longer than the screen is shown whole, in pieces indented under it', () => {
    const cmd = `    Remove-AppxPackage -Package ${'x'.repeat(100)}`;
    const pieces = hardWrap(cmd, 79);
    for (const p of pieces) expect(p.length).toBeLessThanOrEqual(79);
    expect(pieces[0]).toBe(cmd.slice(0, 79));
    expect(pieces.slice(1).every((p) => p.startsWith('      ') && !p.startsWith('       '))).toBe(true);
    expect(pieces.map((p, i) => (i === 0 ? p : p.slice(6))).join('')).toBe(cmd);
    expect(hardWrap('short', 79)).toEqual(['short']);
  });
});

describe('image name', () => {
  it('OS, build and computer; without a computer name, OS and build', () => {
    expect(proposedName(inst({ productName: 'Windows 11 Pro', build: 26100, computerName: 'PC-042' }))).toBe(
      'Windows 11 Pro 26100 - PC-042',
    );
    expect(proposedName(inst({ family: 'Windows 10' as never, build: 19045 }))).toBe('Windows 10 19045');
  });
  it('a file name Windows accepts', () => {
    expect(imageFileName('A/B: "c" <d>|e?*')).toBe('A_B_ _c_ _d__e__.wim');
    expect(imageFileName('name. ')).toBe('name.wim');
    expect(imageFileName('...')).toBe('image.wim');
  });
});

describe('progress', () => {
  it('a bar from the events, within the width', () => {
    const eta = new EtaEstimator();
    let v = newProgress('/src', '/dest/x.wim', 0);
    v = progressAfter(v, { type: 'phase', name: 'Archiving file data' }, eta, 0);
    v = progressAfter(v, { type: 'percent', phase: 'Archiving file data', percent: 10 }, eta, 0);
    v = progressAfter(v, { type: 'percent', phase: 'Archiving file data', percent: 50 }, eta, 4000);
    const s = progressScreen(v, 80, 4000);
    const lines = layout(s, 80, 25).map((l) => l.text);
    expect(lines).toContain('Archiving file data');
    expect(lines.find((l) => l.startsWith('['))).toMatch(/^\[#{34}-{33}\]  50\.0%$/);
    expect(lines).toContain('4s so far, about 5s left');
  });
});
