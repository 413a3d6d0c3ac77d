import { describe, expect, it } from 'vitest';
import { block, painter, splitCommands, wrap, wrapSegments } from '../../src/report/layout';

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

describe('wrap with breakAfter (evidence paths)', () => {
  const KEY =
    'Windows\\System32\\config\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Appx\\AppxAllUserStore\\' +
    'S-1-5-21-1957816478-2793074591-1041990146-1001\\Microsoft.Copilot_1.25034.133.0_x64__8wekyb3d8bbwe';

  it('breaks a path too long for a line after a backslash, filling each line', () => {
    const lines = wrap(`${KEY} = not-provisioned`, 65, 65, '\\');
    expect(lines).toEqual([
      'Windows\\System32\\config\\SOFTWARE\\Microsoft\\Windows\\',
      'CurrentVersion\\Appx\\AppxAllUserStore\\',
      'S-1-5-21-1957816478-2793074591-1041990146-1001\\',
      'Microsoft.Copilot_1.25034.133.0_x64__8wekyb3d8bbwe =',
      'not-provisioned',
    ]);
    expect(lines.join('').replace(/ /g, '')).toBe(`${KEY}=not-provisioned`);
  });

  it('every line fits, at any width, unless one component alone is longer', () => {
    for (let width = 20; width <= 80; width++) {
      const lines = wrap(`see ${KEY} (present)`, width, width, '\\');
      expect(lines.join('').replace(/ /g, '')).toBe(`see${KEY}(present)`);
      for (const l of lines) {
        const longest = Math.max(...l.split(/[\s\\]+/).map((c) => c.length));
        if (l.length > width) expect(longest).toBeGreaterThan(width - 1);
        expect(l).not.toBe('\\');
      }
    }
  });

  it('a component exactly as long as the line: its backslash starts the next line', () => {
    expect(wrap('aaaa\\bbbbbbbbbb\\cc', 10, 10, '\\')).toEqual(['aaaa\\', 'bbbbbbbbbb', '\\cc']);
  });

  it('a component longer than the line stays whole; words that fit are not broken', () => {
    expect(wrap('x\\abcdefghijklmnop\\y', 10, 10, '\\')).toEqual(['x\\', 'abcdefghijklmnop\\', 'y']);
    expect(wrap('ab\\cd x:\\gh', 6, 6, '\\')).toEqual(['ab\\cd', 'x:\\gh']);
    // A name with a space inside a path ("Windows NT") is one name: the path breaks after a backslash instead.
    expect(wrap('ab\\cd ef\\gh', 6, 6, '\\')).toEqual(['ab\\', 'cd ef\\', 'gh']);
    expect(wrap('\\abcdefghijklmnop', 10, 10, '\\')).toEqual(['\\abcdefghijklmnop']);
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

describe('splitCommands / block', () => {
  it('splits prose and the given commands, in order; backticks are plain text', () => {
    expect(splitCommands('run a b. Then c', ['a b', 'c'])).toEqual([
      { code: false, text: 'run ' },
      { code: true, text: 'a b' },
      { code: false, text: '. Then ' },
      { code: true, text: 'c' },
    ]);
    expect(splitCommands('a lone ` backtick', [])).toEqual([{ code: false, text: 'a lone ` backtick' }]);
  });

  it('puts each command on a line of its own and drops the punctuation that closed it', () => {
    const cmd = 'sysprep.exe /generalize /oobe /shutdown';
    const lines = block(`Boot it and run ${cmd}. Let it shut down.`, { width: 79, prefix: 'Fix: ' }, [cmd]);
    expect(lines).toEqual(['Fix: Boot it and run', '       sysprep.exe /generalize /oobe /shutdown', '     Let it shut down.']);
  });

  it('never breaks a command, even one longer than the line; the prose around it still wraps', () => {
    const cmd = "Get-AppxPackage -AllUsers -PackageTypeFilter Bundle -Name 'Microsoft.WindowsCalculator' | Remove-AppxPackage -AllUsers";
    const lines = block(`Remove the bundle instead, which works for every user of this machine: ${cmd}.`, { width: 40, prefix: 'Fix: ' }, [
      cmd,
    ]);
    expect(lines).toContain(`       ${cmd}`);
    expect(lines.filter((l) => l.length > 40)).toEqual([`       ${cmd}`]);
  });

  it('a command first goes right after the prefix', () => {
    expect(block('shutdown /s /t 0', { width: 79, prefix: 'Fix: ' }, ['shutdown /s /t 0'])).toEqual(['Fix: shutdown /s /t 0']);
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
