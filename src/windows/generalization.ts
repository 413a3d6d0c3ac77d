// Is the installation generalized? ImageState (registry and State.ini) decides; the Sysprep tag, the
// HKLM\SYSTEM\Setup values and SysprepStatus are reported as supporting signals only, because their
// meanings are not documented by Microsoft (domain.md §1.1–1.4). Any doubt yields 'unknown'.
import type { Evidence, GeneralizationFacts, GeneralizationState } from './facts';
import { readNumber, readString, type InstallationHives } from './hives';

/** Where the registry copy of ImageState lives, below the SOFTWARE hive root (domain.md §1.1). */
export const IMAGE_STATE_KEY = 'Microsoft\\Windows\\CurrentVersion\\Setup\\State';

/** The documented ImageState values (domain.md §1.1). */
export const IMAGE_STATE = {
  COMPLETE: 'IMAGE_STATE_COMPLETE',
  UNDEPLOYABLE: 'IMAGE_STATE_UNDEPLOYABLE',
  GENERALIZE_RESEAL_TO_OOBE: 'IMAGE_STATE_GENERALIZE_RESEAL_TO_OOBE',
  GENERALIZE_RESEAL_TO_AUDIT: 'IMAGE_STATE_GENERALIZE_RESEAL_TO_AUDIT',
  SPECIALIZE_RESEAL_TO_OOBE: 'IMAGE_STATE_SPECIALIZE_RESEAL_TO_OOBE',
  SPECIALIZE_RESEAL_TO_AUDIT: 'IMAGE_STATE_SPECIALIZE_RESEAL_TO_AUDIT',
} as const;

/**
 * An ImageState value compared the way imageStateMeaning compares it: trimmed, upper case, no blanks (the
 * doc's typo `IMAGE_STATE _UNDEPLOYABLE`), and the doc's alternative spelling `IMG_UNDEPLOYABLE` mapped
 * to IMAGE_STATE_UNDEPLOYABLE.
 */
export function canonicalImageState(value: string): string {
  const v = value.trim().toUpperCase().replace(/\s+/g, '');
  return v === 'IMG_UNDEPLOYABLE' ? IMAGE_STATE.UNDEPLOYABLE : v;
}

/** What one ImageState value says (domain.md §1.1 table). */
export function imageStateMeaning(value: string | null): GeneralizationState {
  if (value === null) return 'unknown';
  const v = canonicalImageState(value);
  if (v === IMAGE_STATE.GENERALIZE_RESEAL_TO_OOBE || v === IMAGE_STATE.GENERALIZE_RESEAL_TO_AUDIT) return 'generalized';
  if (
    v === IMAGE_STATE.COMPLETE ||
    v === IMAGE_STATE.UNDEPLOYABLE ||
    v === IMAGE_STATE.SPECIALIZE_RESEAL_TO_OOBE ||
    v === IMAGE_STATE.SPECIALIZE_RESEAL_TO_AUDIT
  ) {
    return 'not-generalized';
  }
  return 'unknown';
}

export interface GeneralizationInputs {
  hives: InstallationHives;
  stateIni: { imageState: string | null; missing?: string; evidence: Evidence[] };
  tag: { present: boolean; evidence: Evidence[] };
}

export function readGeneralization({ hives, stateIni, tag }: GeneralizationInputs): GeneralizationFacts {
  const evidence: Evidence[] = [];
  const imageStateRegistry = readString(hives.SOFTWARE, IMAGE_STATE_KEY, 'ImageState', evidence);
  evidence.push(...stateIni.evidence, ...tag.evidence);
  const sys = hives.SYSTEM;
  const setup = {
    cmdLine: readString(sys, 'Setup', 'CmdLine', evidence),
    setupType: readNumber(sys, 'Setup', 'SetupType', evidence),
    systemSetupInProgress: readNumber(sys, 'Setup', 'SystemSetupInProgress', evidence),
    oobeInProgress: readNumber(sys, 'Setup', 'OOBEInProgress', evidence),
    auditInProgress: readNumber(sys, 'Setup', 'AuditInProgress', evidence),
  };
  const sysprepStatus = {
    generalizationState: readNumber(sys, 'Setup\\Status\\SysprepStatus', 'GeneralizationState', evidence),
    cleanupState: readNumber(sys, 'Setup\\Status\\SysprepStatus', 'CleanupState', evidence),
  };
  const imageStateFile = stateIni.imageState;
  const sourcesAgree =
    imageStateRegistry !== null && imageStateFile !== null
      ? imageStateRegistry.trim().toUpperCase() === imageStateFile.trim().toUpperCase()
      : null;

  const decided = decide(imageStateRegistry, imageStateFile, hives.SOFTWARE !== null, stateIni.missing ?? 'not found');
  const { state, reason } = decided.state === 'generalized' && sys !== null ? setupConsistency(decided.reason, setup) : decided;
  return {
    state,
    reason,
    imageStateRegistry,
    imageStateFile,
    sourcesAgree,
    sysprepTagPresent: tag.present,
    setup,
    sysprepStatus,
    evidence,
  };
}

