// Hive bins and cells [REGF "Hive bins", "Cells"]. Nothing is walked when a hive is opened. The first
// time a reference lands on a 4096-byte page, the bin holding that page is found by looking back for its
// header ("hbin", whose offset field names its own position) — a few pages at most — and that bin's cells
// are walked; every cell start seen there is recorded in a bitmap, and a pointer is followed only if it
// lands on one of those starts (the hivex rule). So a lookup of a few keys touches (and reads from disk,
// see source.ts) a few bins, not the whole file; `counts()` walks everything in order when asked.
// Offsets named `rel` are relative to the start of the hive bins data (file offset = 4096 + rel).
import { BASE_BLOCK_SIZE, HBIN_ALIGNMENT } from './base-block';
import { CellError } from './errors';
import type { ByteSource } from './source';
import type { HiveWarning } from './types';

const HBIN_HEADER_SIZE = 32;
const HBIN_OFF_SELF = 4; // offset of this bin, relative
const HBIN_OFF_SIZE = 8;
const CELL_UNIT = 4; // cells are 8-aligned per spec; real hives (and hivex) only insist on 4
const PAGE_SHIFT = 12; // bins start on 4096-byte boundaries
const UNKNOWN = -2;
const NO_BIN = -1;

export interface CellCounts {
  allocatedCells: number;
  freeCells: number;
}

export class CellMap {
  private readonly starts: Uint8Array;
  private readonly used: Uint8Array;
  /** Per 4096-byte page: index of the bin covering it, NO_BIN, or UNKNOWN until first asked. */
  private readonly pageBin: Int32Array;
  private readonly binStart: number[] = [];
  private readonly binEnd: number[] = [];
  /** Per bin: 1 once its cells were walked (a bin covers at least one page, so there are at most as many bins). */
  private readonly binWalked: Uint8Array;
  private allocated = 0;
  private free = 0;
  private fullWalk: { bins: number; size: number } | null = null;
  private readonly buf: Buffer;
  private readonly view: DataView;

  constructor(
    private readonly file: string,
    private readonly source: ByteSource,
    /** Hive bins data size the base block allows (bounded by the file). */
    readonly size: number,
    private readonly warnings: HiveWarning[],
  ) {
    this.buf = source.buf;
    this.view = new DataView(this.buf.buffer, this.buf.byteOffset, this.buf.byteLength);
    const units = Math.ceil(size / CELL_UNIT);
    this.starts = new Uint8Array((units >> 3) + 1);
    this.used = new Uint8Array((units >> 3) + 1);
    this.pageBin = new Int32Array(Math.ceil(size / HBIN_ALIGNMENT)).fill(UNKNOWN);
    this.binWalked = new Uint8Array(this.pageBin.length);
  }

  /**
   * Walks the bins in order from the first, as hivex does, and every cell in them. The bins end at the
   * first bad header; returns their number, their size and the cell counts (for `hive info` / `stats`).
   */
  walkAll(): { bins: number; size: number } & CellCounts {
    if (!this.fullWalk) {
      let pos = 0;
      let bins = 0;
      while (pos < this.size) {
        const bin = this.binOf(pos >>> PAGE_SHIFT);
        if (bin < 0 || this.binStart[bin] !== pos) {
          warnOnce(this.warnings, BASE_BLOCK_SIZE + pos, 'hbin', 'no valid bin starts here; the hive bins end here');
          break;
        }
        this.walkBin(bin);
        bins++;
        pos = this.binEnd[bin]; // a bin is at least 4096 bytes: always moves forward
      }
      this.fullWalk = { bins, size: pos };
    }
    return { ...this.fullWalk, allocatedCells: this.allocated, freeCells: this.free };
  }

  isCellStart(rel: number): boolean {
    if (rel < 0 || rel % CELL_UNIT !== 0 || rel >= this.size) return false;
    const bin = this.binOf(rel >>> PAGE_SHIFT);
    if (bin < 0) return false;
    this.walkBin(bin);
    const unit = rel / CELL_UNIT;
    return (this.starts[unit >> 3] & (1 << (unit & 7))) !== 0;
  }

  /**
   * File offset of the data of the allocated cell at `rel` (the first byte after its 4-byte size field
   * [REGF "Cells"]), or a CellError naming the structure that pointed there. Makes no object.
   */
  dataAt(rel: number, structure: string): number {
    // The common case first, in a few steps: a reference into a bin already walked, to an allocated cell.
    if ((rel & (CELL_UNIT - 1)) === 0 && rel < this.size) {
      const bin = this.pageBin[rel >>> PAGE_SHIFT];
      if (bin >= 0 && this.binWalked[bin] === 1) {
        const byte = rel >>> 5; // unit = rel / 4; its bit is unit & 7 in byte unit >> 3
        const bit = 1 << ((rel >>> 2) & 7);
        if ((this.starts[byte] & bit & this.used[byte]) !== 0) return BASE_BLOCK_SIZE + rel + 4;
      }
    }
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
    return Math.abs(this.view.getInt32(dataAbs - 4, true)) - 4;
  }

