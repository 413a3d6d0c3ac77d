/**
 * Test-only writer of registry hive files ("regf" primary files) from a declarative tree.
 *
 * Every offset below cites "Windows registry file format specification" by M. Suhanov
 * (github.com/msuhanov/regf), abbreviated [REGF] with the section name, and
 * /work/shared/reference/domain.md §10 which summarises it. Offsets inside a cell are relative to
 * the start of the *cell data*, i.e. after the cell's 4-byte size field ([REGF] "Cell"); every
 * "offset" stored in a record is relative to the start of the hive bins data (file offset - 4096,
 * [REGF] "Base block", note 1).
 *
 * Layout choices (all legal per [REGF], and deterministic):
 *  - the root key node is the first cell (offset 0x20), the single shared `sk` cell follows it;
 *  - then, key by key depth-first: class name, values list, vk + data cells, child key nodes,
 *    the subkeys list(s) of those children, then the children's own contents;
 *  - cells are packed into 4096-byte bins; a cell too big for a fresh 4096-byte bin gets a bin of
 *    the next multiple of 4096; the unused tail of every bin is one free cell.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

// ---------------------------------------------------------------------------------------------
// Public API
// ---------------------------------------------------------------------------------------------

/** One value: raw type number and the exact bytes to store. */
export interface ValueSpec {
  name: string;
  type: number;
  data: Uint8Array;
}

/** One key and (recursively) its subkeys. Subkeys are stored sorted as Windows requires. */
export interface KeySpec {
  name: string;
  values?: ValueSpec[];
  subkeys?: KeySpec[];
  /** Stored as a UTF-16LE cell; '' or undefined means "no class name". */
  className?: string;
  /** Key node last-written time; defaults to BuildOptions.lastWritten. */
  lastWritten?: Date;
  /** Sets KEY_SYM_LINK (0x0010); the target goes in a REG_LINK value "SymbolicLinkValue". */
  symbolicLink?: boolean;
}

export interface BuildOptions {
  /** Base block minor version (major is always 1). Default 5. lh leaves need >= 5, db needs >= 4. */
  minorVersion?: 3 | 4 | 5 | 6;
  /** Overrides root.name. */
  rootName?: string;
  /** Debug file name at base block offset 48 (last 31 UTF-16 code units kept). Default none. */
  fileName?: string;
  /** Base block + first bin timestamp and default key timestamp. Default 2020-01-01T00:00:00Z. */
  lastWritten?: Date;
  /** Default 1. */
  primarySequence?: number;
  /** Default = primarySequence (a clean hive). */
  secondarySequence?: number;
  /** Leave the base block checksum wrong on purpose (the hive then counts as dirty). */
  corruptChecksum?: boolean;
  /** Largest number of entries in one subkeys leaf before splitting under an `ri`. Default 1012. */
  maxLeafEntries?: number;
  /** Self-relative security descriptor for the shared `sk` cell. Default: defaultSecurityDescriptor(). */
  securityDescriptor?: Uint8Array;
}

/** Value types ([REGF] "Key value" → "Data types"). Other numbers are allowed as well. */
export const REG = {
  NONE: 0x0,
  SZ: 0x1,
  EXPAND_SZ: 0x2,
  BINARY: 0x3,
  DWORD: 0x4,
  DWORD_BIG_ENDIAN: 0x5,
  LINK: 0x6,
  MULTI_SZ: 0x7,
  RESOURCE_LIST: 0x8,
  FULL_RESOURCE_DESCRIPTOR: 0x9,
  RESOURCE_REQUIREMENTS_LIST: 0xa,
  QWORD: 0xb,
} as const;

/** Convenience value constructors; strings are UTF-16LE as Windows stores them. */
export const v = {
  /** REG_SZ, NUL-terminated. */
  sz: (name: string, s: string): ValueSpec => ({ name, type: REG.SZ, data: utf16z(s) }),
  /** REG_EXPAND_SZ, NUL-terminated. */
  expandSz: (name: string, s: string): ValueSpec => ({ name, type: REG.EXPAND_SZ, data: utf16z(s) }),
  /** REG_MULTI_SZ: every string NUL-terminated, then one more NUL (so [] is a single NUL). */
  multiSz: (name: string, list: string[]): ValueSpec => ({
    name,
    type: REG.MULTI_SZ,
    data: utf16le(list.map((s) => s + '\0').join('') + '\0'),
  }),
  /** REG_DWORD, little-endian; negative numbers are stored as two's complement. */
  dword: (name: string, n: number): ValueSpec => ({ name, type: REG.DWORD, data: u32(n, true) }),
  /** REG_DWORD_BIG_ENDIAN. */
  dwordBE: (name: string, n: number): ValueSpec => ({ name, type: REG.DWORD_BIG_ENDIAN, data: u32(n, false) }),
  /** REG_QWORD, little-endian; negative numbers are stored as two's complement. */
  qword: (name: string, n: bigint): ValueSpec => ({ name, type: REG.QWORD, data: u64(n) }),
  /** REG_BINARY. */
  binary: (name: string, bytes: Uint8Array | number[]): ValueSpec => ({ name, type: REG.BINARY, data: copyBytes(bytes) }),
  /** REG_NONE with a payload. */
  none: (name: string, bytes: Uint8Array | number[] = []): ValueSpec => ({ name, type: REG.NONE, data: copyBytes(bytes) }),
  /** REG_LINK: UTF-16LE target path *without* a terminating NUL (as symbolic-link keys store it). */
  link: (name: string, s: string): ValueSpec => ({ name, type: REG.LINK, data: utf16le(s) }),
  /** Any type number, exact bytes. */
  raw: (name: string, type: number, bytes: Uint8Array | number[]): ValueSpec => ({ name, type, data: copyBytes(bytes) }),
};

