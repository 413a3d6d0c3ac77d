// A BCD store (a regf hive: `\Boot\BCD`, `\EFI\Microsoft\Boot\BCD`) decoded into objects and elements.
// Layout (domain.md §5.1): `Objects\{GUID}\Description` holds the object type (DWORD value `Type`);
// `Objects\{GUID}\Elements\<XXXXXXXX>` holds one element each in its value `Element`, stored as the
// element's format says. Key names are matched case-insensitively by the hive reader. Nothing here throws
// on what the store holds: a value of the wrong registry type, too short, or of an unknown device kind
// becomes an element with `value: null` and a `problem`, so one bad element never hides the others.

import { RegType } from '../hive';
import type { RegistryKey } from '../hive/memory-key';
import { decodeDevice, type DecodedDevice } from './device';
import { elementFormat, elementName, type ElementFormat } from './elements';
import { normalizeGuid } from './guid';
import { applicationTypeOf, inheritsForDevices, objectClass, objectTypeName, WELL_KNOWN_IDS } from './object-types';

export type BcdValue = string | number | boolean | string[] | number[] | DecodedDevice | null;

export interface BcdElement {
  /** The element type as its key is named: 8 lower-case hex digits, e.g. "12000004". */
  id: string;
  /** bcdedit's name in this object's context (`description`, `osdevice`, …) or `custom:XXXXXXXX`. */
  name: string;
  format: ElementFormat;
  /** The registry type the value was stored with, e.g. "REG_SZ". */
  registryType: string | null;
  value: BcdValue;
  /** Why `value` is null or partial; null when it decoded as its format says. */
  problem: string | null;
}

export interface BcdObject {
  /** Lower-case GUID with braces, as the key names it; the key's own name if that is not a GUID. */
  id: string;
  /** bcdedit's name for a well-known id ({bootmgr}, {memdiag}, …), else null. */
  alias: string | null;
  /** The `Description\Type` DWORD, null when missing or unreadable. */
  type: number | null;
  typeName: string;
  /** The `description` element (12000004) exactly as stored, or null. */
  description: string | null;
  elements: BcdElement[];
}

export interface BcdStore {
  file: string;
  objects: BcdObject[];
  /** Structural problems of the store (no Objects key, an object without Elements, …). */
  problems: string[];
}

/** Bounds for a store that is not what it says: real stores hold tens of objects, each tens of elements. */
const MAX_OBJECTS = 10_000;
const MAX_ELEMENTS = 1_000;

/**
 * A store as a key tree: a hive file opened offline, or the system store of the running Windows read from
 * its live registry (`HKLM\BCD00000000`). `file` names where it came from.
 */
export interface BcdSource {
  file: string;
  root: RegistryKey;
}

/** The problem of a hive that has no Objects key: it is not a BCD store at all. */
export const NOT_A_STORE = 'no Objects key: not a BCD store';

export function readBcdStore(hive: BcdSource): BcdStore {
  const problems: string[] = [];
  const objectsKey = hive.root.subkey('Objects');
  if (!objectsKey) return { file: hive.file, objects: [], problems: [NOT_A_STORE] };
  const keys = objectsKey.subkeys();
  if (keys.length > MAX_OBJECTS) problems.push(`${keys.length} objects; only the first ${MAX_OBJECTS} are read`);
  const objects = keys.slice(0, MAX_OBJECTS).map((k) => readObject(k, problems));
  return { file: hive.file, objects: objects.sort(byStoreOrder), problems };
}

function readObject(key: RegistryKey, problems: string[]): BcdObject {
  const id = normalizeGuid(key.name) ?? key.name;
  const typeValue = key.subkey('Description')?.value('Type') ?? null;
  const type = typeValue && typeValue.type === RegType.DWORD ? typeValue.number() : null;
  if (type === null) problems.push(`${id}: no DWORD Description\\Type`);
  const context = {
    applicationType: type === null ? null : applicationTypeOf(type),
    deviceObject: type !== null && (objectClass(type) === 'device' || inheritsForDevices(type)),
  };
  const elementsKey = key.subkey('Elements');
  if (!elementsKey) problems.push(`${id}: no Elements key`);
  const elementKeys = elementsKey?.subkeys() ?? [];
  if (elementKeys.length > MAX_ELEMENTS) problems.push(`${id}: ${elementKeys.length} elements; only the first ${MAX_ELEMENTS} are read`);
  const elements: BcdElement[] = [];
  // Keyed by element type, not by the key's name: two keys that differ only in case ("1200000A" and
  // "1200000a") are one element to Windows; the second is a problem, never a silent replacement.
  const seen = new Set<number>();
  for (const ek of elementKeys.slice(0, MAX_ELEMENTS)) {
    if (!/^[0-9a-f]{8}$/i.test(ek.name)) {
      problems.push(`${id}: element key '${ek.name}' is not 8 hex digits`);
      continue;
    }
    const type = Number.parseInt(ek.name, 16);
    if (seen.has(type)) {
      problems.push(`${id}: element ${ek.name} appears twice (keys that differ only in case); the first is shown`);
      continue;
    }
    seen.add(type);
    elements.push(readElement(ek, type, context));
  }
  elements.sort((a, b) => Number.parseInt(a.id, 16) - Number.parseInt(b.id, 16));
  const descriptionElement = elements.find((e) => e.id === '12000004');
  return {
    id,
    alias: WELL_KNOWN_IDS[id] ?? null,
    type,
    typeName: objectTypeName(type),
    description: typeof descriptionElement?.value === 'string' ? descriptionElement.value : null,
    elements,
  };
}

