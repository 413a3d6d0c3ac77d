// The gate: the source is inspected first, by the very pipeline `check` runs (src/inspect), so the record
// and logs carry the same report — host facts and disk table included. blocked refuses (nothing is
// written) unless --force, and a forced capture carries the findings it overrode into its log and record;
// warnings are repeated.
import { verdictOf } from '../checks/registry';
import type { Verdict } from '../checks/types';
import { inspectSources, reportOf } from '../inspect/pipeline';
import type { Report, ReportFinding } from '../report/model';
import { collapsedFindings } from '../report/text';
import { GateRefusal, PlanRefusal } from './errors';

/** What the gate says of a finding of `check`, or of a reason of its own (the FFU gate's disk coverage). */
export type GateFinding = Pick<ReportFinding, 'id' | 'title' | 'message'>;

export interface GateOutcome {
  report: Report;
  verdict: Verdict;
  /** Blocking findings (and, for an FFU, disk-coverage reasons) a --force capture went past (empty otherwise). */
  overridden: GateFinding[];
  warnings: GateFinding[];
}

/**
 * The findings that judge a WIM of one volume: its installations', the unreadable volumes' and the
 * cross-installation ones. The disk's findings (a boot entry, another partition) concern what the WIM does
 * not hold: the report shows them, the FFU gate judges them.
 */
export function volumeFindings(report: Report): ReportFinding[] {
  return [...report.installations.flatMap((i) => i.findings), ...report.findings, ...report.unreadableVolumes.flatMap((v) => v.findings)];
}

export function runGate(source: string, force: boolean, toolVersion: string): GateOutcome {
  const inspection = inspectSources({ volumes: [source], discovered: false, disks: [] });
  if (inspection.scan.installations.length === 0 && inspection.scan.unreadable.length === 0) {
    throw new PlanRefusal(`no Windows installation found on ${source} (looked for Windows\\System32\\config\\SYSTEM); nothing to capture`);
  }
  const report = reportOf(inspection, toolVersion);
  const findings = volumeFindings(report);
  const verdict = verdictOf(findings);
  const blocking = findings.filter((f) => f.severity === 'block');
  const warnings = findings.filter((f) => f.severity === 'warn');
  if (verdict === 'blocked' && !force) {
    const list = collapsedFindings(blocking).join('; ');
    throw new GateRefusal(
      `${source} must not be captured as it is: ${list} (run \`preflight check ${source}\` for the evidence and fixes; --force captures anyway and records what it overrode)`,
    );
  }
  return { report, verdict, overridden: verdict === 'blocked' ? blocking : [], warnings };
}
