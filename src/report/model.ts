// The report: the facts of one run, the findings of every check and the verdicts, in one versioned,
// JSON-ready shape (described by schema/report.schema.json). Fact families are copied as the extractors
// wrote them (reportFact: their declared fields, null for every unknown, never a missing field); findings,
// evidence and verdicts are built field by field so the key order is stable.
import { remedyCommands, remedyText } from '../checks/remedy-markup';
import { verdictOf, type CheckResults } from '../checks/registry';
import type { DiskFacts } from '../windows/boot-disks';
import type { HostFacts } from '../host/host-facts';
import type { Finding, Severity, Verdict } from '../checks/types';
import type {
  AppxFacts,
  DeviceIdentityFacts,
  Evidence,
  GeneralizationFacts,
  HiveReadFact,
  ImageSourceFacts,
  InstallationFacts,
  LeftoverFacts,
  LocalAccountFacts,
  OsFacts,
  PantherFacts,
  PendingFacts,
  ProfileFacts,
  RecoveryFacts,
  ServerRoleFacts,
  SidFacts,
  SysprepLimitFacts,
  SysprepRunFacts,
  MountedDeviceFacts,
  UnattendFacts,
  UnreadableVolume,
  UpgradeFacts,
  UserHiveFacts,
  VolumeStateFacts,
} from '../windows/facts';

// 2: `disks` (partitions, boot entries, installations per disk) and each installation's `mountedDevices`.
// 3: each installation's `image` (the WIM it was read from, or null) and the value "not-applicable" for facts an
//    image cannot have (hibernation, BitLocker, disk placement): a reader that took `hibernated` for a boolean would
//    take that string for true. Also the fact families deviceIdentity, userHives, recovery, upgrade and
//    volumeState.shadowCopies, required in every installation.
export const SCHEMA_VERSION = 3;

export type ReportEvidence =
  | { source: 'registry'; hive: string; key: string; value: string | null; data: string | null }
  | { source: 'file'; path: string; detail: string | null }
  | { source: 'volume'; path: string; detail: string };

export interface ReportFinding {
  id: string;
  severity: Severity;
  title: string;
  message: string;
  /** What to do, as plain text with the commands inline (no marks, no backticks). */
  remedy: string;
  /** The remedy's commands, in order, each a plain string to type as it is. */
  commands: string[];
  /** Installations concerned: the one it was found in, or several for cross-installation findings. */
  installations: string[];
  evidence: ReportEvidence[];
}

type WithEvidence<T> = Omit<T, 'evidence'> & { evidence: ReportEvidence[] };

/** The image of a WIM an installation was read from, as the WIM's XML describes it. */
export type ReportImage = ImageSourceFacts;

export interface ReportInstallation {
  id: string;
  volume: string;
  windowsDir: string;
  /** The WIM/ESD file and image it was read from, with what the file's XML says of it; null for a volume. */
  image: ReportImage | null;
  verdict: Verdict;
  os: WithEvidence<OsFacts>;
  generalization: WithEvidence<GeneralizationFacts>;
  sysprepLimit: WithEvidence<SysprepLimitFacts>;
  /** Same as sid.machineSid, at the top for people and scripts. */
  machineSid: string | null;
  sid: WithEvidence<SidFacts>;
  profiles: WithEvidence<ProfileFacts>;
  appx: WithEvidence<AppxFacts>;
  panther: WithEvidence<PantherFacts>;
  pending: WithEvidence<PendingFacts>;
  volumeState: WithEvidence<VolumeStateFacts>;
  unattend: WithEvidence<UnattendFacts>;
  accounts: WithEvidence<LocalAccountFacts>;
  leftovers: WithEvidence<LeftoverFacts>;
  serverRoles: WithEvidence<ServerRoleFacts>;
  sysprepRun: WithEvidence<SysprepRunFacts>;
  mountedDevices: WithEvidence<MountedDeviceFacts>;
  deviceIdentity: WithEvidence<DeviceIdentityFacts>;
  userHives: WithEvidence<UserHiveFacts>;
  recovery: WithEvidence<RecoveryFacts>;
  upgrade: WithEvidence<UpgradeFacts>;
  hives: HiveReadFact[];
  findings: ReportFinding[];
}

export interface ReportUnreadableVolume {
  volume: string;
  reason: UnreadableVolume['reason'];
  detail: string;
  evidence: ReportEvidence[];
  verdict: Verdict;
  findings: ReportFinding[];
}

export interface ReportSummary {
  installations: number;
  unreadableVolumes: number;
  /** Installations per verdict. */
  verdicts: Record<Verdict, number>;
  /** Every finding of the report (installations, volumes, cross-installation) per severity. */
  findings: Record<Severity, number>;
}

/** One disk: a row per partition (or per partition identity when no disk was read), and its findings. */
export interface ReportDisk extends DiskFacts {
  verdict: Verdict;
  findings: ReportFinding[];
}

export interface Report {
  schemaVersion: typeof SCHEMA_VERSION;
  tool: { name: 'preflight'; version: string };
  /** The machine preflight ran on: WinPE or not, its firmware, its Windows version. */
  host: HostFacts;
  generatedAt: string;
  verdict: Verdict;
  scannedVolumes: string[];
  installations: ReportInstallation[];
  unreadableVolumes: ReportUnreadableVolume[];
  /** Cross-installation findings. */
  findings: ReportFinding[];
  /** The disks: which partition holds what, what boots it, whether it is generalized. Empty when neither a disk nor a BCD store was read. */
  disks: ReportDisk[];
  summary: ReportSummary;
}

export interface BuildReportInput {
  toolVersion: string;
  scannedVolumes: string[];
  installations: InstallationFacts[];
  unreadable: UnreadableVolume[];
  /** From src/windows/boot-disks.ts diskCoverage; none when no disk or BCD store was read. */
  disks?: DiskFacts[];
  /** From src/host/host-facts.ts; unknown when not given. */
  host?: HostFacts;
  generatedAt: Date;
}

