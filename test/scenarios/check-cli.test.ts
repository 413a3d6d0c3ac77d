// `preflight check` end to end: scenario volumes built with the hive builder, real corpus hives where they
// fit, through the built CLI — verdicts, finding ids, exit codes, JSON Schema, --out files, and the
// read-only contract (every file hashes the same before and after).
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Ajv from 'ajv';
import { describe, expect, it } from 'vitest';
import schema from '../../schema/report.schema.json';
import { runCli } from '../support/cli';
import { CORPUS_MISSING, corpusDir, corpusPath } from '../support/corpus';
import { treeHash } from '../support/tree-hash';
import {
  SCENARIO_INTENT,
  SCENARIO_NAMES,
  answerFileWithSecrets,
  buildScenario,
  buildWindowsVolume,
  type ScenarioName,
} from '../../src/sample/windows-volume';

const validate = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true }).compile(schema);
const tmp = mkdtempSync(join(tmpdir(), 'preflight-scenarios-'));
const EXIT = { ready: 0, warnings: 1, blocked: 2 } as const;

interface Finding {
  id: string;
  severity: 'block' | 'warn' | 'info';
}
interface Report {
  verdict: 'ready' | 'warnings' | 'blocked';
  installations: {
    id: string;
    os: { family: string; build: number | null };
    generalization: { state: string };
    machineSid: string | null;
    findings: Finding[];
  }[];
  findings: Finding[];
  unreadableVolumes: { findings: Finding[] }[];
}

function allFindings(report: Report): Finding[] {
  return [...report.installations.flatMap((i) => i.findings), ...report.findings, ...report.unreadableVolumes.flatMap((v) => v.findings)];
}
const idsOf = (findings: Finding[], severity: Finding['severity']) =>
  [...new Set(findings.filter((f) => f.severity === severity).map((f) => f.id))].sort();

function checkJson(volumes: string[], extra: string[] = []): { status: number | null; report: Report; stderr: string } {
  const r = runCli(['check', ...volumes, '--json', ...extra]);
  const report = JSON.parse(r.stdout) as Report;
  if (!validate(report)) throw new Error(`report does not match schema/report.schema.json: ${JSON.stringify(validate.errors, null, 2)}`);
  return { status: r.status, report, stderr: r.stderr };
}

describe('every scenario through the CLI', () => {
  it.each(SCENARIO_NAMES.map((n) => [n]))('%s', (name) => {
    const volumes = buildScenario(join(tmp, name), name as ScenarioName);
    const before = volumes.map(treeHash);
    const { status, report, stderr } = checkJson(volumes);
    const intent = SCENARIO_INTENT[name as ScenarioName];
    expect(stderr).toBe('');
    expect(report.verdict).toBe(intent.verdict);
    expect(status).toBe(EXIT[intent.verdict]);
    const findings = allFindings(report);
    expect(idsOf(findings, 'block')).toEqual([...intent.block].sort());
    expect(idsOf(findings, 'warn')).toEqual([...intent.warn].sort());
    expect(idsOf(findings, 'info')).toEqual([...intent.info].sort());
    // Read-only: content, sizes, mtimes and listings unchanged.
    expect(volumes.map(treeHash)).toEqual(before);
  });
});

