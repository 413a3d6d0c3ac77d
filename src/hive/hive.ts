// The read-only, in-memory view of one hive: keys and values found lazily from the root, by
// case-insensitive path. Nothing here touches the file system; see open.ts for that.
import { BASE_BLOCK_SIZE, parseBaseBlock, type BaseBlock } from './base-block';
import { LazyFileSource, wholeSource, type ByteSource } from './source';
import { CellMap } from './bins';
import { warn, WorkBudget, type HiveContext } from './context';
import { BaseBlockError, HiveError } from './errors';
import { ChildList, childNodeAt, MAX_KEY_DEPTH, readChildren } from './children';
import { KEY_COMP_NAME, KeyNode } from './key-node';
import { compareNames, lhHash, namesEqual, splitPath, startsWithName } from './names';
import { RefList } from './ref-list';
import { findInSubkeyList, subkeyEntries } from './subkey-list';
import { decodeValue, valueNumber, valueString, valueStrings } from './value-data';
import { readValueData, readValuesList, VALUE_TOMBSTONE, ValueKey } from './value-key';
import { regTypeName, type DecodedValue, type HiveWarning, type RecoveryReport } from './types';

export { MAX_KEY_DEPTH };

const NO_RECOVERY: RecoveryReport = { dirty: false, applied: [], logsFound: [], recovered: false };

export class Hive {
  readonly baseBlock: BaseBlock;
  readonly warnings: HiveWarning[];
  readonly root: Key;
  /** The reader's own state, for the walks inside src/hive (stats.ts); not for other layers. */
  readonly ctx: HiveContext;
  private readonly source: ByteSource;

  /**
   * @param file  name used in errors and warnings
   * @param image the hive bytes (after in-memory log recovery, if any), or a lazily read file
   */
  constructor(
    readonly file: string,
    image: Buffer | ByteSource,
    readonly recovery: RecoveryReport = NO_RECOVERY,
    warnings: HiveWarning[] = [],
    /** The primary file's base block as found on disk, when recovery replaced it in memory. */
    readonly fileBaseBlock: BaseBlock | null = null,
  ) {
    this.warnings = warnings;
    const source = Buffer.isBuffer(image) ? wholeSource(image) : image;
    this.source = source;
    source.ensure(0, BASE_BLOCK_SIZE);
    this.baseBlock = parseBaseBlock(file, source.buf, warnings);
    const cells = new CellMap(file, source, this.baseBlock.effectiveHiveBinsDataSize, warnings);
    this.ctx = {
      file,
      buf: source.buf,
      view: new DataView(source.buf.buffer, source.buf.byteOffset, source.buf.byteLength),
      cells,
      minorVersion: this.baseBlock.minorVersion,
      warnings,
      budget: new WorkBudget(cells.size),
      refs: new RefList(),
      children: new ChildList(),
    };
    let rootNode: KeyNode;
    try {
      rootNode = KeyNode.read(this.ctx, this.baseBlock.rootCellOffset);
    } catch (err) {
      const reason = err instanceof HiveError ? err.reason : String(err);
      throw new BaseBlockError(
        file,
        36,
        'root cell',
        `root key unreadable at relative offset 0x${this.baseBlock.rootCellOffset.toString(16)}: ${reason}`,
      );
    }
    this.root = new Key(this.ctx, rootNode, null);
  }

  /** Reads the whole file now (one read instead of many small ones), before a walk that touches everything. */
  readAll(): void {
    this.source.ensure(0, this.source.buf.length);
  }

  /** Bytes of the file read so far: all of it for an in-memory image, what lookups needed for a lazily read file. */
  get bytesRead(): number {
    return this.source instanceof LazyFileSource ? this.source.bytesRead : this.source.buf.length;
  }

  /**
   * Walks every bin in order (lookups touch only the bins they need) and returns the bin and cell
   * counts; the bins end at the first bad header, which also fixes `baseBlock.effectiveHiveBinsDataSize`.
   */
  walkAllBins(): { bins: number; allocatedCells: number; freeCells: number } {
    const all = this.ctx.cells.walkAll();
    this.baseBlock.effectiveHiveBinsDataSize = all.size;
    return { bins: all.bins, allocatedCells: all.allocatedCells, freeCells: all.freeCells };
  }

  /** The key at a backslash path below the root ("" or "\\" is the root); case-insensitive. */
  key(path: string): Key | null {
    let key: Key | null = this.root;
    for (const part of splitPath(path)) {
      key = key.subkey(part);
      if (!key) return null;
    }
    return key;
  }

  /** Shorthand for key(path)?.value(name). */
  value(path: string, name: string): Value | null {
    return this.key(path)?.value(name) ?? null;
  }
}

