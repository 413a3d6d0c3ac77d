// Name comparison the way the registry does it: case-insensitive by upper-casing each UTF-16 code unit
// (RtlUpcaseUnicodeChar). JavaScript's toUpperCase can turn one unit into several (ß → SS); Windows
// never does, so such units are kept as they are.

const upcaseCache = new Map<number, number>();

export function upcaseUnit(unit: number): number {
  if (unit < 0x61) return unit;
  if (unit <= 0x7a) return unit - 0x20;
  if (unit < 0x80) return unit;
  let up = upcaseCache.get(unit);
  if (up === undefined) {
    const s = String.fromCharCode(unit).toUpperCase();
    up = s.length === 1 ? s.charCodeAt(0) : unit;
    upcaseCache.set(unit, up);
  }
  return up;
}

export function upcase(name: string): string {
  let out = '';
  for (let i = 0; i < name.length; i++) out += String.fromCharCode(upcaseUnit(name.charCodeAt(i)));
  return out;
}

export function namesEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    if (upcaseUnit(a.charCodeAt(i)) !== upcaseUnit(b.charCodeAt(i))) return false;
  }
  return true;
}

/**
 * The order of subkey lists [REGF: "subkey lists must be sorted"]: names compared by upper-cased UTF-16 code
 * unit, a name before every longer name it begins. Negative, zero or positive, as for Array.sort.
 */
export function compareNames(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const d = upcaseUnit(a.charCodeAt(i)) - upcaseUnit(b.charCodeAt(i));
    if (d !== 0) return d;
  }
  return a.length - b.length;
}

/** Whether `name` begins with `prefix`, case-insensitively as the registry compares names. */
export function startsWithName(name: string, prefix: string): boolean {
  return name.length >= prefix.length && compareNames(name.slice(0, prefix.length), prefix) === 0;
}

/** Hash stored in `lh` leaves: H = 37*H + upcase(c) over the name's UTF-16 code units, mod 2^32 [REGF "Hash leaf"]. */
export function lhHash(name: string): number {
  let h = 0;
  for (let i = 0; i < name.length; i++) h = (Math.imul(h, 37) + upcaseUnit(name.charCodeAt(i))) >>> 0;
  return h;
}

/** Splits a backslash path into components, ignoring leading, trailing and doubled separators. */
export function splitPath(path: string): string[] {
  return path.split('\\').filter((p) => p.length > 0);
}
