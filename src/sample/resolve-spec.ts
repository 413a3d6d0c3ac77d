// Resolving a spec: its defaults filled in for the OS and state it names.
import { IMAGE_STATE } from '../windows/generalization';
import { defaultAppx, userPackageName } from './appx-sets';
import { DEFAULT_MACHINE_SID, OS_PROFILES, type OsProfile } from './os-profiles';
import {
  type DomainSpec,
  type HiberfilKind,
  type InstallationSpec,
  type OsId,
  type PendingSpec,
  type SetupSpec,
  type UserSpec,
  type EntraJoinSpec,
  type MdmEnrollmentSpec,
} from './spec';

export interface Resolved {
  softwareBulkKeys: number;
  osId: OsId;
  os: OsProfile;
  arch: 'AMD64' | 'x86';
  windowsDir: string;
  computerName: string;
  imageState: string | null;
  generalized: boolean;
  stateIni: string | null;
  sysprepTag: boolean;
  setup: Partial<SetupSpec> & Record<string, string | number | undefined>;
  sysprepStatus: { GeneralizationState?: number; CleanupState?: number };
  machineSid: string;
  securitySid: string;
  users: UserSpec[];
  domain: (DomainSpec & { dnsName: string }) | null;
  appx: { provisioned: string[]; inbox: string[]; deprovisioned: string[]; staged: string[]; perUser: Map<string, string[]> } | null;
  pending: PendingSpec;
  hiberboot: number | null;
  hiberfil: HiberfilKind;
  skipRearm: number | null;
  productType: string;
  roleServices: string[];
  wdsRootFolder: string | null;
  mountedDevices: Record<string, Uint8Array> | null;
  entraJoin: EntraJoinSpec | null;
  mdmEnrollments: MdmEnrollmentSpec[];
  configMgr: { smsUniqueId: string | null } | null;
  upgradedFrom: { productName: string; build: number; date: string } | null;
}

function isGeneralizedState(state: string | null): boolean {
  return state !== null && /^IMAGE_STATE_GENERALIZE_RESEAL_TO_(OOBE|AUDIT)$/i.test(state.trim());
}

/** HKLM\SYSTEM\Setup values for an ImageState (domain.md §1.3; finished installs are 0/empty). */
function setupDefaults(state: string | null): Partial<SetupSpec> {
  const s = (state ?? '').toUpperCase();
  if (s === IMAGE_STATE.GENERALIZE_RESEAL_TO_OOBE)
    return { CmdLine: 'oobe\\windeploy.exe', SetupType: 2, SystemSetupInProgress: 1, OOBEInProgress: 1 };
  if (s === IMAGE_STATE.GENERALIZE_RESEAL_TO_AUDIT)
    return { CmdLine: 'oobe\\windeploy.exe', SetupType: 2, SystemSetupInProgress: 1, OOBEInProgress: 0 };
  if (s === IMAGE_STATE.SPECIALIZE_RESEAL_TO_AUDIT)
    return { CmdLine: '', SetupType: 0, SystemSetupInProgress: 1, OOBEInProgress: 0, AuditInProgress: 1 };
  if (s === IMAGE_STATE.SPECIALIZE_RESEAL_TO_OOBE)
    return { CmdLine: 'oobe\\windeploy.exe', SetupType: 2, SystemSetupInProgress: 1, OOBEInProgress: 1 };
  return { CmdLine: '', SetupType: 0, SystemSetupInProgress: 0, OOBEInProgress: 0 };
}

/** SysprepStatus defaults (domain.md §1.4, meanings UNCONFIRMED): 4/2 after generalize, 7 when finished. */
function sysprepStatusDefaults(state: string | null): { GeneralizationState?: number; CleanupState?: number } {
  if (isGeneralizedState(state)) return { GeneralizationState: 4, CleanupState: 2 };
  if ((state ?? '').toUpperCase() === IMAGE_STATE.UNDEPLOYABLE) return { GeneralizationState: 7, CleanupState: 2 };
  return { GeneralizationState: 7 };
}

