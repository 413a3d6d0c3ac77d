// One image's directory tree, read from its metadata resource [wim-format.md §5.5]: the unnamed root
// dentry right after the security data, each directory's children as a list at its subdir offset ended
// by a zero length. A directory's list is parsed when its children are first asked for, so a reader that
// looks up a few dozen paths parses the directories on those paths and not the rest of the image. Every
// list counts against one budget per image (directory-list.ts), so a walk of the whole tree is bounded
// exactly as an eager parse was; damage in a list is a WimMetadataError thrown where its directory is
// first listed, and thrown again on every later ask (`parseAll` finds the first one of the whole tree).
// The metadata resource is read the same way, chunk by chunk as lists need it (metadata-bytes.ts).
import { ZERO_HASH } from './blob-table';
import { type RawDentry, FILE_ATTRIBUTE_DIRECTORY, FILE_ATTRIBUTE_ENCRYPTED, FILE_ATTRIBUTE_REPARSE_POINT, parseDentry } from './dentry';
import { ListBudget, readDirectoryList } from './directory-list';
import { WimError } from './errors';
import { MetadataBytes } from './metadata-bytes';
import { parseSecurityData, type SecurityData } from './security';

export { MAX_DEPTH, MAX_PATH_UNITS } from './directory-list';

/** The streams of a dentry as a file carries them [wim-format.md §5.4]: reparse first when the attribute says so, then data. */
function streamsOf(d: RawDentry): Pick<WimNode, 'dataHash' | 'reparse' | 'namedStreams'> {
  const unnamed: string[] = [];
  const named: { name: string; hash: string }[] = [];
  // A zero main hash with unnamed entries is ignored; with no entries at all it is the (empty) data stream.
  if (d.mainHash !== ZERO_HASH || !d.streams.some((s) => s.name === '')) unnamed.push(d.mainHash);
  for (const s of d.streams) {
    if (s.name === '') unnamed.push(s.hash);
    else named.push({ name: s.name, hash: s.hash });
  }
  const isDir = (d.attributes & FILE_ATTRIBUTE_DIRECTORY) !== 0;
  if (d.attributes & FILE_ATTRIBUTE_ENCRYPTED)
    return { dataHash: unnamed.find((h) => h !== ZERO_HASH) ?? ZERO_HASH, reparse: null, namedStreams: named };
  if (d.attributes & FILE_ATTRIBUTE_REPARSE_POINT) {
    const reparse = { tag: d.reparseTag, reserved: d.reparseReserved, flags: d.rpFlags, hash: unnamed[0] ?? ZERO_HASH };
    return { dataHash: isDir ? ZERO_HASH : (unnamed[1] ?? ZERO_HASH), reparse, namedStreams: named };
  }
  // Directories hold no data stream; older wimlib wrote a hash for some, ignored here as wimlib does.
  return { dataHash: isDir ? ZERO_HASH : (unnamed[0] ?? ZERO_HASH), reparse: null, namedStreams: named };
}

/** One file or directory of an image. A directory's children are parsed on first access (see above). */
export class WimNode {
  readonly name: string;
  readonly shortName: string;
  readonly attributes: number;
  readonly securityId: number;
  readonly creationTime: bigint;
  readonly lastAccessTime: bigint;
  readonly lastWriteTime: bigint;
  /** SHA-1 of the unnamed data stream (ZERO_HASH: empty or none). For an encrypted file, the raw EFS export. */
  readonly dataHash: string;
  /** Reparse point: tag and the hash of its data (the REPARSE_DATA_BUFFER without its 8-byte header). */
  readonly reparse: { tag: number; reserved: number; flags: number; hash: string } | null;
  /** Alternate (named) data streams. */
  readonly namedStreams: { name: string; hash: string }[];
  readonly hardLinkGroup: bigint;
  /** Offset of the dentry in the metadata resource. */
  readonly offset: number;
  /** A directory (FILE_ATTRIBUTE_DIRECTORY): it has children, parsed when first asked for. */
  readonly isDirectory: boolean;
  private readonly subdirOffset: number;
  private listed: WimNode[] | undefined;
  private damage: WimError | undefined;

