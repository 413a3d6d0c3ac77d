// Reading one value of the live registry of the machine preflight runs on (WinPE), through reg.exe — present
// in every WinPE and every Windows. (A native binding is the faster route; reg.exe is the one that always
// works.) `reg query KEY /v NAME` prints the value as `    NAME    REG_TYPE    DATA`; it exits 1 when the key
// or value does not exist. Never throws; no side effects at import.
import * as childProcess from 'node:child_process';

export interface RegValue {
  type: string;
  /** As reg.exe prints it: REG_DWORD as 0x…, REG_SZ as the text. */
  data: string;
}

export type Spawn = (command: string, args: string[], options: childProcess.SpawnSyncOptions) => { status: number | null; stdout?: string | Buffer | null; error?: Error };

export function regExePath(env: Record<string, string | undefined> = process.env): string {
  const root = env.SystemRoot ?? env.SYSTEMROOT ?? env.windir;
  return root ? `${root.replace(/[\\/]+$/, '')}\\System32\\reg.exe` : 'reg.exe';
}

/** The value, null when it does not exist or reg.exe could not tell. */
export function regQueryValue(key: string, name: string, spawn: Spawn = childProcess.spawnSync, env = process.env): RegValue | null {
  try {
    const r = spawn(regExePath(env), ['query', key, '/v', name], { windowsHide: true, timeout: 10_000, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    if (r.error || r.status !== 0) return null;
    for (const line of String(r.stdout ?? '').split(/\r?\n/)) {
      const m = /^\s+(.+?)\s{2,}(REG_[A-Z_]+)\s{2,}(.*)$/.exec(line) ?? /^\s+(.+?)\s+(REG_[A-Z_]+)\s*(.*)$/.exec(line);
      if (m && m[1].toLowerCase() === name.toLowerCase()) return { type: m[2], data: m[3].trim() };
    }
    return null;
  } catch {
    return null;
  }
}
