// Reasoning about the installation's ImageState copies and generalization state, for checks' messages
// and severities.
import type { InstallationFacts } from '../windows/facts';
import { IMAGE_STATE_KEY, canonicalImageState, imageStateMeaning } from '../windows/generalization';
import type { Severity } from './types';
import { listText } from './english';
import { stateIniPath } from './offline-paths';

export { IMAGE_STATE, IMAGE_STATE_KEY, canonicalImageState } from '../windows/generalization';

export function isGeneralized(facts: InstallationFacts): boolean {
  return facts.generalization.state === 'generalized';
}

/** One ImageState copy that decided the generalization state: its value (as stored) and where it was read. */
export interface ImageStateReading {
  value: string;
  /** The value canonicalised (canonicalImageState), for comparisons. */
  canonical: string;
  /** "the registry (SOFTWARE\…\Setup\State)" or the State.ini path. */
  where: string;
}

/**
 * The ImageState copies that decided facts.generalization.state: each source whose value means that state
 * (imageStateMeaning), registry listed first for a stable order only. Which copy Windows trusts when they
 * differ is not documented (domain.md §1.1, UNCONFIRMED), so neither is preferred: a copy holding an
 * unrecognised value is never named as the one that decided. Empty when the state is unknown.
 */
export function decidingImageStates(facts: InstallationFacts): ImageStateReading[] {
  const g = facts.generalization;
  if (g.state === 'unknown') return [];
  const sources: [string | null, string][] = [
    [g.imageStateRegistry, `the registry (SOFTWARE\\${IMAGE_STATE_KEY})`],
    [g.imageStateFile, stateIniPath(facts)],
  ];
  return sources.flatMap(([value, where]) =>
    value !== null && imageStateMeaning(value) === g.state ? [{ value, canonical: canonicalImageState(value), where }] : [],
  );
}

/** The (first) ImageState value that decided the state, for messages; null when none did. */
export function imageState(facts: InstallationFacts): string | null {
  return decidingImageStates(facts)[0]?.value ?? null;
}

/**
 * The deciding ImageState value(s) and where they were read, for messages: "X in the registry (…) and
 * Windows\Setup\State\State.ini" when both copies say X, "X in the registry (…) and Y in …State.ini" when
 * they say different things that mean the same state; null when no copy decided.
 */
export function imageStateText(facts: InstallationFacts): string | null {
  const readings = decidingImageStates(facts);
  if (readings.length === 0) return null;
  if (readings.every((r) => r.canonical === readings[0].canonical)) {
    return `${readings[0].value} in ${listText(readings.map((r) => r.where))}`;
  }
  return listText(readings.map((r) => `${r.value} in ${r.where}`));
}

/** Severity for a problem that only matters while Sysprep still has to run. */
export function severityBeforeSysprep(facts: InstallationFacts, ifNot: Severity, ifUnknown: Severity, ifGeneralized: Severity): Severity {
  switch (facts.generalization.state) {
    case 'generalized':
      return ifGeneralized;
    case 'not-generalized':
      return ifNot;
    default:
      return ifUnknown;
  }
}
