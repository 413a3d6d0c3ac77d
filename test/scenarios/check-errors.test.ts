// `preflight check` on errors and edge cases: an empty --out, a report that cannot be
// written, --out where mkdir -p never finishes, "no Windows found" in every shape, and disk- or
// command-line-controlled text with bidirectional and other format characters.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Ajv from 'ajv';
import { afterAll, describe, expect, it } from 'vitest';
import errorSchema from '../../schema/error.schema.json';
import { CLI, runCli } from '../support/cli';
import { IMAGE_STATE, buildScenario, buildWindowsVolume, pantherLine } from '../../src/sample/windows-volume';

const tmp = mkdtempSync(join(tmpdir(), 'preflight-check-errors-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const [ready] = buildScenario(join(tmp, 'ready'), 'generalized-win11');
const VERDICT_LINE = /^Verdict: READY/m;
const validateError = new Ajv({ allErrors: true, strict: true }).compile(errorSchema);

describe('--out', () => {
  it("an empty --out (cmd's `--out %LOGDIR%` with LOGDIR unset) is a usage error, exit 5", () => {
    const r = runCli(['check', ready, '--out', '']);
    expect(r.status).toBe(5);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^preflight: --out needs a folder; it was given an empty value/);
  });

  // A medium that is really full: a tmpfs with a size limit, filled up (needs root and mount, as CI has).
  const full = join(tmp, 'full');
  mkdirSync(full);
  const canMount = process.getuid?.() === 0 && spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', full]).status === 0;
  if (canMount) afterAll(() => void spawnSync('umount', [full]));
  it.runIf(canMount)('a full medium: verdict and findings still printed, then "report not written", exit 7', () => {
    spawnSync('sh', ['-c', `cat /dev/zero > '${join(full, 'filler')}'`]);
    const r = runCli(['check', ready, '--out', full]);
    expect(r.stdout).toMatch(VERDICT_LINE);
    expect(r.stderr).toMatch(
      new RegExp(`^preflight: report not written: ${full}/DESKTOP-7QK2M4V_\\d{8}-\\d{6}Z: the medium is full \\(ENOSPC\\)\n$`),
    );
    expect(r.status).toBe(7);
  });

  it.skipIf(process.platform !== 'linux')(
    '--out under /proc, where mkdir -p never finishes, ends at once: exit 7, report on screen',
    () => {
      const r = spawnSync(process.execPath, [CLI, 'check', ready, '--out', '/proc/preflight-logs/x'], {
        encoding: 'utf8',
        timeout: 20_000,
      });
      expect(r.signal).toBeNull();
      expect(r.stdout).toMatch(VERDICT_LINE);
      expect(r.stderr).toMatch(/^preflight: report not written: \/proc\/preflight-logs\/x: the folder cannot be created here/);
      expect(r.status).toBe(7);
    },
  );

  it('a file where the folder should be: a readable reason, not a bare errno', () => {
    const file = join(tmp, 'a-file');
    writeFileSync(file, 'x');
    const r = runCli(['check', ready, '--out', join(file, 'logs')]);
    expect(r.status).toBe(7);
    expect(r.stderr).toMatch(/report not written: .*a part of the path is a file, not a folder/);
  });
});

describe('no Windows found, one way: exit 4, one line, a JSON error document with --json', () => {
  const empty = join(tmp, 'empty');
  mkdirSync(empty);
  const file = join(tmp, 'notes.txt');
  writeFileSync(file, 'not a volume');

  it.each([
    ['a file given as a volume', [file], /no Windows installation found on .*notes\.txt: cannot read the boot sector/],
    ['a folder without Windows among others', [ready, empty], /no Windows installation found on .*empty \(looked for/],
  ])('%s', (_name, volumes, message) => {
    const r = runCli(['check', ...volumes]);
    expect(r.status).toBe(4);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(message);
    const j = runCli(['check', ...volumes, '--json']);
    expect(j.status).toBe(4);
    const doc = JSON.parse(j.stdout);
    expect(validateError(doc), JSON.stringify(validateError.errors)).toBe(true);
    expect(doc).toMatchObject({ schemaVersion: 1, tool: { name: 'preflight' }, error: { exitCode: 4 } });
    expect(doc.error.message).toMatch(message);
    expect(doc.verdict).toBeUndefined();
  });

  it('a usage error with --json is a JSON document too (exit 5)', () => {
    const r = runCli(['check', ready, '--json', '--no-such-option']);
    expect(r.status).toBe(5);
    expect(JSON.parse(r.stdout).error.exitCode).toBe(5);
    expect(validateError(JSON.parse(r.stdout))).toBe(true);
  });
});

describe('disk- and command-line-controlled text: bidirectional and format characters neutralised', () => {
  const BIDI = '\u202E\u2066\u200B\uFEFF';

  it('a package name with bidi controls from a Panther log reaches neither the text report nor the CMTrace log', () => {
    const volume = join(tmp, 'bidi');
    const pkg = `Evil${BIDI}App_1.0.0.0_x64__8wekyb3d8bbwe`;
    const line = pantherLine(
      new Date(Date.UTC(2025, 6, 22, 21, 55, 35)),
      'Error',
      null,
      'SYSPRP',
      `Package ${pkg} was installed for a user, but not provisioned for all users.`,
    );
    buildWindowsVolume(volume, {
      installations: [
        {
          imageState: IMAGE_STATE.COMPLETE,
          setup: { CmdLine: '', SetupType: 0, SystemSetupInProgress: 0, OOBEInProgress: 0 },
          pantherSysprep: { setupact: '', setuperr: line + '\r\n' },
        },
      ],
    });
    const logs = join(tmp, 'bidi-out');
    const r = runCli(['check', volume, '--out', logs]);
    const out = join(logs, readdirSync(logs)[0]);
    expect(r.stdout).toMatch(/Evil\?\?\?\?App/);
    for (const text of [
      r.stdout,
      readFileSync(join(out, 'preflight-report.txt'), 'utf8'),
      readFileSync(join(out, 'preflight.log'), 'utf8'),
    ]) {
      expect(text).not.toMatch(/[\u202A-\u202E\u2066-\u2069\u200B\uFEFF]/);
    }
  });

  it('a command-line argument echoed in an error', () => {
    const r = runCli(['check', join(tmp, `no${BIDI}such`)]);
    expect(r.status).toBe(4);
    expect(r.stderr).toMatch(/no\?\?\?\?such: no such volume/);
    const u = runCli(['check', ready, `--bad${BIDI}`]);
    expect(u.status).toBe(5);
    expect(u.stderr).not.toMatch(/[\u202E\u2066\u200B\uFEFF]/);
    expect(existsSync(join(tmp, 'no'))).toBe(false);
  });
});
