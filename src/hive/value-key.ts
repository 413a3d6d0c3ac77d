// Key value (`vk`) cells and the key's values list [REGF "Key value", "Key values list"]. Offsets are
// relative to the cell data (after the size field): signature "vk" at 0, name length (UInt16) at 2, data
// size (UInt32, MSB set = data stored inline in the data-offset field) at 4, data offset at 8, data type at
// 12, flags (UInt16) at 16, name at 20.
import { latin1, utf16le } from './bytes';
import { readBigData, BIG_DATA_SEGMENT_SIZE } from './big-data';
import type { HiveContext } from './context';
import { warn } from './context';
import { ValueKeyError } from './errors';
import type { RefList } from './ref-list';

const VK_OFF_NAME_LENGTH = 2;
const VK_OFF_DATA_SIZE = 4;
const VK_OFF_DATA = 8;
const VK_OFF_TYPE = 12;
const VK_OFF_FLAGS = 16;
const VK_OFF_NAME = 20;

export const VALUE_COMP_NAME = 0x0001;
export const VALUE_TOMBSTONE = 0x0002;
const DATA_INLINE = 0x80000000; // MSB of the data size: data lives in the data-offset field

/** File offset of the data of the `vk` cell at `rel` (after its size field), or a typed error. */
export function valueKeyAt(ctx: HiveContext, rel: number): number {
  const d = ctx.cells.dataAt(rel, 'value key');
  if (ctx.cells.dataSizeAt(d) < VK_OFF_NAME || ctx.buf[d] !== 0x76 /* v */ || ctx.buf[d + 1] !== 0x6b /* k */) {
    throw new ValueKeyError(ctx.file, d - 4, 'value key', 'cell is not a value key ("vk")');
  }
  return d;
}

/** The data type of the `vk` whose cell data starts at `d`. */
export function valueTypeAt(view: DataView, d: number): number {
  return view.getUint32(d + VK_OFF_TYPE, true);
}

/** Declared data size of the `vk` at `d`, without the inline flag. */
export function valueDataSizeAt(view: DataView, d: number): number {
  return (view.getUint32(d + VK_OFF_DATA_SIZE, true) & ~DATA_INLINE) >>> 0;
}

/** A `vk` cell; fields are read from the bytes when asked, the name decoded once. */
export class ValueKey {
  private cachedName: string | null = null;

  private constructor(
    private readonly ctx: HiveContext,
    readonly rel: number,
    /** File offset of the cell data (after the size field). */
    readonly d: number,
  ) {}

  static read(ctx: HiveContext, rel: number): ValueKey {
    return new ValueKey(ctx, rel, valueKeyAt(ctx, rel));
  }

  /** File offset of the vk cell (its size field). */
  get abs(): number {
    return this.d - 4;
  }
  get type(): number {
    return valueTypeAt(this.ctx.view, this.d);
  }
  get flags(): number {
    return this.ctx.view.getUint16(this.d + VK_OFF_FLAGS, true);
  }
  /** Declared data size, without the inline flag. */
  get dataSize(): number {
    return valueDataSizeAt(this.ctx.view, this.d);
  }

  get name(): string {
    if (this.cachedName === null) this.cachedName = this.decodeName();
    return this.cachedName;
  }

  private decodeName(): string {
    let length = this.ctx.view.getUint16(this.d + VK_OFF_NAME_LENGTH, true);
    const cellDataSize = this.ctx.cells.dataSizeAt(this.d);
    if (VK_OFF_NAME + length > cellDataSize) {
      warn(this.ctx, this.abs, 'vk', `value name length ${length} exceeds its cell; name truncated`);
      length = cellDataSize - VK_OFF_NAME;
    }
    const start = this.d + VK_OFF_NAME;
    return this.flags & VALUE_COMP_NAME ? latin1(this.ctx.buf, start, length) : utf16le(this.ctx.buf, start, length);
  }
}

