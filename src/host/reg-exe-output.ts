// What `reg query KEY [/s]` prints, read back into a key tree with each value's bytes — the fallback route
// to the live registry when the native addon cannot be loaded (src/host/live-registry.ts).
//
// The format (the same in Windows' and wine's reg.exe): a line naming each key in full
// (`HKEY_LOCAL_MACHINE\BCD00000000\Objects`), then one line per value, indented by four spaces:
// `    NAME    REG_TYPE    DATA`, fields separated by four spaces. DATA is text for REG_SZ and REG_EXPAND_SZ,
// `\0`-separated text for REG_MULTI_SZ, 0x-hex for REG_DWORD and REG_QWORD, and hex digits for everything
// else (REG_BINARY, REG_NONE, resource lists). The unnamed value prints as `(Default)`. What this route
// cannot carry the native route can: a REG_SZ with a line break, characters outside the console code page,
// and the exact bytes of text values (one stored with two terminating NULs comes back with one).
import { MemoryKey } from '../hive/memory-key';
import { RegType } from '../hive';

const TYPES: Record<string, number> = {
  REG_NONE: RegType.NONE,
  REG_SZ: RegType.SZ,
  REG_EXPAND_SZ: RegType.EXPAND_SZ,
  REG_BINARY: RegType.BINARY,
  REG_DWORD: RegType.DWORD,
  REG_DWORD_BIG_ENDIAN: RegType.DWORD_BIG_ENDIAN,
  REG_LINK: RegType.LINK,
  REG_MULTI_SZ: RegType.MULTI_SZ,
  REG_RESOURCE_LIST: RegType.RESOURCE_LIST,
  REG_FULL_RESOURCE_DESCRIPTOR: RegType.FULL_RESOURCE_DESCRIPTOR,
  REG_RESOURCE_REQUIREMENTS_LIST: RegType.RESOURCE_REQUIREMENTS_LIST,
  REG_QWORD: RegType.QWORD,
};

const VALUE_LINE = /^ {4}(.*?) {4}(REG_[A-Z_]+)(?: {4}(.*))?$/;

/**
 * The key `key` (as given to reg query, e.g. `HKLM\BCD00000000`) and, with /s, its subtree; null when the
 * output holds no line naming it.
 */
export function parseRegQuery(output: string, key: string): MemoryKey | null {
  const wanted = longForm(key).toLowerCase();
  let root: MemoryKey | null = null;
  let current: MemoryKey | null = null;
  for (const line of output.split(/\r?\n/)) {
    if (/^HKEY_/i.test(line)) {
      const full = line.trim();
      if (full.toLowerCase() === wanted) current = root ??= new MemoryKey(lastName(full));
      else if (full.toLowerCase().startsWith(`${wanted}\\`)) {
        root ??= new MemoryKey(lastName(wanted));
        current = full
          .slice(wanted.length + 1)
          .split('\\')
          .reduce((k: MemoryKey, name) => k.child(name), root);
      } else current = null;
      continue;
    }
    const m = VALUE_LINE.exec(line);
    if (!m || !current) continue;
    const type = TYPES[m[2]] ?? RegType.BINARY;
    const name = m[1] === '(Default)' ? '' : m[1];
    current.setValue(name, type, dataBytes(type, m[3] ?? ''));
  }
  return root;
}

/** `HKLM\X` → `HKEY_LOCAL_MACHINE\X`, as reg.exe names keys in its output. */
export function longForm(key: string): string {
  return key
    .replace(/^HKLM(?=\\|$)/i, 'HKEY_LOCAL_MACHINE')
    .replace(/^HKCU(?=\\|$)/i, 'HKEY_CURRENT_USER')
    .replace(/^HKU(?=\\|$)/i, 'HKEY_USERS');
}

function lastName(path: string): string {
  return path.slice(path.lastIndexOf('\\') + 1);
}

function utf16z(text: string): Buffer {
  return Buffer.from(`${text}\0`, 'utf16le');
}

function dataBytes(type: number, data: string): Buffer {
  switch (type) {
    case RegType.SZ:
    case RegType.EXPAND_SZ:
    case RegType.LINK:
      return utf16z(data);
    case RegType.MULTI_SZ:
      return data === '' ? utf16z('') : Buffer.concat([...data.split('\\0').map(utf16z), utf16z('')]);
    case RegType.DWORD:
    case RegType.DWORD_BIG_ENDIAN:
    case RegType.QWORD: {
      const n = /^0x[0-9a-f]+$/i.test(data.trim()) ? BigInt(data.trim()) : 0n;
      const b = Buffer.alloc(type === RegType.QWORD ? 8 : 4);
      if (type === RegType.QWORD) b.writeBigUInt64LE(n & 0xffffffffffffffffn);
      else if (type === RegType.DWORD) b.writeUInt32LE(Number(n & 0xffffffffn));
      else b.writeUInt32BE(Number(n & 0xffffffffn));
      return b;
    }
    default:
      return /^([0-9a-f]{2})*$/i.test(data.trim()) ? Buffer.from(data.trim(), 'hex') : Buffer.alloc(0);
  }
}