/**
 * A generalized image has Windows Setup armed for the next boot: SYSTEM\Setup CmdLine runs
 * oobe\windeploy.exe and SystemSetupInProgress is 1 (domain.md §1.3: seen after every observed
 * generalize, SetupType 1 or 2). ImageState saying generalized while Setup is disarmed means the hives were
 * edited or copied together from different moments: "unknown", never ready. No source describes this
 * combination, so it is not called "not generalized" either. Values that are absent count as disarmed
 * (CmdLine) or are not judged (SystemSetupInProgress: only an explicit 0).
 */
function setupConsistency(reason: string, setup: GeneralizationFacts['setup']): { state: GeneralizationState; reason: string } {
  const problems: string[] = [];
  if (!/(^|\\)windeploy\.exe\b/i.test(setup.cmdLine ?? '')) {
    problems.push(
      setup.cmdLine === null
        ? 'SYSTEM\\Setup has no CmdLine'
        : `SYSTEM\\Setup CmdLine is ${JSON.stringify(setup.cmdLine)}, not oobe\\windeploy.exe`,
    );
  }
  if (setup.systemSetupInProgress === 0) problems.push('SystemSetupInProgress is 0');
  if (problems.length === 0) return { state: 'generalized', reason };
  return {
    state: 'unknown',
    reason: `${reason}, but ${problems.join(' and ')}: Setup is not armed for the first boot of a generalized image, so the two disagree`,
  };
}

function decide(
  registry: string | null,
  file: string | null,
  softwareRead: boolean,
  fileMissing: string,
): { state: GeneralizationState; reason: string } {
  const r = imageStateMeaning(registry);
  const f = imageStateMeaning(file);
  if (registry !== null && file !== null) {
    if (r === f && r !== 'unknown') {
      const same = registry.trim().toUpperCase() === file.trim().toUpperCase();
      return {
        state: r,
        reason: same
          ? `ImageState ${registry} in the registry and in State.ini`
          : `ImageState ${registry} in the registry and ${file} in State.ini (both ${r})`,
      };
    }
    if (r === 'unknown' || f === 'unknown') {
      const known = r === 'unknown' ? { s: f, v: file, where: 'State.ini' } : { s: r, v: registry, where: 'the registry' };
      const other = r === 'unknown' ? registry : file;
      if (known.s === 'not-generalized')
        return {
          state: 'not-generalized',
          reason: `ImageState ${known.v} in ${known.where} (the other source holds the unrecognised value ${JSON.stringify(other)})`,
        };
      return {
        state: 'unknown',
        reason: `ImageState ${known.v} in ${known.where}, but the other source holds the unrecognised value ${JSON.stringify(other)}`,
      };
    }
    // Which source wins is not documented (domain.md §1.1, UNCONFIRMED): a disagreement is never "ready".
    if (r === 'not-generalized' || f === 'not-generalized') {
      if (r !== f)
        return {
          state: 'unknown',
          reason: `the registry says ${registry} but State.ini says ${file}; which one Windows uses is not documented`,
        };
    }
    return { state: 'unknown', reason: `the registry says ${registry} but State.ini says ${file}` };
  }
  if (registry !== null) {
    if (r === 'unknown')
      return { state: 'unknown', reason: `unrecognised ImageState ${JSON.stringify(registry)} in the registry; State.ini ${fileMissing}` };
    return { state: r, reason: `ImageState ${registry} in the registry (State.ini ${fileMissing})` };
  }
  if (file !== null) {
    if (f === 'unknown')
      return { state: 'unknown', reason: `unrecognised ImageState ${JSON.stringify(file)} in State.ini; the registry has none` };
    return {
      state: f,
      reason: `ImageState ${file} in State.ini (${softwareRead ? 'the SOFTWARE hive has no ImageState' : 'the SOFTWARE hive could not be read'})`,
    };
  }
  const noFile = fileMissing === 'not found' ? 'no State.ini' : `State.ini ${fileMissing}`;
  return {
    state: 'unknown',
    reason: softwareRead ? `no ImageState in the SOFTWARE hive and ${noFile}` : `the SOFTWARE hive could not be read and ${noFile}`,
  };
}