describe('what the report says about the installation', () => {
  it('Windows 11 is named Windows 11 although its ProductName says Windows 10', () => {
    const { report } = checkJson(buildScenario(join(tmp, 'w11'), 'generalized-win11'));
    expect(report.installations[0].os).toMatchObject({
      family: 'Windows 11',
      build: 26100,
      productName: 'Windows 11 Pro',
      storedProductName: 'Windows 10 Pro',
    });
    expect(report.installations[0].generalization.state).toBe('generalized');
    expect(report.installations[0].machineSid).toMatch(/^S-1-5-21-\d+-\d+-\d+$/);
  });

  it('Windows 7: family, run limit 3, answer file SkipRearm', () => {
    const { report } = checkJson(buildScenario(join(tmp, 'w7'), 'windows7'));
    const inst = report.installations[0] as unknown as { os: { family: string }; sysprepLimit: { runLimit: number } };
    expect(inst.os.family).toBe('Windows 7');
    expect(inst.sysprepLimit.runLimit).toBe(3);
  });

  it('Server Core is recognised as such', () => {
    const { report } = checkJson(buildScenario(join(tmp, 'core'), 'server-core'));
    expect(report.installations[0].os).toMatchObject({ family: 'Windows Server 2022', installationType: 'server-core' });
  });

  it('dirty hives are recovered in memory: the recovered ImageState decides, and the hive files stay dirty on disk', () => {
    const volumes = buildScenario(join(tmp, 'dirty'), 'dirty-hives');
    const software = join(volumes[0], 'Windows', 'System32', 'config', 'SOFTWARE');
    const bytes = readFileSync(software);
    const { report } = checkJson(volumes);
    expect(report.installations[0].generalization.state).toBe('generalized');
    const hives = (
      report.installations[0] as unknown as { hives: { name: string; dirty: boolean; recovered: boolean; logsApplied: string[] }[] }
    ).hives;
    expect(hives.find((h) => h.name === 'SOFTWARE')).toMatchObject({ dirty: true, recovered: true });
    expect(readFileSync(software).equals(bytes)).toBe(true);
    expect(bytes.readUInt32LE(4)).not.toBe(bytes.readUInt32LE(8)); // still dirty: sequence numbers differ
  });

  it('two volumes with one SID: both blocked and flagged together', () => {
    const volumes = buildScenario(join(tmp, 'twins'), 'two-installations-one-sid');
    const { report } = checkJson(volumes);
    expect(report.installations).toHaveLength(2);
    expect(report.installations[0].machineSid).toBe(report.installations[1].machineSid);
    const xin = report.findings.find((f) => f.id === 'XIN001') as unknown as { installations: string[] };
    expect(xin.installations.sort()).toEqual(report.installations.map((i) => i.id).sort());
    // The text shows each installation's computer name and machine SID under its heading: the clones are visible.
    const text = runCli(['check', ...volumes]).stdout;
    const identity = text.split('\n').filter((l) => /^  computer .*, machine SID S-1-5-21-/.test(l));
    expect(identity).toHaveLength(2);
    expect(identity[0].split('machine SID ')[1]).toBe(report.installations[0].machineSid);
  });

  it('a Windows directory given instead of its volume is inspected from its volume', () => {
    const [volume] = buildScenario(join(tmp, 'windir'), 'generalized-win11');
    const { report, status } = checkJson([join(volume, 'Windows')]);
    expect(status).toBe(0);
    expect(report.installations).toHaveLength(1);
  });
});

describe.skipIf(!corpusDir())('real hives from the corpus in a built installation', () => {
  it('reads the machine SID from a real Windows 10 SAM and SECURITY and the computer name from a real SYSTEM', () => {
    const [volume] = buildScenario(join(tmp, 'real'), 'generalized-win11');
    const config = join(volume, 'Windows', 'System32', 'config');
    copyFileSync(corpusPath('regipy/SYSTEM'), join(config, 'SYSTEM'));
    copyFileSync(corpusPath('dfirartifactmuseum/Registry/Win10/BelkasoftCTF_InsiderThreat/SAM'), join(config, 'SAM'));
    copyFileSync(corpusPath('dfirartifactmuseum/Registry/Win10/BelkasoftCTF_InsiderThreat/SECURITY'), join(config, 'SECURITY'));
    const { report } = checkJson([volume]);
    const inst = report.installations[0] as unknown as {
      machineSid: string;
      sid: { samSid: string; securitySid: string; sourcesAgree: boolean };
      os: { computerName: string; architecture: string };
      hives: { name: string; dirty: boolean; recovered: boolean }[];
    };
    // The MANIFEST records this SID for both files (regfinfo/regipy).
    expect(inst.sid).toMatchObject({
      samSid: 'S-1-5-21-672274782-2342008316-3472871522',
      securitySid: 'S-1-5-21-672274782-2342008316-3472871522',
      sourcesAgree: true,
    });
    expect(inst.os.computerName).toBe('WKS-WIN732BITA');
    expect(inst.os.architecture).toBe('x86');
    // That SECURITY hive is dirty (157/156) and has no logs: said so, not hidden.
    expect(inst.hives.find((h) => h.name === 'SECURITY')).toMatchObject({ dirty: true, recovered: false });
    expect(allFindings(report).map((f) => f.id)).toContain('HIV001');
  });
});
if (!corpusDir()) console.warn(CORPUS_MISSING);

