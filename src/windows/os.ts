// OS identity from SOFTWARE\Microsoft\Windows NT\CurrentVersion and SYSTEM (domain.md §2.4).
import type { Evidence, OsFacts, OsFamily } from './facts';
import { currentControlSet, readNumber, readString, type InstallationHives } from './hives';

const CURRENT_VERSION = 'Microsoft\\Windows NT\\CurrentVersion';

/** Server builds of Windows 10 lineage that are named releases (domain.md §2.4, hcsshim osversion). */
const SERVER_BY_BUILD: [number, OsFamily][] = [
  [26100, 'Windows Server 2025'],
  [20348, 'Windows Server 2022'],
  [17763, 'Windows Server 2019'],
  [14393, 'Windows Server 2016'],
];

export function familyOf(build: number | null, server: boolean): OsFamily {
  if (build === null) return 'unknown';
  if (build >= 10240) {
    if (!server) return build >= 22000 ? 'Windows 11' : 'Windows 10';
    if (build >= 26100) return 'Windows Server 2025';
    return SERVER_BY_BUILD.find(([b]) => b === build)?.[1] ?? 'Windows Server';
  }
  if (build >= 9600) return server ? 'Windows Server 2012 R2' : 'Windows 8.1';
  if (build >= 9200) return server ? 'Windows Server 2012' : 'Windows 8';
  if (build >= 7600) return server ? 'Windows Server 2008 R2' : 'Windows 7';
  if (build >= 6000) return server ? 'Windows Server 2008' : 'Windows Vista';
  return 'unknown';
}

function architectureOf(raw: string | null): OsFacts['architecture'] {
  switch (raw?.toUpperCase()) {
    case 'AMD64':
      return 'x64';
    case 'X86':
      return 'x86';
    case 'ARM64':
      return 'arm64';
    default:
      return 'unknown';
  }
}

/** The OS of an installation nothing could be read of (its SOFTWARE hive unreadable): every fact unknown. */
export function unknownOs(): OsFacts {
  return {
    storedProductName: null,
    productName: null,
    family: 'unknown',
    edition: null,
    installationType: 'unknown',
    build: null,
    ubr: null,
    displayVersion: null,
    architecture: 'unknown',
    computerName: null,
    evidence: [],
  };
}

export function readOsFacts(hives: InstallationHives): OsFacts {
  const evidence: Evidence[] = [];
  const sw = hives.SOFTWARE;
  const storedProductName = readString(sw, CURRENT_VERSION, 'ProductName', evidence);
  const edition = readString(sw, CURRENT_VERSION, 'EditionID', evidence);
  const installationTypeRaw = readString(sw, CURRENT_VERSION, 'InstallationType', evidence);
  const buildText =
    readString(sw, CURRENT_VERSION, 'CurrentBuildNumber', evidence) ?? readString(sw, CURRENT_VERSION, 'CurrentBuild', evidence);
  const build = buildText && /^\d+$/.test(buildText.trim()) ? Number(buildText.trim()) : null;
  const ubr = readNumber(sw, CURRENT_VERSION, 'UBR', evidence);
  const displayVersion =
    readString(sw, CURRENT_VERSION, 'DisplayVersion', evidence) ?? readString(sw, CURRENT_VERSION, 'ReleaseId', evidence);

  const isServer =
    /^server/i.test(installationTypeRaw ?? '') || /^server/i.test(edition ?? '') || /\bserver\b/i.test(storedProductName ?? '');
  const installationType: OsFacts['installationType'] = installationTypeRaw
    ? /core/i.test(installationTypeRaw)
      ? 'server-core'
      : isServer
        ? 'server'
        : 'client'
    : storedProductName || edition
      ? isServer
        ? 'server'
        : 'client'
      : 'unknown';
  const family = familyOf(build, isServer);

  // Windows 11 still stores "Windows 10 …" as ProductName (domain.md §2.4): correct by build.
  let productName = storedProductName;
  if (productName && family === 'Windows 11') productName = productName.replace(/^Windows 10\b/, 'Windows 11');

  const ccs = currentControlSet(hives.SYSTEM);
  const arch = ccs ? readString(hives.SYSTEM, `${ccs}\\Control\\Session Manager\\Environment`, 'PROCESSOR_ARCHITECTURE', evidence) : null;
  const computerName = ccs ? readString(hives.SYSTEM, `${ccs}\\Control\\ComputerName\\ComputerName`, 'ComputerName', evidence) : null;

  return {
    storedProductName,
    productName,
    family,
    edition,
    installationType,
    build,
    ubr,
    displayVersion,
    architecture: architectureOf(arch),
    computerName,
    evidence,
  };
}