// Keys and values are not cached: each call reads the cells again. Walks over big hives then keep
// nothing alive behind them, and lookups of a few keys cost only what they touch.
export class Key {
  readonly depth: number;

  constructor(
    private readonly ctx: HiveContext,
    private readonly nk: KeyNode,
    readonly parent: Key | null,
  ) {
    this.depth = parent ? parent.depth + 1 : 0;
  }

  get name(): string {
    return this.nk.name;
  }
  /** Backslash path from the root; the root itself is "\\". */
  get path(): string {
    if (!this.parent) return '\\';
    const up = this.parent.path;
    return up === '\\' ? `\\${this.name}` : `${up}\\${this.name}`;
  }
  /** Path below the root without the leading backslash ("" for the root), as used in evidence. */
  get relativePath(): string {
    return this.path.slice(1);
  }
  get lastWritten(): string | null {
    return this.nk.lastWritten;
  }
  /** File offset of the key node cell. */
  get offset(): number {
    return this.nk.abs;
  }
  get flags(): number {
    return this.nk.flags;
  }
  get compressedName(): boolean {
    return (this.nk.flags & KEY_COMP_NAME) !== 0;
  }
  get declaredSubkeyCount(): number {
    return this.nk.subkeyCount;
  }
  get declaredValueCount(): number {
    return this.nk.valueCount;
  }
  /** How many cells the hive could hold at most (8 bytes each): an upper bound on the keys a walk can meet. */
  get maxCells(): number {
    return Math.floor(this.ctx.cells.size / 8);
  }

  /** Attach a warning to the hive this key belongs to. */
  warn(structure: string, message: string): void {
    warn(this.ctx, this.nk.abs, structure, message);
  }

  get className(): string | null {
    return this.nk.className();
  }

  subkeys(): Key[] {
    const children = this.children();
    const out: Key[] = [];
    for (let i = 0; i < children.length; i++) out.push(new Key(this.ctx, KeyNode.at(this.ctx, children.rels[i], children.ds[i]), this));
    return out;
  }

  /** This key's accepted children (readChildren), in the hive's shared list: used up before the next read. */
  private children(): ChildList {
    const children = this.ctx.children;
    readChildren(this.ctx, this.nk.d, this.depth, this.ancestry(), this.ctx.refs, children);
    return children;
  }

  /** The direct subkey with this name (case-insensitive): the list scanned for its `lh` hash (findInSubkeyList). */
  subkey(name: string): Key | null {
    if (this.nk.subkeyCount === 0 || this.nk.subkeysListRel === 0xffffffff) return null;
    let path: Uint32Array | null = null;
    let found: Key | null = null;
    findInSubkeyList(this.ctx, this.nk.subkeysListRel, this.nk.abs, lhHash(name), (rel) => {
      path ??= this.ancestry();
      const d = childNodeAt(this.ctx, this.nk.d, this.depth, path, rel);
      if (d < 0) return false;
      const child = new Key(this.ctx, KeyNode.at(this.ctx, rel, d), this);
      if (!namesEqual(child.name, name)) return false;
      found = child;
      return true;
    });
    return found;
  }