describe('volumes that are not what they must be', () => {
  it('a folder without Windows: one line, exit 4', () => {
    const empty = join(tmp, 'empty');
    mkdirSync(empty, { recursive: true });
    const r = runCli(['check', empty]);
    expect(r.status).toBe(4);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      `preflight: no Windows installation found on ${empty} (looked for Windows\\System32\\config\\SYSTEM under each)\n`,
    );
  });

  it('a BitLocker-locked volume image is blocked (VOL003) with an unlock command', () => {
    const image = join(tmp, 'bitlocker.img');
    const sector = Buffer.alloc(512);
    sector.set([0xeb, 0x58, 0x90], 0);
    sector.write('-FVE-FS-', 3, 'latin1');
    sector.writeUInt16LE(0xaa55, 510);
    writeFileSync(image, sector);
    const { status, report } = checkJson([image]);
    expect(status).toBe(2);
    const f = allFindings(report).find((x) => x.id === 'VOL003') as unknown as { severity: string; remedy: string };
    expect(f.severity).toBe('block');
    expect(f.remedy).toMatch(/manage-bde -unlock/);
  });

  it('a named volume that does not exist is bad input, exit 4, not an unreadable volume', () => {
    const r = runCli(['check', join(tmp, 'no-such-volume')]);
    expect(r.status).toBe(4);
    expect(r.stderr).toBe(`preflight: ${join(tmp, 'no-such-volume')}: no such volume, folder or file\n`);
  });

  it('no volume on Linux is a usage error naming what to pass', () => {
    const r = runCli(['check']);
    expect(r.status).toBe(5);
    expect(r.stderr).toMatch(/pass a volume folder/);
  });
});

describe('special files on the volume', () => {
  it.skipIf(process.platform === 'win32')('a FIFO as SOFTWARE or hiberfil.sys is reported unreadable, never waited on', () => {
    const [volume] = buildScenario(join(tmp, 'fifo'), 'generalized-win11');
    const software = join(volume, 'Windows', 'System32', 'config', 'SOFTWARE');
    rmSync(software);
    expect(spawnSync('mkfifo', [software]).status).toBe(0);
    expect(spawnSync('mkfifo', [join(volume, 'hiberfil.sys')]).status).toBe(0);
    const { report } = checkJson([volume]);
    const inst = report.installations[0] as unknown as {
      hives: { name: string; readable: boolean; error: string }[];
      volumeState: { hibernated: boolean | null };
    };
    expect(inst.hives.find((h) => h.name === 'SOFTWARE')).toMatchObject({ readable: false, error: 'is not a regular file' });
    expect(inst.volumeState.hibernated).toBeNull();
    expect(allFindings(report).map((f) => f.id)).toContain('HIV002');
  });
});

