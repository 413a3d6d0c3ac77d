// HIV002: a hive could not be read, so the facts that come from it are unknown. SOFTWARE and SYSTEM hold
// facts that decide the verdict (ImageState, pending servicing, Setup values): without them the image
// cannot be called ready, so their loss blocks; SAM/SECURITY only feed the SID and domain checks (warn).
import type { HiveReadFact } from '../windows/facts';
import type { CheckMeta, InstallationCheck, Severity } from './types';
import { cmd } from './remedy-phrases';
import { commandVolume, windowsRel } from './offline-paths';
import { fileEvidence, finding } from './finding';

/** What each hive tells us; printed so the technician knows what "unknown" in the report stems from. */
export const FACTS_FROM_HIVE: Record<string, string> = {
  SOFTWARE: 'Windows version, ImageState (registry), AppX state, profiles, pending CBS/Windows Update, SkipRearm',
  SYSTEM: 'Setup values, SysprepStatus, PendingFileRenameOperations, Fast Startup, the UnattendFile pointer',
  SAM: 'the machine SID (SAM copy)',
  SECURITY: 'the machine SID (LSA copy) and domain membership',
};

/** Hives whose facts decide the verdict: unreadable means the verdict itself is unknown. */
const DECISIVE = new Set(['SOFTWARE', 'SYSTEM']);

function severityOf(name: string): Severity {
  return DECISIVE.has(name) ? 'block' : 'warn';
}

function remedyFor(volume: string): string {
  return (
    `Check the volume from WinPE (without /f chkdsk only reports): ${cmd(`chkdsk ${commandVolume(volume)}`)}. Then run ` +
    'preflight again, or decide from the facts that were readable.'
  );
}

const meta: CheckMeta = {
  id: 'HIV002',
  severity: 'block',
  title: 'Hive could not be read',
  remedy: remedyFor('<volume>'),
  get docs() {
    return [
      'SOFTWARE, SYSTEM, SAM and SECURITY under `%WINDIR%\\System32\\config` are read (read-only, logs',
      'replayed in memory). When one is missing or unreadable, the facts that come from it are reported as',
      'unknown (null in the JSON report, never "false") and the checks that need them stay silent or, for the',
      'generalization state, block (GEN002). This finding names the hive, the error and the facts that are',
      'unknown.',
      '',
      'Block when SOFTWARE or SYSTEM could not be read: their facts (ImageState, pending servicing and file',
      'renames, Setup values, SkipRearm) decide the verdict, so "nothing found" there proves nothing. Warn when',
      'SAM or SECURITY could not be read: only the machine SID and domain membership become unknown.',
    ].join('\n');
  },
};

export const hiv002: InstallationCheck = {
  meta,
  scope: 'installation',
  run(facts) {
    return Object.keys(FACTS_FROM_HIVE).flatMap((name) => {
      const h: HiveReadFact | undefined = facts.hives.find((x) => x.name.toUpperCase() === name);
      if (h?.readable) return [];
      const path = h?.path ?? `${windowsRel(facts)}\\System32\\config\\${name}`;
      const why =
        h === undefined ? 'was not examined' : h.path === null ? 'is missing' : `could not be read (${h.error ?? 'unknown error'})`;
      return [
        finding(meta, {
          severity: severityOf(name),
          message: `The ${name} hive ${why}; unknown: ${FACTS_FROM_HIVE[name]}.`,
          remedy: remedyFor(facts.volume),
          evidence: [fileEvidence(path, h?.error ?? (h?.path === null ? 'missing' : 'not examined'))],
        }),
      ];
    });
  },
};
