// Gathers every fact about one offline installation, once: hives first (read-only, recovered in
// memory), then files. Extractors never judge; checks (src/checks) do.
import { NOT_APPLICABLE, type ImageSourceFacts, type InstallationFacts, type VolumeStateFacts } from './facts';
import { readAppx } from './appx';
import { readGeneralization } from './generalization';
import { openInstallationHives } from './hives';
import { readSidFacts } from './machine-sid';
import { readOsFacts } from './os';
import { readPantherLogs } from './panther-logs';
import { readPendingFiles } from './pending-files';
import { readPendingRegistry } from './pending-registry';
import { VolumeFs } from './volume-fs';
import { readProfiles } from './profiles';
import { readStateIni, sysprepTag } from './state-ini';
import { readSysprepLimit } from './sysprep-limit';
import { findAnswerFiles } from './unattend';
import { readHiberfil, readBootSector } from './volume-state';
import { readLeftovers } from './leftovers';
import { readLocalAccounts } from './local-accounts';
import { readServerRoles } from './server-roles';
import { readSysprepRun } from './sysprep-run';
import { readMountedDevices } from './mounted-devices';
import { readVolumeRegistry } from './volume-registry';
import { readDeviceIdentity } from './device-identity';
import { readUserHives } from './user-hives';
import { readRecovery } from './recovery';
import { readUpgrade } from './upgrade';
import { readShadowCopies } from './shadow-copies';

export interface InspectOptions {
  /** Raw device to read the boot sector from (e.g. \\.\C: on Windows) for the BitLocker state. */
  rawDevice?: string | null;
  /** The image of a WIM it is read from: the volume's disk-only facts are then not applicable. */
  image?: ImageSourceFacts;
}

export function inspectInstallation(
  vol: VolumeFs,
  volumeLabel: string,
  windowsDir: string,
  options: InspectOptions = {},
): InstallationFacts {
  const { hives, reads } = openInstallationHives(vol, windowsDir);
  // The raw volume's first sector (Windows: \\.\C:) is read once: BitLocker state and where the volume starts.
  const bootSector = options.rawDevice && !options.image ? { device: options.rawDevice, read: readBootSector(options.rawDevice) } : null;
  const os = readOsFacts(hives);
  const generalization = readGeneralization({ hives, stateIni: readStateIni(vol, windowsDir), tag: sysprepTag(vol, windowsDir) });
  const sid = readSidFacts(hives);
  const profiles = readProfiles(hives, sid.machineSid);
  const pendingReg = readPendingRegistry(hives);
  const pendingFiles = readPendingFiles(vol, windowsDir);
  const registryPointer = hives.SYSTEM?.hive.value('Setup', 'UnattendFile')?.string() || null;
  const mountedDevices = readMountedDevices(hives, bootSector);
  return {
    id: joinId(volumeLabel, windowsDir),
    volume: volumeLabel,
    windowsDir,
    os,
    generalization,
    sysprepLimit: readSysprepLimit(hives, os),
    sid,
    profiles,
    appx: readAppx(hives, profiles),
    panther: readPantherLogs(vol, windowsDir),
    pending: {
      cbsRebootPending: pendingReg.cbsRebootPending,
      cbsPackagesPending: pendingReg.cbsPackagesPending,
      windowsUpdateRebootRequired: pendingReg.windowsUpdateRebootRequired,
      pendingFileRenames: pendingReg.pendingFileRenames,
      pendingXml: pendingFiles.pendingXml,
      evidence: [...pendingReg.evidence, ...pendingFiles.evidence],
    },
    volumeState: readVolumeState(vol, hives, bootSector, options.image),
    unattend: findAnswerFiles(vol, windowsDir, registryPointer),
    accounts: readLocalAccounts(hives),
    leftovers: readLeftovers(vol),
    serverRoles: readServerRoles(hives),
    sysprepRun: readSysprepRun(vol, windowsDir),
    mountedDevices,
    deviceIdentity: readDeviceIdentity(vol, windowsDir, hives),
    userHives: readUserHives(vol, profiles, mountedDevices.systemDrive),
    recovery: readRecovery(vol, windowsDir),
    upgrade: readUpgrade(hives),
    hives: reads,
    ...(options.image ? { image: options.image } : {}),
  };
}

type BootSector = { device: string; read: ReturnType<typeof readBootSector> } | null;

/**
 * The volume state of an installation. Read from an image (`image`), there is no live volume: no boot sector
 * (so no BitLocker state), no place on a disk, and no hibernation unless the image holds a hiberfil.sys (DISM
 * leaves it out; one that is there was captured from the volume, and its header is judged as on a volume).
 * The registry's settings (Fast Startup, domain) and System Volume Information are read as on a volume.
 */
function readVolumeState(
  vol: VolumeFs,
  hives: ReturnType<typeof openInstallationHives>['hives'],
  bootSector: BootSector,
  image: ImageSourceFacts | undefined,
): VolumeStateFacts {
  const hiber = readHiberfil(vol);
  const reg = readVolumeRegistry(hives);
  const vss = readShadowCopies(vol);
  const hibernationApplies = !image || hiber.hiberfilPresent;
  const evidence = [
    ...(hibernationApplies
      ? hiber.evidence
      : [{ source: 'file' as const, path: vol.displayPath('hiberfil.sys'), detail: 'not in the image: hibernation not applicable' }]),
    ...reg.evidence,
    ...vss.evidence,
  ];
  let bitlocker: VolumeStateFacts['bitlocker'] = image ? NOT_APPLICABLE : 'unknown';
  if (!image && bootSector?.read.ok) {
    const bs = bootSector.read;
    // The folder is readable, so an encrypted volume here is an unlocked one.
    bitlocker = bs.kind === 'bitlocker' || bs.kind === 'bitlocker-to-go' ? 'encrypted-readable' : 'none';
    evidence.push({ source: 'volume', path: bootSector.device, detail: `boot sector OEM ID '${bs.oemId}' (${bs.kind})` });
  }
  return {
    hiberfilPresent: hiber.hiberfilPresent,
    hiberfilSignature: hiber.hiberfilSignature,
    hibernated: hibernationApplies ? hiber.hibernated : NOT_APPLICABLE,
    fastStartupEnabled: reg.fastStartupEnabled,
    bitlocker,
    domainJoined: reg.domainJoined,
    domainName: reg.domainName,
    shadowCopies: vss.shadowCopies,
    notApplicable: image
      ? `read from the image ${image.file}:${image.index}: a WIM holds files, not a volume's boot sector (BitLocker), its place on a disk or, without a hiberfil.sys, a hibernation state`
      : null,
    evidence,
  };
}

function joinId(volume: string, windowsDir: string): string {
  const sep = volume.includes('\\') || /^[A-Za-z]:/.test(volume) ? '\\' : '/';
  return volume.endsWith(sep) ? `${volume}${windowsDir}` : `${volume}${sep}${windowsDir}`;
}
