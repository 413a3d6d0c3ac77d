import { describe, expect, it } from 'vitest';
import { block, painter, splitCode, wrap, wrapSegments } from '../../src/report/layout';

describe('wrap', () => {
  it('wraps at word boundaries within the width', () => {
    const lines = wrap('the quick brown fox jumps over the lazy dog', 10);
    expect(lines).toEqual(['the quick', 'brown fox', 'jumps over', 'the lazy', 'dog']);
  });

  it('keeps a word longer than the line whole, on a line of its own', () => {
    const long = 'Microsoft.WindowsCalculator_11.2401.0.0_x64__8wekyb3d8bbwe';
    expect(wrap(`remove ${long} now`, 20)).toEqual(['remove', long, 'now']);
  });

  it('copes with empty and odd input', () => {
    expect(wrap('', 10)).toEqual(['']);
    expect(wrap('   \n\t  ', 10)).toEqual(['']);
    expect(wrap('a', 0)).toEqual(['a']);
  });
});

describe('wrapSegments', () => {
  it('keeps segments two spaces apart and breaks only between them', () => {
    expect(wrapSegments(['C:\\Windows', 'Windows 11 Pro 24H2 (26100.2314) x64', 'generalized'], 79, 2)).toEqual([
      'C:\\Windows  Windows 11 Pro 24H2 (26100.2314) x64  generalized',
    ]);
    expect(wrapSegments(['C:\\Windows', 'Windows 11 Pro 24H2 (26100.2314) x64', 'generalized'], 40, 2)).toEqual([
      'C:\\Windows',
      '  Windows 11 Pro 24H2 (26100.2314) x64',
      '  generalized',
    ]);
  });
});

describe('splitCode / block', () => {
  it('splits prose and `code`', () => {
    expect(splitCode('run `a b`. Then `c`')).toEqual([
      { code: false, text: 'run ' },
      { code: true, text: 'a b' },
      { code: false, text: '. Then ' },
      { code: true, text: 'c' },
    ]);
    expect(splitCode('a lone ` backtick')).toEqual([{ code: false, text: 'a lone ` backtick' }]);
  });

  it('puts each command on a line of its own and drops the punctuation that closed it', () => {
    const lines = block('Boot it and run `sysprep.exe /generalize /oobe /shutdown`. Let it shut down.', {
      width: 79,
      prefix: 'Fix: ',
    });
    expect(lines).toEqual([
      'Fix: Boot it and run',
      '       sysprep.exe /generalize /oobe /shutdown',
      '     Let it shut down.',
    ]);
  });

  it('a command first goes right after the prefix', () => {
    expect(block('`shutdown /s /t 0`', { width: 79, prefix: 'Fix: ' })).toEqual(['Fix: shutdown /s /t 0']);
  });

  it('an empty text still gives the prefix', () => {
    expect(block('', { width: 79, prefix: 'Fix: ' })).toEqual(['Fix:']);
  });
});

describe('painter', () => {
  it('adds SGR codes only when colour is on', () => {
    expect(painter(false)('x', 'red')).toBe('x');
    expect(painter(true)('x', 'bold', 'red')).toBe('\x1b[1;31mx\x1b[0m');
    expect(painter(true)('', 'red')).toBe('');
  });
});
