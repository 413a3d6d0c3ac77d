// What the report says about the machine preflight runs on (domain.md §9): WinPE or not (the MiniNT key),
// the firmware WinPE booted with (`HKLM\System\CurrentControlSet\Control\PEFirmwareType`: 1 BIOS, 2 UEFI;
// "you may need to run wpeutil UpdateBootInfo to make sure this value is present"), WinPE's own build, and
// the route the live registry was read by (the executable's native-reg addon, or reg.exe).
// Only looked up on Windows; everywhere else the answers are plain.
import type { MemoryKey } from '../hive/memory-key';
import { isWinPE } from './winpe';
import { openLiveRegistry, type LiveRegistry, type RegistryRoute } from './live-registry';
import type { Spawn } from './reg-query';

export interface HostFacts {
  platform: string;
  /** true in WinPE, false elsewhere, null when the registry could not tell. */
  winpe: boolean | null;
  firmware: 'uefi' | 'bios' | null;
  /** The running Windows' (WinPE's) version, e.g. "10.0.26100.1"; null when unknown. */
  windowsVersion: string | null;
  /** How the live registry was read; null off Windows or when it could not be read. */
  registry: RegistryRoute | null;
}

const CONTROL = 'HKLM\\SYSTEM\\CurrentControlSet\\Control';
const CURRENT_VERSION = 'HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion';

export interface HostProbe {
  platform: NodeJS.Platform;
  isWinPE: () => boolean;
  spawn: Spawn;
  env: Record<string, string | undefined>;
}

export function readHostFacts(probe: Partial<HostProbe> = {}): HostFacts {
  const platform = probe.platform ?? process.platform;
  if (platform !== 'win32') return { platform, winpe: false, firmware: null, windowsVersion: null, registry: null };
  const winpe = (probe.isWinPE ?? isWinPE)();
  let live: LiveRegistry | null = null;
  try {
    live = openLiveRegistry({ platform, spawn: probe.spawn, env: probe.env });
  } catch {
    // A forced route that cannot be had: the facts stay unknown, the check goes on.
  }
  const read = (key: string): MemoryKey | null => {
    try {
      return live?.read(key, 0) ?? null;
    } catch {
      return null;
    }
  };
  // One read per key: these run at every check on Windows.
  const control = winpe ? read(CONTROL) : null;
  const version = read(CURRENT_VERSION);
  const fwValue = control?.value('PEFirmwareType')?.number() ?? null;
  const build = version?.value('CurrentBuildNumber')?.string() ?? version?.value('CurrentBuild')?.string() ?? null;
  const ubrValue = version?.value('UBR')?.number() ?? null;
  return {
    platform,
    winpe,
    firmware: fwValue === 2 ? 'uefi' : fwValue === 1 ? 'bios' : null,
    windowsVersion: build && /^\d+$/.test(build) ? `10.0.${build}${ubrValue !== null ? `.${ubrValue}` : ''}` : null,
    registry: live?.route ?? null,
  };
}