/** A key with optional values and subkeys. */
export function key(name: string, values: ValueSpec[] = [], subkeys: KeySpec[] = []): KeySpec {
  return { name, values, subkeys };
}

/**
 * Builds a key tree from backslash-separated paths (relative to the root; '' is the root itself).
 * Intermediate keys are created; matching is case-insensitive and the first spelling wins; values of
 * repeated paths are appended in order. `null` just creates the key. Empty path segments are ignored.
 * Note: with a plain object, JavaScript lists integer-like keys ('1', '42') first; pass an array of
 * [path, values] pairs when that order matters.
 */
export function tree(
  rootName: string,
  entries: Record<string, ValueSpec[] | null> | Iterable<readonly [string, ValueSpec[] | null]>,
): KeySpec {
  const root: KeySpec = { name: rootName, values: [], subkeys: [] };
  const index = new Map<KeySpec, Map<string, KeySpec>>();
  const pairs = isIterable(entries) ? entries : Object.entries(entries);
  for (const [path, values] of pairs) {
    let node = root;
    for (const part of path.split('\\').filter((p) => p !== '')) node = childNamed(index, node, part);
    if (values) (node.values ??= []).push(...values);
  }
  return root;
}

/** Serialises the tree as a regf primary file. Same input, same bytes. */
export function buildHive(root: KeySpec, opts: BuildOptions = {}): Uint8Array {
  const minor = opts.minorVersion ?? 5;
  const timestamp = opts.lastWritten ?? DEFAULT_TIMESTAMP;
  const ctx: BuildContext = {
    heap: new CellHeap(),
    minor,
    maxLeafEntries: checkMaxLeafEntries(opts.maxLeafEntries ?? DEFAULT_MAX_LEAF_ENTRIES),
    defaultTimestamp: timestamp,
    skOffset: HCELL_NIL,
    keyCount: 0,
  };
  const rootSpec: KeySpec = { ...root, name: opts.rootName ?? root.name };
  const rootCell = ctx.heap.alloc(keyNodeSize(rootSpec.name));
  const sk = emitSecurityCell(ctx, opts.securityDescriptor ?? defaultSecurityDescriptor());
  emitKey(ctx, rootSpec, rootCell, HCELL_NIL, KEY_HIVE_ENTRY | KEY_NO_DELETE);
  // [REGF] "Key security": offset 12, reference count = number of key nodes using this cell.
  sk.view.setUint32(12, ctx.keyCount, true);

  const bins = ctx.heap.serialize(timestamp);
  const file = new Uint8Array(BASE_BLOCK_SIZE + bins.length);
  writeBaseBlock(file, {
    minor,
    timestamp,
    rootOffset: rootCell.offset,
    binsSize: bins.length,
    fileName: opts.fileName ?? '',
    primarySequence: opts.primarySequence ?? 1,
    secondarySequence: opts.secondarySequence ?? opts.primarySequence ?? 1,
    corruptChecksum: opts.corruptChecksum ?? false,
  });
  file.set(bins, BASE_BLOCK_SIZE);
  return file;
}

/** buildHive, then write it to `path` (parent directories are created). Returns the bytes. */
export function buildHiveFile(path: string, root: KeySpec, opts: BuildOptions = {}): Uint8Array {
  const bytes = buildHive(root, opts);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, bytes);
  return bytes;
}

/** One key as an independent reader (hivex-dump.pl) reports it: see flattenHive. */
export interface DumpKey {
  path: string;
  values: { name: string; type: number; data: string }[];
}

/**
 * What a reader walking the built hive depth-first should report: keys in stored (sorted) subkey
 * order, root path "\\", child path = parent + "\\" + name, values in stored order, data as
 * lowercase hex. The same shape as test/support/hivex-dump.pl prints.
 */
