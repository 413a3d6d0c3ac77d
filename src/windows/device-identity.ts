// What every clone of the image would inherit as its identity in cloud and management services (domain.md
// §14.4): a Microsoft Entra join (SYSTEM <control set>\Control\CloudDomainJoin\JoinInfo\<thumbprint> with
// TenantInfo\<TenantId>, what `dsregcmd /status` reports), MDM enrollments (SOFTWARE Microsoft\Enrollments
// with a ProviderID, OMADM accounts) and a ConfigMgr client's identity (%WINDIR%\SMSCFG.ini). The empty
// CloudDomainJoin key and the Enrollments entries Windows makes by itself (no ProviderID) mean nothing.
// Lists are bounded: a hostile hive cannot make the facts (or the report) grow without limit.
import type { DeviceIdentityFacts, EntraJoinFact, Evidence, MdmEnrollmentFact } from './facts';
import { currentControlSet, regEvidence, type InstallationHives } from './hives';
import { decodeText, splitLines } from './text-decode';
import type { VolumeFs } from './volume-fs';

/** At most this many joins, enrollments or accounts are listed (real machines have one or two). */
export const MAX_IDENTITY_ENTRIES = 32;
const ENROLLMENTS = 'Microsoft\\Enrollments';
const OMADM = 'Microsoft\\Provisioning\\OMADM\\Accounts';
const SMSCFG_MAX = 64 * 1024;

export function readDeviceIdentity(vol: VolumeFs, windowsDir: string, hives: InstallationHives): DeviceIdentityFacts {
  const evidence: Evidence[] = [];
  return {
    entraJoins: readEntraJoins(hives, evidence),
    mdmEnrollments: readEnrollments(hives, evidence),
    omadmAccounts: readOmadm(hives, evidence),
    configMgr: readConfigMgr(vol, windowsDir, hives, evidence),
    evidence,
  };
}

function text(key: { value(name: string): { string(): string | null } | null } | null, name: string): string | null {
  const s = key?.value(name)?.string()?.trim();
  return s ? s : null;
}

function readEntraJoins(hives: InstallationHives, evidence: Evidence[]): EntraJoinFact[] | null {
  const sys = hives.SYSTEM;
  const ccs = currentControlSet(sys);
  if (!sys || !ccs) return null;
  const base = `${ccs}\\Control\\CloudDomainJoin`;
  const joinInfo = sys.hive.key(`${base}\\JoinInfo`);
  const joins: EntraJoinFact[] = [];
  for (const k of (joinInfo?.subkeys() ?? []).slice(0, MAX_IDENTITY_ENTRIES)) {
    const tenantId = text(k, 'TenantId');
    const tenant = tenantId ? sys.hive.key(`${base}\\TenantInfo\\${tenantId}`) : null;
    const tenantName = text(tenant, 'DisplayName');
    joins.push({ thumbprint: k.name, tenantId, tenantName, userEmail: text(k, 'UserEmail') });
    evidence.push(regEvidence(sys, `${base}\\JoinInfo\\${k.name}`, 'TenantId', tenantId ?? '(none)'));
    if (tenant) evidence.push(regEvidence(sys, `${base}\\TenantInfo\\${tenantId}`, 'DisplayName', tenantName ?? '(none)'));
  }
  return joins;
}

function readEnrollments(hives: InstallationHives, evidence: Evidence[]): MdmEnrollmentFact[] | null {
  const sw = hives.SOFTWARE;
  if (!sw) return null;
  const out: MdmEnrollmentFact[] = [];
  for (const k of sw.hive.key(ENROLLMENTS)?.subkeys() ?? []) {
    if (out.length >= MAX_IDENTITY_ENTRIES) break;
    const providerId = text(k, 'ProviderID');
    if (providerId === null) continue;
    out.push({
      id: k.name,
      providerId,
      upn: text(k, 'UPN'),
      enrollmentType: k.value('EnrollmentType')?.number() ?? null,
      enrollmentState: k.value('EnrollmentState')?.number() ?? null,
    });
    evidence.push(regEvidence(sw, `${ENROLLMENTS}\\${k.name}`, 'ProviderID', providerId));
  }
  return out;
}

function readOmadm(hives: InstallationHives, evidence: Evidence[]): string[] | null {
  const sw = hives.SOFTWARE;
  if (!sw) return null;
  const names = (sw.hive.key(OMADM)?.subkeys() ?? []).slice(0, MAX_IDENTITY_ENTRIES).map((k) => k.name);
  for (const n of names) evidence.push(regEvidence(sw, `${OMADM}\\${n}`, undefined, 'OMA-DM account'));
  return names;
}

function readConfigMgr(
  vol: VolumeFs,
  windowsDir: string,
  hives: InstallationHives,
  evidence: Evidence[],
): DeviceIdentityFacts['configMgr'] {
  const rel = `${windowsDir}\\SMSCFG.ini`;
  let smsUniqueId: string | null = null;
  let data: Buffer | null = null;
  try {
    data = vol.readFile(rel, SMSCFG_MAX);
  } catch {
    data = null; // too large or unreadable: no identity claimed from it
  }
  if (data) {
    for (const line of splitLines(decodeText(data).text)) {
      const m = /^\s*SMS Unique Identifier\s*=\s*(.*?)\s*$/i.exec(line);
      if (m && m[1] !== '') {
        smsUniqueId = m[1].slice(0, 200);
        evidence.push({ source: 'file', path: vol.displayPath(rel), detail: `SMS Unique Identifier=${smsUniqueId}` });
        break;
      }
    }
  }
  const sw = hives.SOFTWARE;
  const sys = hives.SYSTEM;
  const ccs = currentControlSet(sys);
  let clientInstalled: boolean | null = sw || ccs ? false : null;
  if (sw?.hive.key('Microsoft\\CCM')) {
    clientInstalled = true;
    evidence.push(regEvidence(sw, 'Microsoft\\CCM', undefined, 'key present'));
  }
  if (sys && ccs && sys.hive.key(`${ccs}\\Services\\CcmExec`)) {
    clientInstalled = true;
    evidence.push(regEvidence(sys, `${ccs}\\Services\\CcmExec`, undefined, 'service present'));
  }
  return { smsUniqueId, clientInstalled };
}