const orNull = <T>(v: T | null | undefined): T | null => (v === undefined ? null : v);

export function evidenceOf(e: Evidence): ReportEvidence {
  switch (e.source) {
    case 'registry':
      return { source: 'registry', hive: e.hive, key: e.key, value: orNull(e.value), data: orNull(e.data) };
    case 'file':
      return { source: 'file', path: e.path, detail: orNull(e.detail) };
    case 'volume':
      return { source: 'volume', path: e.path, detail: e.detail };
  }
}

const evidenceList = (list: Evidence[]): ReportEvidence[] => list.map(evidenceOf);

export function findingOf(f: Finding, installations: string[]): ReportFinding {
  return {
    id: f.id,
    severity: f.severity,
    title: f.title,
    message: f.message,
    remedy: remedyText(f.remedy),
    commands: remedyCommands(f.remedy),
    installations: f.installations ?? installations,
    evidence: evidenceList(f.evidence),
  };
}

/**
 * A fact family as the report carries it: the same fields in the same order as the extractor wrote them
 * (src/windows/facts.ts declares them, with null for every unknown), a copy the report owns, and every
 * evidence item in its report form. The one place facts become report: a new fact field needs no edit here.
 */
function reportFact<T extends { evidence: Evidence[] }>(fact: T): WithEvidence<T> {
  // The copy keeps `evidence` where the extractor put it (key order is part of the JSON).
  const copy = structuredClone({ ...fact, evidence: [] as Evidence[] }) as unknown as WithEvidence<T>;
  copy.evidence = evidenceList(fact.evidence);
  return copy;
}

function installationOf(facts: InstallationFacts, findings: Finding[]): ReportInstallation {
  return {
    id: facts.id,
    volume: facts.volume,
    windowsDir: facts.windowsDir,
    image: facts.image ? { ...facts.image } : null,
    verdict: verdictOf(findings),
    os: reportFact(facts.os),
    generalization: reportFact(facts.generalization),
    sysprepLimit: reportFact(facts.sysprepLimit),
    machineSid: orNull(facts.sid.machineSid),
    sid: reportFact(facts.sid),
    profiles: reportFact(facts.profiles),
    appx: reportFact(facts.appx),
    panther: reportFact(facts.panther),
    pending: reportFact(facts.pending),
    volumeState: reportFact(facts.volumeState),
    unattend: reportFact(facts.unattend),
    accounts: reportFact(facts.accounts),
    leftovers: reportFact(facts.leftovers),
    serverRoles: reportFact(facts.serverRoles),
    sysprepRun: reportFact(facts.sysprepRun),
    mountedDevices: reportFact(facts.mountedDevices),
    deviceIdentity: reportFact(facts.deviceIdentity),
    userHives: reportFact(facts.userHives),
    recovery: reportFact(facts.recovery),
    upgrade: reportFact(facts.upgrade),
    hives: structuredClone(facts.hives),
    findings: findings.map((f) => findingOf(f, [facts.id])),
  };
}

function countBy<K extends string>(keys: readonly K[], values: K[]): Record<K, number> {
  const out = Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;
  for (const v of values) out[v] += 1;
  return out;
}

/**
 * Every finding of a report: its installations', its unreadable volumes', the cross-installation ones and
 * its disks', in that order.
 */
export function allFindings(report: Pick<Report, 'installations' | 'unreadableVolumes' | 'findings' | 'disks'>): ReportFinding[] {
  return [
    ...report.installations.flatMap((i) => i.findings),
    ...report.unreadableVolumes.flatMap((v) => v.findings),
    ...report.findings,
    ...report.disks.flatMap((d) => d.findings),
  ];
}

/** The report of a run's facts and of what the checks found in them (inspect/report.ts runs the checks). */
export function buildReport(input: BuildReportInput, results: CheckResults): Report {
  const diskFacts = input.disks ?? [];
  const installations = input.installations.map((facts) => installationOf(facts, results.perInstallation.get(facts.id) ?? []));
  const unreadableVolumes = input.unreadable.map((v): ReportUnreadableVolume => {
    const findings = results.perVolume.get(v.volume) ?? [];
    return {
      volume: v.volume,
      reason: v.reason,
      detail: v.detail,
      evidence: evidenceList(v.evidence),
      verdict: verdictOf(findings),
      findings: findings.map((f) => findingOf(f, [])),
    };
  });
  const cross = results.cross.map((f) => findingOf(f, []));
  const disks = diskFacts.map((d, i): ReportDisk => {
    const findings = results.perDisk[i] ?? [];
    return { ...structuredClone(d), verdict: verdictOf(findings), findings: findings.map((f) => findingOf(f, [])) };
  });
  const all = allFindings({ installations, unreadableVolumes, findings: cross, disks });
  return {
    schemaVersion: SCHEMA_VERSION,
    tool: { name: 'preflight', version: input.toolVersion },
    host: input.host ? { ...input.host } : { platform: 'unknown', winpe: null, firmware: null, windowsVersion: null, registry: null },
    generatedAt: input.generatedAt.toISOString(),
    verdict: results.verdict,
    scannedVolumes: [...input.scannedVolumes],
    installations,
    unreadableVolumes,
    findings: cross,
    disks,
    summary: {
      installations: installations.length,
      unreadableVolumes: unreadableVolumes.length,
      verdicts: countBy(
        ['ready', 'warnings', 'blocked'] as const,
        installations.map((i) => i.verdict),
      ),
      findings: countBy(
        ['block', 'warn', 'info'] as const,
        all.map((f) => f.severity),
      ),
    },
  };
}