export function flattenHive(root: KeySpec): DumpKey[] {
  const out: DumpKey[] = [];
  const walk = (k: KeySpec, path: string): void => {
    out.push({
      path,
      values: (k.values ?? []).map((val) => ({ name: val.name, type: val.type, data: toHex(val.data) })),
    });
    for (const child of sortSubkeys(k.subkeys ?? [])) walk(child, path === '\\' ? `\\${child.name}` : `${path}\\${child.name}`);
  };
  walk(root, '\\');
  return out;
}

/** Upper-cases one UTF-16 code unit the way name comparisons need it (one unit in, one unit out). */
export function upcaseUnit(unit: number): number {
  const up = String.fromCharCode(unit).toUpperCase();
  return up.length === 1 ? up.charCodeAt(0) : unit;
}

/** Upper-cased name, code unit by code unit. */
export function upcaseName(name: string): string {
  let out = '';
  for (let i = 0; i < name.length; i++) out += String.fromCharCode(upcaseUnit(name.charCodeAt(i)));
  return out;
}

/** Subkey order: ordinal comparison of upper-cased UTF-16 code units ([REGF] "Index leaf"). */
export function compareKeyNames(a: string, b: string): number {
  const ua = upcaseName(a);
  const ub = upcaseName(b);
  return ua < ub ? -1 : ua > ub ? 1 : 0; // JS string comparison is by UTF-16 code unit
}

/** `lh` hash: H = 37*H + C over the upper-cased UTF-16 code units, 32-bit ([REGF] "Hash leaf", note). */
export function lhHash(name: string): number {
  let h = 0;
  for (let i = 0; i < name.length; i++) h = (Math.imul(h, 37) + upcaseUnit(name.charCodeAt(i))) >>> 0;
  return h;
}

/** Windows FILETIME (100 ns ticks since 1601-01-01 UTC). */
export function filetime(date: Date): bigint {
  const ms = date.getTime();
  if (!Number.isFinite(ms)) throw new Error('hive-builder: invalid Date');
  return (BigInt(ms) + 11_644_473_600_000n) * 10_000n;
}

/**
 * A valid self-relative SECURITY_DESCRIPTOR: owner BUILTIN\Administrators, group SYSTEM, a DACL
 * granting KEY_ALL_ACCESS to SYSTEM and Administrators and KEY_READ to Users (inherited by
 * subkeys), no SACL.
 */
export function defaultSecurityDescriptor(): Uint8Array {
  const system = sidBytes(5, [18]); // S-1-5-18
  const admins = sidBytes(5, [32, 544]); // S-1-5-32-544
  const users = sidBytes(5, [32, 545]); // S-1-5-32-545
  const dacl = aclBytes([aceBytes(KEY_ALL_ACCESS, system), aceBytes(KEY_ALL_ACCESS, admins), aceBytes(KEY_READ, users)]);
  return selfRelativeSd(admins, system, dacl);
}

// ---------------------------------------------------------------------------------------------
// Format constants
// ---------------------------------------------------------------------------------------------

const BASE_BLOCK_SIZE = 4096; // [REGF] "Base block": 4096 bytes
const BIN_HEADER_SIZE = 32; // [REGF] "Hive bin": header is 32 bytes
const BIN_GRANULARITY = 4096; // [REGF] "Hive bin", note 1: size is a multiple of 4096
const CELL_ALIGNMENT = 8; // [REGF] "Cell": size aligned to 8 bytes
const HCELL_NIL = 0xffffffff; // domain.md §10.2: relative offset 0xFFFFFFFF = none
const BIG_DATA_SEGMENT = 16344; // [REGF] "Big data": used for data > 16344 bytes; segment max 16344
const DEFAULT_MAX_LEAF_ENTRIES = 1012;
const MAX_FILE_NAME_UNITS = 31; // [REGF] "Base block": 64-byte field at 48, keep a UTF-16 NUL
const DEFAULT_TIMESTAMP = new Date(Date.UTC(2020, 0, 1));

// [REGF] "Key node" → "Flags"
const KEY_HIVE_ENTRY = 0x0004;
const KEY_NO_DELETE = 0x0008;
const KEY_SYM_LINK = 0x0010;
const KEY_COMP_NAME = 0x0020;
// [REGF] "Key value" → "Flags"
const VALUE_COMP_NAME = 0x0001;
// [REGF] "Key value" → "Data size": MSB set = data (<= 4 bytes) stored in the data offset field
const DATA_INLINE = 0x80000000;

const KEY_ALL_ACCESS = 0x000f003f;
const KEY_READ = 0x00020019;

// ---------------------------------------------------------------------------------------------
// Cells and bins
// ---------------------------------------------------------------------------------------------

