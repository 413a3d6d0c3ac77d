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
  readList(ctx, listRel, ownerAbs, out);
}

/** A subkey list cell as found: its data offset, signature, the size of an item and how many items it holds. */
interface ListCell {
  d: number;
  sig: number;
  itemSize: number;
  count: number;
}

/** The list cell at `listRel`, checked (a warning and null when it is unusable). */
function listCell(ctx: HiveContext, listRel: number, ownerAbs: number): ListCell | null {
  let d: number;
  let size: number;
  try {
    d = ctx.cells.dataAt(listRel, 'subkey list');
    size = ctx.cells.dataSizeAt(d);
  } catch (err) {
    warn(ctx, ownerAbs, 'subkey-list', (err as Error).message);
    return null;
  }
  const view = ctx.view;
  if (size < LIST_OFF_ITEMS) {
    warn(ctx, d - 4, 'subkey-list', 'subkey list cell too small');
    return null;
  }
  const sig = view.getUint16(d, true);
  const declared = view.getUint16(d + LIST_OFF_COUNT, true);
  const itemSize = sig === SIG_LF || sig === SIG_LH ? 8 : sig === SIG_LI || sig === SIG_RI ? 4 : 0;
  if (itemSize === 0) {
    warn(ctx, d - 4, 'subkey-list', `unknown subkey list signature 0x${sig.toString(16)}`);
    return null;
  }
  const fits = Math.floor((size - LIST_OFF_ITEMS) / itemSize);
  const count = Math.min(declared, fits);
  if (count < declared) warn(ctx, d - 4, 'subkey-list', `list declares ${declared} entries, its cell holds ${fits}`);
  return { d, sig, itemSize, count };
}

/**
 * Calls `onLeaf` with each usable leaf of the list at `listRel` (the list itself unless it is an `ri`), in
 * order. An `ri`'s entries are taken from the budget first; a leaf it lists again is a warning, and each
 * leaf is checked (with its warnings) just before it is handed on, so a walk's warnings come in file order.
 */
function forEachLeaf(ctx: HiveContext, listRel: number, ownerAbs: number, onLeaf: (leaf: ListCell) => void): void {
  const list = listCell(ctx, listRel, ownerAbs);
  if (list === null) return;
  if (list.sig !== SIG_RI) {
    onLeaf(list);
    return;
  }
  if (!ctx.budget.take(ctx, list.count)) return;
  const seen = new Set<number>();
  for (let i = 0; i < list.count; i++) {
    const leafRel = ctx.view.getUint32(list.d + LIST_OFF_ITEMS + i * 4, true);
    if (seen.has(leafRel)) {
      warn(ctx, list.d - 4, 'subkey-list', `index root lists leaf 0x${leafRel.toString(16)} more than once; repeat ignored`);
      continue;
    }
    seen.add(leafRel);
    const leaf = listCell(ctx, leafRel, list.d - 4);
    if (leaf !== null && leaf.sig === SIG_RI) warn(ctx, leaf.d - 4, 'subkey-list', 'index root inside an index root ignored');
    else if (leaf !== null) onLeaf(leaf);
  }
}

function readList(ctx: HiveContext, listRel: number, ownerAbs: number, out: RefList): void {
  forEachLeaf(ctx, listRel, ownerAbs, (leaf) => readLeaf(ctx, leaf, out));
}

function readLeaf(ctx: HiveContext, leaf: ListCell, out: RefList): void {
  const { d, itemSize, count } = leaf;
  if (leaf.sig !== SIG_LH) out.hashed = false;
  if (!ctx.budget.take(ctx, count)) return;
  const view = ctx.view;
  let repeats = 0;
  for (let i = 0; i < count; i++) {
    const at = d + LIST_OFF_ITEMS + i * itemSize;
    if (!out.add(view.getUint32(at, true), itemSize === 8 ? view.getUint32(at + 4, true) : 0)) repeats++;
  }
  if (repeats > 0) warn(ctx, d - 4, 'subkey-list', `${repeats} repeated subkey reference(s) ignored`);
}

/** The usable leaves of the subkey list at `listRel`, checked as readSubkeyList checks them. */
function leavesOfList(ctx: HiveContext, listRel: number, ownerAbs: number): ListCell[] {
  const leaves: ListCell[] = [];
  forEachLeaf(ctx, listRel, ownerAbs, (leaf) => leaves.push(leaf));
  return leaves;
}

/**
 * A lookup's read of a subkey list: calls `visit` with the entries that may be the subkey whose name has
 * the `lh` hash `hash`, in list order, until it returns true. Where every leaf is an `lh`, only the entries
 * with that hash; otherwise every entry (as readSubkeyList's `hashed` decides). The same checks, warnings
 * and budget as readSubkeyList on the cells it reads, but the entries are not copied into a list: a lookup
 * through the 700-odd services of a SYSTEM hive copied them all, with a look for repeats, to find one. A
 * key node listed again with the hash is not visited again (a hostile list of 65,535 entries naming one
 * node with a name of 60,000 characters would have its name decoded at each); a repeat is not warned about
 * here (the walks, which read through readSubkeyList, warn). Unlike that list read, which kept a node's first
 * entry only, a node listed twice is found by either entry whose hash is its name's.
 */
export function findInSubkeyList(ctx: HiveContext, listRel: number, ownerAbs: number, hash: number, visit: (rel: number) => boolean): void {
  const leaves = leavesOfList(ctx, listRel, ownerAbs);
  const hashed = leaves.every((leaf) => leaf.sig === SIG_LH);
  // The nodes visited: most look-ups meet one candidate or none, so the set is made at the second.
  let first = -1;
  let visited: Set<number> | null = null;
  for (const { d, itemSize, count } of leaves) {
    if (!ctx.budget.take(ctx, count)) continue;
    for (let i = 0; i < count; i++) {
      const at = d + LIST_OFF_ITEMS + i * itemSize;
      if (hashed && ctx.view.getUint32(at + 4, true) !== hash) continue;
      const rel = ctx.view.getUint32(at, true);
      if (rel === first || visited?.has(rel)) continue;
      if (first === -1) first = rel;
      else (visited ??= new Set()).add(rel);
      if (visit(rel)) return;
    }
  }
}

/**
 * Every entry of a subkey list in list order, with the `lh` hashes when every leaf is an `lh` (else null):
 * for searches over one list (Key.subkeysMatching), with the checks, warnings and budget of
 * findInSubkeyList. An entry listed twice is there twice (the search keeps each key once).
 */
export function subkeyEntries(ctx: HiveContext, listRel: number, ownerAbs: number): { rels: Uint32Array; hashes: Uint32Array | null } {
  const leaves = leavesOfList(ctx, listRel, ownerAbs).filter((leaf) => ctx.budget.take(ctx, leaf.count));
  const total = leaves.reduce((n, leaf) => n + leaf.count, 0);
  const rels = new Uint32Array(total);
  const hashes = leaves.every((leaf) => leaf.sig === SIG_LH) ? new Uint32Array(total) : null;
  let n = 0;
  for (const { d, itemSize, count } of leaves) {
    for (let i = 0; i < count; i++, n++) {
      const at = d + LIST_OFF_ITEMS + i * itemSize;
      rels[n] = ctx.view.getUint32(at, true);
      if (hashes !== null) hashes[n] = ctx.view.getUint32(at + 4, true);
    }
  }
  return { rels, hashes };
}
