// Hive bins and cells [REGF "Hive bins", "Cells"]. The bins are walked once when a hive is opened; every
// cell start seen is recorded in a bitmap, and later a pointer is followed only if it lands on one of
// those starts (the hivex rule). Offsets named `rel` are relative to the start of the hive bins data
// (file offset = 4096 + rel); offsets named `abs` are file offsets.
import { BASE_BLOCK_SIZE, HBIN_ALIGNMENT } from './base-block';
import { CellError } from './errors';
import type { HiveWarning } from './types';

const HBIN_HEADER_SIZE = 32;
const HBIN_OFF_SIGNATURE = 0; // "hbin"
const HBIN_OFF_SELF = 4; // offset of this bin, relative
const HBIN_OFF_SIZE = 8;
const CELL_UNIT = 4; // cells are 8-aligned per spec; real hives (and hivex) only insist on 4

export interface Cell {
  /** Relative offset of the cell (its size field). */
  rel: number;
  /** File offset of the first byte after the size field. */
  dataAbs: number;
  /** Bytes available after the size field. */
  dataSize: number;
  allocated: boolean;
}

export interface BinWalk {
  /** Bytes of hive bins data that were walkable. */
  size: number;
  bins: number;
  allocatedCells: number;
  freeCells: number;
}

export class CellMap {
  private readonly starts: Uint8Array;
  private readonly used: Uint8Array;
  readonly walk: BinWalk;

  constructor(
    private readonly file: string,
    private readonly buf: Buffer,
    binsSize: number,
    warnings: HiveWarning[],
  ) {
    const units = Math.ceil(binsSize / CELL_UNIT);
    this.starts = new Uint8Array((units >> 3) + 1);
    this.used = new Uint8Array((units >> 3) + 1);
    this.walk = this.walkBins(binsSize, warnings);
  }

  private mark(rel: number, allocated: boolean): void {
    const unit = rel / CELL_UNIT;
    this.starts[unit >> 3] |= 1 << (unit & 7);
    if (allocated) this.used[unit >> 3] |= 1 << (unit & 7);
  }

  isCellStart(rel: number): boolean {
    if (rel < 0 || rel % CELL_UNIT !== 0 || rel >= this.walk.size) return false;
    const unit = rel / CELL_UNIT;
    return (this.starts[unit >> 3] & (1 << (unit & 7))) !== 0;
  }

  private isAllocated(rel: number): boolean {
    const unit = rel / CELL_UNIT;
    return (this.used[unit >> 3] & (1 << (unit & 7))) !== 0;
  }

  /** The cell at `rel`, or a CellError naming the structure that pointed there. */
  cell(rel: number, structure: string): Cell {
    if (rel === 0xffffffff) throw new CellError(this.file, -1, structure, 'reference is empty (0xFFFFFFFF)');
    if (!this.isCellStart(rel)) {
      throw new CellError(this.file, BASE_BLOCK_SIZE + rel, structure, 'reference does not point to the start of a cell');
    }
    const abs = BASE_BLOCK_SIZE + rel;
    const size = Math.abs(this.buf.readInt32LE(abs));
    return { rel, dataAbs: abs + 4, dataSize: size - 4, allocated: this.isAllocated(rel) };
  }

  private walkBins(binsSize: number, warnings: HiveWarning[]): BinWalk {
    const buf = this.buf;
    let pos = 0;
    let bins = 0;
    let allocatedCells = 0;
    let freeCells = 0;
    while (pos < binsSize) {
      const abs = BASE_BLOCK_SIZE + pos;
      if (buf.toString('latin1', abs + HBIN_OFF_SIGNATURE, abs + 4) !== 'hbin') {
        warnings.push({ offset: abs, structure: 'hbin', message: 'no "hbin" signature; the hive bins end here' });
        break;
      }
      const size = buf.readUInt32LE(abs + HBIN_OFF_SIZE);
      if (size < HBIN_ALIGNMENT || size % HBIN_ALIGNMENT !== 0 || pos + size > binsSize) {
        warnings.push({ offset: abs, structure: 'hbin', message: `bad bin size 0x${size.toString(16)}; the hive bins end here` });
        break;
      }
      const self = buf.readUInt32LE(abs + HBIN_OFF_SELF);
      if (self !== pos) {
        warnings.push({ offset: abs, structure: 'hbin', message: `bin says it is at 0x${self.toString(16)}, found at 0x${pos.toString(16)}` });
      }
      const end = pos + size;
      let cell = pos + HBIN_HEADER_SIZE;
      while (cell + 4 <= end) {
        const raw = buf.readInt32LE(BASE_BLOCK_SIZE + cell);
        const cellSize = Math.abs(raw);
        if (raw === 0 || cellSize < 8 || cellSize % CELL_UNIT !== 0 || cell + cellSize > end) {
          warnings.push({ offset: BASE_BLOCK_SIZE + cell, structure: 'cell', message: `bad cell size ${raw}; rest of this bin skipped` });
          break;
        }
        this.mark(cell, raw < 0);
        if (raw < 0) allocatedCells++;
        else freeCells++;
        cell += cellSize; // cellSize >= 8: always moves forward
      }
      bins++;
      pos = end;
    }
    return { size: pos, bins, allocatedCells, freeCells };
  }
}
