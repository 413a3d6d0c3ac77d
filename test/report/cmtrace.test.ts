import { describe, expect, it } from 'vitest';
import { cmtraceLine, renderCmtrace } from '../../src/report/cmtrace';
import { facts, lockedVolume } from '../checks/fixtures';
import { report, troubledFacts } from './variants';

const LINE =
  /^<!\[LOG\[(.*)\]LOG\]!><time="(\d{2}):(\d{2}):(\d{2})\.(\d{3})([+-]\d{3})" date="(\d{2})-(\d{2})-(\d{4})" component="preflight" context="" type="([123])" thread="(\d+)" file="">$/;

const opts = { bias: 0, thread: 7, component: 'preflight' };

describe('renderCmtrace', () => {
  const r = report([facts(), troubledFacts()], [lockedVolume('F:')]);
  const text = renderCmtrace(r, { bias: 300, thread: 42 });
  const lines = text.split('\r\n').slice(0, -1);

  it('writes one CMTrace line per verdict, installation, volume and finding, CRLF-terminated', () => {
    expect(text.endsWith('\r\n')).toBe(true);
    const findings =
      r.installations.flatMap((i) => i.findings).length + r.unreadableVolumes.flatMap((v) => v.findings).length + r.findings.length;
    expect(lines).toHaveLength(1 + r.installations.length + r.unreadableVolumes.length + findings);
    for (const line of lines) expect(line).toMatch(LINE);
  });

  it('uses local time with the bias (UTC = local + bias) and the MM-DD-YYYY date', () => {
    const m = LINE.exec(lines[0]);
    expect(m?.slice(2, 10)).toEqual(['05', '22', '31', '123', '+300', '03', '14', '2025']);
    expect(m?.[11]).toBe('42');
  });

  it('maps block/blocked to 3, warn/warnings to 2, info/ready to 1', () => {
    const types = lines.map((l) => LINE.exec(l)?.[10]);
    expect(types[0]).toBe('3');
    expect(lines[1]).toContain('[C:\\Windows]');
    expect(types[1]).toBe('1');
    const gen001 = lines.find((l) => l.includes('GEN001 BLOCK'));
    const pnd001 = lines.find((l) => l.includes('UNA001 WARN'));
    const hiv001 = lines.find((l) => l.includes('HIV001 INFO'));
    expect(LINE.exec(gen001 ?? '')?.[10]).toBe('3');
    expect(LINE.exec(pnd001 ?? '')?.[10]).toBe('2');
    expect(LINE.exec(hiv001 ?? '')?.[10]).toBe('1');
    expect(lines.some((l) => l.includes('[F:] VOL003 BLOCK'))).toBe(true);
  });

  it('names an unreadable volume NOT INSPECTED (no verdict word), typed by its findings', () => {
    const volume = lines.find((l) => l.startsWith('<![LOG[[F:] BitLocker-locked'));
    expect(volume).toContain('[F:] BitLocker-locked: NOT INSPECTED]LOG]!>');
    expect(LINE.exec(volume ?? '')?.[10]).toBe('3');
  });

  it('defaults to this machine’s bias and process id', () => {
    const m = LINE.exec(renderCmtrace(report([facts()])).split('\r\n')[0]);
    const bias = new Date(r.generatedAt).getTimezoneOffset();
    expect(m?.[6]).toBe(`${bias < 0 ? '-' : '+'}${String(Math.abs(bias)).padStart(3, '0')}`);
    expect(m?.[11]).toBe(String(process.pid));
  });
});

describe('renderCmtrace: no control characters from the data', () => {
  it('a ProductName with ESC sequences and C1 prints neither', () => {
    const hostile = facts({ os: { productName: 'Windows 11 Pro\x1b[2J\u009b2J\x07', computerName: 'PC\x1b]0;x\x07' } });
    const text = renderCmtrace(report([hostile]), opts);
    expect(text).not.toMatch(/[\x00-\x09\x0b\x0c\x0e-\x1f\x7f-\x9f]/);
    expect(text).toContain('Windows 11 Pro?[2J?2J?');
    for (const line of text.split('\r\n').slice(0, -1)) expect(line).toMatch(LINE);
  });
});

describe('cmtraceLine', () => {
  it('negative bias (east of UTC) and a date that rolls over', () => {
    const line = cmtraceLine('x', 1, new Date('2025-03-14T23:30:00.005Z'), { ...opts, bias: -120 });
    expect(line).toContain('time="01:30:00.005-120" date="03-15-2025"');
  });

  it('keeps a message on one line and never closes the LOG bracket early', () => {
    const line = cmtraceLine('a\r\nb ]LOG]!> c', 2, new Date('2025-01-01T00:00:00Z'), opts);
    expect(line).toMatch(LINE);
    expect(line.startsWith('<![LOG[a b ]LOG]!) c]LOG]!>')).toBe(true);
  });
});
