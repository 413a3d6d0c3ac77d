// Key node (`nk`) cells [REGF "Key node"]. Field getters read straight from the bytes, with the offset
// (relative to the cell data, after the size field) in their name; nothing is decoded until asked. The
// functions taking `d` (the file offset of an nk cell's data) serve walks that make no object per key.
import { filetimeToIso, latin1, utf16le } from './bytes';
import type { HiveContext } from './context';
import { warn } from './context';
import { KeyNodeError } from './errors';

const NK_OFF_FLAGS = 2;
const NK_OFF_LAST_WRITTEN = 4;
const NK_OFF_SUBKEY_COUNT = 20;
const NK_OFF_SUBKEYS_LIST = 28;
const NK_OFF_VALUE_COUNT = 36;
const NK_OFF_VALUES_LIST = 40;
const NK_OFF_CLASS = 48;
const NK_OFF_NAME_LENGTH = 72;
const NK_OFF_CLASS_LENGTH = 74;
const NK_OFF_NAME = 76;

export const KEY_HIVE_EXIT = 0x0002;
export const KEY_HIVE_ENTRY = 0x0004;
export const KEY_SYM_LINK = 0x0010;
export const KEY_COMP_NAME = 0x0020;

/** File offset of the data of the `nk` cell at `rel` (after its size field), or a typed error. */
export function keyNodeAt(ctx: HiveContext, rel: number): number {
  const d = ctx.cells.dataAt(rel, 'key node');
  if (ctx.cells.dataSizeAt(d) < NK_OFF_NAME || ctx.buf[d] !== 0x6e /* n */ || ctx.buf[d + 1] !== 0x6b /* k */) {
    throw new KeyNodeError(ctx.file, d - 4, 'key node', 'cell is not a key node ("nk")');
  }
  return d;
}

/** Number of subkeys (UInt32 at 20) of the nk at `d`. */
export function subkeyCountAt(view: DataView, d: number): number {
  return view.getUint32(d + NK_OFF_SUBKEY_COUNT, true);
}
/** Cell offset of the subkeys list (UInt32 at 28), 0xFFFFFFFF for none. */
export function subkeysListAt(view: DataView, d: number): number {
  return view.getUint32(d + NK_OFF_SUBKEYS_LIST, true);
}
/** Number of values (UInt32 at 36). */
export function valueCountAt(view: DataView, d: number): number {
  return view.getUint32(d + NK_OFF_VALUE_COUNT, true);
}
/** Cell offset of the values list (UInt32 at 40). */
export function valuesListAt(view: DataView, d: number): number {
  return view.getUint32(d + NK_OFF_VALUES_LIST, true);
}

/** The name of the nk at `d`: Latin-1 when flagged compressed (0x20), else UTF-16LE [REGF "Key node" name at 76]. */
function keyNameAt(ctx: HiveContext, d: number): string {
  let length = ctx.view.getUint16(d + NK_OFF_NAME_LENGTH, true);
  const cellDataSize = ctx.cells.dataSizeAt(d);
  if (NK_OFF_NAME + length > cellDataSize) {
    // Truncated name (as in yarp's TruncatedNameHive): keep what the cell holds.
    warn(ctx, d - 4, 'nk', `key name length ${length} exceeds its cell; name truncated`);
    length = cellDataSize - NK_OFF_NAME;
  }
  const start = d + NK_OFF_NAME;
  return ctx.view.getUint16(d + NK_OFF_FLAGS, true) & KEY_COMP_NAME ? latin1(ctx.buf, start, length) : utf16le(ctx.buf, start, length);
}

export class KeyNode {
  private cachedName: string | null = null;

  private constructor(
    private readonly ctx: HiveContext,
    /** Relative offset of the nk cell. */
    readonly rel: number,
    /** File offset of the cell data (after the size field). */
    readonly d: number,
  ) {}

  static read(ctx: HiveContext, rel: number): KeyNode {
    return new KeyNode(ctx, rel, keyNodeAt(ctx, rel));
  }

  /** The key node at `rel` whose data offset `d` keyNodeAt already gave. */
  static at(ctx: HiveContext, rel: number, d: number): KeyNode {
    return new KeyNode(ctx, rel, d);
  }

  /** File offset of the nk cell (its size field). */
  get abs(): number {
    return this.d - 4;
  }
  get flags(): number {
    return this.ctx.view.getUint16(this.d + NK_OFF_FLAGS, true);
  }
  get subkeyCount(): number {
    return subkeyCountAt(this.ctx.view, this.d);
  }
  get subkeysListRel(): number {
    return subkeysListAt(this.ctx.view, this.d);
  }
  get valueCount(): number {
    return valueCountAt(this.ctx.view, this.d);
  }
  get valuesListRel(): number {
    return valuesListAt(this.ctx.view, this.d);
  }
  get lastWritten(): string | null {
    const view = this.ctx.view;
    return filetimeToIso(view.getUint32(this.d + NK_OFF_LAST_WRITTEN, true), view.getUint32(this.d + NK_OFF_LAST_WRITTEN + 4, true));
  }

  get name(): string {
    if (this.cachedName === null) this.cachedName = this.decodeName();
    return this.cachedName;
  }

  private decodeName(): string {
    return keyNameAt(this.ctx, this.d);
  }

  /** The class name: a UTF-16LE string in its own cell [REGF "Key node", class name offset/length]. */
  className(): string | null {
    const buf = this.ctx.buf;
    const classRel = this.ctx.view.getUint32(this.d + NK_OFF_CLASS, true);
    const classLength = this.ctx.view.getUint16(this.d + NK_OFF_CLASS_LENGTH, true);
    if (classRel === 0xffffffff || classLength === 0) return null;
    try {
      const cell = this.ctx.cells.dataAt(classRel, 'class name');
      return utf16le(buf, cell, Math.min(classLength, this.ctx.cells.dataSizeAt(cell)));
    } catch (err) {
      warn(this.ctx, this.abs, 'nk', `class name unreadable: ${(err as Error).message}`);
      return null;
    }
  }
}
