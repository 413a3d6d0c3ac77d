// The file-system seam (the public surface of VolumeFs) backed by one image of a WIM, so every fact
// extractor reads an image exactly as it reads a mounted volume. Names resolve as on NTFS: an exact match
// first, then a case-insensitive one (per-UTF-16-unit upcase, the same rule as VolumeFs). Reading stays
// synchronous, on the WIM's open descriptor.
//
// What is hashed: readFile reads the whole stream and checks its SHA-1 against the image (a mismatch or an
// undecodable chunk throws ImageReadError, a VolumeReadError whose `cause` is the WimError). readHead,
// readTail and forEachTailChunk read a range through the chunk table and are not hashed (hashing would
// need the whole file); openRange gives the same random access to callers such as a lazy hive source.
//
// The image's directories are parsed as they are first looked up (src/wim/image.ts). A directory whose
// list is damaged (a cycle, a duplicate name, a length that lies, an undecodable metadata chunk) is
// unreadable here as an unreadable directory is on a volume: it is absent, and lookups never throw. The
// first such damage is kept in `damage`, and whoever judges the image (image-scan.ts) reports the image as
// unreadable for it, as when the damage is found on opening.
//
// Reparse points (symbolic links, junctions) are not followed: their targets name the machine's volumes,
// not the image. They are neither files nor directories here, as a dangling link is on a volume.
//
// Beyond the seam, what only an NTFS image carries: a file's short (8.3) name, its named (alternate) data
// streams (`streams`, `readStream`, read whole and hash-checked) and a reparse point's data (`readReparsePoint`,
// hash-checked, with the REPARSE_DATA_BUFFER header rebuilt as NTFS returns it [wim-format.md §5.5]).
import type { Stats } from 'node:fs';
import type { HiveFiles } from '../hive';
import { FILE_ATTRIBUTE_READONLY } from '../wim/dentry';
import { WimError } from '../wim/errors';
import { nodePath, type WimNode } from '../wim/image';
import type { Resource } from '../wim/resource';
import type { Wim } from '../wim/wim';
import { imageHiveFiles } from './image-hive';
import { DEFAULT_MAX_READ, FileTooLargeError, VolumeFs, VolumeReadError, splitRelative, toVolumeRelative, upcaseName } from './volume-fs';

/** The public members of VolumeFs: what extractors may call. */
export type FileSystemSeam = { [K in keyof VolumeFs]: VolumeFs[K] };

/** A read of the image failed for a reason inside the WIM (bad hash, undecodable chunk, bad table). */
export class ImageReadError extends VolumeReadError {
  constructor(
    volumePath: string,
    override readonly cause: WimError,
  ) {
    super(volumePath, cause.message);
    this.name = 'ImageReadError';
  }
}

interface DirIndex {
  exact: Map<string, WimNode>;
  upper: Map<string, WimNode[]>;
  names: string[];
}

/** NTFS caps a reparse point's data at 16 KiB (MAXIMUM_REPARSE_DATA_BUFFER_SIZE). */
const MAX_REPARSE_DATA = 16 * 1024;

const FILETIME_UNIX_EPOCH = 116444736000000000n;

function filetimeMs(t: bigint): number {
  const ms = Number((t - FILETIME_UNIX_EPOCH) / 10000n);
  return Number.isFinite(ms) && Math.abs(ms) <= 8.64e15 ? ms : 0;
}

/**
 * A VolumeFs by inheritance so that every extractor, typed on VolumeFs, takes it unchanged; it overrides
 * every public member (a test fails when VolumeFs gains one that is not overridden here), so nothing it
 * inherits ever touches the host file system.
 */
export class ImageFs extends VolumeFs implements FileSystemSeam {
  /** `<wim path>:<index>`: names the image in evidence; not a host directory. */
  override readonly root: string;
  private readonly rootNode: WimNode;
  private readonly dirs = new Map<WimNode, DirIndex>();
  private firstDamage: WimError | null = null;

  constructor(
    readonly wim: Wim,
    readonly index: number,
  ) {
    super(`${wim.path}:${index}`);
    this.root = `${wim.path}:${index}`;
    this.rootNode = wim.image(index).root;
  }

  /**
   * The first damage met, or null: a damaged directory list met by a lookup, or a chunk that failed to decode
   * under a reader given random access (a hive read lazily, image-hive.ts, whose reader takes a failed read
   * for a damaged cell and goes on). The image cannot be trusted when set.
   */
  get damage(): WimError | null {
    return this.firstDamage;
  }

  /** Damage met by a reader of an openRange (see `damage`). */
  noteDamage(e: WimError): void {
    this.firstDamage ??= e;
  }