/** An allocated cell: `offset` is relative to the hive bins data; `view` covers the cell data. */
interface Cell {
  offset: number;
  bytes: Uint8Array;
  view: DataView;
}

interface Bin {
  offset: number;
  size: number;
  used: number;
  cells: Cell[];
}

/** Packs cells into bins in allocation order. */
class CellHeap {
  private readonly bins: Bin[] = [];
  private total = 0;

  /** Allocates a cell with room for `dataLength` bytes of cell data (plus alignment padding). */
  alloc(dataLength: number): Cell {
    const cellSize = align(4 + dataLength, CELL_ALIGNMENT); // [REGF] "Cell": size includes the field
    let bin = this.bins[this.bins.length - 1];
    if (!bin || bin.used + cellSize > bin.size) bin = this.openBin(cellSize);
    const bytes = new Uint8Array(cellSize - 4);
    const cell: Cell = { offset: bin.offset + bin.used, bytes, view: new DataView(bytes.buffer) };
    bin.cells.push(cell);
    bin.used += cellSize;
    return cell;
  }

  /** All bins, each with its header, allocated cells and trailing free cell. */
  serialize(timestamp: Date): Uint8Array {
    const out = new Uint8Array(this.total);
    const view = new DataView(out.buffer);
    this.bins.forEach((bin, i) => writeBin(out, view, bin, i === 0 ? timestamp : null));
    return out;
  }

  private openBin(cellSize: number): Bin {
    const bin: Bin = {
      offset: this.total,
      size: align(BIN_HEADER_SIZE + cellSize, BIN_GRANULARITY),
      used: BIN_HEADER_SIZE,
      cells: [],
    };
    this.bins.push(bin);
    this.total += bin.size;
    return bin;
  }
}

function writeBin(out: Uint8Array, view: DataView, bin: Bin, timestamp: Date | null): void {
  const at = bin.offset;
  writeAscii(out, at + 0, 'hbin'); // [REGF] "Hive bin": 0 signature
  view.setUint32(at + 4, bin.offset, true); // 4 offset of this bin (relative to hive bins data)
  view.setUint32(at + 8, bin.size, true); // 8 size of this bin
  // 12..19 reserved (zero); 20 timestamp, defined for the first bin only (note 3); 28 spare (zero)
  if (timestamp) view.setBigUint64(at + 20, filetime(timestamp), true);
  for (const cell of bin.cells) {
    view.setInt32(cell.offset, -(cell.bytes.length + 4), true); // [REGF] "Cell": negative = allocated
    out.set(cell.bytes, cell.offset + 4);
  }
  const free = bin.size - bin.used;
  if (free > 0) view.setInt32(at + bin.used, free, true); // one free cell, positive size
}

// ---------------------------------------------------------------------------------------------
// Records
// ---------------------------------------------------------------------------------------------

interface BuildContext {
  heap: CellHeap;
  minor: number;
  maxLeafEntries: number;
  defaultTimestamp: Date;
  skOffset: number;
  keyCount: number;
}

interface EncodedName {
  bytes: Uint8Array;
  compressed: boolean;
}

/** Names are stored "compressed" (one byte per char) when every UTF-16 unit fits in Latin-1. */
function encodeName(name: string): EncodedName {
  const compressed = isLatin1(name);
  const bytes = compressed ? Uint8Array.from(name, (c) => c.charCodeAt(0)) : utf16le(name);
  if (bytes.length > 0xffff) throw new Error(`hive-builder: name too long (${bytes.length} bytes)`);
  return { bytes, compressed };
}

function keyNodeSize(name: string): number {
  return 76 + encodeName(name).bytes.length; // [REGF] "Key node": name string at 76
}

/** Writes the key node in `nk` and everything below it. */
function emitKey(ctx: BuildContext, k: KeySpec, nk: Cell, parent: number, extraFlags: number): void {
  ctx.keyCount++;
  const className = emitClassName(ctx, k.className);
  const values = emitValues(ctx, k.values ?? []);
  const children = sortSubkeys(k.subkeys ?? []);
  const childCells = children.map((c) => ctx.heap.alloc(keyNodeSize(c.name)));
  const subkeysList = emitSubkeysList(
    ctx,
    children,
    childCells.map((c) => c.offset),
  );
  writeKeyNode(nk.view, {
    name: encodeName(k.name),
    flags: extraFlags | (k.symbolicLink ? KEY_SYM_LINK : 0),
    timestamp: k.lastWritten ?? ctx.defaultTimestamp,
    parent,
    subkeyCount: children.length,
    subkeysList,
    valueCount: values.count,
    valuesList: values.list,
    security: ctx.skOffset,
    className,
    maxSubkeyName: maxOf(children, (c) => c.name.length * 2),
    maxSubkeyClass: maxOf(children, (c) => (c.className ?? '').length * 2),
    maxValueName: values.maxName,
    maxValueData: values.maxData,
  });
  children.forEach((child, i) => emitKey(ctx, child, childCells[i], nk.offset, 0));
}

