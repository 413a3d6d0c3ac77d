// The native-reg binding (github.com/simonbuchan/native-reg, MIT): an N-API addon over the Win32 registry
// functions (RegOpenKeyExW, RegEnumKeyExW, RegEnumValueW, RegQueryValueExW; it imports only KERNEL32 and
// ADVAPI32), in-process, so reading a key costs microseconds instead of a reg.exe process. preflight.exe
// carries its win32-x64 and win32-arm64 builds as SEA assets (build/exe.mjs); an addon can only be loaded
// from a file, so the one for this architecture is written to a folder of its own that this process has
// just created in the temporary folder (WinPE: X:, the RAM disk, never a volume being inspected), and that
// file is loaded with process.dlopen. Never a file that was there before: a name in %TEMP% that another
// process can write could be swapped between a check of its content and the load.
//
// Only the five read functions are used, through our own types: the package's JS wrapper needs
// node-gyp-build and a package folder, which a single executable does not have. Never throws: when the
// addon cannot be had (not the executable, an unknown architecture, a temporary folder that refuses the
// file), the caller falls back to reg.exe and `unavailable` says why.
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** An open key handle, as the addon gives it (an object wrapping the HKEY). */
export type NativeKey = object;

/** A value's data; the addon sets the registry type (REG_*) as a property of the Buffer. */
export type NativeValueData = Buffer & { type: number };

export interface NativeRegistryBinding {
  openKey(hkey: number | NativeKey, subKey: string, options: number, access: number): NativeKey | null;
  enumKeyNames(hkey: NativeKey): string[];
  enumValueNames(hkey: NativeKey): string[];
  queryValue(hkey: NativeKey, valueName: string): NativeValueData | null;
  closeKey(hkey: NativeKey): void;
}

/** winreg.h */
export const HKEY_LOCAL_MACHINE = 0x80000002;
/** KEY_READ: STANDARD_RIGHTS_READ | KEY_QUERY_VALUE | KEY_ENUMERATE_SUB_KEYS | KEY_NOTIFY. */
export const KEY_READ = 0x20019;

/** The SEA asset holding the addon built for `arch`. */
export function nativeRegAssetName(arch: string): string {
  return `native-reg-win32-${arch}.node`;
}

interface SeaModule {
  isSea(): boolean;
  getRawAsset(key: string): ArrayBuffer;
}

export type NativeLoad = { binding: NativeRegistryBinding; file: string } | { binding: null; unavailable: string };

let loaded: NativeLoad | undefined;

/** The addon of this executable, loaded once per process. */
export function loadNativeRegistry(): NativeLoad {
  loaded ??= load();
  return loaded;
}

function load(): NativeLoad {
  if (process.platform !== 'win32') return { binding: null, unavailable: 'not Windows' };
  let sea: SeaModule;
  try {
    // node:sea exists from Node 20.12; it is asked at run time because the bundle also runs in plain node.
    sea = require('node:sea') as SeaModule;
  } catch {
    return { binding: null, unavailable: 'this node has no node:sea' };
  }
  if (!sea.isSea()) return { binding: null, unavailable: 'not running as preflight.exe (the addon travels inside the executable)' };
  let bytes: Buffer;
  const asset = nativeRegAssetName(process.arch);
  try {
    bytes = Buffer.from(sea.getRawAsset(asset));
  } catch {
    return { binding: null, unavailable: `preflight.exe carries no ${asset}` };
  }
  try {
    const file = writePrivateCopy(bytes, asset);
    const module = { exports: {} as NativeRegistryBinding };
    process.dlopen(module, file);
    return { binding: module.exports, file };
  } catch (err) {
    return { binding: null, unavailable: `the registry addon could not be loaded: ${(err as Error).message.split('\n')[0]}` };
  }
}

const PRIVATE_PREFIX = 'preflight-native-';

/**
 * Writes `bytes` as `name` into a folder created now for this process (mkdtemp: a new name, created or
 * failing, never an existing folder), with exclusive create, and returns the file. Folders left by earlier
 * runs are removed where they can be (a loaded addon is locked until its process ends).
 */
export function writePrivateCopy(bytes: Buffer, name: string, parent: string = tmpdir()): string {
  for (const old of safeList(parent)) {
    if (!old.startsWith(PRIVATE_PREFIX)) continue;
    try {
      rmSync(join(parent, old), { recursive: true, force: true });
    } catch {
      // in use by a preflight still running
    }
  }
  const dir = mkdtempSync(join(parent, PRIVATE_PREFIX));
  const file = join(dir, name);
  writeFileSync(file, bytes, { flag: 'wx' });
  return file;
}

function safeList(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}
