// The four machine hives of an installation, clean or dirty.
import { IMAGE_STATE } from '../windows/generalization';
import { hoursBefore, removeKey } from './binary';
import { type BuildOptions, type KeySpec, buildHive, tree } from './hive-builder';
import { makeDirtyWithNewLog } from './log-builder';
import { type Resolved, resolve } from './resolve-spec';
import { samTree } from './sam-hive';
import { securityTree } from './security-hive';
import { softwareTree } from './software-hive';
import { HIVE_NAMES, type HiveName, type InstallationSpec } from './spec';
import { systemEntries } from './system-hive';

function hiveTrees(r: Resolved): Record<HiveName, KeySpec> {
  return {
    SYSTEM: tree(r.os.rootNames.SYSTEM, systemEntries(r)),
    SOFTWARE: softwareTree(r),
    SAM: samTree(r),
    SECURITY: securityTree(r),
  };
}

const SEQUENCE: Record<HiveName, number> = { SYSTEM: 0x3a1, SOFTWARE: 0x2f7, SAM: 0x96, SECURITY: 0x74 };

function hiveOptions(r: Resolved, name: HiveName, lastWritten: Date): BuildOptions {
  return {
    minorVersion: r.os.hiveMinor,
    lastWritten,
    fileName: `\\SystemRoot\\System32\\Config\\${name}`,
    primarySequence: SEQUENCE[name],
  };
}

/** The four hives of an installation, clean, as they should read (after any log recovery). */
export function buildInstallationHives(spec: InstallationSpec): Record<HiveName, Uint8Array> {
  const r = resolve(spec);
  const trees = hiveTrees(r);
  const out = {} as Record<HiveName, Uint8Array>;
  for (const name of HIVE_NAMES) out[name] = buildHive(trees[name], hiveOptions(r, name, r.os.sealed));
  return out;
}

/** Keys the stale (pre-recovery) primary lacks, so that reading it without the logs visibly differs. */
const STALE_MISSING: Record<HiveName, string[]> = {
  SOFTWARE: ['Microsoft\\Windows\\CurrentVersion\\Run', 'Microsoft\\Windows\\CurrentVersion\\Appx\\AppxAllUserStore\\Deprovisioned'],
  SYSTEM: ['Setup\\Status\\SysprepStatus', 'ControlSet001\\Services\\W32Time'],
  SAM: ['SAM\\Domains\\Account\\Users\\Names'],
  SECURITY: ['Policy\\PolAcDmN', 'Cache'],
};

/** The ImageState a stale SOFTWARE primary of this spec holds. */
export function staleImageStateOf(spec: InstallationSpec): string {
  const r = resolve(spec);
  return spec.staleImageState ?? (r.generalized ? IMAGE_STATE.COMPLETE : IMAGE_STATE.UNDEPLOYABLE);
}

interface HiveFiles {
  primary: Uint8Array;
  log1: Uint8Array;
  log2: Uint8Array;
}

export function hiveFiles(spec: InstallationSpec, r: Resolved): Record<HiveName, HiveFiles> {
  const finals = hiveTrees(r);
  const dirty = new Set(spec.dirtyHives ?? []);
  let staleTrees: Record<HiveName, KeySpec> | null = null;
  if (dirty.size > 0) {
    // The stale primary: the state before sysprep's last writes reached the file (finished-install Setup
    // values, the older ImageState), minus a few keys.
    const stale = resolve({ ...spec, imageState: staleImageStateOf(spec), setup: undefined, sysprepStatus: undefined, stateIni: null });
    staleTrees = hiveTrees(stale);
    for (const name of HIVE_NAMES) for (const path of STALE_MISSING[name]) removeKey(staleTrees[name], path);
  }
  const out = {} as Record<HiveName, HiveFiles>;
  HIVE_NAMES.forEach((name, i) => {
    const final = buildHive(finals[name], hiveOptions(r, name, r.os.sealed));
    if (!dirty.has(name) || !staleTrees) {
      // Windows leaves (often empty) .LOG1/.LOG2 beside every machine hive.
      out[name] = { primary: final, log1: new Uint8Array(0), log2: new Uint8Array(0) };
      return;
    }
    const stale = buildHive(staleTrees[name], hiveOptions(r, name, hoursBefore(r.os.sealed, 1)));
    const logs = makeDirtyWithNewLog(final, stale, { sequence: SEQUENCE[name] + 0x40 + i });
    out[name] = { primary: logs.primary, log1: logs.log1, log2: logs.log2 };
  });
  return out;
}
