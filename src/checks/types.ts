// The shape of a check (after eslint rules: a small module with meta and run) and of its findings.
import type { DiskFacts } from '../windows/boot-disks';
import type { Evidence, InstallationFacts, UnreadableVolume } from '../windows/facts';

export type Severity = 'block' | 'warn' | 'info';
export type Verdict = 'ready' | 'warnings' | 'blocked';

export interface Finding {
  /** Stable check id, e.g. GEN001. */
  id: string;
  severity: Severity;
  title: string;
  /** What was found, for this installation, in one or two sentences. */
  message: string;
  /** What the technician can type or do. */
  remedy: string;
  evidence: Evidence[];
  /** For cross-installation findings: the installations concerned. */
  installations?: string[];
}

export interface CheckMeta {
  id: string;
  /** The most severe outcome this check can produce. */
  severity: Severity;
  title: string;
  /**
   * Docs entry: why it matters, what is read, what is UNCONFIRMED. Markdown. Each check writes it as a getter:
   * only `explain` and `checks --docs` read it, and a getter's text is compiled when first read, so a `check`
   * no longer deserializes 42 KB of docs strings from the code cache and joins them at start (3 ms, pinned A/B).
   */
  readonly docs: string;
  /** Default remedy text (findings may specialise it). */
  remedy: string;
}

/** A check of one installation: a pure function of its facts. */
export interface InstallationCheck {
  meta: CheckMeta;
  scope: 'installation';
  run(facts: InstallationFacts): Finding[];
}

/** A check across every installation found in one run (e.g. shared machine SIDs). */
export interface CrossCheck {
  meta: CheckMeta;
  scope: 'cross';
  run(installations: InstallationFacts[]): Finding[];
}

/** A check of a volume that could not be read (e.g. BitLocker-locked). */
export interface VolumeCheck {
  meta: CheckMeta;
  scope: 'volume';
  run(volume: UnreadableVolume): Finding[];
}

/** A check of one disk: its partitions, boot entries and the installations on it (src/windows/boot-disks.ts). */
export interface DiskCheck {
  meta: CheckMeta;
  scope: 'disk';
  run(disk: DiskFacts): Finding[];
}

export type Check = InstallationCheck | CrossCheck | VolumeCheck | DiskCheck;