describe('disk-controlled names are data, never code', () => {
  it('a Windows folder named like a cmd command line is double-quoted in the del command, and the text shows it whole', () => {
    const dir = 'Windows & calc.exe & rem';
    const volume = join(tmp, 'hostile-windows-dir');
    buildWindowsVolume(volume, {
      installations: [{ hiberboot: 0, windowsDir: dir, answerFiles: { [`${dir}\\Panther\\unattend.xml`]: answerFileWithSecrets() } }],
    });
    const { report } = checkJson([volume]);
    const una001 = allFindings(report).find((f) => f.id === 'UNA001') as unknown as { commands: string[] } | undefined;
    expect(una001?.commands).toEqual([`del "<volume>\\${dir}\\Panther\\unattend.xml"`]);
    const text = runCli(['check', volume]).stdout;
    expect(text).toContain(`  del "<volume>\\${dir}\\Panther\\unattend.xml"\n`);
    expect(text).not.toMatch(/del [^"\n]*& calc\.exe/);
  });
});

describe('--out and output formats', () => {
  it('writes JSON, text, HTML and a CMTrace log to a new folder named after the computer and the time, and prints the same report', () => {
    const [volume] = buildScenario(join(tmp, 'out-src'), 'pending-reboot');
    const logs = join(tmp, 'stick', 'logs');
    const r = runCli(['check', volume, '--out', logs]);
    expect(r.status).toBe(1);
    const [run] = readdirSync(logs);
    expect(run).toMatch(/^DESKTOP-7QK2M4V_\d{8}-\d{6}Z$/);
    const out = join(logs, run);
    expect(r.stderr).toBe(`preflight: report written to ${out}\n`);
    // A second run never overwrites the first.
    expect(runCli(['check', volume, '--out', logs]).status).toBe(1);
    expect(readdirSync(logs)).toHaveLength(2);
    // The .txt report is the screen text with CRLF line ends (Notepad, type); no bare LF left.
    const txt = readFileSync(join(out, 'preflight-report.txt'), 'utf8');
    expect(txt).toBe(r.stdout.replace(/\n/g, '\r\n'));
    expect(txt).not.toMatch(/[^\r]\n/);
    const json = JSON.parse(readFileSync(join(out, 'preflight-report.json'), 'utf8'));
    expect(validate(json)).toBe(true);
    expect(json.verdict).toBe('warnings');
    const log = readFileSync(join(out, 'preflight.log'), 'utf8').trimEnd().split('\r\n');
    expect(log.length).toBeGreaterThan(2);
    for (const line of log)
      expect(line).toMatch(
        /^<!\[LOG\[.*\]LOG\]!><time="\d\d:\d\d:\d\d\.\d{3}[+-]\d+" date="\d\d-\d\d-\d{4}" component="preflight" context="" type="[123]" thread="\d+" file="[^"]*">$/,
      );
    expect(log.some((l) => l.includes('PND001') && l.includes('type="2"'))).toBe(true);
    // The HTML page: the same report for a browser (its content: test/report/html*.test.ts).
    const page = readFileSync(join(out, 'preflight-report.html'), 'utf8');
    expect(page).toMatch(/^<!DOCTYPE html>\n<html lang="en">/);
    expect(page).toContain('<h1>READY WITH WARNINGS');
    expect(page).toContain('PND001');
    expect(readdirSync(out).sort()).toEqual(['preflight-report.html', 'preflight-report.json', 'preflight-report.txt', 'preflight.log']);
  });

  it('refuses to write into an inspected volume (read-only contract), exit 5, however the volume was named', () => {
    const [volume] = buildScenario(join(tmp, 'out-inside'), 'generalized-win11');
    const before = treeHash(volume);
    for (const [arg, out] of [
      [volume, join(volume, 'logs')],
      [join(volume, 'Windows'), join(volume, 'reports')], // the Windows directory named, its volume written to
    ]) {
      const r = runCli(['check', arg, '--out', out]);
      expect(r.status).toBe(5);
      expect(r.stderr).toMatch(/never writes there/);
      expect(existsSync(out)).toBe(false);
    }
    expect(treeHash(volume)).toEqual(before);
  });

  it('colour only when asked or on a terminal; NO_COLOR turns the default off, an explicit --color wins', () => {
    const [volume] = buildScenario(join(tmp, 'colour'), 'hibernated');
    expect(runCli(['check', volume]).stdout).not.toMatch(/\x1b\[/);
    expect(runCli(['check', volume, '--color'], { NO_COLOR: '' }).stdout).toMatch(/\x1b\[/);
    expect(runCli(['check', volume, '--color'], { NO_COLOR: '1' }).stdout).toMatch(/\x1b\[/);
    expect(runCli(['check', volume, '--no-color'], { NO_COLOR: '' }).stdout).not.toMatch(/\x1b\[/);
  });

  it('text fits an 80-column console; commands stand whole on their own lines; the last lines say what blocks', () => {
    const volumes = buildScenario(join(tmp, 'width'), 'appx-sysprep-failed');
    const text = runCli(['check', ...volumes]).stdout;
    const json = JSON.parse(runCli(['check', ...volumes, '--json']).stdout) as Report;
    const commands = new Set(allFindings(json).flatMap((f) => (f as unknown as { commands: string[] }).commands));
    expect(commands.size).toBeGreaterThan(0);
    // Over 79 columns only for a whole command (never broken: it must paste as one), or where one path
    // component or package name alone is too long to fit (79 minus the deepest indent, 14).
    const long = text
      .split('\n')
      .filter(
        (l) => l.length > 79 && !commands.has(l.trim().replace(/^Fix: /, '')) && !l.split(/[\s\\]+/).some((part) => part.length > 65),
      );
    expect(long).toEqual([]);
    const lines = text.split('\n').map((l) => l.trim().replace(/^Fix: /, ''));
    for (const c of commands) {
      expect(lines).toContain(c);
      expect(c).not.toMatch(/^`|`$/);
    }
    expect(text.trimEnd().split('\n').slice(-2)).toEqual(['Blocked by: APX001 x2, GEN001, SYS001', 'Verdict: BLOCKED - do not capture']);
  });
});
