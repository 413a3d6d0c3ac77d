// Where reg.exe is (present in every WinPE and every Windows) and how it is started: the fallback route to the
// live registry (src/host/live-registry.ts) and WinPE detection (src/host/winpe.ts) run it.
import * as childProcess from 'node:child_process';

export type Spawn = (
  command: string,
  args: string[],
  options: childProcess.SpawnSyncOptions,
) => { status: number | null; stdout?: string | Buffer | null; error?: Error };

export function regExePath(env: Record<string, string | undefined> = process.env): string {
  const root = env.SystemRoot ?? env.SYSTEMROOT ?? env.windir;
  return root ? `${root.replace(/[\\/]+$/, '')}\\System32\\reg.exe` : 'reg.exe';
}
