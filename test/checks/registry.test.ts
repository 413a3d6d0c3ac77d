import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { allChecks, findCheck, runChecks, sortFindings, verdictOf, worstVerdict } from '../../src/checks/registry';
import type { Finding, Severity } from '../../src/checks/types';
import { MACHINE_SID, NOT_GENERALIZED, facts, lockedVolume, otherFacts } from './fixtures';

const f = (id: string, severity: Severity): Finding => ({
  id,
  severity,
  title: id,
  message: '',
  remedy: '',
  evidence: [],
});

describe('allChecks', () => {
  it('lists every check module once, in id order', () => {
    const modules = readdirSync(new URL('../../src/checks/', import.meta.url)).filter((n) => /^[a-z]{3}\d{3}-.*\.ts$/.test(n));
    const ids = allChecks.map((c) => c.meta.id);
    expect(ids).toEqual([...ids].sort());
    expect(new Set(ids).size).toBe(ids.length);
    expect(modules.map((n) => n.slice(0, 6).toUpperCase()).sort()).toEqual(ids);
  });

  it('has stable ids, titles, docs and remedies', () => {
    for (const c of allChecks) {
      expect(c.meta.id).toMatch(/^(GEN|SYS|APX|SID|PND|VOL|UNA|HIV|XIN|PRF|SRV|DSK|IMG|IDN|EFS|REC|UPG)\d{3}$/);
      expect(c.meta.title.length).toBeGreaterThan(5);
      expect(c.meta.title.length).toBeLessThanOrEqual(50);
      expect(c.meta.docs.length).toBeGreaterThan(100);
      expect(c.meta.remedy.length).toBeGreaterThan(10);
    }
  });

  it('finds checks by id, case-insensitively', () => {
    expect(findCheck('gen001')?.meta.title).toBe('Not generalized');
    expect(findCheck('NOPE001')).toBeUndefined();
  });
});

describe('verdicts', () => {
  it('any block → blocked, any warn → warnings, else ready', () => {
    expect(verdictOf([])).toBe('ready');
    expect(verdictOf([f('GEN005', 'info')])).toBe('ready');
    expect(verdictOf([f('GEN005', 'info'), f('PND001', 'warn')])).toBe('warnings');
    expect(verdictOf([f('PND001', 'warn'), f('GEN001', 'block')])).toBe('blocked');
  });

  it('worst verdict wins', () => {
    expect(worstVerdict([])).toBe('ready');
    expect(worstVerdict(['ready', 'warnings'])).toBe('warnings');
    expect(worstVerdict(['blocked', 'ready', 'warnings'])).toBe('blocked');
  });

  it('sorts findings most severe first, then by id, keeping each check’s order', () => {
    const sorted = sortFindings([
      f('UNA001', 'warn'),
      f('GEN005', 'info'),
      f('APX001', 'block'),
      f('APX001', 'block'),
      f('GEN004', 'warn'),
    ]);
    expect(sorted.map((x) => `${x.severity}:${x.id}`)).toEqual([
      'block:APX001',
      'block:APX001',
      'warn:GEN004',
      'warn:UNA001',
      'info:GEN005',
    ]);
  });
});

describe('runChecks', () => {
  it('the base facts (generalized Windows 11 24H2 Pro) are ready with no finding', () => {
    const r = runChecks([facts()], []);
    expect(r.perInstallation.get('C:\\Windows')).toEqual([]);
    expect(r.cross).toEqual([]);
    expect(r.volumes).toEqual([]);
    expect(r.verdict).toBe('ready');
  });

  it('separates per-installation, cross and volume findings; overall verdict is the worst', () => {
    const clone = facts({ id: 'D:\\Windows', volume: 'D:' }, NOT_GENERALIZED);
    const r = runChecks([facts(), clone], [lockedVolume('E:')]);
    expect(r.perInstallation.get('C:\\Windows')).toEqual([]);
    expect(r.perInstallation.get('D:\\Windows')?.map((x) => x.id)).toEqual(['GEN001']);
    expect(r.cross.map((x) => `${x.id}:${x.severity}`)).toEqual(['XIN001:block', 'XIN002:info']);
    expect(r.cross[0].message).toContain(MACHINE_SID);
    expect(r.volumes.map((x) => x.id)).toEqual(['VOL003']);
    expect(r.perVolume.get('E:')?.map((x) => x.id)).toEqual(['VOL003']);
    expect(r.verdict).toBe('blocked');
  });

  it('warnings only', () => {
    const r = runChecks([facts({ pending: { pendingXml: true } }), otherFacts()], []);
    expect(r.verdict).toBe('warnings');
  });

  it('no installation at all is blocked, with a finding that says why', () => {
    const r = runChecks([], []);
    expect(r.cross.map((x) => x.id)).toEqual(['XIN003']);
    expect(r.verdict).toBe('blocked');
  });
});