interface KeyNodeFields {
  name: EncodedName;
  flags: number;
  timestamp: Date;
  parent: number;
  subkeyCount: number;
  subkeysList: number;
  valueCount: number;
  valuesList: number;
  security: number;
  className: { offset: number; length: number };
  maxSubkeyName: number;
  maxSubkeyClass: number;
  maxValueName: number;
  maxValueData: number;
}

function writeKeyNode(d: DataView, f: KeyNodeFields): void {
  // [REGF] "Key node" (domain.md §10.3), offsets within the cell data:
  d.setUint16(0, 0x6b6e, true); // 0 signature "nk"
  d.setUint16(2, f.flags | (f.name.compressed ? KEY_COMP_NAME : 0), true); // 2 flags
  d.setBigUint64(4, filetime(f.timestamp), true); // 4 last written timestamp
  d.setUint32(12, 0, true); // 12 spare / access bits
  d.setUint32(16, f.parent, true); // 16 parent (no meaning for the root: NIL)
  d.setUint32(20, f.subkeyCount, true); // 20 number of subkeys
  d.setUint32(24, 0, true); // 24 number of volatile subkeys (none on disk)
  d.setUint32(28, f.subkeysList, true); // 28 subkeys list offset
  d.setUint32(32, HCELL_NIL, true); // 32 volatile subkeys list offset (no meaning on disk)
  d.setUint32(36, f.valueCount, true); // 36 number of key values
  d.setUint32(40, f.valuesList, true); // 40 key values list offset
  d.setUint32(44, f.security, true); // 44 key security offset
  d.setUint32(48, f.className.offset, true); // 48 class name offset
  d.setUint32(52, f.maxSubkeyName, true); // 52 largest subkey name length (UTF-16 bytes; low 16 bits)
  d.setUint32(56, f.maxSubkeyClass, true); // 56 largest subkey class name length (bytes)
  d.setUint32(60, f.maxValueName, true); // 60 largest value name length (UTF-16 bytes)
  d.setUint32(64, f.maxValueData, true); // 64 largest value data size (bytes)
  d.setUint32(68, 0, true); // 68 WorkVar
  d.setUint16(72, f.name.bytes.length, true); // 72 key name length (bytes)
  d.setUint16(74, f.className.length, true); // 74 class name length (bytes)
  new Uint8Array(d.buffer, d.byteOffset + 76).set(f.name.bytes); // 76 key name string
}

/** Class name: a plain cell of UTF-16LE; its byte length goes into nk offset 74. */
function emitClassName(ctx: BuildContext, className: string | undefined): { offset: number; length: number } {
  if (!className) return { offset: HCELL_NIL, length: 0 };
  const bytes = utf16le(className);
  if (bytes.length > 0xffff) throw new Error('hive-builder: class name too long');
  const cell = ctx.heap.alloc(bytes.length);
  cell.bytes.set(bytes);
  return { offset: cell.offset, length: bytes.length };
}

/** The single `sk` cell shared by all keys; flink/blink point to itself (a one-entry list). */
function emitSecurityCell(ctx: BuildContext, descriptor: Uint8Array): Cell {
  const cell = ctx.heap.alloc(20 + descriptor.length);
  const d = cell.view;
  // [REGF] "Key security":
  d.setUint16(0, 0x6b73, true); // 0 signature "sk"
  d.setUint16(2, 0, true); // 2 reserved
  d.setUint32(4, cell.offset, true); // 4 flink (notes 4-5: alone in the list → itself)
  d.setUint32(8, cell.offset, true); // 8 blink
  d.setUint32(12, 0, true); // 12 reference count (filled in once all keys are written)
  d.setUint32(16, descriptor.length, true); // 16 security descriptor size
  cell.bytes.set(descriptor, 20); // 20 security descriptor
  ctx.skOffset = cell.offset;
  return cell;
}

interface EmittedValues {
  count: number;
  list: number;
  maxName: number;
  maxData: number;
}

/** Key values list ([REGF] "Key values list": an array of vk offsets, stored order). */
function emitValues(ctx: BuildContext, values: ValueSpec[]): EmittedValues {
  if (values.length === 0) return { count: 0, list: HCELL_NIL, maxName: 0, maxData: 0 };
  assertUniqueValueNames(values);
  const list = ctx.heap.alloc(4 * values.length);
  values.forEach((val, i) => list.view.setUint32(4 * i, emitValue(ctx, val), true));
  return {
    count: values.length,
    list: list.offset,
    maxName: maxOf(values, (val) => val.name.length * 2),
    maxData: maxOf(values, (val) => val.data.length),
  };
}