  /** The children of a directory by name; null when its list is damaged (kept in `damage`). */
  private dirIndex(node: WimNode): DirIndex | null {
    let d = this.dirs.get(node);
    if (!d) {
      let children: WimNode[];
      try {
        children = node.children ?? [];
      } catch (e) {
        if (!(e instanceof WimError)) throw e;
        this.firstDamage ??= e;
        return null;
      }
      d = { exact: new Map(), upper: new Map(), names: [] };
      for (const c of children) {
        d.exact.set(c.name, c);
        d.names.push(c.name);
        const u = upcaseName(c.name);
        const list = d.upper.get(u);
        if (list) list.push(c);
        else d.upper.set(u, [c]);
      }
      d.names.sort();
      // Several names differing only in case: the first in sorted order wins, as in VolumeFs.
      for (const list of d.upper.values()) list.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      this.dirs.set(node, d);
    }
    return d;
  }

  /** The node of `relative`, or null when a component is missing or passes through a file. */
  node(relative: string): WimNode | null {
    const parts = splitRelative(relative);
    if (parts === null) return null;
    let cur = this.rootNode;
    for (const part of parts) {
      if (!this.isDir(cur)) return null;
      const d = this.dirIndex(cur);
      const next = d?.exact.get(part) ?? d?.upper.get(upcaseName(part))?.[0];
      if (!next) return null;
      cur = next;
    }
    return cur;
  }

  /** An identifier of the file (`<wim>:<index>\path`), unique per file; not a host path. */
  override resolve(relative: string): string | null {
    const n = this.node(relative);
    if (!n) return null;
    const p = nodePath(n);
    return p === '' ? this.root : `${this.root}\\${p}`;
  }

  /** The hives inside are read from the image's blobs. */
  override hiveFiles(): HiveFiles {
    return imageHiveFiles(this);
  }

  override displayPath(relative: string): string {
    const n = this.node(relative);
    return n ? nodePath(n) : toVolumeRelative(relative);
  }

  override exists(relative: string): boolean {
    return this.node(relative) !== null;
  }

  private isDir(n: WimNode): boolean {
    return n.isDirectory && n.reparse === null;
  }

  private isRegular(n: WimNode): boolean {
    return !n.isDirectory && n.reparse === null;
  }

  override stat(relative: string): Stats | null {
    const n = this.node(relative);
    if (!n) return null;
    const size = this.isRegular(n) ? this.sizeOf(relative, n) : 0;
    const dir = this.isDir(n);
    const file = this.isRegular(n);
    const link = n.reparse !== null;
    const atimeMs = filetimeMs(n.lastAccessTime);
    const mtimeMs = filetimeMs(n.lastWriteTime);
    const birthtimeMs = filetimeMs(n.creationTime);
    const st = {
      isFile: () => file,
      isDirectory: () => dir,
      isSymbolicLink: () => link,
      isBlockDevice: () => false,
      isCharacterDevice: () => false,
      isFIFO: () => false,
      isSocket: () => false,
      dev: 0,
      ino: n.offset,
      mode: (dir ? 0o040000 : 0o100000) | (n.attributes & FILE_ATTRIBUTE_READONLY ? 0o444 : 0o644),
      nlink: 1,
      uid: 0,
      gid: 0,
      rdev: 0,
      size,
      blksize: 4096,
      blocks: Math.ceil(size / 512),
      atimeMs,
      mtimeMs,
      ctimeMs: mtimeMs,
      birthtimeMs,
      atime: new Date(atimeMs),
      mtime: new Date(mtimeMs),
      ctime: new Date(mtimeMs),
      birthtime: new Date(birthtimeMs),
    };
    return st as Stats;
  }

  override isFile(relative: string): boolean {
    const n = this.node(relative);
    return n !== null && this.isRegular(n);
  }

  override isDirectory(relative: string): boolean {
    const n = this.node(relative);
    return n !== null && this.isDir(n);
  }

  override list(relative: string): string[] | null {
    const n = this.node(relative);
    if (!n || !this.isDir(n)) return null;
    return this.dirIndex(n)?.names.slice() ?? null;
  }

  /** Attributes as stored (FILE_ATTRIBUTE_*), or null when absent. */
  attributes(relative: string): number | null {
    return this.node(relative)?.attributes ?? null;
  }

  /** The short (8.3, DOS) name as stored: '' when the file has none, null when it is absent. */
  shortName(relative: string): string | null {
    return this.node(relative)?.shortName ?? null;
  }

  /** Named (alternate) data streams of a file or directory, in stored order; null when it is absent. */
  streams(relative: string): { name: string; size: number }[] | null {
    const n = this.node(relative);
    if (!n) return null;
    const shown = nodePath(n);
    return n.namedStreams.map((s) => ({ name: s.name, size: this.guard(shown, () => this.wim.blobSize(s.hash)) }));
  }

