// Hive bins and cells [REGF "Hive bins", "Cells"]. Opening a hive walks only the bin headers (a few
// thousand for a large hive). The cells of a bin are walked the first time anything points into that
// bin, and every cell start seen there is recorded in a bitmap; a pointer is followed only if it lands
// on one of those starts (the hivex rule). So a lookup of a few keys touches a few bins, not the whole
// file. Offsets named `rel` are relative to the start of the hive bins data (file offset = 4096 + rel).
import { BASE_BLOCK_SIZE, HBIN_ALIGNMENT } from './base-block';
import { CellError } from './errors';
import type { HiveWarning } from './types';

const HBIN_HEADER_SIZE = 32;
const HBIN_OFF_SELF = 4; // offset of this bin, relative
const HBIN_OFF_SIZE = 8;
const CELL_UNIT = 4; // cells are 8-aligned per spec; real hives (and hivex) only insist on 4
const PAGE_SHIFT = 12; // bins start on 4096-byte boundaries

export interface Cell {
  /** Relative offset of the cell (its size field). */
  rel: number;
  /** File offset of the first byte after the size field. */
  dataAbs: number;
  /** Bytes available after the size field. */
  dataSize: number;
  allocated: boolean;
}

export interface CellCounts {
  allocatedCells: number;
  freeCells: number;
}

export class CellMap {
  private readonly starts: Uint8Array;
  private readonly used: Uint8Array;
  /** Per 4096-byte page: index of the bin covering it, or -1 beyond the walkable bins. */
  private readonly pageBin: Int32Array;
  private readonly binStart: number[] = [];
  private readonly binEnd: number[] = [];
  private readonly binWalked: Uint8Array;
  private allocated = 0;
  private free = 0;
  private binsWalked = 0;
  /** Bytes of hive bins data that are walkable (whole valid bins from the start). */
  readonly size: number;

  constructor(
    private readonly file: string,
    private readonly buf: Buffer,
    binsSize: number,
    private readonly warnings: HiveWarning[],
  ) {
    this.size = this.walkBinHeaders(binsSize);
    const units = Math.ceil(this.size / CELL_UNIT);
    this.starts = new Uint8Array((units >> 3) + 1);
    this.used = new Uint8Array((units >> 3) + 1);
    this.pageBin = new Int32Array(this.size >>> PAGE_SHIFT).fill(-1);
    for (let b = 0; b < this.binStart.length; b++) {
      this.pageBin.fill(b, this.binStart[b] >>> PAGE_SHIFT, this.binEnd[b] >>> PAGE_SHIFT);
    }
    this.binWalked = new Uint8Array(this.binStart.length);
  }

  get bins(): number {
    return this.binStart.length;
  }

  /** Walks every bin not yet walked and returns the cell counts (for `hive info` and `hive stats`). */
  counts(): CellCounts {
    for (let b = 0; b < this.binStart.length; b++) this.walkBin(b);
    return { allocatedCells: this.allocated, freeCells: this.free };
  }

  isCellStart(rel: number): boolean {
    if (rel < 0 || rel % CELL_UNIT !== 0 || rel >= this.size) return false;
    const bin = this.pageBin[rel >>> PAGE_SHIFT];
    if (bin < 0) return false;
    this.walkBin(bin);
    const unit = rel / CELL_UNIT;
    return (this.starts[unit >> 3] & (1 << (unit & 7))) !== 0;
  }

  /** The cell at `rel`, or a CellError naming the structure that pointed there. */
  cell(rel: number, structure: string): Cell {
    const dataAbs = this.dataAt(rel, structure);
    const unit = rel / CELL_UNIT;
    return { rel, dataAbs, dataSize: this.dataSizeAt(dataAbs), allocated: (this.used[unit >> 3] & (1 << (unit & 7))) !== 0 };
  }

  /** File offset of the data of the cell at `rel` (hot path of key and value reads: no object made). */
  dataAt(rel: number, structure: string): number {
    if (rel === 0xffffffff) throw new CellError(this.file, -1, structure, 'reference is empty (0xFFFFFFFF)');
    if (!this.isCellStart(rel)) {
      throw new CellError(this.file, BASE_BLOCK_SIZE + rel, structure, 'reference does not point to the start of a cell');
    }
    const unit = rel / CELL_UNIT;
    if ((this.used[unit >> 3] & (1 << (unit & 7))) === 0) {
      // A free cell holds deleted data: following it would resurrect deleted keys or values (hivex refuses too).
      throw new CellError(this.file, BASE_BLOCK_SIZE + rel, structure, 'reference points to a free (deleted) cell');
    }
    return BASE_BLOCK_SIZE + rel + 4;
  }

  /** Bytes after the size field of the cell whose data starts at `dataAbs` (a cell start already checked). */
  dataSizeAt(dataAbs: number): number {
    return Math.abs(this.buf.readInt32LE(dataAbs - 4)) - 4;
  }

  /** Validates the chain of bin headers; returns how many bytes of bins are usable. */
  private walkBinHeaders(binsSize: number): number {
    const buf = this.buf;
    let pos = 0;
    while (pos < binsSize) {
      const abs = BASE_BLOCK_SIZE + pos;
      // "hbin"
      if (buf[abs] !== 0x68 || buf[abs + 1] !== 0x62 || buf[abs + 2] !== 0x69 || buf[abs + 3] !== 0x6e) {
        this.warnings.push({ offset: abs, structure: 'hbin', message: 'no "hbin" signature; the hive bins end here' });
        break;
      }
      const size = buf.readUInt32LE(abs + HBIN_OFF_SIZE);
      if (size < HBIN_ALIGNMENT || size % HBIN_ALIGNMENT !== 0 || pos + size > binsSize) {
        this.warnings.push({ offset: abs, structure: 'hbin', message: `bad bin size 0x${size.toString(16)}; the hive bins end here` });
        break;
      }
      const self = buf.readUInt32LE(abs + HBIN_OFF_SELF);
      if (self !== pos) {
        this.warnings.push({ offset: abs, structure: 'hbin', message: `bin says it is at 0x${self.toString(16)}, found at 0x${pos.toString(16)}` });
      }
      this.binStart.push(pos);
      this.binEnd.push(pos + size);
      pos += size; // size >= 4096: always moves forward
    }
    return pos;
  }

  private walkBin(bin: number): void {
    if (this.binWalked[bin]) return;
    this.binWalked[bin] = 1;
    this.binsWalked++;
    const buf = this.buf;
    const end = this.binEnd[bin];
    let cell = this.binStart[bin] + HBIN_HEADER_SIZE;
    while (cell + 4 <= end) {
      const raw = buf.readInt32LE(BASE_BLOCK_SIZE + cell);
      const cellSize = Math.abs(raw);
      if (raw === 0 || cellSize < 8 || cellSize % CELL_UNIT !== 0 || cell + cellSize > end) {
        if (this.warnings.length < 1000) {
          this.warnings.push({ offset: BASE_BLOCK_SIZE + cell, structure: 'cell', message: `bad cell size ${raw}; rest of this bin skipped` });
        }
        break;
      }
      const unit = cell / CELL_UNIT;
      this.starts[unit >> 3] |= 1 << (unit & 7);
      if (raw < 0) {
        this.used[unit >> 3] |= 1 << (unit & 7);
        this.allocated++;
      } else {
        this.free++;
      }
      cell += cellSize; // cellSize >= 8: always moves forward
    }
  }
}
