// Subkey lists [REGF "Subkeys list"]: index leaf `li`, fast leaf `lf`, hash leaf `lh`, and index root `ri`
// (a list of leaves; an `ri` never points to another `ri`). Offsets are relative to the cell data.
import type { HiveContext } from './context';
import { warn } from './context';

const LIST_OFF_COUNT = 2;
const LIST_OFF_ITEMS = 4;

export interface SubkeyRefs {
  /** Relative offsets of the child key nodes, in list order. */
  rels: number[];
  /** `lh` name hashes parallel to `rels`, or null when any leaf carries none (li/lf). */
  hashes: number[] | null;
}

/**
 * All entries of a subkey list, flattening an `ri`. Bad entries become warnings, never throws. A key
 * node listed twice, or a leaf listed twice in one `ri`, is taken once: a real list never repeats, and
 * repetition is how a small file would fan out into billions of entries.
 */
export function readSubkeyList(ctx: HiveContext, listRel: number, ownerAbs: number): SubkeyRefs {
  const out: SubkeyRefs = { rels: [], hashes: [] };
  readList(ctx, listRel, ownerAbs, out, true, new Set(), new RefSet());
  if (out.hashes && out.hashes.length !== out.rels.length) out.hashes = null;
  return out;
}

function readList(
  ctx: HiveContext,
  listRel: number,
  ownerAbs: number,
  out: SubkeyRefs,
  allowRoot: boolean,
  leaves: Set<number>,
  seen: RefSet,
): void {
  let cell;
  try {
    cell = ctx.cells.cell(listRel, 'subkey list');
  } catch (err) {
    warn(ctx, ownerAbs, 'subkey-list', (err as Error).message);
    return;
  }
  const d = cell.dataAbs;
  const buf = ctx.buf;
  if (cell.dataSize < LIST_OFF_ITEMS) {
    warn(ctx, d - 4, 'subkey-list', 'subkey list cell too small');
    return;
  }
  const sig = listSignature(buf[d], buf[d + 1]);
  const declared = buf.readUInt16LE(d + LIST_OFF_COUNT);
  const itemSize = sig === 'lf' || sig === 'lh' ? 8 : sig === 'li' || sig === 'ri' ? 4 : 0;
  if (sig === null) {
    warn(ctx, d - 4, 'subkey-list', `unknown subkey list signature 0x${buf.readUInt16LE(d).toString(16)}`);
    return;
  }
  const fits = Math.floor((cell.dataSize - LIST_OFF_ITEMS) / itemSize);
  const count = Math.min(declared, fits);
  if (count < declared) warn(ctx, d - 4, 'subkey-list', `list declares ${declared} entries, its cell holds ${fits}`);
  if (sig === 'ri') {
    if (!allowRoot) {
      warn(ctx, d - 4, 'subkey-list', 'index root inside an index root ignored');
      return;
    }
    if (!ctx.budget.take(ctx, count)) return;
    for (let i = 0; i < count; i++) {
      const leaf = buf.readUInt32LE(d + LIST_OFF_ITEMS + i * 4);
      if (leaves.has(leaf)) {
        warn(ctx, d - 4, 'subkey-list', `index root lists leaf 0x${leaf.toString(16)} more than once; repeat ignored`);
        continue;
      }
      leaves.add(leaf);
      readList(ctx, leaf, d - 4, out, false, leaves, seen);
    }
    return;
  }
  if (sig !== 'lh') out.hashes = null;
  if (!ctx.budget.take(ctx, count)) return;
  let repeats = 0;
  for (let i = 0; i < count; i++) {
    const at = d + LIST_OFF_ITEMS + i * itemSize;
    const rel = buf.readUInt32LE(at);
    if (!seen.add(rel, out.rels)) {
      repeats++;
      continue;
    }
    out.rels.push(rel);
    if (out.hashes) out.hashes.push(buf.readUInt32LE(at + 4));
  }
  if (repeats > 0) warn(ctx, d - 4, 'subkey-list', `${repeats} repeated subkey reference(s) ignored`);
}

function listSignature(a: number, b: number): 'li' | 'lf' | 'lh' | 'ri' | null {
  if (a === 0x6c /* l */) {
    if (b === 0x69) return 'li';
    if (b === 0x66) return 'lf';
    if (b === 0x68) return 'lh';
  } else if (a === 0x72 /* r */ && b === 0x69) return 'ri';
  return null;
}

/**
 * Which references a list already gave. Most lists are short: a linear look at what was taken so far
 * is cheaper than a Set, which is only made once a list grows long.
 */
export class RefSet {
  private set: Set<number> | null = null;

  /** False when `rel` was seen; `taken` is the list of references accepted so far. */
  add(rel: number, taken: number[]): boolean {
    if (this.set === null) {
      if (taken.length < 16) return !taken.includes(rel);
      this.set = new Set(taken);
    }
    if (this.set.has(rel)) return false;
    this.set.add(rel);
    return true;
  }
}