function emitValue(ctx: BuildContext, val: ValueSpec): number {
  const name = encodeName(val.name);
  const vk = ctx.heap.alloc(20 + name.bytes.length); // [REGF] "Key value": name at 20
  const d = vk.view;
  const size = val.data.length;
  if (size > 0x7fffffff) throw new Error('hive-builder: value data too large');
  d.setUint16(0, 0x6b76, true); // 0 signature "vk"
  d.setUint16(2, name.bytes.length, true); // 2 name length (0 = default value)
  if (size <= 4) {
    d.setUint32(4, (size | DATA_INLINE) >>> 0, true); // 4 data size, MSB = inline ("Data size")
    vk.bytes.set(val.data, 8); // 8 the data itself, at the start of the field
  } else {
    d.setUint32(4, size, true); // 4 data size
    d.setUint32(8, emitData(ctx, val.data), true); // 8 data offset
  }
  d.setUint32(12, val.type >>> 0, true); // 12 data type
  d.setUint16(16, name.compressed ? VALUE_COMP_NAME : 0, true); // 16 flags
  d.setUint16(18, 0, true); // 18 spare
  vk.bytes.set(name.bytes, 20); // 20 name
  return vk.offset;
}

/** Data > 4 bytes: one cell, or `db` big data when larger than 16344 bytes and minor >= 4. */
function emitData(ctx: BuildContext, data: Uint8Array): number {
  if (data.length > BIG_DATA_SEGMENT && ctx.minor >= 4) return emitBigData(ctx, data);
  const cell = ctx.heap.alloc(data.length);
  cell.bytes.set(data);
  return cell.offset;
}

/**
 * [REGF] "Big data": `db` record → list of segment offsets → segments of 16344 bytes (the last
 * one shorter). Each segment cell keeps at least 4 spare bytes after the data: a 16344-byte
 * segment fills its 16352-byte cell that way anyway, and hivex reads (cell size - 8) bytes from
 * every segment, so a tighter last segment would come back truncated from it. Cell padding is
 * allowed ([REGF] "Cell": "A padding may be present at the end of a cell").
 */
function emitBigData(ctx: BuildContext, data: Uint8Array): number {
  const count = Math.ceil(data.length / BIG_DATA_SEGMENT);
  if (count > 0xffff) throw new Error('hive-builder: value data too large for big data');
  const db = ctx.heap.alloc(8);
  const list = ctx.heap.alloc(4 * count);
  for (let i = 0; i < count; i++) {
    const chunk = data.subarray(i * BIG_DATA_SEGMENT, (i + 1) * BIG_DATA_SEGMENT);
    const segment = ctx.heap.alloc(chunk.length + 4);
    segment.bytes.set(chunk);
    list.view.setUint32(4 * i, segment.offset, true); // list element: data segment offset
  }
  db.view.setUint16(0, 0x6264, true); // 0 signature "db"
  db.view.setUint16(2, count, true); // 2 number of segments
  db.view.setUint32(4, list.offset, true); // 4 offset of the list of segments
  return db.offset;
}

/**
 * Subkeys list: one leaf (`lh` for minor >= 5, `lf` for 3/4 — [REGF] "Hash leaf"/"Fast leaf",
 * domain.md §10.3), or leaves of at most maxLeafEntries under an `ri` index root. Children are
 * already sorted; the leaves of an `ri` are sorted as a whole ([REGF] "Index root", note 3).
 */
function emitSubkeysList(ctx: BuildContext, children: KeySpec[], offsets: number[]): number {
  if (children.length === 0) return HCELL_NIL;
  if (children.length <= ctx.maxLeafEntries) return emitLeaf(ctx, children, offsets);
  const leafCount = Math.ceil(children.length / ctx.maxLeafEntries);
  if (leafCount > 0xffff) throw new Error('hive-builder: too many subkeys');
  const ri = ctx.heap.alloc(4 + 4 * leafCount);
  ri.view.setUint16(0, 0x6972, true); // [REGF] "Index root": 0 signature "ri"
  ri.view.setUint16(2, leafCount, true); // 2 number of elements
  for (let i = 0; i < leafCount; i++) {
    const from = i * ctx.maxLeafEntries;
    const to = from + ctx.maxLeafEntries;
    const leaf = emitLeaf(ctx, children.slice(from, to), offsets.slice(from, to));
    ri.view.setUint32(4 + 4 * i, leaf, true); // 4+4i subkeys list offset
  }
  return ri.offset;
}

