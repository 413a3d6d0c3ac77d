// The gate: `check` runs on the source first. blocked refuses (nothing is written) unless --force, and a
// forced capture carries the findings it overrode into its log and record; warnings are repeated.
import type { Verdict } from '../checks/types';
import { buildReport, type Report, type ReportFinding } from '../report/model';
import { scanVolumes, type ScanOptions } from '../windows/scan';
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

export function allFindings(report: Report): ReportFinding[] {
  return [...report.installations.flatMap((i) => i.findings), ...report.findings, ...report.unreadableVolumes.flatMap((v) => v.findings)];
}

export function runGate(source: string, force: boolean, toolVersion: string, scan: ScanOptions = {}): GateOutcome {
  const result = scanVolumes([source], scan);
  if (result.installations.length === 0 && result.unreadable.length === 0) {
    throw new PlanRefusal(`no Windows installation found on ${source} (looked for Windows\\System32\\config\\SYSTEM); nothing to capture`);
  }
  const report = buildReport({ toolVersion, scannedVolumes: result.scannedVolumes, installations: result.installations, unreadable: result.unreadable, generatedAt: new Date() });
  const findings = allFindings(report);
  const blocking = findings.filter((f) => f.severity === 'block');
  const warnings = findings.filter((f) => f.severity === 'warn');
  if (report.verdict === 'blocked' && !force) {
    const list = blocking.map((f) => `${f.id} ${f.title}`).join('; ');
    throw new GateRefusal(`${source} must not be captured as it is: ${list} (run \`preflight check ${source}\` for the evidence and fixes; --force captures anyway and records what it overrode)`);
  }
  return { report, verdict: report.verdict, overridden: report.verdict === 'blocked' ? blocking : [], warnings };
}
