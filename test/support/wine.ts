// Runs the real dist/preflight.exe as a Windows program under wine (the prefix and wineserver come from
// test/support/wine-setup.ts): drive letters are mapped to scenario folders through the prefix's
// dosdevices links, and stdout/stderr go to files, because a Windows program under wine dies when either
// is a Unix pipe.
import {
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { inject } from 'vitest';
import { runChild } from './child';
import { PROJECT_ROOT } from './corpus';
import { EXE, wineEnv, type WineResult, type WineSetup } from './wine-env';

export { EXE, ranAs, WINE_MISSING, type WineResult, type WineSetup } from './wine-env';

/** The suite's wine prefix, or null when wine or the exe is missing (then the setup said why). */
export function wineSetup(): WineSetup | null {
  return inject('wine');
}

/** The Windows build of the DISM stand-in the global setup made (test/support/standin-exe.ts). */
export function dismStandin(): string {
  const exe = inject('dismStandin');
  if (!exe) throw new Error('the exe tests are skipped: no DISM stand-in was made');
  return exe;
}

/**
 * Maps drive letters to folders: `{ D: '/tmp/x/volume', S: stickDir }`. Every other letter but C: (wine's
 * own Windows) is removed, so a test sees exactly the drives it names.
 */
export function mapDrives(setup: WineSetup, drives: Record<string, string>): void {
  const dosdevices = join(setup.prefix, 'dosdevices');
  for (const name of readdirSync(dosdevices)) {
    if (/^[a-z]:$/.test(name) && name !== 'c:') unlinkSync(join(dosdevices, name));
  }
  for (const [letter, dir] of Object.entries(drives)) {
    const link = join(dosdevices, `${letter.toLowerCase()}:`);
    if (existsSync(link) || isLink(link)) unlinkSync(link);
    symlinkSync(resolve(dir), link);
  }
}

function isLink(p: string): boolean {
  try {
    return lstatSync(p).isSymbolicLink();
  } catch {
    return false;
  }
}

const MININT = 'HKLM\\SYSTEM\\CurrentControlSet\\Control\\MiniNT';

/** Makes the prefix look like WinPE to preflight (the MiniNT key, domain.md §9), or not. */
export async function setWinPE(setup: WineSetup, winpe: boolean): Promise<void> {
  const r = await runWine(setup, 'reg', winpe ? ['add', MININT, '/f'] : ['delete', MININT, '/f']);
  if (winpe && r.status !== 0) throw new Error(`reg add ${MININT} failed: ${r.stdout}${r.stderr}`);
}

/** Compiles a C test stand-in (test/support/standins/NAME.c) into a Windows x64 program with mingw-w64. */
export async function buildStandin(name: string, outDir: string): Promise<string> {
  const out = join(outDir, `${name}.exe`);
  const r = await runChild(
    'x86_64-w64-mingw32-gcc',
    ['-O2', '-s', '-o', out, join(PROJECT_ROOT, 'test', 'support', 'standins', `${name}.c`)],
    { timeoutMs: 300_000 },
  ).catch((e: Error) => ({ status: null, stderr: e.message }));
  if (r.status !== 0) throw new Error(`building the stand-in ${name}.exe failed (Debian's gcc-mingw-w64-x86-64): ${r.stderr}`);
  return out;
}

/** A folder standing for the USB stick: it holds (a link to) preflight.exe, as the technician's stick does. */
export function makeStick(parent: string): string {
  const stick = join(parent, 'stick');
  mkdirSync(stick, { recursive: true });
  const exe = join(stick, 'preflight.exe');
  if (!isLink(exe)) symlinkSync(EXE, exe);
  return stick;
}

export interface RunOptions {
  /** Windows working directory, e.g. "S:\\" (default: the drive of the program). */
  cwd?: string;
  /** A deadline for a program that hangs (default 240 s, for a machine that is busy with other work). */
  timeoutMs?: number;
  env?: Record<string, string>;
}

/** Runs a Windows program (`S:\\preflight.exe`, `cmd`) with its arguments under the suite's prefix. */
export async function runWine(setup: WineSetup, program: string, args: string[], options: RunOptions = {}): Promise<WineResult> {
  const io = mkdtempSync(join(tmpdir(), 'preflight-wine-io-'));
  try {
    const out = join(io, 'stdout');
    const err = join(io, 'stderr');
    // The shell only redirects: wine's own stdio must be files, never the pipes node would give it.
    const quoted = [program, ...args].map(shQuote).join(' ');
    const cd = options.cwd ? `cd ${shQuote(unixCwd(setup, options.cwd))} && ` : '';
    const r = await runChild('sh', ['-c', `${cd}exec wine ${quoted} </dev/null >${shQuote(out)} 2>${shQuote(err)}`], {
      env: { ...wineEnv(setup.prefix), ...options.env },
      timeoutMs: options.timeoutMs ?? 240_000,
    });
    return { status: r.status, stdout: readFileSync(out, 'utf8'), stderr: readFileSync(err, 'utf8') };
  } finally {
    rmSync(io, { recursive: true, force: true });
  }
}

/** `preflight.exe ARGS` run from the stick mapped as `stickDrive` (default S:), in the stick's root. */
export function runExe(setup: WineSetup, args: string[], options: RunOptions & { stickDrive?: string } = {}): Promise<WineResult> {
  const drive = options.stickDrive ?? 'S';
  return runWine(setup, `${drive}:\\preflight.exe`, args, { cwd: `${drive}:\\`, ...options });
}

/** The Unix folder behind a Windows path on a mapped drive, so wine starts in that current directory. */
function unixCwd(setup: WineSetup, winPath: string): string {
  const m = /^([A-Za-z]):\\?(.*)$/.exec(winPath);
  if (!m) throw new Error(`not a drive path: ${winPath}`);
  return join(setup.prefix, 'dosdevices', `${m[1].toLowerCase()}:`, ...m[2].split('\\').filter(Boolean));
}

function shQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/**
 * Imports .reg text with wine's reg.exe from a file on drive `drive` (mapped to `dir`). Written as UTF-16LE
 * with a BOM, as regedit writes .reg files: wine reads the hex(1)/hex(7) data of an 8-bit .reg file as ANSI
 * text and would store it double-encoded.
 */
export async function importReg(wine: WineSetup, dir: string, drive: string, text: string): Promise<void> {
  const file = join(dir, 'import.reg');
  writeFileSync(file, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text.replace(/\r?\n/g, '\r\n'), 'utf16le')]));
  const r = await runWine(wine, 'reg', ['import', `${drive}:\\import.reg`]);
  if (r.status !== 0) throw new Error(`reg import failed: ${r.stdout}${r.stderr}`);
}

export async function regDelete(wine: WineSetup, key: string, value?: string): Promise<void> {
  await runWine(wine, 'reg', ['delete', key, ...(value ? ['/v', value] : []), '/f']);
}

/** What a .reg file writes for binary data: hex:xx,xx,… */
export function regHex(bytes: Uint8Array): string {
  return `hex:${Buffer.from(bytes)
    .toString('hex')
    .replace(/(..)(?!$)/g, '$1,')}`;
}
