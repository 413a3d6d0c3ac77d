// Subkey lists [REGF "Subkeys list"]: index leaf `li`, fast leaf `lf`, hash leaf `lh`, and index root `ri`
// (a list of leaves; an `ri` never points to another `ri`). Offsets are relative to the cell data: a
// 2-byte signature, a 2-byte count at 2, then the items at 4 — a 4-byte key node offset each (`li`, `ri`:
// a leaf offset), or a key node offset and a 4-byte hint (`lf`: the first four name characters; `lh`: the
// name hash) for 8 bytes each.
import type { HiveContext } from './context';
import { warn } from './context';
import type { RefList } from './ref-list';

const LIST_OFF_COUNT = 2;
const LIST_OFF_ITEMS = 4;
const SIG_LI = 0x696c; // "li", read as a little-endian UInt16
const SIG_LF = 0x666c; // "lf"
const SIG_LH = 0x686c; // "lh"
const SIG_RI = 0x6972; // "ri"

/**
 * All entries of a subkey list into `out` (emptied first), flattening an `ri`. Bad entries become warnings,
 * never throws. A key node listed twice, or a leaf listed twice in one `ri`, is taken once: a real list
 * never repeats, and repetition is how a small file would fan out into billions of entries. `out.hashed`
 * says whether every leaf read was an `lh` (then `out.hashes` holds the name hashes).
 */
export function readSubkeyList(ctx: HiveContext, listRel: number, ownerAbs: number, out: RefList): void {
  out.reset();
  readList(ctx, listRel, ownerAbs, out, null);
}

/** `leaves` is null for the list the key names, the leaves already read when reading an `ri`'s leaves. */
function readList(ctx: HiveContext, listRel: number, ownerAbs: number, out: RefList, leaves: Set<number> | null): void {
  let d: number;
  let size: number;
  try {
    d = ctx.cells.dataAt(listRel, 'subkey list');
    size = ctx.cells.dataSizeAt(d);
  } catch (err) {
    warn(ctx, ownerAbs, 'subkey-list', (err as Error).message);
    return;
  }
  const view = ctx.view;
  if (size < LIST_OFF_ITEMS) {
    warn(ctx, d - 4, 'subkey-list', 'subkey list cell too small');
    return;
  }
  const sig = view.getUint16(d, true);
  const declared = view.getUint16(d + LIST_OFF_COUNT, true);
  const itemSize = sig === SIG_LF || sig === SIG_LH ? 8 : sig === SIG_LI || sig === SIG_RI ? 4 : 0;
  if (itemSize === 0) {
    warn(ctx, d - 4, 'subkey-list', `unknown subkey list signature 0x${sig.toString(16)}`);
    return;
  }
  const fits = Math.floor((size - LIST_OFF_ITEMS) / itemSize);
  const count = Math.min(declared, fits);
  if (count < declared) warn(ctx, d - 4, 'subkey-list', `list declares ${declared} entries, its cell holds ${fits}`);
  if (sig === SIG_RI) {
    if (leaves !== null) {
      warn(ctx, d - 4, 'subkey-list', 'index root inside an index root ignored');
      return;
    }
    if (!ctx.budget.take(ctx, count)) return;
    const seenLeaves = new Set<number>();
    for (let i = 0; i < count; i++) {
      const leaf = view.getUint32(d + LIST_OFF_ITEMS + i * 4, true);
      if (seenLeaves.has(leaf)) {
        warn(ctx, d - 4, 'subkey-list', `index root lists leaf 0x${leaf.toString(16)} more than once; repeat ignored`);
        continue;
      }
      seenLeaves.add(leaf);
      readList(ctx, leaf, d - 4, out, seenLeaves);
    }
    return;
  }
  if (sig !== SIG_LH) out.hashed = false;
  if (!ctx.budget.take(ctx, count)) return;
  let repeats = 0;
  for (let i = 0; i < count; i++) {
    const at = d + LIST_OFF_ITEMS + i * itemSize;
    if (!out.add(view.getUint32(at, true), itemSize === 8 ? view.getUint32(at + 4, true) : 0)) repeats++;
  }
  if (repeats > 0) warn(ctx, d - 4, 'subkey-list', `${repeats} repeated subkey reference(s) ignored`);
}
