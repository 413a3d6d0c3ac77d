// The engines' recorded real output (test/data/dism, test/data/wimlib) into typed events: bars redrawn
// with \r, chunks cut anywhere, versions, and the engines' own words for a failure.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DismOutputParser } from '../../src/capture/progress/dism-parser';
import { ProgressLineSplitter, type OutputParser, type ProgressEvent } from '../../src/capture/progress/events';
import { EtaEstimator, JsonLines, PlainLines, TerminalBar, formatDuration } from '../../src/capture/progress/render';
import { WimlibOutputParser } from '../../src/capture/progress/wimlib-parser';
import { PROJECT_ROOT } from '../support/corpus';

const data = (engine: string, name: string) => readFileSync(join(PROJECT_ROOT, 'test', 'data', engine, name), 'utf8');

function parseAll(parser: OutputParser, text: string, chunk = text.length): ProgressEvent[] {
  const events: ProgressEvent[] = [];
  for (let i = 0; i < text.length; i += chunk) events.push(...parser.push(text.slice(i, i + chunk)));
  events.push(...parser.end());
  return events;
}
const percents = (events: ProgressEvent[]) => events.flatMap((e) => (e.type === 'percent' ? [e.percent] : []));

describe('ProgressLineSplitter', () => {
  it('splits at \\n, \\r\\n and lone \\r, even when \\r\\n is cut between chunks', () => {
    const s = new ProgressLineSplitter();
    expect([...s.push('a\r'), ...s.push('\nb\rc'), ...s.push('\n'), ...s.end()]).toEqual(['a', 'b', 'c']);
  });
});

describe('DISM output (recorded real transcripts)', () => {
  it.each([1, 7, 1 << 20])('a successful capture, fed %i characters at a time', (chunk) => {
    const p = new DismOutputParser();
    const events = parseAll(p, data('dism', 'capture-success-19041.txt'), chunk);
    expect(p.version).toBe('10.0.19041.844');
    expect(events.filter((e) => e.type === 'phase')).toEqual([{ type: 'phase', name: 'Saving image' }]);
    expect(percents(events)).toEqual([100]);
    expect(events.at(-1)).toEqual({ type: 'message', level: 'info', text: 'The operation completed successfully.' });
    expect(p.errorMessage).toBeNull();
  });

  it('the bar redrawn with carriage returns gives one percent event per frame', () => {
    const p = new DismOutputParser();
    expect(percents(parseAll(p, data('dism', 'progress-redraw-fr.txt'), 3))).toEqual([10, 20, 100]);
  });

  it('disk full: the bar stops at 27 %, then Error: 112 and its words', () => {
    const p = new DismOutputParser();
    const events = parseAll(p, data('dism', 'error-112-disk-full.txt'));
    expect(percents(events)).toEqual([27]);
    expect(p.errorMessage).toBe('Error 112: There is not enough space on the disk.');
    expect(events.filter((e) => e.type === 'message' && e.level === 'error').length).toBe(2);
  });

  it.each([
    ['error-5-access-denied.txt', 'Error 5: Access is denied.'],
    ['error-0x800f0806-pending.txt', 'Error 0x800f0806: The operation could not be completed due to pending operations.'],
  ])('%s', (file, message) => {
    const p = new DismOutputParser();
    parseAll(p, data('dism', file));
    expect(p.errorMessage).toBe(message);
  });
});

describe('wimlib-imagex output (recorded real runs)', () => {
  it('a capture with --check: scanning, archiving 0..100 %, integrity table 0..100 %', () => {
    const events = parseAll(new WimlibOutputParser(), data('wimlib', 'capture-success-check.txt'), 5);
    expect(events.filter((e) => e.type === 'phase').map((e) => (e as { name: string }).name)).toEqual([
      'Scanning',
      'Archiving file data',
      'Calculating integrity table for WIM',
    ]);
    const archiving = events.flatMap((e) => (e.type === 'percent' && e.phase === 'Archiving file data' ? [e.percent] : []));
    expect(archiving[0]).toBe(0);
    expect(archiving.at(-1)).toBe(100);
    expect(archiving).toEqual([...archiving].sort((a, b) => a - b));
  });

  it.each([
    ['capture-disk-full.txt', 'Failed to write data to a file. (Error writing chunk data to WIM file: No space left on device)'],
    [
      'append-name-taken.txt',
      'Tried to add an image with a name that is already in use. (There is already an image named "N1" in the WIM!)',
    ],
    [
      'capture-missing-source.txt',
      'Could not read the metadata for a file or directory. ("wl/nonexist": Can\'t read metadata: No such file or directory)',
    ],
  ])("%s: the error in wimlib's own words", (file, message) => {
    const p = new WimlibOutputParser();
    parseAll(p, data('wimlib', file));
    expect(p.errorMessage).toBe(message);
  });
});

describe('renderers', () => {
  const events: ProgressEvent[] = [
    { type: 'phase', name: 'Saving image' },
    ...[0, 1, 2, 3, 4, 5, 6, 12, 50, 99, 100].map((percent): ProgressEvent => ({ type: 'percent', phase: 'Saving image', percent })),
    { type: 'message', level: 'error', text: 'Error: 112' },
  ];
  it('to a file or pipe: a line every 5 % and the end, no carriage returns', () => {
    let out = '';
    const r = new PlainLines({ write: (t) => (out += t) });
    events.forEach((e) => r.onEvent(e));
    expect(out).toBe(['Saving image', ...[0, 5, 12, 50, 99, 100].map((p) => `Saving image: ${p}%`), 'Error: 112', ''].join('\n'));
  });
  it('on a terminal: one line redrawn in place, with time left once there is a rate', () => {
    let out = '';
    let now = 0;
    const r = new TerminalBar({ write: (t) => (out += t) }, () => now);
    r.onEvent({ type: 'percent', phase: 'Saving image', percent: 10 });
    now = 10_000;
    r.onEvent({ type: 'percent', phase: 'Saving image', percent: 20 });
    r.close();
    const frames = out.split('\r').filter(Boolean);
    expect(frames).toHaveLength(2);
    expect(frames[1]).toMatch(/^Saving image \[#{6}-{24}\]  20\.0%  1m20s left\x1b\[K\n$/);
  });
  it('--json: one JSON object a line, the event type under "event"', () => {
    let out = '';
    const r = new JsonLines({ write: (t) => (out += t) });
    r.onEvent({ type: 'percent', phase: 'Saving image', percent: 27 });
    expect(JSON.parse(out)).toEqual({ event: 'percent', phase: 'Saving image', percent: 27 });
  });
  it('ETA and durations', () => {
    const eta = new EtaEstimator();
    expect(eta.update(0, 0)).toBeNull();
    expect(eta.update(50, 60_000)).toBe(60_000);
    expect([formatDuration(5_000), formatDuration(125_000), formatDuration(3_725_000)]).toEqual(['5s', '2m05s', '1h02m']);
  });
});
