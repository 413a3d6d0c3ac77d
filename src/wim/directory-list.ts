// One directory's children: the list of dentries at its subdir offset, ended by a zero length
// [wim-format.md §5.5], parsed and checked when the directory is first listed. The bounds are shared by
// every list of one image (`ListBudget`), so however the lists are reached — one path at a time or the
// whole tree — the work stays bounded [wim-format.md §12]: a list offset reached twice is a cycle (or two
// directories sharing children), the bytes parsed may not exceed the metadata (7-Zip's rule, which also
// stops overlapping lists), depth and path length are capped, and names that cannot be a path component
// on NTFS are refused.
import { parseDentry, type RawDentry } from './dentry';
import { WimMetadataError } from './errors';
import type { MetadataBytes } from './metadata-bytes';

/** Deeper trees are refused (wimlib stops at 16384; Windows paths end long before). */
export const MAX_DEPTH = 4096;
/** Longest path in UTF-16 units, like Windows' extended-length limit (7-Zip uses the same). */
export const MAX_PATH_UNITS = 32767;

/** What the lists of one image have used so far, and where they may start. */
export class ListBudget {
  /** Dentry bytes parsed so far (end markers included), across every list of the image. */
  parsedBytes = 0;
  private readonly seenLists = new Set<number>();

  constructor(
    readonly file: string,
    readonly where: string,
    readonly bytes: MetadataBytes,
    /** The first byte after the security data: no list may start before it [wim-format.md §5.1]. */
    readonly securityEnd: number,
  ) {}

  fail(offset: number, reason: string): never {
    throw new WimMetadataError(this.file, -1, `${this.where} metadata at offset 0x${offset.toString(16)}`, reason);
  }

  /** Claims the list at `offset` for one directory; a second claim is a cycle or a shared list. */
  claim(offset: number): void {
    if (offset < this.securityEnd) this.fail(offset, 'a directory list starts inside the security data');
    if (this.seenLists.has(offset)) this.fail(offset, 'a directory list is reached twice (cyclic or shared directories)');
    this.seenLists.add(offset);
  }
}

/** A child's dentry with the length, in UTF-16 units, of its path from the root. */
export interface ListedDentry {
  dentry: RawDentry;
  pathUnits: number;
}

/**
 * The children listed at `list` of a directory `depth` levels below the root whose path is `pathUnits` long.
 * Throws WimMetadataError for any damage of the list; what it parsed counts against `budget` either way.
 */
export function readDirectoryList(budget: ListBudget, list: number, depth: number, pathUnits: number): ListedDentry[] {
  const { file, where, bytes } = budget;
  budget.claim(list);
  if (depth > MAX_DEPTH) budget.fail(list, `directories nested deeper than ${MAX_DEPTH}`);
  const out: ListedDentry[] = [];
  const names = new Set<string>();
  let p = list;
  for (;;) {
    const d = parseDentry(file, where, bytes, p);
    if (!d) {
      budget.parsedBytes += 8;
      return out;
    }
    budget.parsedBytes += d.next - p;
    if (budget.parsedBytes > bytes.size) budget.fail(p, 'more dentry bytes than the metadata holds (overlapping or cyclic lists)');
    p = d.next;
    const name = d.name;
    if (name === '') budget.fail(d.offset, 'a dentry other than the root has no name');
    if (name === '.' || name === '..') budget.fail(d.offset, `"${name}" is not a valid name in a directory`);
    if (/[\\/\0]/.test(name)) budget.fail(d.offset, `name ${JSON.stringify(name)} contains a path separator or NUL`);
    if (names.has(name)) budget.fail(d.offset, `two entries named ${JSON.stringify(name)} in one directory`);
    names.add(name);
    const units = pathUnits + 1 + name.length;
    if (units > MAX_PATH_UNITS) budget.fail(d.offset, `path longer than ${MAX_PATH_UNITS} characters`);
    out.push({ dentry: d, pathUnits: units });
  }
}