  /**
   * The direct subkeys named in `names` or whose names begin with one of `prefixes` (case-insensitive), in
   * list order, for a few names among hundreds of subkeys (the 700-odd services of a SYSTEM hive): the
   * subkey list is read once, and only the key nodes of candidates are read, where reading every name
   * would touch most of the hive. A name is looked for by its `lh` hash (every entry of a list without
   * hashes is read); a prefix by binary search, subkey lists being sorted by upper-cased name [REGF
   * "Subkeys list": "must be sorted"]. Where the names read show the list out of that order, every name is
   * read instead, and the key gets a warning.
   */
  subkeysMatching(names: readonly string[], prefixes: readonly string[] = []): Key[] {
    if (this.nk.subkeyCount === 0 || this.nk.subkeysListRel === 0xffffffff) return [];
    const { rels, hashes } = subkeyEntries(this.ctx, this.nk.subkeysListRel, this.nk.abs);
    const path = this.ancestry();
    // Each key node is read once however often the list names it (a hostile list can name one node with a long
    // name 65,535 times); `read` remembers by list position which entries were looked at.
    const nodes = new Map<number, Key | null>();
    const read = new Map<number, Key | null>();
    const at = (i: number): Key | null => {
      let key = read.get(i);
      if (key === undefined) {
        const rel = rels[i];
        key = nodes.get(rel);
        if (key === undefined) {
          const d = childNodeAt(this.ctx, this.nk.d, this.depth, path, rel);
          key = d < 0 ? null : new Key(this.ctx, KeyNode.at(this.ctx, rel, d), this);
          nodes.set(rel, key);
        }
        read.set(i, key);
      }
      return key;
    };
    const found = new Set<number>();
    const wanted = names.map(lhHash);
    for (let i = 0; i < rels.length; i++) {
      if (hashes !== null && !wanted.includes(hashes[i])) continue;
      const name = at(i)?.name;
      if (name !== undefined && names.some((n) => namesEqual(name, n))) found.add(i);
    }
    for (const prefix of prefixes) {
      let lo = 0;
      let hi = rels.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        const name = at(mid)?.name;
        // An unreadable entry has no place in the order: inNameOrder below then has the list read whole.
        if (name === undefined) break;
        if (compareNames(name, prefix) < 0) lo = mid + 1;
        else hi = mid;
      }
      for (let i = lo; i < rels.length; i++) {
        const name = at(i)?.name;
        if (name === undefined || !startsWithName(name, prefix)) break;
        found.add(i);
      }
    }
    if (prefixes.length > 0 && !inNameOrder(read)) {
      this.warn('subkey-list', 'subkey list is not in name order; every subkey name was read');
      for (let i = 0; i < rels.length; i++) {
        const name = at(i)?.name;
        if (name !== undefined && prefixes.some((p) => startsWithName(name, p))) found.add(i);
      }
    }
    // A node listed twice is one key: kept once, at its first place.
    const keys = new Set<Key>();
    for (const i of [...found].sort((a, b) => a - b)) keys.add(at(i) as Key);
    return [...keys];
  }

  /** Relative offsets of the key nodes from the root down to this key (path[depth] is this key's). */
  private ancestry(): Uint32Array {
    const path = new Uint32Array(this.depth + 1);
    for (let k: Key | null = this; k; k = k.parent) path[k.depth] = k.nk.rel;
    return path;
  }

  values(): Value[] {
    const out: Value[] = [];
    const list = this.ctx.refs;
    readValuesList(this.ctx, this.nk.valuesListRel, this.nk.valueCount, this.nk.abs, list);
    for (let i = 0; i < list.length; i++) {
      try {
        out.push(new Value(this.ctx, ValueKey.read(this.ctx, list.rels[i])));
      } catch (err) {
        warn(this.ctx, this.nk.abs, 'value-list', (err as Error).message);
      }
    }
    return out;
  }

  /** The value with this name; "" is the default value. Case-insensitive. */
  value(name: string): Value | null {
    return this.values().find((v) => namesEqual(v.name, name)) ?? null;
  }
}

/**
 * Whether the subkeys read from one list (by index) are readable and in the list's name order: what a binary
 * search over the list can check of the order it relies on. A node listed at several places is one Key, and is
 * not compared with itself (two 60,000-character names, 65,535 times).
 */
function inNameOrder(read: Map<number, Key | null>): boolean {
  let previous: Key | null = null;
  for (const i of [...read.keys()].sort((a, b) => a - b)) {
    const key = read.get(i);
    if (key === null || key === undefined) return false;
    if (previous !== null && previous !== key && compareNames(previous.name, key.name) > 0) return false;
    previous = key;
  }
  return true;
}

export class Value {
  private data: Uint8Array | null = null;

  constructor(
    private readonly ctx: HiveContext,
    private readonly vk: ValueKey,
  ) {}

  get name(): string {
    return this.vk.name;
  }
  get type(): number {
    return this.vk.type;
  }
  get typeName(): string {
    return regTypeName(this.vk.type);
  }
  /** File offset of the value key cell. */
  get offset(): number {
    return this.vk.abs;
  }
  get declaredSize(): number {
    return this.vk.dataSize;
  }
  /** Deleted in a layered (differencing) hive [REGF "Layered keys"]. */
  get tombstone(): boolean {
    return (this.vk.flags & VALUE_TOMBSTONE) !== 0;
  }

  /** Exactly the stored bytes, big data reassembled, cut to the declared size. */
  raw(): Uint8Array {
    if (!this.data) this.data = readValueData(this.ctx, this.vk);
    return this.data;
  }

  decoded(): DecodedValue {
    return decodeValue(this.vk.type, this.raw());
  }

  /** Text for any value holding UTF-16 text (SZ, EXPAND_SZ, LINK, or typeless/binary text), else null. */
  string(): string | null {
    return valueString(this.type, this.raw());
  }

  /** A DWORD (or a 4/8-byte binary holding one), else null. */
  number(): number | null {
    return valueNumber(this.type, this.raw());
  }

  strings(): string[] | null {
    return valueStrings(this.type, this.raw());
  }
}
