// Quoting of disk-controlled names for the shells the remedies' commands are typed into.
import { describe, expect, it } from 'vitest';
import { cmdQuote, powershellQuote, suspiciousName } from '../../src/checks/shell-quote';

describe('powershellQuote', () => {
  it.each<[string, string, string | null]>([
    [
      'plain package name',
      'Microsoft.WindowsCalculator_11.2401.0.0_x64__8wekyb3d8bbwe',
      "'Microsoft.WindowsCalculator_11.2401.0.0_x64__8wekyb3d8bbwe'",
    ],
    [
      'statement separators stay inside the string',
      'Evil;Start-Process calc.exe;#_1.0.0.0_x64__abc',
      "'Evil;Start-Process calc.exe;#_1.0.0.0_x64__abc'",
    ],
    ['a single quote is doubled', "O'Brien", "'O''Brien'"],
    ['typographic quotes close PowerShell strings too: doubled', 'a\u2019;calc;\u2018', "'a\u2019\u2019;calc;\u2018\u2018'"],
    ['$(…) and backticks are literal in single quotes', 'x$(calc)`n', "'x$(calc)`n'"],
    ['spaces and & are literal', 'Windows & calc.exe & rem', "'Windows & calc.exe & rem'"],
    ['line feed: never pasted', 'a\nStart-Process calc', null],
    ['carriage return: never pasted', 'a\rb', null],
    ['bidi override: never pasted', 'abc\u202Eexe.txt', null],
    ['bidi isolate: never pasted', 'abc\u2066x', null],
    ['zero-width space: never pasted', 'a\u200bb', null],
    ['C1 control (one-character CSI): never pasted', 'a\u009bb', null],
  ])('%s', (_name, value, expected) => {
    expect(powershellQuote(value)).toBe(expected);
  });
});

describe('cmdQuote', () => {
  it.each<[string, string, string | null]>([
    ['plain path', 'C:\\Windows\\Panther\\unattend.xml', '"C:\\Windows\\Panther\\unattend.xml"'],
    [
      '& and spaces are literal in double quotes',
      'C:\\Windows & calc.exe & rem\\Panther\\unattend.xml',
      '"C:\\Windows & calc.exe & rem\\Panther\\unattend.xml"',
    ],
    ['^ | < > ( ) are literal in double quotes', 'C:\\a^b|c<d>e(f)', '"C:\\a^b|c<d>e(f)"'],
    ['trailing backslash doubled (C runtime \\" rule)', 'C:\\dir\\', '"C:\\dir\\\\"'],
    ['a double quote cannot be escaped', 'C:\\a" & calc & "', null],
    ['% expands even inside quotes', 'C:\\%COMSPEC%', null],
    ['! expands with delayed expansion', 'C:\\a!x!', null],
    ['line break ends the command', 'C:\\a\r\ncalc', null],
    ['bidi override', 'C:\\\u202Eabc', null],
    ['a single quote is fine for cmd', "C:\\O'Brien", '"C:\\O\'Brien"'],
  ])('%s', (_name, value, expected) => {
    expect(cmdQuote(value)).toBe(expected);
  });
});

it('suspiciousName shows the name escaped, never raw control or bidi characters', () => {
  const text = suspiciousName('Windows folder name', 'Win\ndows"%\u202E');
  expect(text).toContain('"Win\\u000adows\\"%\\u202e"');
  expect(text).not.toMatch(/[\n\u202e]/u);
});