  constructor(
    private readonly tree: ImageTree,
    d: RawDentry,
    readonly parent: WimNode | null,
    /** Levels below the root (0 for the root) and the length of its path, for the bounds of its list. */
    private readonly depth: number,
    private readonly pathUnits: number,
  ) {
    this.name = parent ? d.name : '';
    this.shortName = d.shortName;
    this.attributes = d.attributes;
    this.securityId = d.securityId;
    this.creationTime = d.creationTime;
    this.lastAccessTime = d.lastAccessTime;
    this.lastWriteTime = d.lastWriteTime;
    const { dataHash, reparse, namedStreams } = streamsOf(d);
    this.dataHash = dataHash;
    this.reparse = reparse;
    this.namedStreams = namedStreams;
    this.hardLinkGroup = d.hardLinkGroup;
    this.offset = d.offset;
    this.isDirectory = (d.attributes & FILE_ATTRIBUTE_DIRECTORY) !== 0;
    this.subdirOffset = d.subdirOffset;
  }

  /**
   * Children of a directory in stored order, null for a file. The first ask parses the directory's list;
   * a damaged list throws its WimMetadataError (or the WimError of a metadata chunk that cannot be read),
   * then and on every later ask.
   */
  get children(): WimNode[] | null {
    if (!this.isDirectory) return null;
    if (this.listed) return this.listed;
    if (this.damage) throw this.damage;
    try {
      this.listed = this.subdirOffset === 0 ? [] : this.tree.list(this, this.subdirOffset, this.depth + 1, this.pathUnits);
    } catch (e) {
      if (e instanceof WimError) this.damage = e;
      throw e;
    }
    return this.listed;
  }
}

/** The state one image's nodes share: the metadata and the budget all its lists count against. */
class ImageTree {
  nodeCount = 1;

  constructor(private readonly budget: ListBudget) {}

  list(dir: WimNode, list: number, depth: number, pathUnits: number): WimNode[] {
    const listed = readDirectoryList(this.budget, list, depth, pathUnits);
    this.nodeCount += listed.length;
    return listed.map((c) => new WimNode(this, c.dentry, dir, depth, c.pathUnits));
  }
}

export interface ParsedImage {
  root: WimNode;
  security: SecurityData;
  /** Nodes parsed so far (every node once `parseAll` has run). */
  readonly nodeCount: number;
  /**
   * Every byte of the metadata resource read and checked (`verifyWhole`, e.g. its SHA-1), without parsing a
   * directory; throws a WimError on a mismatch or an undecodable chunk. Checked once: later calls return.
   */
  verifyMetadata(): void;
  /**
   * The whole image: the metadata verified (`verifyMetadata`), then every directory not parsed yet; throws
   * the first damage (a WimError).
   */
  parseAll(): void;
}

/**
 * The security data and the root of image `index` (1-based) in its metadata resource (`meta`: read as
 * needed, or a buffer that holds it whole); directories are parsed as they are listed. `verifyWhole` is
 * what `parseAll` checks the whole resource with (Wim.image: its SHA-1).
 */
export function parseImage(
  file: string,
  index: number,
  meta: Buffer | MetadataBytes,
  verifyWhole: (whole: Buffer) => void = () => {},
): ParsedImage {
  const where = `image ${index}`;
  const bytes = meta instanceof MetadataBytes ? meta : new MetadataBytes(null, meta);
  const security = parseSecurityData(file, where, bytes);
  const budget = new ListBudget(file, where, bytes, security.end);
  const rootDentry = parseDentry(file, where, bytes, security.end);
  if (!rootDentry) return budget.fail(security.end, 'no root directory');
  if (!(rootDentry.attributes & FILE_ATTRIBUTE_DIRECTORY)) budget.fail(security.end, 'the root is not a directory');
  budget.parsedBytes = rootDentry.next - security.end;
  const tree = new ImageTree(budget);
  const root = new WimNode(tree, rootDentry, null, 0, 0);
  let verified = false;
  const verifyMetadata = () => {
    if (verified) return;
    verifyWhole(bytes.whole());
    verified = true;
  };
  return {
    root,
    security,
    get nodeCount() {
      return tree.nodeCount;
    },
    verifyMetadata,
    parseAll() {
      verifyMetadata();
      // Iterative: a tree thousands of levels deep must not overflow the call stack.
      const stack = [root];
      while (stack.length > 0) for (const c of stack.pop()!.children ?? []) stack.push(c);
    },
  };
}

/** Backslash path of a node from the root, e.g. `Windows\System32` ('' for the root). */
export function nodePath(node: WimNode): string {
  const parts: string[] = [];
  for (let n: WimNode | null = node; n && n.parent; n = n.parent) parts.push(n.name);
  return parts.reverse().join('\\');
}
