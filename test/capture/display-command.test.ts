// The engine command preflight prints is quoted for the shell it is pasted into (cmd for DISM and for
// anything on Windows, a POSIX shell elsewhere), or not printed, with the reason, when no quoting is safe.
// The sh half is proven here by pasting into the real sh; the cmd half under wine (test/exe/paste-exe.test.ts).
// PowerShell's rules (single quotes, where nothing expands; ' and U+2018-U+201B doubled) are checked
// against a model of its tokenizer.
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { displayCommand } from '../../src/capture/result';
import { cmdQuote, powershellQuote } from '../../src/checks/shell-quote';
import { HOSTILE_NAMES } from '../support/hostile-names';

const tmp = mkdtempSync(join(tmpdir(), 'preflight-paste-'));
const ECHO = join(tmp, 'echo args');
writeFileSync(ECHO, '#!/bin/sh\nfor a in "$@"; do printf \'%s\\0\' "$a"; done\n');
chmodSync(ECHO, 0o755);

/** The printed line pasted into sh: the arguments the program received. */
function pasteSh(line: string): string[] {
  const r = spawnSync('sh', ['-c', line], { encoding: 'utf8', env: { PATH: '/usr/bin:/bin', PREFLIGHT_FUZZ: 'EXPANDED' } });
  expect(r.status, r.stderr).toBe(0);
  return r.stdout.split('\0').slice(0, -1);
}

const NOT_SHOWN =
  /^\(not shown: .* cannot be quoted safely for (cmd|a POSIX shell); the engine is started without a shell and gets it as one argument\)$/;

describe('displayCommand', () => {
  it.each(HOSTILE_NAMES.map((n) => [n]))('sh: %j arrives as one argument, byte for byte, or no command is shown', (name) => {
    const args = ['capture', '--config=/x/a b.ini', '--', '/mnt/c', '/dest/w.wim', name, `desc ${name}`];
    const line = displayCommand({ engine: 'wimlib', program: ECHO, args }, 'linux');
    if (NOT_SHOWN.test(line)) {
      expect(name).toMatch(/[\x00-\x1f\u200b\u202e]/u);
      expect(line).not.toMatch(/[\x00-\x1f\u200b\u202e]/u);
      return;
    }
    expect(pasteSh(line)).toEqual(args);
  });

  it("cmd: arguments quoted only when needed; DISM's usual path expands; a name cmd cannot carry gets no command", () => {
    const args = ['/Capture-Image', '/ImageFile:E:\\img\\w 11.wim', '/CaptureDir:D:\\', '/Name:a & b ^ c'];
    expect(displayCommand({ engine: 'dism', program: '%SystemRoot%\\System32\\Dism.exe', args }, 'linux')).toBe(
      '%SystemRoot%\\System32\\Dism.exe /Capture-Image "/ImageFile:E:\\img\\w 11.wim" /CaptureDir:D:\\ "/Name:a & b ^ c"',
    );
    for (const name of ['100%', '%PATH%', 'say "hi"', 'wow!']) {
      expect(displayCommand({ engine: 'dism', program: 'Dism.exe', args: [`/Name:${name}`] }, 'win32')).toMatch(NOT_SHOWN);
    }
    // wimlib on Windows is pasted into cmd too.
    expect(displayCommand({ engine: 'wimlib', program: 'wimlib-imagex.exe', args: ['--', "it's"] }, 'win32')).toBe(
      `wimlib-imagex.exe -- "it's"`,
    );
  });
});

/**
 * PowerShell's tokenizer for a single-quoted string (about_Quoting_Rules): from an opening quote character
 * to the next quote character that is not doubled; ' and U+2018-U+201B are all quote characters. Returns
 * the value and the rest of the line after the closing quote.
 */
function psSingleQuoted(text: string): { value: string; rest: string } {
  const Q = /['\u2018\u2019\u201a\u201b]/;
  expect(text[0]).toMatch(Q);
  let value = '';
  for (let i = 1; i < text.length; i++) {
    if (Q.test(text[i])) {
      if (i + 1 < text.length && Q.test(text[i + 1])) {
        value += text[i];
        i++;
        continue;
      }
      return { value, rest: text.slice(i + 1) };
    }
    value += text[i];
  }
  throw new Error(`unterminated: ${text}`);
}

describe('powershellQuote and cmdQuote with hostile names', () => {
  it.each(HOSTILE_NAMES.map((n) => [n]))('%j', (name) => {
    const ps = powershellQuote(name);
    if (ps === null) expect(name).toMatch(/[\x00-\x1f\u200b\u202e]/u);
    else expect(psSingleQuoted(ps)).toEqual({ value: name, rest: '' });
    const cmd = cmdQuote(name);
    if (cmd !== null) {
      expect(cmd.slice(1, -1)).not.toMatch(/["%!\r\n]/);
      expect(cmd).toMatch(/^".*"$/s);
    } else expect(name).toMatch(/["%!\x00-\x1f\u200b\u202e]/u);
  });
});
