// What the report says about the machine preflight runs on (domain.md §9): WinPE or not (the MiniNT key),
// the firmware WinPE booted with (`HKLM\System\CurrentControlSet\Control\PEFirmwareType`: 1 BIOS, 2 UEFI;
// "you may need to run wpeutil UpdateBootInfo to make sure this value is present"), and WinPE's own build.
// Only looked up on Windows; everywhere else the answers are plain.
import { isWinPE } from './winpe';
import { regQueryValues, type RegValue, type Spawn } from './reg-query';

export interface HostFacts {
  platform: string;
  /** true in WinPE, false elsewhere, null when reg.exe could not tell. */
  winpe: boolean | null;
  firmware: 'uefi' | 'bios' | null;
  /** The running Windows' (WinPE's) version, e.g. "10.0.26100.1"; null when unknown. */
  windowsVersion: string | null;
}

const CONTROL = 'HKLM\\SYSTEM\\CurrentControlSet\\Control';
const CURRENT_VERSION = 'HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion';

export interface HostProbe {
  platform: NodeJS.Platform;
  isWinPE: () => boolean;
  spawn: Spawn;
}

export function readHostFacts(probe: Partial<HostProbe> = {}): HostFacts {
  const platform = probe.platform ?? process.platform;
  if (platform !== 'win32') return { platform, winpe: false, firmware: null, windowsVersion: null };
  const winpe = (probe.isWinPE ?? isWinPE)();
  // One reg.exe per key: these run at every check on Windows.
  const control = winpe ? regQueryValues(CONTROL, probe.spawn) : null;
  const version = regQueryValues(CURRENT_VERSION, probe.spawn);
  const numberOf = (v: RegValue | undefined) => (v ? Number.parseInt(v.data, v.data.startsWith('0x') ? 16 : 10) : null);
  const fwValue = numberOf(control?.get('pefirmwaretype'));
  const build = version?.get('currentbuildnumber')?.data ?? version?.get('currentbuild')?.data ?? null;
  const ubrValue = numberOf(version?.get('ubr'));
  return {
    platform,
    winpe,
    firmware: fwValue === 2 ? 'uefi' : fwValue === 1 ? 'bios' : null,
    windowsVersion: build && /^\d+$/.test(build) ? `10.0.${build}${ubrValue !== null && Number.isFinite(ubrValue) ? `.${ubrValue}` : ''}` : null,
  };
}
