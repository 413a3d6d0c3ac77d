import { readFileSync } from 'node:fs';
import Ajv from 'ajv';
import { describe, expect, it } from 'vitest';
import { renderJson } from '../../src/report/json';
import { facts } from '../checks/fixtures';
import { report, troubledFacts, variants } from './variants';

const schema = JSON.parse(readFileSync(new URL('../../schema/report.schema.json', import.meta.url), 'utf8'));
const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true });
const validate = ajv.compile(schema);

const errors = () => ajv.errorsText(validate.errors, { separator: '\n' });

describe('renderJson', () => {
  it('is two-space indented with a trailing newline, and parses back to the report', () => {
    const r = report([facts()]);
    const text = renderJson(r);
    expect(text.endsWith('}\n')).toBe(true);
    expect(text.split('\n')[1]).toBe('  "schemaVersion": 3,');
    expect(JSON.parse(text)).toEqual(r);
  });

  it('keeps the key order the schema gives (stable output)', () => {
    const parsed = JSON.parse(renderJson(report([facts(), troubledFacts()])));
    expect(Object.keys(parsed)).toEqual(schema.required);
    expect(Object.keys(parsed.installations[0])).toEqual(schema.definitions.installation.required);
    expect(Object.keys(parsed.installations[1].findings[0])).toEqual(schema.definitions.finding.required);
    expect(renderJson(report([facts(), troubledFacts()]))).toBe(renderJson(report([facts(), troubledFacts()])));
  });

  it("carries each remedy's commands as plain strings, and the remedy text without marks or backticks", () => {
    const parsed = JSON.parse(renderJson(report([facts(), troubledFacts()])));
    const findings = parsed.installations.flatMap((i: { findings: unknown[] }) => i.findings) as { remedy: string; commands: string[] }[];
    const withCommands = findings.filter((f) => f.commands.length > 0);
    expect(withCommands.length).toBeGreaterThan(3);
    for (const f of findings) {
      expect(f.remedy).not.toMatch(/[\u0000-\u001f`]/);
      for (const c of f.commands) {
        expect(c).not.toMatch(/[\u0000-\u001f]|^`|`$/);
        expect(f.remedy).toContain(c);
      }
    }
    expect(withCommands.flatMap((f) => f.commands)).toContain('%WINDIR%\\System32\\Sysprep\\sysprep.exe /generalize /oobe /shutdown');
  });
});

describe('schema/report.schema.json', () => {
  for (const v of variants()) {
    it(`accepts the report: ${v.name}`, () => {
      const ok = validate(JSON.parse(renderJson(v.report)));
      expect(ok, errors()).toBe(true);
    });
  }

  const valid = () => JSON.parse(renderJson(report([facts(), troubledFacts()])));
  const invalid: [string, (r: any) => void][] = [
    ['a missing top-level field', (r) => delete r.summary],
    ['a missing unknown (null) field', (r) => delete r.installations[0].machineSid],
    ['a missing nested field', (r) => delete r.installations[0].generalization.setup.auditInProgress],
    ['an extra field', (r) => (r.installations[0].os.codename = 'Germanium')],
    ['another schema version', (r) => (r.schemaVersion = 1)],
    ['an unknown verdict', (r) => (r.verdict = 'maybe')],
    ['an unknown severity', (r) => (r.installations[1].findings[0].severity = 'fatal')],
    ['a malformed check id', (r) => (r.installations[1].findings[0].id = 'gen-1')],
    ['a build as text', (r) => (r.installations[0].os.build = '26100')],
    ['an unknown generalization state', (r) => (r.installations[0].generalization.state = 'maybe')],
    ['an evidence item of an unknown source', (r) => (r.installations[0].os.evidence[0] = { source: 'wmi', path: 'x', detail: null })],
    ['registry evidence without its value field', (r) => delete r.installations[0].os.evidence[0].value],
    ['a time that is not ISO UTC', (r) => (r.generatedAt = '14.03.2025 10:22')],
    ['a negative count', (r) => (r.summary.findings.block = -1)],
  ];
  for (const [name, mutate] of invalid) {
    it(`rejects ${name}`, () => {
      const r = valid();
      expect(validate(r), errors()).toBe(true);
      mutate(r);
      expect(validate(r)).toBe(false);
    });
  }
});
