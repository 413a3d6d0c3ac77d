// What the report says about the machine preflight runs on (domain.md §9): WinPE or not (the MiniNT key),
// the firmware WinPE booted with (`HKLM\System\CurrentControlSet\Control\PEFirmwareType`: 1 BIOS, 2 UEFI;
// "you may need to run wpeutil UpdateBootInfo to make sure this value is present"), and WinPE's own build.
// Only looked up on Windows; everywhere else the answers are plain.
import { isWinPE } from './winpe';
import { regQueryValue, type Spawn } from './reg-query';

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
  const query = (key: string, name: string) => regQueryValue(key, name, probe.spawn);
  const fw = winpe ? query(CONTROL, 'PEFirmwareType') : null;
  const fwValue = fw ? Number.parseInt(fw.data, fw.data.startsWith('0x') ? 16 : 10) : null;
  const build = query(CURRENT_VERSION, 'CurrentBuildNumber')?.data ?? query(CURRENT_VERSION, 'CurrentBuild')?.data ?? null;
  const ubr = query(CURRENT_VERSION, 'UBR');
  const ubrValue = ubr ? Number.parseInt(ubr.data, ubr.data.startsWith('0x') ? 16 : 10) : null;
  return {
    platform,
    winpe,
    firmware: fwValue === 2 ? 'uefi' : fwValue === 1 ? 'bios' : null,
    windowsVersion: build && /^\d+$/.test(build) ? `10.0.${build}${ubrValue !== null && Number.isFinite(ubrValue) ? `.${ubrValue}` : ''}` : null,
  };
}