const MACHINE_SID_RE = /^S-1-5-21-\d+-\d+-\d+$/i;

export function resolve(spec: InstallationSpec): Resolved {
  const osId = spec.os ?? 'win11-24h2';
  const os = OS_PROFILES[osId];
  if (!os) throw new Error(`windows-volume: unknown os '${osId}'`);
  const imageState = spec.imageState === undefined ? IMAGE_STATE.GENERALIZE_RESEAL_TO_OOBE : spec.imageState;
  const generalized = isGeneralizedState(imageState);
  const stateIni = spec.stateIni === undefined || spec.stateIni === 'same' ? imageState : spec.stateIni;
  const machineSid = spec.machineSid ?? DEFAULT_MACHINE_SID;
  const securitySid = spec.securitySid ?? machineSid;
  for (const sid of [machineSid, securitySid]) if (!MACHINE_SID_RE.test(sid)) throw new Error(`windows-volume: not a machine SID: ${sid}`);
  const users = spec.users ?? [];
  const domain = spec.domain ? { ...spec.domain, dnsName: spec.domain.dnsName ?? `${spec.domain.name.toLowerCase()}.contoso.com` } : null;

  let appx: Resolved['appx'] = null;
  if (os.appx) {
    const d = defaultAppx(osId);
    const provisioned = spec.appx?.provisioned ?? d.provisioned;
    const inbox = spec.appx?.inbox ?? d.inbox;
    const perUser = new Map<string, string[]>();
    if (os.appx !== 'server' && os.appx !== 'win81') {
      // LocalSystem holds a few inbox registrations on Windows 10/11 (the reader skips it: not S-1-5-21).
      perUser.set(
        'S-1-5-18',
        inbox.filter((p) => /CloudExperienceHost|AAD\.BrokerPlugin/.test(p)),
      );
    }
    const userDefault = [...provisioned.map(userPackageName), ...inbox];
    for (const u of users) perUser.set(`${machineSid}-${u.rid}`, userDefault);
    for (const u of domain?.users ?? []) perUser.set(`${domain!.sid}-${u.rid}`, userDefault);
    for (const [sid, list] of Object.entries(spec.appx?.perUser ?? {})) perUser.set(sid, list);
    appx = {
      provisioned,
      inbox,
      deprovisioned: spec.appx?.deprovisioned ?? d.deprovisioned,
      staged: spec.appx?.staged ?? d.staged,
      perUser,
    };
  } else if (spec.appx) {
    throw new Error(`windows-volume: ${osId} has no AppxAllUserStore`);
  }

  return {
    softwareBulkKeys: spec.softwareBulkKeys ?? 0,
    osId,
    os,
    arch: spec.arch ?? 'AMD64',
    windowsDir: spec.windowsDir ?? 'Windows',
    computerName: spec.computerName ?? os.computerName,
    imageState,
    generalized,
    stateIni,
    sysprepTag: spec.sysprepTag ?? generalized,
    setup: { ...setupDefaults(imageState), ...spec.setup },
    sysprepStatus: spec.sysprepStatus ?? sysprepStatusDefaults(imageState),
    machineSid,
    securitySid,
    users,
    domain,
    appx,
    pending: spec.pending ?? {},
    hiberboot: spec.hiberboot === undefined ? os.hiberboot : spec.hiberboot,
    hiberfil: spec.hiberfil ?? null,
    skipRearm: spec.skipRearm === undefined ? 0 : spec.skipRearm,
    productType: spec.productType ?? (os.server ? 'ServerNT' : 'WinNT'),
    roleServices: spec.roleServices ?? [],
    wdsRootFolder: spec.wdsRootFolder ?? null,
    mountedDevices: spec.mountedDevices ?? null,
    entraJoin: spec.entraJoin ?? null,
    mdmEnrollments: spec.mdmEnrollments ?? [],
    configMgr: spec.configMgr ?? null,
    upgradedFrom: spec.upgradedFrom ?? null,
  };
}
