// GUIDs as Windows stores them in binary (BCD device elements, GPT headers): the first three fields
// little-endian, the last eight bytes in order ("mixed-endian"); written lower-case with braces, as
// bcdedit and the BCD hive's own key names write them.

/** `{xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx}` from 16 bytes at `off`, or null when they are not there. */
export function guidAt(b: Uint8Array, off: number): string | null {
  if (off < 0 || off + 16 > b.length) return null;
  const h = (i: number) => b[off + i].toString(16).padStart(2, '0');
  const part = (idx: number[]) => idx.map(h).join('');
  return `{${part([3, 2, 1, 0])}-${part([5, 4])}-${part([7, 6])}-${part([8, 9])}-${part([10, 11, 12, 13, 14, 15])}}`;
}

const GUID_TEXT = /^\{?([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\}?$/i;

/** A GUID written as text (key names, object elements), normalised to lower case with braces; else null. */
export function normalizeGuid(text: string): string | null {
  const m = GUID_TEXT.exec(text.trim());
  return m ? `{${m[1].toLowerCase()}}` : null;
}

export const ZERO_GUID = '{00000000-0000-0000-0000-000000000000}';
