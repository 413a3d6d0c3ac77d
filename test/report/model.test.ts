import { describe, expect, it } from 'vitest';
import { allChecks } from '../../src/checks/registry';
import { MACHINE_SID, facts, lockedVolume } from '../checks/fixtures';
import { GENERATED_AT, report, troubledFacts, unknownFacts, variants } from './variants';

describe('buildReport', () => {
  it('has the envelope: schema version, tool, time, volumes, verdict', () => {
    const r = report([facts()]);
    expect(r.schemaVersion).toBe(3);
    expect(r.tool).toEqual({ name: 'preflight', version: '0.1.0' });
    expect(r.generatedAt).toBe(GENERATED_AT.toISOString());
    expect(r.scannedVolumes).toEqual(['C:']);
    expect(r.verdict).toBe('ready');
    expect(r.summary).toEqual({
      installations: 1,
      unreadableVolumes: 0,
      verdicts: { ready: 1, warnings: 0, blocked: 0 },
      findings: { block: 0, warn: 0, info: 0 },
    });
  });

  it('carries the facts of each installation, with the machine SID at the top', () => {
    const i = report([facts()]).installations[0];
    expect(i.id).toBe('C:\\Windows');
    expect(i.os.family).toBe('Windows 11');
    expect(i.os.build).toBe(26100);
    expect(i.generalization.state).toBe('generalized');
    expect(i.machineSid).toBe(MACHINE_SID);
    expect(i.sid.samSid).toBe(MACHINE_SID);
    expect(i.hives.map((h) => h.name)).toEqual(['SYSTEM', 'SOFTWARE', 'SAM', 'SECURITY']);
  });

  it('makes unknown explicit: null, never a missing field', () => {
    const f = facts();
    f.os.evidence = [{ source: 'registry', hive: 'SOFTWARE', key: 'Microsoft\\Windows NT\\CurrentVersion' }];
    f.unattend.evidence = [{ source: 'file', path: 'Windows\\Panther\\unattend.xml' }];
    const i = report([f]).installations[0];
    expect(i.os.evidence[0]).toEqual({
      source: 'registry',
      hive: 'SOFTWARE',
      key: 'Microsoft\\Windows NT\\CurrentVersion',
      value: null,
      data: null,
    });
    expect(i.unattend.evidence[0]).toEqual({ source: 'file', path: 'Windows\\Panther\\unattend.xml', detail: null });
    const u = report([unknownFacts()]).installations[0];
    expect(u.machineSid).toBeNull();
    expect(u.os.build).toBeNull();
    expect(u.generalization.state).toBe('unknown');
    expect(u.pending).toMatchObject({
      cbsRebootPending: null,
      cbsPackagesPending: null,
      windowsUpdateRebootRequired: null,
      pendingFileRenames: null,
    });
    expect(JSON.stringify(u)).not.toContain('undefined');
  });

  it('per-installation findings name their installation; volume findings name none', () => {
    const r = report([troubledFacts()], [lockedVolume('F:')]);
    const i = r.installations[0];
    expect(i.verdict).toBe('blocked');
    expect(i.findings.length).toBeGreaterThan(5);
    for (const f of i.findings) expect(f.installations).toEqual(['D:\\Windows']);
    expect(r.unreadableVolumes[0].findings.map((f) => f.id)).toEqual(['VOL003']);
    expect(r.unreadableVolumes[0].findings[0].installations).toEqual([]);
    expect(r.unreadableVolumes[0].verdict).toBe('blocked');
  });

  it('counts every finding in the summary', () => {
    const r = report([facts(), troubledFacts()], [lockedVolume('F:')]);
    const all = [...r.installations.flatMap((i) => i.findings), ...r.unreadableVolumes.flatMap((v) => v.findings), ...r.findings];
    const count = (s: string) => all.filter((f) => f.severity === s).length;
    expect(r.summary.findings).toEqual({ block: count('block'), warn: count('warn'), info: count('info') });
    expect(r.summary.verdicts).toEqual({ ready: 1, warnings: 0, blocked: 1 });
    expect(r.verdict).toBe('blocked');
  });

  it('the variants make every check fire at least once', () => {
    const ids = new Set(
      variants().flatMap(({ report: r }) =>
        [
          ...r.installations.flatMap((i) => i.findings),
          ...r.unreadableVolumes.flatMap((v) => v.findings),
          ...r.findings,
          ...r.disks.flatMap((d) => d.findings),
        ].map((f) => f.id),
      ),
    );
    expect([...ids].sort()).toEqual(allChecks.map((c) => c.meta.id));
  });
});
