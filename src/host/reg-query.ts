// Reading one value of the live registry of the machine preflight runs on (WinPE), through reg.exe — present
// in every WinPE and every Windows. (A native binding is the faster route; reg.exe is the one that always
// works.) `reg query KEY` prints each value as `    NAME    REG_TYPE    DATA`; it exits 1 when the key does
// not exist. Never throws; no side effects at import.
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

/**
 * Every value of one key (`reg query KEY` lists them all, one line each), by lower-case name; null when the
 * key does not exist or reg.exe could not tell. One process for all the values a caller needs of a key.
 */
export function regQueryValues(key: string, spawn: Spawn = childProcess.spawnSync, env = process.env): Map<string, RegValue> | null {
  try {
    const r = spawn(regExePath(env), ['query', key], { windowsHide: true, timeout: 10_000, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    if (r.error || r.status !== 0) return null;
    const values = new Map<string, RegValue>();
    for (const line of String(r.stdout ?? '').split(/\r?\n/)) {
      const m = /^\s+(.+?)\s{2,}(REG_[A-Z_]+)\s{2,}(.*)$/.exec(line) ?? /^\s+(.+?)\s+(REG_[A-Z_]+)\s*(.*)$/.exec(line);
      if (m) values.set(m[1].toLowerCase(), { type: m[2], data: m[3].trim() });
    }
    return values;
  } catch {
    return null;
  }
}

/** One value, null when it does not exist or reg.exe could not tell. */
export function regQueryValue(key: string, name: string, spawn: Spawn = childProcess.spawnSync, env = process.env): RegValue | null {
  return regQueryValues(key, spawn, env)?.get(name.toLowerCase()) ?? null;
}
