// Opening the four machine hives of one installation, read-only, with in-memory log recovery, and
// recording how each read went (HiveReadFact). A hive that cannot be read is not fatal: the facts that
// need it become "unknown".
import { openHive, HiveError, type Hive } from '../hive';
import type { Evidence, HiveReadFact } from './facts';
import type { VolumeFs } from './volume-fs';

export type HiveName = 'SYSTEM' | 'SOFTWARE' | 'SAM' | 'SECURITY';
export const HIVE_NAMES: HiveName[] = ['SYSTEM', 'SOFTWARE', 'SAM', 'SECURITY'];

/** One opened hive with the volume-relative path used in evidence. */
export interface OpenedHive {
  hive: Hive;
  /** e.g. `Windows\System32\config\SOFTWARE` */
  label: string;
}

export type InstallationHives = Record<HiveName, OpenedHive | null>;

/** A hive before it is read: not readable, no error yet, clean, nothing recovered. */
export function unreadHive(name: string, path: string | null): HiveReadFact {
  return { name, path, readable: false, error: null, dirty: false, recovered: false, logsApplied: [], entriesApplied: 0, warnings: [] };
}

export function openInstallationHives(vol: VolumeFs, windowsDir: string): { hives: InstallationHives; reads: HiveReadFact[] } {
  const hives = {} as InstallationHives;
  const reads: HiveReadFact[] = [];
  for (const name of HIVE_NAMES) {
    const rel = `${windowsDir}\\System32\\config\\${name}`;
    const abs = vol.resolve(rel);
    const label = abs ? vol.displayPath(rel) : rel;
    const read = unreadHive(name, abs ? label : null);
    hives[name] = null;
    if (!abs) {
      read.error = 'hive file not found';
    } else {
      try {
        const hive = openHive(abs, { logs: true, files: vol.hiveFiles() });
        hives[name] = { hive, label };
        read.readable = true;
        read.dirty = hive.recovery.dirty;
        read.recovered = hive.recovery.recovered;
        read.logsApplied = hive.recovery.applied.map((l) => baseName(l.file));
        read.entriesApplied = hive.recovery.applied.reduce((n, l) => n + l.entriesApplied, 0);
        read.warnings = hive.warnings
          .slice(0, 20)
          .map((w) => (w.offset >= 0 ? `0x${w.offset.toString(16)} ${w.structure}: ${w.message}` : `${w.structure}: ${w.message}`));
      } catch (err) {
        read.error = err instanceof HiveError ? err.reason : (err as Error).message;
      }
    }
    reads.push(read);
  }
  return { hives, reads };
}

function baseName(p: string): string {
  return p.split(/[\\/]/).pop() ?? p;
}

/** Evidence for a registry read: hive label, key path below the hive root, value name and shown data. */
export function regEvidence(opened: OpenedHive, key: string, value?: string, data?: string): Evidence {
  const ev: Evidence = { source: 'registry', hive: opened.label, key };
  if (value !== undefined) ev.value = value === '' ? '(default)' : value;
  if (data !== undefined) ev.data = data;
  return ev;
}

/** A string value (REG_SZ/EXPAND_SZ/MULTI_SZ first item), with its evidence pushed when present. */
export function readString(opened: OpenedHive | null, key: string, value: string, evidence: Evidence[]): string | null {
  const v = opened?.hive.value(key, value);
  if (!opened || !v) return null;
  const text = v.string();
  if (text !== null) evidence.push(regEvidence(opened, key, value, text));
  return text;
}

/** A DWORD value, with its evidence pushed when present. */
export function readNumber(opened: OpenedHive | null, key: string, value: string, evidence: Evidence[]): number | null {
  const v = opened?.hive.value(key, value);
  if (!opened || !v) return null;
  const n = v.number();
  if (n !== null) evidence.push(regEvidence(opened, key, value, String(n)));
  return n;
}

/** Whether a key exists, with evidence when it does. */
export function keyExists(opened: OpenedHive | null, key: string, evidence: Evidence[]): boolean {
  const k = opened?.hive.key(key);
  if (!opened || !k) return false;
  evidence.push(regEvidence(opened, key, undefined, 'key present'));
  return true;
}

/** `ControlSet00N` named by SYSTEM\Select\Current (there is no CurrentControlSet offline; domain.md §6.1). */
export function currentControlSet(system: OpenedHive | null): string | null {
  if (!system) return null;
  const current = system.hive.value('Select', 'Current')?.number();
  const candidates = current ? [`ControlSet${String(current).padStart(3, '0')}`] : [];
  candidates.push('ControlSet001');
  for (const name of candidates) if (system.hive.key(name)) return name;
  return null;
}
