// What every structure parser needs: the bytes, the cell map, the version and the warning sink.
import type { CellMap } from './bins';
import type { ChildList } from './children';
import type { RefList } from './ref-list';
import type { HiveWarning } from './types';

export interface HiveContext {
  readonly file: string;
  readonly buf: Buffer;
  /**
   * The same bytes for reading the fixed-size fields of the structures (little-endian, as regf is). Read
   * through this, not Buffer's readUInt16LE/readUInt32LE: those check their offset through a wrapper that
   * makes an array of its arguments at every call (Node 20), garbage for each key and value a lookup meets.
   */
  readonly view: DataView;
  readonly cells: CellMap;
  readonly minorVersion: number;
  readonly warnings: HiveWarning[];
  readonly budget: WorkBudget;
  /** The list Key reads subkey and value lists into: each read is used up before the next one starts. */
  readonly refs: RefList;
  /** The list Key.subkeys() reads a key's children into, used up before it returns. */
  readonly children: ChildList;
}

/**
 * How many list entries (subkey and value references) one hive may make us read in all. Lists can be
 * shared between keys and an index root can repeat one leaf, so a small hostile file can describe
 * billions of references; real hives need about one per key. Past the budget, lists come back cut
 * short with one warning, and the reader stays fast.
 */
export class WorkBudget {
  private remaining: number;
  private warned = false;

  constructor(binsSize: number) {
    // 4 references per possible cell (8 bytes each), plus room for many lookups in small hives.
    this.remaining = 4 * Math.floor(binsSize / 8) + 1_000_000;
  }

  /** Takes `n` from the budget; false (and one warning) once it is spent. */
  take(ctx: HiveContext, n: number): boolean {
    this.remaining -= n;
    if (this.remaining >= 0) return true;
    if (!this.warned) {
      this.warned = true;
      warn(
        ctx,
        -1,
        'hive',
        'the hive references its lists far more often than its size allows (damaged or hostile); reading stopped, results are incomplete',
      );
    }
    return false;
  }
}

export function warn(ctx: HiveContext, offset: number, structure: string, message: string): void {
  // A hostile hive could produce one warning per cell; keep the list bounded.
  if (ctx.warnings.length < 1000) ctx.warnings.push({ offset, structure, message });
  else if (ctx.warnings.length === 1000)
    ctx.warnings.push({ offset: -1, structure: 'hive', message: 'more than 1000 warnings; further warnings dropped' });
}
