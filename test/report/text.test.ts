import { describe, expect, it } from 'vitest';
import { renderText } from '../../src/report/text';
import type { UnreadableVolume } from '../../src/windows/facts';
import { COPILOT, NOT_GENERALIZED, facts, lockedVolume } from '../checks/fixtures';
import type { Report } from '../../src/report/model';
import { report, troubledFacts, unknownFacts, variants } from './variants';

const ANSI = /\x1b\[[0-9;]*m/g;
const strip = (s: string) => s.replace(ANSI, '');

/**
 * The deepest indent of wrapped text (message/evidence body 4 + "Evidence: " 10): a path component longer
 * than the width minus this cannot fit on any line.
 */
const DEEPEST_INDENT = 14;

/** Every command of the report's findings: each stands whole on a line of its own, however long. */
function commandsOf(r: Report): Set<string> {
  return new Set(
    [
      ...r.installations.flatMap((i) => i.findings),
      ...r.unreadableVolumes.flatMap((v) => v.findings),
      ...r.findings,
      ...r.disks.flatMap((d) => d.findings),
    ].flatMap((f) => f.commands),
  );
}

/**
 * Lines over the width. The exceptions: a line holding one whole command (commands are never broken), and
 * a line holding a single path component (between backslashes or spaces) too long for any line:
 * everything else - evidence paths included - must break.
 */
function overlong(text: string, width = 79, commands: Set<string> = new Set()): string[] {
  return text.split('\n').filter(
    (l) =>
      l.length > width &&
      !commands.has(l.trim().replace(/^Fix: /, '')) &&
      !l
        .trim()
        .split(/[\s\\]+/)
        .some((component) => component.length > width - DEEPEST_INDENT),
  );
}

describe('renderText', () => {
  for (const v of variants()) {
    it(`fits 80 columns and has no colour codes when color=false: ${v.name}`, () => {
      const text = renderText(v.report, { color: false });
      expect(text).not.toMatch(ANSI);
      expect(overlong(text, 79, commandsOf(v.report))).toEqual([]);
      for (const line of text.split('\n')) expect(line).toBe(line.trimEnd());
      expect(text).toMatch(/^preflight 0\.1\.0: (READY|READY WITH WARNINGS|BLOCKED) - /);
      expect(text).toMatch(/\nVerdict: (READY|READY WITH WARNINGS|BLOCKED) - .*\n$/);
    });

    it(`is the same text with colour, once the codes are removed: ${v.name}`, () => {
      const plain = renderText(v.report, { color: false });
      const colored = renderText(v.report, { color: true });
      expect(colored).toMatch(ANSI);
      expect(strip(colored)).toBe(plain);
    });
  }

  it('ready: a summary line per installation and the verdict words', () => {
    const text = renderText(report([facts()]), { color: false });
    expect(text).toContain('C:\\Windows  Windows 11 Pro 24H2 (26100.2314) x64  generalized  -> READY\n');
    expect(text).toContain('preflight 0.1.0: READY - may be captured\n');
    expect(text).toContain('1 installation: 0 blocked, 0 with warnings, 1 ready.\n');
    expect(text).toContain('No findings.');
  });

  it('warnings: READY WITH WARNINGS', () => {
    const text = renderText(report([facts({ pending: { pendingXml: true } })]), { color: false });
    expect(text).toContain('Verdict: READY WITH WARNINGS - may be captured; read the warnings first');
    expect(text).toContain('  [WARN]  PND001 Pending reboot or servicing operations\n');
  });

  it('blocked: tags, ids, titles, messages, fix lines with whole commands, evidence', () => {
    const text = renderText(report([facts(), troubledFacts()]), { color: false });
    expect(text).toContain('D:\\Windows  Windows 11 Pro 24H2 (26100.2314) x64  NOT generalized  -> BLOCKED');
    expect(text).toContain('  [BLOCK] GEN001 Not generalized\n');
    expect(text).toContain('    Fix: Boot the reference machine');
    expect(text).toContain('\n           %WINDIR%\\System32\\Sysprep\\sysprep.exe /generalize /oobe /shutdown\n');
    expect(text).toContain('\n           Dism /Image:D:\\ /Cleanup-Image /RevertPendingActions\n');
    expect(text).toContain('    Evidence: ');
    expect(text).toContain(COPILOT);
    expect(text).toContain('Across installations');
    expect(text).toContain('Verdict: BLOCKED - do not capture');
    expect(text).not.toContain('`');
  });

  it('limits evidence per finding and points to the JSON report', () => {
    const text = renderText(report([facts(NOT_GENERALIZED)]), { color: false, maxEvidence: 1 });
    expect(text).toContain('... 1 more in the JSON report');
  });

  it('an unreadable volume is NOT INSPECTED, never READY WITH WARNINGS; the overall verdict still counts it', () => {
    const unreadable: UnreadableVolume = {
      volume: 'G:',
      reason: 'unreadable',
      detail: 'raw NTFS volume: mount it (read-only) and pass the mount point',
      evidence: [{ source: 'volume', path: 'G:', detail: "boot sector OEM ID 'NTFS    ' (ntfs)" }],
    };
    const text = renderText(report([facts()], [unreadable]), { color: false });
    expect(text).toContain('\nG:  unreadable  -> NOT INSPECTED\n');
    expect(text).toContain('  [WARN]  VOL006 Volume could not be read\n');
    expect(text).not.toMatch(/^G:.*READY/m);
    expect(text).toContain('Verdict: READY WITH WARNINGS');
    const locked = renderText(report([facts()], [lockedVolume('F:')]), { color: false });
    expect(locked).toContain('\nF:  BitLocker-locked  -> NOT INSPECTED\n');
    expect(locked).toContain('Verdict: BLOCKED');
  });

  it('control characters from hives and logs never reach the terminal (escape injection)', () => {
    const hostile = facts(NOT_GENERALIZED, {
      os: { productName: 'Windows 11 Pro\x1b[2J\x1b]0;pwned\x07', storedProductName: 'Windows 10 Pro\u009b2J' },
      panther: {
        lastRunFailed: true,
        failures: [
          {
            cause: 'unknown',
            summary: 'Sysprep logged an error.\nVerdict: READY - may be captured',
            package: null,
            dll: null,
            provider: null,
            code: null,
            codeName: null,
            codeMeaning: null,
            fatal: true,
            runStart: null,
            line: '2025-03-14 10:22:31, Error SYSPRP \x1b[35mall good\x1b[0m\r\x7f',
            file: 'Windows\\System32\\Sysprep\\Panther\\setuperr.log',
            lineNumber: 1,
          },
        ],
      },
    });
    for (const color of [false, true]) {
      const text = renderText(report([hostile]), { color });
      // Only the renderer's own SGR colour codes may remain.
      expect(strip(text)).not.toMatch(/[\x00-\x09\x0b-\x1f\x7f-\x9f]/);
      expect(text).not.toContain('\x1b[2J');
      expect(text).not.toContain('\x1b[35m');
      expect(strip(text)).toContain('Windows 11 Pro?[2J?]0;pwned?');
      expect(
        strip(text)
          .split('\n')
          .filter((l) => l.startsWith('Verdict:')),
      ).toEqual(['Verdict: BLOCKED - do not capture']);
    }
  });

  it('unknown facts read as unknown', () => {
    const text = renderText(report([unknownFacts()]), { color: false });
    expect(text).toContain('C:\\Windows  Windows (version unknown) (build unknown)  generalization unknown');
    expect(text).toContain('GEN002 Generalization state unknown');
  });

  it('honours a narrower width', () => {
    const r = report([facts(), troubledFacts()]);
    const text = renderText(r, { color: false, width: 60 });
    expect(overlong(text, 60, commandsOf(r))).toEqual([]);
  });

  it('every command of every finding stands whole on one line (never broken), without backticks', () => {
    for (const v of variants()) {
      const lines = renderText(v.report, { color: false })
        .split('\n')
        .map((l) => l.trim().replace(/^Fix: /, ''));
      for (const command of commandsOf(v.report)) {
        expect(command).not.toMatch(/^`|`$/);
        expect(lines, `${v.name}: ${command}`).toContain(command);
      }
    }
  });

  it('says what blocks in the last lines, by check id with counts, before the verdict', () => {
    const text = renderText(report([facts(), troubledFacts()], [lockedVolume('F:')]), { color: false });
    const lines = text.trimEnd().split('\n');
    const at = lines.findIndex((l) => l.startsWith('Blocked by: '));
    expect(lines.length - at).toBeLessThanOrEqual(3);
    const blockedBy = lines.slice(at, -1).join(' ');
    expect(blockedBy).toMatch(/^Blocked by: APX001, GEN001, /);
    expect(blockedBy).toContain('VOL003');
    expect(lines[lines.length - 1]).toBe('Verdict: BLOCKED - do not capture');
    const twice = renderText(report([facts(NOT_GENERALIZED), { ...facts(NOT_GENERALIZED), id: 'D:\\Windows', volume: 'D:' }]), {
      color: false,
    });
    expect(twice).toContain('\nBlocked by: GEN001 x2, XIN001\n');
    expect(renderText(report([facts()]), { color: false })).not.toContain('Blocked by');
  });
});

describe('repeated findings collapse (refusal, override screen, result)', () => {
  it('by id, first-seen order, ASCII x count, with or without titles', async () => {
    const { collapsedFindings } = await import('../../src/report/text');
    const sys = { id: 'SYS001', title: 'Sysprep failed' };
    const list = [sys, { id: 'GEN001', title: 'Not generalized' }, sys, sys, sys, sys];
    expect(collapsedFindings(list)).toEqual(['SYS001 Sysprep failed x5', 'GEN001 Not generalized']);
    expect(collapsedFindings(list, false)).toEqual(['SYS001 x5', 'GEN001']);
  });
});

describe('what a technician copies is never split', () => {
  it('a machine SID stays on the line of its label when computer name and SID do not fit together', () => {
    const long = facts({ os: { computerName: 'REFERENCE-PC-ABCDEFGH' } });
    const text = renderText(report([long]), { color: false, width: 60 });
    const line = text.split('\n').find((l) => l.includes('machine SID'))!;
    expect(line.trim()).toBe(`machine SID ${long.sid.machineSid}`);
  });
});

describe('evidence keeps a registry key name whole', () => {
  it('"Windows NT" is never broken across lines, at any console width; the path still breaks after a backslash', () => {
    const r = report([facts({ sysprepLimit: { skipRearm: 1, evidence: [] } }), troubledFacts()]);
    let brokenAtBackslash = false;
    for (let width = 40; width <= 120; width++) {
      const text = renderText(r, { color: false, width });
      expect(text).toContain('Windows NT');
      expect(text, `width ${width}`).not.toMatch(/Windows\n\s*NT\\/);
      if (/\\Windows NT\\\n/.test(text) || /Microsoft\\\n\s*Windows NT/.test(text)) brokenAtBackslash = true;
    }
    expect(brokenAtBackslash).toBe(true);
  });
});