/**
 * Where a value's data is: `length` bytes from `start` in `buf` (the hive's own buffer, or a big-data value
 * reassembled), or nothing (`buf` null) when there is no data or it is unreadable. One span is filled again
 * for each value of a walk, so finding the data makes no object.
 */
export class DataSpan {
  buf: Buffer | null = null;
  start = 0;
  length = 0;

  set(buf: Buffer | null, start: number, length: number): void {
    this.buf = buf;
    this.start = start;
    this.length = length;
  }
}

/**
 * The data of the `vk` at `d` into `span`: exactly the stored bytes, big data reassembled, cut to the
 * declared size. Never throws: unreadable data comes back shorter (or empty) with a warning.
 */
export function valueDataAt(ctx: HiveContext, d: number, span: DataSpan): void {
  const buf = ctx.buf;
  const sizeField = ctx.view.getUint32(d + VK_OFF_DATA_SIZE, true);
  const size = (sizeField & ~DATA_INLINE) >>> 0;
  if ((sizeField & DATA_INLINE) !== 0) {
    let len = size;
    if (len > 4) {
      warn(ctx, d - 4, 'vk', `inline data size ${len} is more than 4 bytes; using 4`);
      len = 4;
    }
    return span.set(buf, d + VK_OFF_DATA, len);
  }
  if (size === 0) return span.set(null, 0, 0);
  let cell: number;
  let cellSize: number;
  try {
    cell = ctx.cells.dataAt(ctx.view.getUint32(d + VK_OFF_DATA, true), 'value data');
    cellSize = ctx.cells.dataSizeAt(cell);
  } catch (err) {
    warn(ctx, d - 4, 'vk', `data unreadable: ${(err as Error).message}`);
    return span.set(null, 0, 0);
  }
  // A big data record ("db") stands in for data longer than one segment, from format 1.4 on [REGF "Big data"].
  const isBigData = ctx.minorVersion > 3 && size > BIG_DATA_SEGMENT_SIZE && cellSize >= 8 && buf[cell] === 0x64 && buf[cell + 1] === 0x62;
  if (isBigData) {
    const whole = readBigData(ctx, cell, size);
    return whole === null ? span.set(null, 0, 0) : span.set(whole, 0, whole.length);
  }
  if (size > cellSize) {
    warn(ctx, d - 4, 'vk', `data size ${size} exceeds its cell (${cellSize}); data cut`);
    return span.set(buf, cell, cellSize);
  }
  span.set(buf, cell, size);
}

/** The data of a value as its own view (see valueDataAt). */
export function readValueData(ctx: HiveContext, vk: ValueKey): Uint8Array {
  const span = new DataSpan();
  valueDataAt(ctx, vk.d, span);
  return span.buf === null ? new Uint8Array(0) : span.buf.subarray(span.start, span.start + span.length);
}

/**
 * Relative offsets of the key's value cells into `out` (emptied first): the list is `count` UInt32 cell
 * offsets [REGF "Key values list"], bounded by the list's cell and the hive's work budget; repeats dropped.
 */
export function readValuesList(ctx: HiveContext, listRel: number, count: number, ownerAbs: number, out: RefList): void {
  out.reset();
  if (count === 0) return;
  let d: number;
  let size: number;
  try {
    d = ctx.cells.dataAt(listRel, 'values list');
    size = ctx.cells.dataSizeAt(d);
  } catch (err) {
    warn(ctx, ownerAbs, 'value-list', (err as Error).message);
    return;
  }
  const fits = Math.floor(size / 4);
  const n = Math.min(count, fits);
  if (n < count) warn(ctx, d - 4, 'value-list', `key declares ${count} values, its list holds ${fits}`);
  if (!ctx.budget.take(ctx, n)) return;
  for (let i = 0; i < n; i++) out.add(ctx.view.getUint32(d + i * 4, true), 0);
  if (out.length < n) warn(ctx, d - 4, 'value-list', `${n - out.length} repeated value reference(s) ignored`);
}
