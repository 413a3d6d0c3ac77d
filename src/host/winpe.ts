// Are we running inside WinPE? (domain.md §9) WinPE is identified by the existence of the key
// HKLM\SYSTEM\CurrentControlSet\Control\MiniNT. We ask reg.exe (always present in WinPE) rather than
// load a native module: `reg query <key>` exits 0 when the key exists and 1 when it does not.
// Never throws; no side effects at import.

import type * as childProcess from 'node:child_process';
import { childProcess as loadChildProcess } from './lazy-modules';
import { regExePath } from './reg-query';

export const MININT_KEY = 'HKLM\\SYSTEM\\CurrentControlSet\\Control\\MiniNT';

export interface WinPEProbe {
  platform: NodeJS.Platform;
  env: Record<string, string | undefined>;
  spawnSync: (command: string, args: string[], options: childProcess.SpawnSyncOptions) => { status: number | null; error?: Error };
}

export interface WinPEDetection {
  /** true: MiniNT key exists; false: it does not (or not on Windows); null: reg.exe could not be run. */
  winpe: boolean | null;
  detail: string;
}

export function detectWinPE(probe: Partial<WinPEProbe> = {}): WinPEDetection {
  const platform = probe.platform ?? process.platform;
  if (platform !== 'win32') return { winpe: false, detail: `not Windows (${platform})` };
  const env = probe.env ?? process.env;
  const spawn = probe.spawnSync ?? loadChildProcess().spawnSync;
  const exe = regExePath(env);
  try {
    const r = spawn(exe, ['query', MININT_KEY], { windowsHide: true, timeout: 10_000, stdio: 'ignore' });
    if (r.error) return { winpe: null, detail: `${exe} could not be run: ${r.error.message}` };
    if (r.status === 0) return { winpe: true, detail: `${MININT_KEY} exists` };
    if (r.status === 1) return { winpe: false, detail: `${MININT_KEY} does not exist` };
    return { winpe: null, detail: `${exe} query exited with ${r.status}` };
  } catch (e) {
    return { winpe: null, detail: `${exe} could not be run: ${e instanceof Error ? e.message : String(e)}` };
  }
}

let hostIsWinPE: boolean | undefined;

/** Running in WinPE (MiniNT key present). Unknown counts as "no". The real host is asked once per process. */
export function isWinPE(probe?: Partial<WinPEProbe>): boolean {
  if (probe) return detectWinPE(probe).winpe === true;
  hostIsWinPE ??= detectWinPE().winpe === true;
  return hostIsWinPE;
}