function emitLeaf(ctx: BuildContext, children: KeySpec[], offsets: number[]): number {
  const hashLeaf = ctx.minor >= 5;
  const cell = ctx.heap.alloc(4 + 8 * children.length);
  const d = cell.view;
  // [REGF] "Hash leaf" / "Fast leaf": 0 signature, 2 number of elements, then 8-byte elements
  d.setUint16(0, hashLeaf ? 0x686c : 0x666c, true); // "lh" / "lf"
  d.setUint16(2, children.length, true);
  children.forEach((child, i) => {
    d.setUint32(4 + 8 * i, offsets[i], true); // element 0: key node offset
    if (hashLeaf)
      d.setUint32(8 + 8 * i, lhHash(child.name), true); // element 4: hash
    else cell.bytes.set(nameHint(child.name), 8 + 8 * i); // element 4: name hint
  });
  return cell.offset;
}

/**
 * `lf` name hint: the first 4 characters as single bytes, NUL-padded; when one of them does not fit
 * in a byte the hint is left NUL ([REGF] "Fast leaf").
 */
function nameHint(name: string): Uint8Array {
  const head = name.slice(0, 4);
  return isLatin1(head) ? Uint8Array.from(head, (c) => c.charCodeAt(0)) : new Uint8Array(0);
}

// ---------------------------------------------------------------------------------------------
// Base block
// ---------------------------------------------------------------------------------------------

interface BaseBlockFields {
  minor: number;
  timestamp: Date;
  rootOffset: number;
  binsSize: number;
  fileName: string;
  primarySequence: number;
  secondarySequence: number;
  corruptChecksum: boolean;
}

function writeBaseBlock(file: Uint8Array, f: BaseBlockFields): void {
  const d = new DataView(file.buffer, file.byteOffset, BASE_BLOCK_SIZE);
  // [REGF] "Base block" (domain.md §10.2):
  writeAscii(file, 0, 'regf'); // 0 signature
  d.setUint32(4, f.primarySequence >>> 0, true); // 4 primary sequence number
  d.setUint32(8, f.secondarySequence >>> 0, true); // 8 secondary sequence number
  d.setBigUint64(12, filetime(f.timestamp), true); // 12 last written timestamp
  d.setUint32(20, 1, true); // 20 major version
  d.setUint32(24, f.minor, true); // 24 minor version
  d.setUint32(28, 0, true); // 28 file type: 0 = primary file
  d.setUint32(32, 1, true); // 32 file format: 1 = direct memory load
  d.setUint32(36, f.rootOffset, true); // 36 root cell offset
  d.setUint32(40, f.binsSize, true); // 40 hive bins data size
  d.setUint32(44, 1, true); // 44 clustering factor
  file.set(utf16le(f.fileName.slice(-MAX_FILE_NAME_UNITS)), 48); // 48 file name (UTF-16LE, 64 bytes)
  const sum = baseBlockChecksum(file);
  d.setUint32(508, f.corruptChecksum ? (sum ^ 0x5a5a5a5a) >>> 0 : sum, true); // 508 checksum
}

/**
 * XOR of the 127 little-endian dwords at 0..507 ([REGF] "Base block", note 2); the newest
 * revision (domain.md §10.2) maps a result of 0xFFFFFFFF to 0xFFFFFFFE and 0 to 1.
 */
export function baseBlockChecksum(file: Uint8Array): number {
  const d = new DataView(file.buffer, file.byteOffset, 508);
  let sum = 0;
  for (let i = 0; i < 508; i += 4) sum ^= d.getUint32(i, true);
  sum >>>= 0;
  if (sum === 0xffffffff) return 0xfffffffe;
  if (sum === 0) return 1;
  return sum;
}

// ---------------------------------------------------------------------------------------------
// Security descriptor pieces (self-relative SECURITY_DESCRIPTOR, SID, ACL, ACCESS_ALLOWED_ACE)
// ---------------------------------------------------------------------------------------------

function sidBytes(authority: number, subAuthorities: number[]): Uint8Array {
  const out = new Uint8Array(8 + 4 * subAuthorities.length);
  const d = new DataView(out.buffer);
  out[0] = 1; // revision
  out[1] = subAuthorities.length; // sub-authority count
  d.setUint16(2, 0, false); // 48-bit identifier authority, big-endian
  d.setUint32(4, authority, false);
  subAuthorities.forEach((s, i) => d.setUint32(8 + 4 * i, s, true));
  return out;
}

function aceBytes(mask: number, sid: Uint8Array): Uint8Array {
  const out = new Uint8Array(8 + sid.length);
  const d = new DataView(out.buffer);
  out[0] = 0; // ACCESS_ALLOWED_ACE_TYPE
  out[1] = 0x03; // OBJECT_INHERIT_ACE | CONTAINER_INHERIT_ACE
  d.setUint16(2, out.length, true); // ACE size
  d.setUint32(4, mask, true); // access mask
  out.set(sid, 8);
  return out;
}

