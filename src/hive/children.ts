// The children of a key node as every walk takes them (Key.subkeys(), Key.subkey(name), hive stats): the
// entries of its subkey list [REGF "Key node": subkey count at 20, subkeys list offset at 28] that are key
// nodes, neither deeper than MAX_KEY_DEPTH nor one of the key's own ancestors (a cycle). Each refusal is a
// warning on the parent. By offsets: nothing here makes an object per child.
import type { HiveContext } from './context';
import { warn } from './context';
import { keyNodeAt, subkeyCountAt, subkeysListAt } from './key-node';
import { grown, type RefList } from './ref-list';
import { readSubkeyList } from './subkey-list';

/** Windows refuses deeper trees; a deeper chain in a file can only be a loop or an attack. */
export const MAX_KEY_DEPTH = 512;

/** Children found by readChildren: relative offset and nk data offset of each, in list order. */
export class ChildList {
  rels = new Uint32Array(64);
  ds = new Uint32Array(64);
  length = 0;

  push(rel: number, d: number): void {
    if (this.length === this.rels.length) {
      this.rels = grown(this.rels, this.rels.length * 2);
      this.ds = grown(this.ds, this.ds.length * 2);
    }
    this.rels[this.length] = rel;
    this.ds[this.length] = d;
    this.length++;
  }
}

/**
 * The nk data offset of the child at `rel` of the key whose nk data is at `parentD`, at `depth`, whose own
 * relative offset and its ancestors' are path[0..depth]; -1 (and a warning) when the child is refused.
 */
export function childNodeAt(ctx: HiveContext, parentD: number, depth: number, path: Uint32Array, rel: number): number {
  if (depth + 1 >= MAX_KEY_DEPTH) {
    warn(ctx, parentD - 4, 'nk', `key tree deeper than ${MAX_KEY_DEPTH}; subkeys ignored`);
    return -1;
  }
  for (let i = 0; i <= depth; i++) {
    if (path[i] === rel) {
      warn(ctx, parentD - 4, 'nk', 'subkey list points back to an ancestor (cycle); entry ignored');
      return -1;
    }
  }
  try {
    return keyNodeAt(ctx, rel);
  } catch (err) {
    warn(ctx, parentD - 4, 'subkey-list', (err as Error).message);
    return -1;
  }
}

/**
 * Every accepted child of the key at `parentD` (see childNodeAt) into `out`, emptied first; `list` is the
 * scratch list the subkey list is read into. Fewer children than the key declares is a warning.
 */
export function readChildren(ctx: HiveContext, parentD: number, depth: number, path: Uint32Array, list: RefList, out: ChildList): void {
  out.length = 0;
  const declared = subkeyCountAt(ctx.view, parentD);
  const listRel = subkeysListAt(ctx.view, parentD);
  if (declared === 0 || listRel === 0xffffffff) return;
  readSubkeyList(ctx, listRel, parentD - 4, list);
  for (let i = 0; i < list.length; i++) {
    const rel = list.rels[i];
    const d = childNodeAt(ctx, parentD, depth, path, rel);
    if (d >= 0) out.push(rel, d);
  }
  if (out.length !== declared) warn(ctx, parentD - 4, 'nk', `key declares ${declared} subkeys, ${out.length} were readable`);
}
