// Building findings and choosing the evidence they show. Nothing here touches files: everything is a
// function of facts.
import type { Evidence, InstallationFacts } from '../windows/facts';
import type { CheckMeta, Finding, Severity } from './types';

export interface FindingInput {
  message: string;
  evidence: Evidence[];
  /** Defaults to the check's default remedy. */
  remedy?: string;
  /** Defaults to the check's (most severe) severity. */
  severity?: Severity;
  installations?: string[];
}

export function finding(meta: CheckMeta, input: FindingInput): Finding {
  const out: Finding = {
    id: meta.id,
    severity: input.severity ?? meta.severity,
    title: meta.title,
    message: input.message,
    remedy: input.remedy ?? meta.remedy,
    evidence: input.evidence,
  };
  if (input.installations) out.installations = input.installations;
  return out;
}

/** Text an evidence item is matched against: key\value for registry, the path for files and volumes. */
function evidenceText(e: Evidence): string {
  if (e.source === 'registry') return `${e.hive}\\${e.key}\\${e.value ?? ''}`;
  return `${e.path} ${e.detail ?? ''}`;
}

/** The evidence items mentioning any of the needles (case-insensitive); all of them when none does. */
export function pickEvidence(evidence: Evidence[], ...needles: string[]): Evidence[] {
  const lower = needles.map((n) => n.toLowerCase());
  const hits = evidence.filter((e) => {
    const text = evidenceText(e).toLowerCase();
    return lower.some((n) => text.includes(n));
  });
  return hits.length > 0 ? hits : evidence;
}

/** Like pickEvidence, but an empty list when nothing matches. */
export function matchingEvidence(evidence: Evidence[], ...needles: string[]): Evidence[] {
  const lower = needles.map((n) => n.toLowerCase());
  return evidence.filter((e) => lower.some((n) => evidenceText(e).toLowerCase().includes(n)));
}

/**
 * Evidence naming an installation, for cross-installation findings: volume-relative paths and hive names
 * alone would not say which installation they came from.
 */
export function installationEvidence(facts: InstallationFacts, detail: string): Evidence {
  return { source: 'volume', path: facts.volume, detail: `${facts.id}: ${detail}` };
}

/**
 * The facts' evidence mentioning any of the needles; when the extractor recorded none, the given
 * evidence describing the fact itself (never unrelated items).
 */
export function evidenceFor(evidence: Evidence[], needles: string[], fallback: Evidence): Evidence[] {
  const hits = matchingEvidence(evidence, ...needles);
  return hits.length > 0 ? hits : [fallback];
}

export function fileEvidence(path: string, detail?: string): Evidence {
  return detail === undefined ? { source: 'file', path } : { source: 'file', path, detail };
}