function aclBytes(aces: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(8 + aces.reduce((n, a) => n + a.length, 0));
  const d = new DataView(out.buffer);
  out[0] = 2; // ACL_REVISION
  d.setUint16(2, out.length, true); // ACL size
  d.setUint16(4, aces.length, true); // ACE count
  let at = 8;
  for (const ace of aces) {
    out.set(ace, at);
    at += ace.length;
  }
  return out;
}

function selfRelativeSd(owner: Uint8Array, group: Uint8Array, dacl: Uint8Array): Uint8Array {
  const header = 20;
  const out = new Uint8Array(header + dacl.length + owner.length + group.length);
  const d = new DataView(out.buffer);
  out[0] = 1; // revision
  d.setUint16(2, 0x8004, true); // control: SE_SELF_RELATIVE | SE_DACL_PRESENT
  d.setUint32(4, header + dacl.length, true); // owner offset
  d.setUint32(8, header + dacl.length + owner.length, true); // group offset
  d.setUint32(12, 0, true); // SACL offset: none
  d.setUint32(16, header, true); // DACL offset
  out.set(dacl, header);
  out.set(owner, header + dacl.length);
  out.set(group, header + dacl.length + owner.length);
  return out;
}

// ---------------------------------------------------------------------------------------------
// Small helpers
// ---------------------------------------------------------------------------------------------

function sortSubkeys(subkeys: KeySpec[]): KeySpec[] {
  const sorted = [...subkeys].sort((a, b) => compareKeyNames(a.name, b.name));
  for (let i = 1; i < sorted.length; i++) {
    if (compareKeyNames(sorted[i - 1].name, sorted[i].name) === 0) {
      throw new Error(`hive-builder: duplicate subkey names '${sorted[i - 1].name}' and '${sorted[i].name}'`);
    }
  }
  return sorted;
}

function assertUniqueValueNames(values: ValueSpec[]): void {
  const seen = new Set<string>();
  for (const val of values) {
    const upper = upcaseName(val.name);
    if (seen.has(upper)) throw new Error(`hive-builder: duplicate value name '${val.name}'`);
    seen.add(upper);
  }
}

function childNamed(index: Map<KeySpec, Map<string, KeySpec>>, parent: KeySpec, name: string): KeySpec {
  let children = index.get(parent);
  if (!children) {
    children = new Map((parent.subkeys ?? []).map((c) => [upcaseName(c.name), c]));
    index.set(parent, children);
  }
  const upper = upcaseName(name);
  let child = children.get(upper);
  if (!child) {
    child = { name, values: [], subkeys: [] };
    children.set(upper, child);
    (parent.subkeys ??= []).push(child);
  }
  return child;
}

function isIterable<T>(x: unknown): x is Iterable<T> {
  return typeof x === 'object' && x !== null && Symbol.iterator in x;
}

function checkMaxLeafEntries(n: number): number {
  if (!Number.isInteger(n) || n < 1 || n > 0xffff) throw new Error(`hive-builder: bad maxLeafEntries ${n}`);
  return n;
}

function isLatin1(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 0xff) return false;
  return true;
}

function maxOf<T>(items: T[], f: (item: T) => number): number {
  return items.reduce((m, item) => Math.max(m, f(item)), 0);
}

function align(n: number, to: number): number {
  return Math.ceil(n / to) * to;
}

function utf16le(s: string): Uint8Array {
  const out = new Uint8Array(s.length * 2);
  const d = new DataView(out.buffer);
  for (let i = 0; i < s.length; i++) d.setUint16(2 * i, s.charCodeAt(i), true);
  return out;
}

function utf16z(s: string): Uint8Array {
  return utf16le(s + '\0');
}

function u32(n: number, littleEndian: boolean): Uint8Array {
  if (!Number.isInteger(n) || n < -0x80000000 || n > 0xffffffff) throw new Error(`hive-builder: not a 32-bit integer: ${n}`);
  const out = new Uint8Array(4);
  new DataView(out.buffer).setUint32(0, n >>> 0, littleEndian);
  return out;
}

function u64(n: bigint): Uint8Array {
  if (n < -(1n << 63n) || n >= 1n << 64n) throw new Error(`hive-builder: not a 64-bit integer: ${n}`);
  const out = new Uint8Array(8);
  new DataView(out.buffer).setBigUint64(0, BigInt.asUintN(64, n), true);
  return out;
}

function copyBytes(bytes: Uint8Array | number[]): Uint8Array {
  return Uint8Array.from(bytes);
}

function writeAscii(out: Uint8Array, at: number, s: string): void {
  for (let i = 0; i < s.length; i++) out[at + i] = s.charCodeAt(i);
}

/** Lowercase hex of the bytes. */
export function toHex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}
