// One image's directory tree, built from its metadata resource [wim-format.md §5.5]: the unnamed root
// dentry right after the security data, each directory's children as a list at its subdir offset ended
// by a zero length. The walk is iterative and bounded: a list offset seen twice is a cycle, the bytes
// parsed may not exceed the metadata (7-Zip's rule, which also stops overlapping lists), depth and path
// length are capped, and names that cannot be a path component on NTFS are refused.
import { ZERO_HASH } from './blob-table';
import { type RawDentry, FILE_ATTRIBUTE_DIRECTORY, FILE_ATTRIBUTE_ENCRYPTED, FILE_ATTRIBUTE_REPARSE_POINT, parseDentry } from './dentry';
import { WimMetadataError } from './errors';
import { parseSecurityData, type SecurityData } from './security';

/** Deeper trees are refused (wimlib stops at 16384; Windows paths end long before). */
export const MAX_DEPTH = 4096;
/** Longest path in UTF-16 units, like Windows' extended-length limit (7-Zip uses the same). */
export const MAX_PATH_UNITS = 32767;

export interface WimNode {
  name: string;
  shortName: string;
  attributes: number;
  securityId: number;
  creationTime: bigint;
  lastAccessTime: bigint;
  lastWriteTime: bigint;
  /** SHA-1 of the unnamed data stream (ZERO_HASH: empty or none). For an encrypted file, the raw EFS export. */
  dataHash: string;
  /** Reparse point: tag and the hash of its data (the REPARSE_DATA_BUFFER without its 8-byte header). */
  reparse: { tag: number; reserved: number; flags: number; hash: string } | null;
  /** Alternate (named) data streams. */
  namedStreams: { name: string; hash: string }[];
  hardLinkGroup: bigint;
  /** Children of a directory (in stored order), null for a file. */
  children: WimNode[] | null;
  parent: WimNode | null;
  /** Offset of the dentry in the metadata resource. */
  offset: number;
}

export interface ParsedImage {
  root: WimNode;
  security: SecurityData;
  nodeCount: number;
}

/** Assign a dentry's streams [wim-format.md §5.4]: reparse first when the attribute says so, then data. */
function nodeFrom(d: RawDentry, parent: WimNode | null): WimNode {
  const unnamed: string[] = [];
  const named: { name: string; hash: string }[] = [];
  // A zero main hash with unnamed entries is ignored; with no entries at all it is the (empty) data stream.
  if (d.mainHash !== ZERO_HASH || !d.streams.some((s) => s.name === '')) unnamed.push(d.mainHash);
  for (const s of d.streams) {
    if (s.name === '') unnamed.push(s.hash);
    else named.push({ name: s.name, hash: s.hash });
  }
  let reparse: WimNode['reparse'] = null;
  let dataHash = ZERO_HASH;
  const isDir = (d.attributes & FILE_ATTRIBUTE_DIRECTORY) !== 0;
  if (d.attributes & FILE_ATTRIBUTE_ENCRYPTED) {
    dataHash = unnamed.find((h) => h !== ZERO_HASH) ?? ZERO_HASH;
  } else if (d.attributes & FILE_ATTRIBUTE_REPARSE_POINT) {
    reparse = { tag: d.reparseTag, reserved: d.reparseReserved, flags: d.rpFlags, hash: unnamed[0] ?? ZERO_HASH };
    dataHash = isDir ? ZERO_HASH : (unnamed[1] ?? ZERO_HASH);
  } else {
    // Directories hold no data stream; older wimlib wrote a hash for some, ignored here as wimlib does.
    dataHash = isDir ? ZERO_HASH : (unnamed[0] ?? ZERO_HASH);
  }
  return {
    name: d.name,
    shortName: d.shortName,
    attributes: d.attributes,
    securityId: d.securityId,
    creationTime: d.creationTime,
    lastAccessTime: d.lastAccessTime,
    lastWriteTime: d.lastWriteTime,
    dataHash,
    reparse,
    namedStreams: named,
    hardLinkGroup: d.hardLinkGroup,
    children: isDir ? [] : null,
    parent,
    offset: d.offset,
  };
}

export function parseImage(file: string, index: number, meta: Buffer): ParsedImage {
  const where = `image ${index}`;
  const security = parseSecurityData(file, where, meta);
  const fail = (offset: number, reason: string): never => {
    throw new WimMetadataError(file, -1, `${where} metadata at offset 0x${offset.toString(16)}`, reason);
  };
  const rootDentry = parseDentry(file, where, meta, security.end);
  if (!rootDentry) return fail(security.end, 'no root directory');
  if (!(rootDentry.attributes & FILE_ATTRIBUTE_DIRECTORY)) fail(security.end, 'the root is not a directory');
  const root = nodeFrom(rootDentry, null);
  root.name = '';
  let parsedBytes = rootDentry.next - security.end;
  let nodeCount = 1;
  const seenLists = new Set<number>();
  const pending: { dir: WimNode; list: number; depth: number; pathUnits: number }[] = [];
  if (rootDentry.subdirOffset !== 0) pending.push({ dir: root, list: rootDentry.subdirOffset, depth: 1, pathUnits: 0 });
  while (pending.length > 0) {
    const { dir, list, depth, pathUnits } = pending.pop()!;
    if (list < security.end) fail(list, 'a directory list starts inside the security data');
    if (seenLists.has(list)) fail(list, 'a directory list is reached twice (cyclic or shared directories)');
    seenLists.add(list);
    if (depth > MAX_DEPTH) fail(list, `directories nested deeper than ${MAX_DEPTH}`);
    const names = new Set<string>();
    let p = list;
    for (;;) {
      const d = parseDentry(file, where, meta, p);
      if (!d) {
        parsedBytes += 8;
        break;
      }
      parsedBytes += d.next - p;
      if (parsedBytes > meta.length) fail(p, 'more dentry bytes than the metadata holds (overlapping or cyclic lists)');
      p = d.next;
      const name = d.name;
      if (name === '') fail(d.offset, 'a dentry other than the root has no name');
      if (name === '.' || name === '..') fail(d.offset, `"${name}" is not a valid name in a directory`);
      if (/[\\/\0]/.test(name)) fail(d.offset, `name ${JSON.stringify(name)} contains a path separator or NUL`);
      if (names.has(name)) fail(d.offset, `two entries named ${JSON.stringify(name)} in one directory`);
      names.add(name);
      const units = pathUnits + 1 + name.length;
      if (units > MAX_PATH_UNITS) fail(d.offset, `path longer than ${MAX_PATH_UNITS} characters`);
      const node = nodeFrom(d, dir);
      dir.children!.push(node);
      nodeCount++;
      if (node.children && d.subdirOffset !== 0) pending.push({ dir: node, list: d.subdirOffset, depth: depth + 1, pathUnits: units });
    }
  }
  return { root, security, nodeCount };
}

/** Backslash path of a node from the root, e.g. `Windows\System32` ('' for the root). */
export function nodePath(node: WimNode): string {
  const parts: string[] = [];
  for (let n: WimNode | null = node; n && n.parent; n = n.parent) parts.push(n.name);
  return parts.reverse().join('\\');
}
