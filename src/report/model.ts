// The report: the facts of one run, the findings of every check and the verdicts, in one versioned,
// JSON-ready shape (described by schema/report.schema.json). Objects are built field by field so the key
// order is stable and every "unknown" is an explicit null, never a missing field.
import { remedyCommands, remedyText } from '../checks/remedy-markup';
import { runChecks, verdictOf } from '../checks/registry';
import type { DiskFacts } from '../windows/boot-disks';
import type { HostFacts } from '../host/host-facts';
import type { Finding, Severity, Verdict } from '../checks/types';
import type {
  AnswerFileFact,
  AppxFacts,
  DeviceIdentityFacts,
  Evidence,
  GeneralizationFacts,
  HiveReadFact,
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
export const SCHEMA_VERSION = 2;

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

export interface ReportInstallation {
  id: string;
  volume: string;
  windowsDir: string;
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

function osOf(o: OsFacts): WithEvidence<OsFacts> {
  return {
    storedProductName: orNull(o.storedProductName),
    productName: orNull(o.productName),
    family: o.family,
    edition: orNull(o.edition),
    installationType: o.installationType,
    build: orNull(o.build),
    ubr: orNull(o.ubr),
    displayVersion: orNull(o.displayVersion),
    architecture: o.architecture,
    computerName: orNull(o.computerName),
    evidence: evidenceList(o.evidence),
  };
}

function generalizationOf(g: GeneralizationFacts): WithEvidence<GeneralizationFacts> {
  return {
    state: g.state,
    reason: g.reason,
    imageStateRegistry: orNull(g.imageStateRegistry),
    imageStateFile: orNull(g.imageStateFile),
    sourcesAgree: orNull(g.sourcesAgree),
    sysprepTagPresent: g.sysprepTagPresent,
    setup: {
      cmdLine: orNull(g.setup.cmdLine),
      setupType: orNull(g.setup.setupType),
      systemSetupInProgress: orNull(g.setup.systemSetupInProgress),
      oobeInProgress: orNull(g.setup.oobeInProgress),
      auditInProgress: orNull(g.setup.auditInProgress),
    },
    sysprepStatus: {
      generalizationState: orNull(g.sysprepStatus.generalizationState),
      cleanupState: orNull(g.sysprepStatus.cleanupState),
    },
    evidence: evidenceList(g.evidence),
  };
}

function sysprepLimitOf(l: SysprepLimitFacts): WithEvidence<SysprepLimitFacts> {
  return { runLimit: orNull(l.runLimit), skipRearm: orNull(l.skipRearm), evidence: evidenceList(l.evidence) };
}

function sidOf(s: SidFacts): WithEvidence<SidFacts> {
  return {
    machineSid: orNull(s.machineSid),
    samSid: orNull(s.samSid),
    securitySid: orNull(s.securitySid),
    sourcesAgree: orNull(s.sourcesAgree),
    evidence: evidenceList(s.evidence),
  };
}

function profilesOf(p: ProfileFacts): WithEvidence<ProfileFacts> {
  return {
    profiles: p.profiles.map((x) => ({
      sid: x.sid,
      path: orNull(x.path),
      localAccount: x.localAccount,
      backup: x.backup,
    })),
    evidence: evidenceList(p.evidence),
  };
}

function appxOf(a: AppxFacts): WithEvidence<AppxFacts> {
  return {
    storePresent: a.storePresent,
    provisioned: [...a.provisioned],
    inbox: [...a.inbox],
    deprovisioned: [...a.deprovisioned],
    staged: [...a.staged],
    userSids: [...a.userSids],
    orphanSids: [...a.orphanSids],
    problems: a.problems.map((p) => ({
      sid: p.sid,
      package: p.package,
      family: p.family,
      reason: p.reason,
      provisionedVersion: orNull(p.provisionedVersion),
      userHasProfile: p.userHasProfile,
    })),
    evidence: evidenceList(a.evidence),
  };
}

function pantherOf(p: PantherFacts): WithEvidence<PantherFacts> {
  return {
    logs: p.logs.map((l) => ({ path: l.path, encoding: l.encoding, lines: l.lines })),
    lastRunFailed: orNull(p.lastRunFailed),
    failures: p.failures.map((f) => ({
      cause: f.cause,
      summary: f.summary,
      package: orNull(f.package),
      dll: orNull(f.dll),
      code: orNull(f.code),
      line: f.line,
      file: f.file,
      lineNumber: f.lineNumber,
    })),
    evidence: evidenceList(p.evidence),
  };
}

function pendingOf(p: PendingFacts): WithEvidence<PendingFacts> {
  return {
    cbsRebootPending: orNull(p.cbsRebootPending),
    cbsPackagesPending: orNull(p.cbsPackagesPending),
    windowsUpdateRebootRequired: orNull(p.windowsUpdateRebootRequired),
    pendingFileRenames: orNull(p.pendingFileRenames),
    pendingXml: p.pendingXml,
    evidence: evidenceList(p.evidence),
  };
}

function volumeStateOf(v: VolumeStateFacts): WithEvidence<VolumeStateFacts> {
  return {
    hiberfilPresent: v.hiberfilPresent,
    hiberfilSignature: orNull(v.hiberfilSignature),
    hibernated: orNull(v.hibernated),
    fastStartupEnabled: orNull(v.fastStartupEnabled),
    bitlocker: v.bitlocker,
    domainJoined: orNull(v.domainJoined),
    domainName: orNull(v.domainName),
    shadowCopies: orNull(v.shadowCopies),
    evidence: evidenceList(v.evidence),
  };
}

function answerFileOf(f: AnswerFileFact): AnswerFileFact {
  return {
    path: f.path,
    precedence: f.precedence,
    location: f.location,
    parseError: orNull(f.parseError),
    passes: [...f.passes],
    persistAllDeviceInstalls: orNull(f.persistAllDeviceInstalls),
    doNotCleanUpNonPresentDevices: orNull(f.doNotCleanUpNonPresentDevices),
    resealMode: orNull(f.resealMode),
    resealForceShutdownNow: orNull(f.resealForceShutdownNow),
    copyProfile: orNull(f.copyProfile),
    generalizePassComponents: [...f.generalizePassComponents],
    generalize: f.generalize ? { mode: orNull(f.generalize.mode), forceShutdownNow: orNull(f.generalize.forceShutdownNow) } : null,
    skipRearm: orNull(f.skipRearm),
    clearTextSecrets: f.clearTextSecrets.map((s) => ({
      element: s.element,
      pass: orNull(s.pass),
      component: orNull(s.component),
    })),
  };
}

function unattendOf(u: UnattendFacts): WithEvidence<UnattendFacts> {
  return {
    registryPointer: orNull(u.registryPointer),
    files: u.files.map(answerFileOf),
    evidence: evidenceList(u.evidence),
  };
}

function accountsOf(a: LocalAccountFacts): WithEvidence<LocalAccountFacts> {
  return { users: a.users === null ? null : a.users.map((u) => ({ rid: u.rid, name: orNull(u.name) })), evidence: evidenceList(a.evidence) };
}

function leftoversOf(l: LeftoverFacts): WithEvidence<LeftoverFacts> {
  return { folders: [...l.folders], evidence: evidenceList(l.evidence) };
}

function serverRolesOf(s: ServerRoleFacts): WithEvidence<ServerRoleFacts> {
  return {
    productType: orNull(s.productType),
    roles: s.roles === null ? null : s.roles.map((r) => ({ role: r.role, by: r.by, initialised: orNull(r.initialised) })),
    evidence: evidenceList(s.evidence),
  };
}

function sysprepRunOf(r: SysprepRunFacts): WithEvidence<SysprepRunFacts> {
  return { options: r.options === null ? null : [...r.options], modeVm: orNull(r.modeVm), evidence: evidenceList(r.evidence) };
}

function mountedDevicesOf(m: MountedDeviceFacts): WithEvidence<MountedDeviceFacts> {
  return {
    systemDrive: orNull(m.systemDrive),
    systemPartition: m.systemPartition === null ? null : { ...m.systemPartition },
    volumeOffset: orNull(m.volumeOffset),
    letters: m.letters.map((l) => ({ letter: l.letter, identity: l.identity === null ? null : { ...l.identity } })),
    evidence: evidenceList(m.evidence),
  };
}

function deviceIdentityOf(d: DeviceIdentityFacts): WithEvidence<DeviceIdentityFacts> {
  return {
    entraJoins: d.entraJoins === null ? null : d.entraJoins.map((j) => ({ thumbprint: j.thumbprint, tenantId: orNull(j.tenantId), tenantName: orNull(j.tenantName), userEmail: orNull(j.userEmail) })),
    mdmEnrollments:
      d.mdmEnrollments === null
        ? null
        : d.mdmEnrollments.map((m) => ({ id: m.id, providerId: m.providerId, upn: orNull(m.upn), enrollmentType: orNull(m.enrollmentType), enrollmentState: orNull(m.enrollmentState) })),
    omadmAccounts: d.omadmAccounts === null ? null : [...d.omadmAccounts],
    configMgr: { smsUniqueId: orNull(d.configMgr.smsUniqueId), clientInstalled: orNull(d.configMgr.clientInstalled) },
    evidence: evidenceList(d.evidence),
  };
}

function userHivesOf(u: UserHiveFacts): WithEvidence<UserHiveFacts> {
  return {
    read: u.read.map((r) => ({ sid: r.sid, path: r.path, efsKey: r.efsKey, workplaceJoins: r.workplaceJoins })),
    unread: u.unread.map((r) => ({ sid: r.sid, path: orNull(r.path), reason: r.reason })),
    overLimit: u.overLimit,
    evidence: evidenceList(u.evidence),
  };
}

function recoveryOf(r: RecoveryFacts): WithEvidence<RecoveryFacts> {
  return { reagentXml: orNull(r.reagentXml), enabled: orNull(r.enabled), winreLocation: orNull(r.winreLocation), winreWim: orNull(r.winreWim), evidence: evidenceList(r.evidence) };
}

function upgradeOf(u: UpgradeFacts): WithEvidence<UpgradeFacts> {
  return {
    upgraded: orNull(u.upgraded),
    sources: u.sources.map((s) => ({ key: s.key, productName: orNull(s.productName), build: orNull(s.build) })),
    upgradeValue: orNull(u.upgradeValue),
    evidence: evidenceList(u.evidence),
  };
}

function hiveOf(h: HiveReadFact): HiveReadFact {
  return {
    name: h.name,
    path: orNull(h.path),
    readable: h.readable,
    error: orNull(h.error),
    dirty: h.dirty,
    recovered: h.recovered,
    logsApplied: [...h.logsApplied],
    entriesApplied: h.entriesApplied,
    warnings: [...h.warnings],
  };
}

function installationOf(facts: InstallationFacts, findings: Finding[]): ReportInstallation {
  return {
    id: facts.id,
    volume: facts.volume,
    windowsDir: facts.windowsDir,
    verdict: verdictOf(findings),
    os: osOf(facts.os),
    generalization: generalizationOf(facts.generalization),
    sysprepLimit: sysprepLimitOf(facts.sysprepLimit),
    machineSid: orNull(facts.sid.machineSid),
    sid: sidOf(facts.sid),
    profiles: profilesOf(facts.profiles),
    appx: appxOf(facts.appx),
    panther: pantherOf(facts.panther),
    pending: pendingOf(facts.pending),
    volumeState: volumeStateOf(facts.volumeState),
    unattend: unattendOf(facts.unattend),
    accounts: accountsOf(facts.accounts),
    leftovers: leftoversOf(facts.leftovers),
    serverRoles: serverRolesOf(facts.serverRoles),
    sysprepRun: sysprepRunOf(facts.sysprepRun),
    mountedDevices: mountedDevicesOf(facts.mountedDevices),
    deviceIdentity: deviceIdentityOf(facts.deviceIdentity),
    userHives: userHivesOf(facts.userHives),
    recovery: recoveryOf(facts.recovery),
    upgrade: upgradeOf(facts.upgrade),
    hives: facts.hives.map(hiveOf),
    findings: findings.map((f) => findingOf(f, [facts.id])),
  };
}

function countBy<K extends string>(keys: readonly K[], values: K[]): Record<K, number> {
  const out = Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;
  for (const v of values) out[v] += 1;
  return out;
}

export function buildReport(input: BuildReportInput): Report {
  const diskFacts = input.disks ?? [];
  const results = runChecks(input.installations, input.unreadable, undefined, diskFacts);
  const installations = input.installations.map((facts) =>
    installationOf(facts, results.perInstallation.get(facts.id) ?? []),
  );
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
  const all = [...installations.flatMap((i) => i.findings), ...unreadableVolumes.flatMap((v) => v.findings), ...cross, ...disks.flatMap((d) => d.findings)];
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