const REG_NAMES: Record<number, string> = {
  1: 'REG_SZ',
  2: 'REG_EXPAND_SZ',
  3: 'REG_BINARY',
  4: 'REG_DWORD',
  7: 'REG_MULTI_SZ',
  11: 'REG_QWORD',
};

function readElement(key: RegistryKey, type: number, context: Parameters<typeof elementName>[1]): BcdElement {
  const format = elementFormat(type);
  const base = { id: key.name.toLowerCase(), name: elementName(type, context), format };
  const v = key.value('Element');
  if (!v) return { ...base, registryType: null, value: null, problem: 'no Element value' };
  const registryType = REG_NAMES[v.type] ?? `type ${v.type}`;
  const fail = (problem: string): BcdElement => ({ ...base, registryType, value: null, problem });
  const raw = v.raw();
  switch (format) {
    case 'string':
    case 'object': {
      if (v.type !== RegType.SZ && v.type !== RegType.EXPAND_SZ) return fail(`expected REG_SZ, found ${registryType}`);
      const text = v.string() ?? '';
      if (format === 'string') return { ...base, registryType, value: text, problem: null };
      const guid = normalizeGuid(text);
      return guid ? { ...base, registryType, value: guid, problem: null } : fail(`not an object id: '${text.slice(0, 60)}'`);
    }
    case 'object-list': {
      if (v.type !== RegType.MULTI_SZ) return fail(`expected REG_MULTI_SZ, found ${registryType}`);
      const items = (v.strings() ?? []).filter((s) => s !== '');
      const guids = items.map(normalizeGuid);
      const bad = items.filter((_, i) => guids[i] === null);
      return {
        ...base,
        registryType,
        value: guids.filter((g): g is string => g !== null),
        problem: bad.length ? `${bad.length} item(s) are not object ids` : null,
      };
    }
    case 'device':
      if (v.type !== RegType.BINARY) return fail(`expected REG_BINARY, found ${registryType}`);
      return { ...base, registryType, value: decodeDevice(raw), problem: null };
    case 'integer': {
      // Little-endian, up to 8 bytes; fewer are zero-extended (DiscUtils IntegerElementValue).
      if (v.type !== RegType.BINARY || raw.length === 0 || raw.length > 8)
        return fail(`expected 1-8 bytes of REG_BINARY, found ${raw.length} bytes of ${registryType}`);
      return { ...base, registryType, value: integerOf(raw), problem: null };
    }
    case 'boolean':
      if (v.type !== RegType.BINARY || raw.length === 0) return fail(`expected REG_BINARY, found ${raw.length} bytes of ${registryType}`);
      return { ...base, registryType, value: raw[0] !== 0, problem: null };
    case 'integer-list': {
      if (v.type !== RegType.BINARY || raw.length % 8 !== 0)
        return fail(`expected REG_BINARY of 8-byte integers, found ${raw.length} bytes of ${registryType}`);
      const list: number[] = [];
      for (let i = 0; i < raw.length; i += 8) list.push(Number(integerOf(raw.subarray(i, i + 8))));
      return { ...base, registryType, value: list, problem: null };
    }
    default:
      return fail(`unknown element format ${(type >>> 24) & 0xf}: ${Buffer.from(raw.subarray(0, 64)).toString('hex')}`);
  }
}

/** A little-endian unsigned integer; beyond 2^53 it is kept exact as a decimal string. */
function integerOf(raw: Uint8Array): number | string {
  let n = 0n;
  for (let i = raw.length - 1; i >= 0; i--) n = (n << 8n) | BigInt(raw[i]);
  return n <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(n) : n.toString();
}

/** bcdedit's order, roughly: the boot managers, the applications, inheritable settings, device options. */
function byStoreOrder(a: BcdObject, b: BcdObject): number {
  const rank = (o: BcdObject) =>
    o.alias === '{fwbootmgr}'
      ? 0
      : o.alias === '{bootmgr}'
        ? 1
        : o.type === null
          ? 9
          : ({ application: 2, inherit: 3, device: 4, unknown: 5 } as const)[objectClass(o.type)];
  return rank(a) - rank(b) || (a.type ?? 0) - (b.type ?? 0) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}
