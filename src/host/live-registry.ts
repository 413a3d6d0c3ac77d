// The registry of the Windows preflight runs on (in the field: WinPE), read-only: the native-reg addon
// carried in the executable when it loads, else `reg.exe query` (in every Windows and WinPE). Both give the
// same key tree with each value's exact bytes; the report names the route taken. PREFLIGHT_REGISTRY=reg.exe
// (or native-reg) forces one route: for the tests, and for a technician whose machine refuses the addon.
// Nothing here writes to the registry: keys are opened with KEY_READ, and reg.exe is only asked to query.
import { childProcess } from './lazy-modules';
import { MemoryKey } from '../hive/memory-key';
import { LiveRegistryError } from './live-registry-error';
import { HKEY_LOCAL_MACHINE, KEY_READ, loadNativeRegistry, type NativeKey, type NativeRegistryBinding } from './native-registry';
import { longForm, parseRegQuery } from './reg-exe-output';
import { regExePath, type Spawn } from './reg-query';

export type RegistryRoute = 'native-reg' | 'reg.exe';

export { LiveRegistryError };

export interface LiveRegistry {
  route: RegistryRoute;
  /** Why the native route was not taken (null when it was). */
  fallbackReason: string | null;
  /**
   * A key of HKLM (`HKLM\SYSTEM\MountedDevices`) with its values, and its subkeys to `depth` levels
   * (0: the key alone); null when the key does not exist. Throws LiveRegistryError when it cannot be read.
   */
  read(key: string, depth?: number): MemoryKey | null;
}

/** Where Windows keeps its system BCD store loaded. */
export const SYSTEM_STORE_KEY = 'HKLM\\BCD00000000';

/** Bounds for a tree that is not what it should be: a BCD store holds hundreds of keys. */
const MAX_KEYS = 20_000;

/** The live registry, or null when this is not Windows. */
export function openLiveRegistry(
  options: { env?: Record<string, string | undefined>; spawn?: Spawn; platform?: NodeJS.Platform } = {},
): LiveRegistry | null {
  if ((options.platform ?? process.platform) !== 'win32') return null;
  const env = options.env ?? process.env;
  const forced = (env.PREFLIGHT_REGISTRY ?? '').toLowerCase();
  if (forced !== 'reg.exe') {
    const native = loadNativeRegistry();
    if (native.binding) return nativeRoute(native.binding);
    if (forced === 'native-reg') throw new LiveRegistryError(`PREFLIGHT_REGISTRY=native-reg, but ${native.unavailable}`);
    return regExeRoute(options.spawn ?? childProcess().spawnSync, env, native.unavailable);
  }
  return regExeRoute(options.spawn ?? childProcess().spawnSync, env, 'PREFLIGHT_REGISTRY=reg.exe');
}

/** `HKLM\X\Y` → `X\Y`; only HKLM is read. */
function underHklm(key: string): string {
  const m = /^(?:HKLM|HKEY_LOCAL_MACHINE)(?:\\(.*))?$/i.exec(key);
  if (!m) throw new LiveRegistryError(`${key}: only HKEY_LOCAL_MACHINE is read`);
  return m[1] ?? '';
}

function nativeRoute(reg: NativeRegistryBinding): LiveRegistry {
  return {
    route: 'native-reg',
    fallbackReason: null,
    read(key, depth = 0) {
      const path = underHklm(key);
      let count = 0;
      const fill = (handle: NativeKey, node: MemoryKey, levels: number): void => {
        if (++count > MAX_KEYS) throw new LiveRegistryError(`${key}: more than ${MAX_KEYS} keys`);
        for (const valueName of reg.enumValueNames(handle)) {
          const data = reg.queryValue(handle, valueName);
          if (data) node.setValue(valueName, data.type, Buffer.from(data));
        }
        if (levels <= 0) return;
        for (const sub of reg.enumKeyNames(handle)) {
          const child = reg.openKey(handle, sub, 0, KEY_READ);
          if (!child) continue; // deleted while we read
          try {
            fill(child, node.child(sub), levels - 1);
          } finally {
            reg.closeKey(child);
          }
        }
      };
      try {
        const handle = reg.openKey(HKEY_LOCAL_MACHINE, path, 0, KEY_READ);
        if (!handle) return null;
        try {
          const root = new MemoryKey(path.slice(path.lastIndexOf('\\') + 1));
          fill(handle, root, depth);
          return root;
        } finally {
          reg.closeKey(handle);
        }
      } catch (err) {
        if (err instanceof LiveRegistryError) throw err;
        throw new LiveRegistryError(`${key}: ${(err as Error).message}`);
      }
    },
  };
}

function regExeRoute(spawn: Spawn, env: Record<string, string | undefined>, fallbackReason: string): LiveRegistry {
  return {
    route: 'reg.exe',
    fallbackReason,
    read(key, depth = 0) {
      underHklm(key);
      const exe = regExePath(env);
      // /s reads the whole subtree in one process; deeper levels than asked for are simply not used.
      const args = ['query', longForm(key), ...(depth > 0 ? ['/s'] : [])];
      const r = spawn(exe, args, {
        windowsHide: true,
        timeout: 30_000,
        encoding: 'utf8',
        maxBuffer: 64 << 20,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      if (r.error) throw new LiveRegistryError(`${exe} could not be run: ${r.error.message}`);
      // reg query exits 1 both for a key that does not exist and for one it may not read.
      if (r.status !== 0) return null;
      // Exit 0 means the key exists; with neither values nor subkeys reg.exe may print no line for it.
      const tree = parseRegQuery(String(r.stdout ?? ''), key) ?? new MemoryKey(key.slice(key.lastIndexOf('\\') + 1));
      return prune(tree, depth);
    },
  };
}

/** The key with its subkeys to `depth` levels (reg query /s prints them all). */
function prune(key: MemoryKey, depth: number, out = new MemoryKey(key.name)): MemoryKey {
  for (const v of key.values()) out.setValue(v.name, v.type, v.raw());
  if (depth > 0) for (const c of key.subkeys()) prune(c, depth - 1, out.child(c.name));
  return out;
}
