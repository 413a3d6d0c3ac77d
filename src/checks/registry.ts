// Every check, in id order, and the one function that runs them all over the facts of one run.
import type { DiskFacts } from '../windows/boot-disks';
import type { InstallationFacts, UnreadableVolume } from '../windows/facts';
import type { Check, CrossCheck, DiskCheck, Finding, InstallationCheck, Severity, Verdict, VolumeCheck } from './types';
import { dsk001 } from './dsk001-boot-entry-without-windows';
import { dsk002 } from './dsk002-windows-not-booted';
import { dsk003 } from './dsk003-other-partitions';
import { dsk004 } from './dsk004-disk-not-all-generalized';
import { apx001 } from './apx001-appx-blocks-sysprep';
import { apx002 } from './apx002-appx-orphan-sids';
import { gen001 } from './gen001-not-generalized';
import { gen002 } from './gen002-generalization-unknown';
import { gen003 } from './gen003-imagestate-disagree';
import { gen004 } from './gen004-sysprep-tag-missing';
import { gen005 } from './gen005-generalized-to-audit';
import { hiv001 } from './hiv001-hive-dirty';
import { hiv002 } from './hiv002-hive-unreadable';
import { img001 } from './img001-image-xml-disagrees';
import { pnd001 } from './pnd001-pending-operations';
import { prf001 } from './prf001-user-accounts';
import { srv001 } from './srv001-server-roles';
import { sys004 } from './sys004-sysprep-mode-vm';
import { vol007 } from './vol007-upgrade-leftovers';
import { sid001 } from './sid001-sid-sources-disagree';
import { sid002 } from './sid002-sid-unreadable';
import { sys001 } from './sys001-sysprep-failed';
import { sys002 } from './sys002-sysprep-run-limit';
import { sys003 } from './sys003-skiprearm-registry';
import { una001 } from './una001-answer-file-secrets';
import { una002 } from './una002-persist-device-installs';
import { una003 } from './una003-answer-file-skiprearm';
import { una004 } from './una004-answer-file-unparsable';
import { una005 } from './una005-answer-file-reseal';
import { vol001 } from './vol001-hibernated';
import { vol002 } from './vol002-fast-startup';
import { vol003 } from './vol003-bitlocker-locked';
import { vol004 } from './vol004-domain-joined';
import { vol005 } from './vol005-bitlocker-unlocked';
import { vol006 } from './vol006-unreadable-volume';
import { xin001 } from './xin001-duplicate-machine-sid';
import { xin002 } from './xin002-other-installation-not-generalized';
import { xin003 } from './xin003-no-installation';
import { idn001 } from './idn001-entra-joined';
import { idn002 } from './idn002-mdm-enrolled';
import { idn003 } from './idn003-configmgr-identity';
import { efs001 } from './efs001-efs-keys';
import { rec001 } from './rec001-winre-outside-image';
import { upg001 } from './upg001-upgraded-installation';

/** Ordinal comparison of ASCII ids: localeCompare would load ICU's collator (~10 ms at every start). */
const ordinal = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export const allChecks: Check[] = [
  apx001,
  apx002,
  dsk001,
  dsk002,
  dsk003,
  dsk004,
  gen001,
  gen002,
  gen003,
  gen004,
  gen005,
  hiv001,
  hiv002,
  img001,
  pnd001,
  prf001,
  srv001,
  sys004,
  vol007,
  sid001,
  sid002,
  sys001,
  sys002,
  sys003,
  una001,
  una002,
  una003,
  una004,
  una005,
  vol001,
  vol002,
  vol003,
  vol004,
  vol005,
  vol006,
  xin001,
  xin002,
  xin003,
  idn001,
  idn002,
  idn003,
  efs001,
  rec001,
  upg001,
].sort((a, b) => ordinal(a.meta.id, b.meta.id));

export function findCheck(id: string): Check | undefined {
  return allChecks.find((c) => c.meta.id.toUpperCase() === id.toUpperCase());
}

const RANK: Record<Severity, number> = { block: 0, warn: 1, info: 2 };

/** Most severe first, then by id; stable within a check (its own order). */
export function sortFindings(findings: Finding[]): Finding[] {
  return findings
    .map((f, i) => ({ f, i }))
    .sort((a, b) => RANK[a.f.severity] - RANK[b.f.severity] || ordinal(a.f.id, b.f.id) || a.i - b.i)
    .map((x) => x.f);
}

export function verdictOf(findings: readonly Pick<Finding, 'severity'>[]): Verdict {
  if (findings.some((f) => f.severity === 'block')) return 'blocked';
  if (findings.some((f) => f.severity === 'warn')) return 'warnings';
  return 'ready';
}

const VERDICT_RANK: Record<Verdict, number> = { ready: 0, warnings: 1, blocked: 2 };

export function worstVerdict(verdicts: Verdict[]): Verdict {
  return verdicts.reduce<Verdict>((worst, v) => (VERDICT_RANK[v] > VERDICT_RANK[worst] ? v : worst), 'ready');
}

export interface CheckResults {
  /** Findings per installation id, sorted most severe first. */
  perInstallation: Map<string, Finding[]>;
  /** Cross-installation findings. */
  cross: Finding[];
  /** Findings about unreadable volumes, all volumes together. */
  volumes: Finding[];
  /** The same volume findings, per volume. */
  perVolume: Map<string, Finding[]>;
  /** Findings per disk, in the order of the disks given. */
  perDisk: Finding[][];
  /** Worst of every finding above. */
  verdict: Verdict;
}

const isInstallationCheck = (c: Check): c is InstallationCheck => c.scope === 'installation';
const isCrossCheck = (c: Check): c is CrossCheck => c.scope === 'cross';
const isVolumeCheck = (c: Check): c is VolumeCheck => c.scope === 'volume';
const isDiskCheck = (c: Check): c is DiskCheck => c.scope === 'disk';

export function runChecks(
  installations: InstallationFacts[],
  unreadable: UnreadableVolume[],
  checks: Check[] = allChecks,
  disks: DiskFacts[] = [],
): CheckResults {
  const perInstallation = new Map<string, Finding[]>();
  for (const facts of installations) {
    const found = checks.filter(isInstallationCheck).flatMap((c) => c.run(facts));
    perInstallation.set(facts.id, sortFindings(found));
  }
  const cross = sortFindings(checks.filter(isCrossCheck).flatMap((c) => c.run(installations)));
  const perVolume = new Map<string, Finding[]>();
  for (const volume of unreadable) {
    const found = checks.filter(isVolumeCheck).flatMap((c) => c.run(volume));
    perVolume.set(volume.volume, sortFindings([...(perVolume.get(volume.volume) ?? []), ...found]));
  }
  const volumes = [...perVolume.values()].flat();
  const perDisk = disks.map((d) => sortFindings(checks.filter(isDiskCheck).flatMap((c) => c.run(d))));
  const verdict = worstVerdict([
    ...[...perInstallation.values()].map(verdictOf),
    verdictOf(cross),
    verdictOf(volumes),
    ...perDisk.map(verdictOf),
  ]);
  return { perInstallation, cross, volumes, perVolume, perDisk, verdict };
}
