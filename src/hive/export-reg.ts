// `hive export --format reg`: the "Windows Registry Editor Version 5.00" text that regedit writes and
// `reg import` reads. Strings that round-trip cleanly are written as "text", DWORDs as dword:, all else
// as hex(type): bytes, wrapped with backslash continuations like regedit does.
import type { Key, Value } from './hive';
import { RegType } from './types';
import { walkKeys } from './walk';

const LINE_WIDTH = 80;

export function* exportReg(start: Key, prefix: string): Generator<string> {
  yield 'Windows Registry Editor Version 5.00\r\n';
  for (const key of walkKeys(start)) {
    const rel = key.relativePath;
    yield `\r\n[${rel ? `${prefix}\\${rel}` : prefix}]\r\n`;
    for (const value of key.values()) yield formatValue(value) + '\r\n';
  }
}

function quote(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

export function formatValue(value: Value): string {
  const lhs = value.name === '' ? '@' : quote(value.name);
  const raw = value.raw();
  if (value.type === RegType.SZ && isCleanString(raw)) {
    return `${lhs}=${quote(Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength - 2).toString('utf16le'))}`;
  }
  if (value.type === RegType.DWORD && raw.length === 4) {
    return `${lhs}=dword:${Buffer.from(raw).readUInt32LE(0).toString(16).padStart(8, '0')}`;
  }
  const tag = value.type === RegType.BINARY ? 'hex' : `hex(${value.type.toString(16)})`;
  return wrapHex(`${lhs}=${tag}:`, raw);
}

/**
 * UTF-16LE, even length, one terminating NUL, and no control character before it: a string with
 * control characters (or an ESC sequence) is written as hex(1), which keeps its bytes exact and keeps
 * a terminal the export is printed to from obeying it.
 */
function isCleanString(raw: Uint8Array): boolean {
  if (raw.length < 2 || raw.length % 2 !== 0) return false;
  if (raw[raw.length - 1] !== 0 || raw[raw.length - 2] !== 0) return false;
  for (let i = 0; i < raw.length - 2; i += 2) {
    const unit = raw[i] | (raw[i + 1] << 8);
    if (unit < 0x20 || (unit >= 0x7f && unit <= 0x9f)) return false;
  }
  return true;
}

function wrapHex(head: string, raw: Uint8Array): string {
  let out = head;
  let lineLength = head.length;
  for (let i = 0; i < raw.length; i++) {
    const byte = raw[i].toString(16).padStart(2, '0') + (i < raw.length - 1 ? ',' : '');
    if (lineLength + byte.length > LINE_WIDTH - 1 && i < raw.length) {
      out += '\\\r\n  ';
      lineLength = 2;
    }
    out += byte;
    lineLength += byte.length;
  }
  return out;
}
