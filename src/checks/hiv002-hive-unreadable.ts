// HIV002: a hive could not be read, so the facts that come from it are unknown.
import type { HiveReadFact } from '../windows/facts';
import type { CheckMeta, InstallationCheck } from './types';
import { cmd, driveOf, fileEvidence, finding, windowsRel } from './util';

/** What each hive tells us; printed so the technician knows what "unknown" in the report stems from. */
export const FACTS_FROM_HIVE: Record<string, string> = {
  SOFTWARE: 'Windows version, ImageState (registry), AppX state, profiles, pending CBS/Windows Update, SkipRearm',
  SYSTEM: 'Setup values, SysprepStatus, PendingFileRenameOperations, Fast Startup, the UnattendFile pointer',
  SAM: 'the machine SID (SAM copy)',
  SECURITY: 'the machine SID (LSA copy) and domain membership',
};

function remedyFor(volume: string): string {
  return (
    `Check the volume from WinPE (without /f chkdsk only reports): ${cmd(`chkdsk ${driveOf(volume)}`)}. Then run ` +
    'preflight again, or decide from the facts that were readable.'
  );
}

const meta: CheckMeta = {
  id: 'HIV002',
  severity: 'warn',
  title: 'Hive could not be read',
  remedy: remedyFor('<volume>'),
  docs: [
    'SOFTWARE, SYSTEM, SAM and SECURITY under `%WINDIR%\\System32\\config` are read (read-only, logs',
    'replayed in memory). When one is missing or unreadable, the facts that come from it are reported as',
    'unknown and the checks that need them stay silent or, for the generalization state, block (GEN002).',
    'This finding names the hive, the error and the facts that are unknown.',
  ].join('\n'),
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
        h === undefined
          ? 'was not examined'
          : h.path === null
            ? 'is missing'
            : `could not be read (${h.error ?? 'unknown error'})`;
      return [
        finding(meta, {
          message: `The ${name} hive ${why}; unknown: ${FACTS_FROM_HIVE[name]}.`,
          remedy: remedyFor(facts.volume),
          evidence: [fileEvidence(path, h?.error ?? (h?.path === null ? 'missing' : 'not examined'))],
        }),
      ];
    });
  },
};
