// Helpers shared by the checks: building findings, picking evidence, naming paths for remedies.
// Nothing here touches files; everything is a function of facts.
import type { Evidence, InstallationFacts } from '../windows/facts';
import { IMAGE_STATE, IMAGE_STATE_KEY, canonicalImageState, imageStateMeaning } from '../windows/generalization';
import { driveRoot } from '../host/volumes';
import type { CheckMeta, Finding, Severity } from './types';
import { markCommand } from './commands';

export { IMAGE_STATE, IMAGE_STATE_KEY, canonicalImageState } from '../windows/generalization';
/** Paths below the installation's Windows directory: join them with windowsPath(facts, …). */
export const STATE_INI = 'Setup\\State\\State.ini';
export const SYSPREP_TAG = 'System32\\Sysprep\\Sysprep_succeeded.tag';
export const SYSPREP_PANTHER = 'System32\\Sysprep\\Panther';

/**
 * Sysprep as typed on the booted reference machine. %WINDIR% rather than a drive letter: the letter the
 * installation has under WinPE is not the one it has when it runs.
 */
export const SYSPREP_GENERALIZE = '%WINDIR%\\System32\\Sysprep\\sysprep.exe /generalize /oobe /shutdown';

/**
 * Marks a command in a remedy (commands.ts markCommand). Renderers show it whole: the text report on a line
 * of its own, Markdown as code, the JSON report in the finding's `commands` (plain strings).
 */
export function cmd(command: string): string {
  return markCommand(command);
}

/** "run `…sysprep.exe /generalize /oobe /shutdown`" */
export const RUN_SYSPREP = `run ${cmd(SYSPREP_GENERALIZE)}`;

/** Remedy for pending reboots/servicing; `volume` names the drive for the offline fallback. */
export function pendingRemedy(volume: string): string {
  return (
    'Boot the reference machine, let updates finish and restart with ' +
    `${cmd('shutdown /r /t 0')} until nothing is pending, then ${RUN_SYSPREP}. Only if that installation no ` +
    'longer boots: from WinPE, against its offline image (never WinPE\'s own image), revert the pending ' +
    `servicing with ${cmd(`Dism /Image:${offlineImageRoot(volume)} /Cleanup-Image /RevertPendingActions`)} ` +
    '(a recovery step: the reverted updates must be installed again).'
  );
}

/**
 * One story per state after a failed Sysprep (issue 7): the image must be rebuilt when ImageState says
 * IMAGE_STATE_UNDEPLOYABLE (Microsoft: "will never be deployable") or the logs show the invalid-state error
 * [0x0f0073] (Microsoft: "re-create the image"). Then no check tells the technician to simply re-run Sysprep;
 * otherwise (e.g. an AppX validation failure, which stops Sysprep before it changes anything, KB 2769827)
 * fixing the cause and running Sysprep again is the story everywhere.
 */
export function mustRebuild(facts: InstallationFacts): boolean {
  return (
    decidingImageStates(facts).some((r) => r.canonical === IMAGE_STATE.UNDEPLOYABLE) ||
    facts.panther.failures.some((f) => f.cause === 'invalid-state')
  );
}

/**
 * "This image must be rebuilt …. On the rebuilt reference machine, before Sysprep, <step>." or "On the
 * reference machine, <step>. Then run sysprep." `step` starts in lower case ("in elevated PowerShell: …").
 */
export function fixThenSysprep(facts: InstallationFacts, step: string): string {
  if (mustRebuild(facts)) {
    return (
      'This image must be rebuilt (see GEN001/SYS001: Sysprep cannot roll back). On the rebuilt reference ' +
      `machine, before Sysprep, ${step}.`
    );
  }
  return `On the reference machine, ${step}. Then ${RUN_SYSPREP}.`;
}

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

/**
 * What a command names the inspected volume by: "C:" for a drive letter, the folder for a Windows mount
 * point made of characters no shell treats specially (e.g. "D:\\mnt\\ref"), else the placeholder "<volume>"
 * (a POSIX mount point means nothing in WinPE, and a folder needing quotes is not pasted unquoted).
 */
export function driveOf(volume: string): string {
  const drive = driveRoot(volume);
  if (drive !== null) return drive;
  const folder = volume.trim().replace(/\\+$/, '');
  return /^[A-Za-z]:(\\[A-Za-z0-9_.-]+)+$/.test(folder) ? folder : '<volume>';
}

/** A volume-relative path as the technician types it from WinPE, e.g. "C:\Windows\Panther\unattend.xml". */
export function offlinePath(volume: string, relative: string): string {
  const rel = relative.replace(/\//g, '\\').replace(/^\\+/, '');
  return `${driveOf(volume)}\\${rel}`;
}

/** The volume root as DISM's /Image: wants it, e.g. "C:\". */
export function offlineImageRoot(volume: string): string {
  return `${driveOf(volume)}\\`;
}

/** The volume-relative Windows directory, without leading or trailing separators. */
export function windowsRel(facts: InstallationFacts): string {
  return facts.windowsDir.replace(/\//g, '\\').replace(/^\\+|\\+$/g, '') || 'Windows';
}

/** A path below the installation's Windows directory, volume-relative: "Windows\Setup\State\State.ini". */
export function windowsPath(facts: InstallationFacts, belowWindows: string): string {
  return `${windowsRel(facts)}\\${belowWindows}`;
}

/** The installation's State.ini, volume-relative, spelled as its Windows directory is on disk. */
export function stateIniPath(facts: InstallationFacts): string {
  return windowsPath(facts, STATE_INI);
}

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

/** Ends text taken from facts with a full stop unless it already ends a sentence. */
export function sentence(text: string): string {
  const t = text.trim();
  return /[.!?:]$/.test(t) ? t : `${t}.`;
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** "a, b and c" */
export function listText(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/**
 * listText of at most `max` items, then "and N more": names from the disk can number in the tens of
 * thousands (a shared lab PC), and a finding must stay readable and the report small.
 */
export function listTextCapped(items: string[], max: number): string {
  if (items.length <= max) return listText(items);
  return `${items.slice(0, max).join(', ')} and ${items.length - max} more`;
}

/** Unique by key, first occurrence kept, order preserved. */
export function uniqueBy<T>(items: T[], key: (item: T) => string): T[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    const k = key(item);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** Severity for a problem that only matters while Sysprep still has to run. */
export function severityBeforeSysprep(
  facts: InstallationFacts,
  ifNot: Severity,
  ifUnknown: Severity,
  ifGeneralized: Severity,
): Severity {
  switch (facts.generalization.state) {
    case 'generalized':
      return ifGeneralized;
    case 'not-generalized':
      return ifNot;
    default:
      return ifUnknown;
  }
}
