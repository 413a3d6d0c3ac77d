// Key value (`vk`) cells and the key's values list [REGF "Key value", "Key values list"].
// Offsets are relative to the cell data (after the size field).
import { latin1, utf16le } from './bytes';
import { readBigData, BIG_DATA_SEGMENT_SIZE } from './big-data';
import type { HiveContext } from './context';
import { warn } from './context';
import { ValueKeyError } from './errors';
import { RefSet } from './subkey-list';

const VK_OFF_NAME_LENGTH = 2;
const VK_OFF_DATA_SIZE = 4;
const VK_OFF_DATA = 8;
const VK_OFF_TYPE = 12;
const VK_OFF_FLAGS = 16;
const VK_OFF_NAME = 20;

export const VALUE_COMP_NAME = 0x0001;
export const VALUE_TOMBSTONE = 0x0002;
const DATA_INLINE = 0x80000000; // MSB of the data size: data lives in the data-offset field

/** A `vk` cell; fields are read from the bytes when asked, the name decoded once. */
export class ValueKey {
  private cachedName: string | null = null;

  private constructor(
    private readonly ctx: HiveContext,
    readonly rel: number,
    /** File offset of the cell data (after the size field). */
    private readonly d: number,
    private readonly cellDataSize: number,
  ) {}

  static read(ctx: HiveContext, rel: number): ValueKey {
    const d = ctx.cells.dataAt(rel, 'value key');
    const size = ctx.cells.dataSizeAt(d);
    if (size < VK_OFF_NAME || ctx.buf[d] !== 0x76 /* v */ || ctx.buf[d + 1] !== 0x6b /* k */) {
      throw new ValueKeyError(ctx.file, d - 4, 'value key', 'cell is not a value key ("vk")');
    }
    return new ValueKey(ctx, rel, d, size);
  }

  /** File offset of the vk cell (its size field). */
  get abs(): number {
    return this.d - 4;
  }
  get type(): number {
    return this.ctx.buf.readUInt32LE(this.d + VK_OFF_TYPE);
  }
  get flags(): number {
    return this.ctx.buf.readUInt16LE(this.d + VK_OFF_FLAGS);
  }
  /** Declared data size, without the inline flag. */
  get dataSize(): number {
    return (this.ctx.buf.readUInt32LE(this.d + VK_OFF_DATA_SIZE) & ~DATA_INLINE) >>> 0;
  }
  get inline(): boolean {
    return (this.ctx.buf.readUInt32LE(this.d + VK_OFF_DATA_SIZE) & DATA_INLINE) !== 0;
  }
  /** Data-offset field: a relative cell offset, or the inline bytes themselves. */
  get dataRel(): number {
    return this.ctx.buf.readUInt32LE(this.d + VK_OFF_DATA);
  }
  /** File offset of the data-offset field, where inline data lives. */
  get dataFieldAbs(): number {
    return this.d + VK_OFF_DATA;
  }

  get name(): string {
    if (this.cachedName === null) this.cachedName = this.decodeName();
    return this.cachedName;
  }

  private decodeName(): string {
    let length = this.ctx.buf.readUInt16LE(this.d + VK_OFF_NAME_LENGTH);
    if (VK_OFF_NAME + length > this.cellDataSize) {
      warn(this.ctx, this.abs, 'vk', `value name length ${length} exceeds its cell; name truncated`);
      length = this.cellDataSize - VK_OFF_NAME;
    }
    const start = this.d + VK_OFF_NAME;
    return this.flags & VALUE_COMP_NAME ? latin1(this.ctx.buf, start, length) : utf16le(this.ctx.buf, start, length);
  }
}

/**
 * The value's data, exactly the stored bytes cut to the declared size. Never throws: unreadable data
 * comes back shorter (or empty) with a warning.
 */
export function readValueData(ctx: HiveContext, vk: ValueKey): Uint8Array {
  if (vk.inline) {
    let len = vk.dataSize;
    if (len > 4) {
      warn(ctx, vk.abs, 'vk', `inline data size ${len} is more than 4 bytes; using 4`);
      len = 4;
    }
    return ctx.buf.subarray(vk.dataFieldAbs, vk.dataFieldAbs + len);
  }
  const size = vk.dataSize;
  if (size === 0) return new Uint8Array(0);
  let cell;
  try {
    cell = ctx.cells.cell(vk.dataRel, 'value data');
  } catch (err) {
    warn(ctx, vk.abs, 'vk', `data unreadable: ${(err as Error).message}`);
    return new Uint8Array(0);
  }
  const d = cell.dataAbs;
  const isBigData =
    ctx.minorVersion > 3 && size > BIG_DATA_SEGMENT_SIZE && cell.dataSize >= 8 && ctx.buf[d] === 0x64 && ctx.buf[d + 1] === 0x62;
  if (isBigData) return readBigData(ctx, cell, size);
  if (size > cell.dataSize) {
    warn(ctx, vk.abs, 'vk', `data size ${size} exceeds its cell (${cell.dataSize}); data cut`);
    return ctx.buf.subarray(d, d + cell.dataSize);
  }
  return ctx.buf.subarray(d, d + size);
}

/** Relative offsets of the key's value cells; bounded by the list's cell and the hive's work budget; repeats dropped. */
export function readValuesList(ctx: HiveContext, listRel: number, count: number, ownerAbs: number): number[] {
  if (count === 0) return [];
  let cell;
  try {
    cell = ctx.cells.cell(listRel, 'values list');
  } catch (err) {
    warn(ctx, ownerAbs, 'value-list', (err as Error).message);
    return [];
  }
  const fits = Math.floor(cell.dataSize / 4);
  const n = Math.min(count, fits);
  if (n < count) warn(ctx, cell.dataAbs - 4, 'value-list', `key declares ${count} values, its list holds ${fits}`);
  if (!ctx.budget.take(ctx, n)) return [];
  const out: number[] = [];
  const seen = new RefSet();
  for (let i = 0; i < n; i++) {
    const rel = ctx.buf.readUInt32LE(cell.dataAbs + i * 4);
    if (seen.add(rel, out)) out.push(rel);
  }
  if (out.length < n) warn(ctx, cell.dataAbs - 4, 'value-list', `${n - out.length} repeated value reference(s) ignored`);
  return out;
}