  /**
   * One named stream read whole and checked against its SHA-1; stream names compare as NTFS compares them
   * (exact first, then case-insensitive). Null when the file or the stream is absent.
   */
  readStream(relative: string, stream: string, maxBytes: number = DEFAULT_MAX_READ): Buffer | null {
    const n = this.node(relative);
    if (!n) return null;
    const s = n.namedStreams.find((x) => x.name === stream) ?? n.namedStreams.find((x) => upcaseName(x.name) === upcaseName(stream));
    if (!s) return null;
    const shown = `${nodePath(n)}:${s.name}`;
    const size = this.guard(shown, () => this.wim.blobSize(s.hash));
    if (size > maxBytes) throw new FileTooLargeError(shown, size, maxBytes);
    return this.guard(shown, () => this.wim.readBlob(s.hash, maxBytes));
  }

  /**
   * A reparse point's data as NTFS returns it (FSCTL_GET_REPARSE_POINT): the 8-byte header — tag, data length,
   * the stored reserved field — then the data read from the image and checked against its SHA-1. Null when
   * the path is absent or not a reparse point.
   */
  readReparsePoint(relative: string): { tag: number; data: Buffer } | null {
    const n = this.node(relative);
    if (!n?.reparse) return null;
    const { tag, reserved, hash } = n.reparse;
    const body = this.guard(nodePath(n), () => this.wim.readBlob(hash, MAX_REPARSE_DATA));
    // A non-Microsoft tag (bit 31 clear) carries a 16-byte GUID that the length field does not count.
    const length = tag & 0x80000000 ? body.length : body.length - 16;
    if (length < 0 || length > 0xffff)
      throw new VolumeReadError(nodePath(n), `reparse data of ${body.length} bytes does not fit tag 0x${tag.toString(16)}`);
    const head = Buffer.alloc(8);
    head.writeUInt32LE(tag >>> 0, 0);
    head.writeUInt16LE(length, 4);
    head.writeUInt16LE(reserved, 6);
    return { tag, data: Buffer.concat([head, body]) };
  }

  private guard<T>(shown: string, f: () => T): T {
    try {
      return f();
    } catch (e) {
      if (e instanceof WimError) throw new ImageReadError(shown, e);
      throw e;
    }
  }

  private sizeOf(shown: string, n: WimNode): number {
    return this.guard(shown, () => this.wim.blobSize(n.dataHash));
  }

  /** The regular file's node, null when absent; VolumeReadError when it is a directory or a reparse point. */
  private fileNode(relative: string): WimNode | null {
    const n = this.node(relative);
    if (!n) return null;
    if (!this.isRegular(n))
      throw new VolumeReadError(nodePath(n), n.reparse ? 'a reparse point (not followed in an image)' : 'not a regular file');
    return n;
  }

  /** Random access to a file's data stream (not hashed). Null when absent. */
  openRange(relative: string): Resource | null {
    const n = this.fileNode(relative);
    if (!n) return null;
    return this.guard(nodePath(n), () => this.wim.openBlob(n.dataHash));
  }

  override readFile(relative: string, maxBytes: number = DEFAULT_MAX_READ): Buffer | null {
    const n = this.fileNode(relative);
    if (!n) return null;
    const shown = nodePath(n);
    const size = this.sizeOf(shown, n);
    if (size > maxBytes) throw new FileTooLargeError(shown, size, maxBytes);
    return this.guard(shown, () => this.wim.readBlob(n.dataHash, maxBytes));
  }

  override readHead(relative: string, count: number): Buffer | null {
    const r = this.openRange(relative);
    if (!r) return null;
    return this.guard(this.displayPath(relative), () => r.read(0, Math.min(Math.max(0, count), r.size)));
  }

  override readTail(relative: string, count: number): { data: Buffer; size: number; truncated: boolean } | null {
    const r = this.openRange(relative);
    if (!r) return null;
    const length = Math.min(Math.max(0, count), r.size);
    const data = this.guard(this.displayPath(relative), () => r.read(r.size - length, length));
    return { data, size: r.size, truncated: r.size > length };
  }

  override forEachTailChunk(
    relative: string,
    count: number,
    chunkBytes: number,
    onChunk: (chunk: Buffer, position: number, size: number) => void,
  ): { size: number; start: number; truncated: boolean } | null {
    const r = this.openRange(relative);
    if (!r) return null;
    const start = r.size - Math.min(Math.max(0, count), r.size);
    const step = Math.max(1, chunkBytes);
    const shown = this.displayPath(relative);
    for (let p = start; p < r.size; p += step) {
      const piece = this.guard(shown, () => r.read(p, Math.min(step, r.size - p)));
      onChunk(piece, p, r.size);
    }
    return { size: r.size, start, truncated: start > 0 };
  }
}