  /**
   * The bin covering `page`: look back page by page for a bin header until one is found or a page whose
   * bin is already known; every page passed is settled on the way, so each page is looked at once.
   */
  private binOf(page: number): number {
    if (page >= this.pageBin.length) return NO_BIN;
    const known = this.pageBin[page];
    if (known !== UNKNOWN) return known;
    let p = page;
    let bin: number = NO_BIN;
    for (; p >= 0; p--) {
      const at = this.pageBin[p];
      if (at !== UNKNOWN) {
        bin = at;
        break;
      }
      const header = this.binHeaderAt(p);
      if (header !== null) {
        bin = header;
        break;
      }
    }
    // Pages from p up to `page` are in `bin` if it reaches them; none of them starts a bin of its own.
    const end = bin >= 0 ? this.binEnd[bin] : 0;
    for (let q = Math.max(p, 0); q <= page; q++) {
      if (this.pageBin[q] === UNKNOWN) this.pageBin[q] = bin >= 0 && q << PAGE_SHIFT < end ? bin : NO_BIN;
    }
    return this.pageBin[page];
  }

  /** A valid bin header at `page` becomes a known bin (its pages filled in); null when there is none. */
  private binHeaderAt(page: number): number | null {
    const pos = page << PAGE_SHIFT;
    const abs = BASE_BLOCK_SIZE + pos;
    this.source.ensure(abs, abs + HBIN_HEADER_SIZE);
    const buf = this.buf;
    // "hbin"
    if (buf[abs] !== 0x68 || buf[abs + 1] !== 0x62 || buf[abs + 2] !== 0x69 || buf[abs + 3] !== 0x6e) return null;
    const size = this.view.getUint32(abs + HBIN_OFF_SIZE, true);
    if (size < HBIN_ALIGNMENT || size % HBIN_ALIGNMENT !== 0 || pos + size > this.size) {
      warnOnce(this.warnings, abs, 'hbin', `bad bin size 0x${size.toString(16)}; bin ignored`);
      return null;
    }
    const self = this.view.getUint32(abs + HBIN_OFF_SELF, true);
    if (self !== pos) warnOnce(this.warnings, abs, 'hbin', `bin says it is at 0x${self.toString(16)}, found at 0x${pos.toString(16)}`);
    const bin = this.binStart.length;
    this.binStart.push(pos);
    this.binEnd.push(pos + size);
    this.pageBin.fill(bin, page, (pos + size) >>> PAGE_SHIFT);
    return bin;
  }

  private walkBin(bin: number): void {
    if (this.binWalked[bin]) return;
    const view = this.view;
    const starts = this.starts;
    const used = this.used;
    const end = this.binEnd[bin];
    // Marked walked only once its bytes are there: a source that fails to give them (an undecodable chunk of a
    // hive inside a WIM) fails again at the next look-up in this bin, never leaves it looking empty of cells.
    this.source.ensure(BASE_BLOCK_SIZE + this.binStart[bin], BASE_BLOCK_SIZE + end);
    this.binWalked[bin] = 1;
    let allocated = 0;
    let cells = 0;
    let cell = this.binStart[bin] + HBIN_HEADER_SIZE;
    // Each cell starts with its size as an Int32: negative when allocated [REGF "Cells"].
    while (cell + 4 <= end) {
      const raw = view.getInt32(BASE_BLOCK_SIZE + cell, true);
      const cellSize = raw < 0 ? -raw : raw;
      if (raw === 0 || cellSize < 8 || (cellSize & (CELL_UNIT - 1)) !== 0 || cell + cellSize > end) {
        warnOnce(this.warnings, BASE_BLOCK_SIZE + cell, 'cell', `bad cell size ${raw}; rest of this bin skipped`);
        break;
      }
      const byte = cell >>> 5; // unit = cell / 4; its bit is unit & 7 in byte unit >> 3
      const bit = 1 << ((cell >>> 2) & 7);
      starts[byte] |= bit;
      cells++;
      // Free cells are counted as the rest: a branch of their own, first taken in a bin after V8 optimized
      // this loop on allocated ones, sent it back to the interpreter (a deoptimization in every full walk).
      if (raw < 0) {
        used[byte] |= bit;
        allocated++;
      }
      cell += cellSize; // cellSize >= 8: always moves forward
    }
    this.allocated += allocated;
    this.free += cells - allocated;
  }
}

/** One warning per offset and structure, and never more than 1000 in all. */
function warnOnce(warnings: HiveWarning[], offset: number, structure: string, message: string): void {
  if (warnings.length >= 1000) return;
  if (warnings.some((w) => w.offset === offset && w.structure === structure)) return;
  warnings.push({ offset, structure, message });
}
