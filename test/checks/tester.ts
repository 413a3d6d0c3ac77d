// eslint RuleTester-style tables for checks: `valid` cases produce no finding, `invalid` cases produce
// exactly the findings listed (check id, severity, decisive values in the message).
import type { DiskFacts } from '../../src/windows/boot-disks';
import { describe, expect, it } from 'vitest';
import type { InstallationFacts, UnreadableVolume } from '../../src/windows/facts';
import type { Check, Finding, Severity } from '../../src/checks/types';

export interface Expected {
  severity: Severity;
  /** Substrings the message must contain (the decisive values). */
  message?: string[];
  /** Substrings the remedy must contain. */
  remedy?: string[];
  /** Substrings the remedy must not contain. */
  notRemedy?: string[];
  /** Installation ids of a cross-installation finding. */
  installations?: string[];
  /** A title of its own (e.g. history beside the check's verdict); the check's title otherwise. */
  title?: string;
  /** Evidence may be empty (e.g. nothing could be read). */
  noEvidence?: boolean;
}

type Input = InstallationFacts | InstallationFacts[] | UnreadableVolume | DiskFacts;

export interface Case {
  name: string;
  input: Input;
}

export interface InvalidCase extends Case {
  findings: Expected[];
}

export function runCheck(check: Check, input: Input): Finding[] {
  switch (check.scope) {
    case 'installation':
      return check.run(input as InstallationFacts);
    case 'cross':
      return check.run(input as InstallationFacts[]);
    case 'volume':
      return check.run(input as UnreadableVolume);
    case 'disk':
      return check.run(input as DiskFacts);
  }
}

export function checkTable(check: Check, table: { valid: Case[]; invalid: InvalidCase[] }): void {
  describe(`${check.meta.id} ${check.meta.title}`, () => {
    it('has at least one valid and one invalid case', () => {
      expect(table.valid.length).toBeGreaterThan(0);
      expect(table.invalid.length).toBeGreaterThan(0);
    });

    for (const c of table.valid) {
      it(`valid: ${c.name}`, () => {
        expect(runCheck(check, c.input)).toEqual([]);
      });
    }

    for (const c of table.invalid) {
      it(`invalid: ${c.name}`, () => {
        const found = runCheck(check, c.input);
        expect(found.map((f) => f.severity)).toEqual(c.findings.map((e) => e.severity));
        found.forEach((f, i) => {
          const e = c.findings[i];
          expect(f.id).toBe(check.meta.id);
          expect(f.title).toBe(e.title ?? check.meta.title);
          for (const s of e.message ?? []) expect(f.message).toContain(s);
          for (const s of e.remedy ?? []) expect(f.remedy).toContain(s);
          for (const s of e.notRemedy ?? []) expect(f.remedy).not.toContain(s);
          if (e.installations) expect(f.installations).toEqual(e.installations);
          if (!e.noEvidence) expect(f.evidence.length).toBeGreaterThan(0);
          expect(f.remedy.length).toBeGreaterThan(0);
          expect(SEVERITY_RANK[f.severity]).toBeGreaterThanOrEqual(SEVERITY_RANK[check.meta.severity]);
        });
      });
    }
  });
}

/** 0 = most severe; a finding may be milder than its check's meta severity, never more severe. */
const SEVERITY_RANK: Record<Severity, number> = { block: 0, warn: 1, info: 2 };
