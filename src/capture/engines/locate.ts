// Where the engines are. dism: the Dism.exe of the running Windows or WinPE (%SystemRoot%\System32).
// wimlib: wimlib-imagex(.exe) beside preflight.exe, else on PATH. PREFLIGHT_DISM replaces Dism.exe's
// path for the tests only (a stand-in replaying recorded DISM output; see test/data/dism/README.md).
import * as fs from 'node:fs';
import * as nodePath from 'node:path';
import type { EngineName } from '../types';

export interface LocateContext {
  platform: NodeJS.Platform;
  env: Record<string, string | undefined>;
  execPath: string;
  isFile: (p: string) => boolean;
}

export type Located = { found: true; program: string } | { found: false; lookedFor: string };

export function defaultLocateContext(): LocateContext {
  return { platform: process.platform, env: process.env, execPath: process.execPath, isFile };
}

function isFile(p: string): boolean {
  try {
    return fs.statSync(p).isFile();
  } catch {
    return false;
  }
}

export function defaultEngine(platform: NodeJS.Platform): EngineName {
  return platform === 'win32' ? 'dism' : 'wimlib';
}

export function locateEngine(engine: EngineName, ctx: LocateContext = defaultLocateContext()): Located {
  return engine === 'dism' ? locateDism(ctx) : locateWimlib(ctx);
}

function locateDism(ctx: LocateContext): Located {
  const override = ctx.env.PREFLIGHT_DISM;
  if (override)
    return ctx.isFile(override) ? { found: true, program: override } : { found: false, lookedFor: `${override} (PREFLIGHT_DISM)` };
  const systemRoot = ctx.env.SystemRoot ?? ctx.env.SYSTEMROOT ?? ctx.env.windir ?? ctx.env.WINDIR;
  if (ctx.platform !== 'win32' || !systemRoot)
    return { found: false, lookedFor: '%SystemRoot%\\System32\\Dism.exe (DISM runs on Windows and WinPE only; use --engine wimlib)' };
  const program = nodePath.win32.join(systemRoot, 'System32', 'Dism.exe');
  return ctx.isFile(program) ? { found: true, program } : { found: false, lookedFor: program };
}

function locateWimlib(ctx: LocateContext): Located {
  const win = ctx.platform === 'win32';
  const path = win ? nodePath.win32 : nodePath.posix;
  const exe = win ? 'wimlib-imagex.exe' : 'wimlib-imagex';
  const candidates: string[] = [];
  if (win) candidates.push(path.join(path.dirname(ctx.execPath), exe));
  const PATH = ctx.env.PATH ?? ctx.env.Path ?? '';
  for (const dir of PATH.split(win ? ';' : ':')) if (dir) candidates.push(path.join(dir, exe));
  const program = candidates.find((c) => ctx.isFile(c));
  if (program) return { found: true, program };
  const where = win ? 'beside preflight.exe or on PATH' : 'on PATH (Debian: apt-get install wimtools)';
  return { found: false, lookedFor: `${exe} ${where}` };
}
