// A WIM file opened for reading: header, blob table, XML, and each image's directory tree on demand
// (its directories parsed as they are listed: image.ts).
// Split sets (.swm) are read when every part is found beside part 1 (wimlib and DISM name them
// NAME.swm, NAME2.swm, …); a part opened alone, or part 1 without the others, is refused clearly.
// Pipable WIMs are refused by the header parser.
//
// Integrity: readBlob (a whole blob) and a metadata resource read whole (ParsedImage.verifyMetadata, which
// parseAll and `check` run) are checked against their SHA-1. Lookups read the metadata as it is listed.
// openBlob gives random access without hashing (a hive read page by page); a caller that needs the proof
// reads the blob whole.
import { sha1Hex } from './sha1';
import { existsSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import { parseBlobTable, ZERO_HASH, type BlobEntry, type BlobTable, type SolidRun } from './blob-table';
import { ChunkCache, DEFAULT_CACHE_BYTES } from './chunk-cache';
import { Codecs } from './codecs';
import { UnsupportedWimError, WimError, WimFormatError, WimHashError, WimIoError } from './errors';
import { HEADER_SIZE, parseHeader, VERSION_SOLID, type WimHeader } from './header';
import { parseImage, type ParsedImage } from './image';
import { checkIntegrity, type IntegrityResult } from './integrity';
import { MetadataBytes } from './metadata-bytes';
import { openResource, openSolidResource, SliceResource, type Resource, type ResourceContext } from './resource';
import { WimSource } from './source';
import { MAX_XML_BYTES, parseWimXml, type WimXml } from './xml';

/** Largest metadata resource read (a Windows 11 image's is tens of MB). */
export const MAX_METADATA_BYTES = 1024 * 1024 * 1024;
/** Largest blob table read (50 bytes per blob: 20 M blobs). */
export const MAX_BLOB_TABLE_BYTES = 1024 * 1024 * 1024;

export interface OpenWimOptions {
  /** Byte budget of decompressed chunks kept for reuse. */
  cacheBytes?: number;
}

interface Part {
  header: WimHeader;
  ctx: ResourceContext;
}

export class Wim {
  readonly header: WimHeader;
  readonly xml: WimXml;
  readonly warnings: string[] = [];
  private readonly parts = new Map<number, Part>();
  private readonly tables: BlobTable[] = [];
  private readonly metadata: BlobEntry[];
  private readonly images = new Map<number, ParsedImage>();
  private readonly solid = new Map<string, { resources: Resource[]; starts: number[] }>();
  readonly cache: ChunkCache;

  private constructor(
    readonly path: string,
    options: OpenWimOptions,
  ) {
    this.cache = new ChunkCache(options.cacheBytes ?? DEFAULT_CACHE_BYTES);
    const codecs = new Codecs();
    const first = this.openPart(path, codecs);
    this.header = first.header;
    try {
      if (this.header.totalParts > 1) {
        if (this.header.partNumber !== 1) {
          throw new UnsupportedWimError(
            path,
            0x28,
            'header',
            `this is part ${this.header.partNumber} of a ${this.header.totalParts}-part split WIM: open part 1 (the .swm without a number)`,
          );
        }
        for (let n = 2; n <= this.header.totalParts; n++) {
          const ext = extname(path);
          const other = join(dirname(path), `${basename(path, ext)}${n}${ext}`);
          if (!existsSync(other)) {
            throw new UnsupportedWimError(
              path,
              0x2a,
              'header',
              `part 1 of a ${this.header.totalParts}-part split WIM; part ${n} (${basename(other)}) is not beside it`,
            );
          }
          const part = this.openPart(other, codecs);
          if (part.header.guid !== this.header.guid || part.header.totalParts !== this.header.totalParts || part.header.partNumber !== n) {
            part.ctx.source.close();
            throw new UnsupportedWimError(
              other,
              0x18,
              'header',
              `not part ${n} of the same split WIM as ${basename(path)} (GUID, part number or total differ)`,
            );
          }
        }
      }
      // The XML first: an encrypted ESD says so there, and its blob table would only read as garbage.
      this.xml = this.readXml(first);
      if (this.xml.encrypted)
        throw new UnsupportedWimError(
          path,
          0x48,
          'XML data',
          'an encrypted ESD (<ESD><ENCRYPTED>, as Windows Update downloads them) cannot be read; decrypt it first',
        );
      // Blob tables of every part, looked up in part order (the first part holding a hash wins); metadata
      // only from part 1.
      let metadata: BlobEntry[] = [];
      for (const [n, part] of this.parts) {
        const table = this.readBlobTable(part);
        if (n === 1) metadata = table.metadata;
        this.tables.push(table);
      }
      this.metadata = metadata;
      if (metadata.length !== this.header.imageCount) {
        this.warnings.push(
          `the blob table holds ${metadata.length} image metadata resources but the header counts ${this.header.imageCount}`,
        );
      }
      this.warnings.push(...this.xml.warnings);
      if (this.header.flags & 0x40) this.warnings.push('the header says a write was in progress (a crashed or concurrent writer)');
    } catch (e) {
      this.close();
      throw e;
    }
  }

  static open(path: string, options: OpenWimOptions = {}): Wim {
    return new Wim(path, options);
  }

  private openPart(path: string, codecs: Codecs): Part {
    const source = new WimSource(path);
    try {
      const head = source.read(0, Math.min(HEADER_SIZE, source.size), 'header');
      const header = parseHeader(path, head, source.size);
      const part = { header, ctx: { source, codecs, cache: this.cache, compression: header.compression, chunkSize: header.chunkSize } };
      this.parts.set(header.partNumber, part);
      return part;
    } catch (e) {
      source.close();
      throw e;
    }
  }

  private readBlobTable(part: Part): BlobTable {
    const r = part.header.blobTable;
    if (r.size > MAX_BLOB_TABLE_BYTES)
      throw new WimFormatError(part.ctx.source.path, 0x30, 'header blob-table reshdr', `blob table of ${r.size} bytes is too large`);
    const data = openResource(part.ctx, r).read(0, r.size);
    return parseBlobTable(part.ctx.source.path, data, r.offset, part.header.partNumber, part.header.version === VERSION_SOLID);
  }

  private readXml(part: Part): WimXml {
    const r = part.header.xml;
    if (r.size === 0) return { text: '', images: [], warnings: ['the WIM has no XML data'], encrypted: false };
    if (r.size > MAX_XML_BYTES)
      throw new WimFormatError(this.path, 0x48, 'header XML reshdr', `XML data of ${r.size} bytes is more than the ${MAX_XML_BYTES} read`);
    const data = openResource(part.ctx, r).read(0, r.size);
    return parseWimXml(this.path, r.offset, data, this.header.imageCount);
  }

  get imageCount(): number {
    return this.metadata.length;
  }

  /** Blob table entry for a SHA-1 (hex), or null. */
  blob(hash: string): BlobEntry | null {
    for (const t of this.tables) {
      const e = t.find(hash);
      if (e) return e;
    }
    return null;
  }

  /** Uncompressed size of the blob with `hash` (0 for the zero hash); throws when the table lacks it. */
  blobSize(hash: string): number {
    if (hash === ZERO_HASH) return 0;
    const e = this.blob(hash);
    if (!e) throw new WimFormatError(this.path, -1, 'blob table', `no blob with SHA-1 ${hash} (referenced by the image)`);
    return e.size;
  }

  private partOf(e: BlobEntry): Part {
    const part = this.parts.get(e.partNumber) ?? (this.parts.size === 1 ? this.parts.get(this.header.partNumber) : undefined);
    if (!part) throw new WimFormatError(this.path, e.tableOffset, 'blob table entry', `blob in part ${e.partNumber}, which is not open`);
    return part;
  }

  /** Random access to a blob's bytes (not hashed). */
  openBlob(hash: string): Resource {
    if (hash === ZERO_HASH) return new SliceResource(this.path, { size: 0, read: () => Buffer.alloc(0), readInto: () => {} }, 0, 0);
    const e = this.blob(hash);
    if (!e) throw new WimFormatError(this.path, -1, 'blob table', `no blob with SHA-1 ${hash} (referenced by the image)`);
    const part = this.partOf(e);
    if (e.location.kind === 'plain') return openResource(part.ctx, e.location.reshdr);
    return this.solidSlice(part, e, e.location.run, e.location.offset);
  }

  private solidSlice(part: Part, e: BlobEntry, run: SolidRun, offset: number): Resource {
    const key = `${part.header.partNumber}:${run.id}`;
    let opened = this.solid.get(key);
    if (!opened) {
      const resources = run.resources.map((r) => openSolidResource(part.ctx, r.reshdr));
      const starts = [0];
      for (const r of resources) starts.push(starts[starts.length - 1] + r.size);
      opened = { resources, starts };
      this.solid.set(key, opened);
    }
    if (opened.resources.length === 0)
      throw new WimFormatError(this.path, e.tableOffset, 'blob table entry', 'solid blob in a run without any solid resource entry');
    for (let i = 0; i < opened.resources.length; i++) {
      if (offset >= opened.starts[i] && offset + e.size <= opened.starts[i + 1]) {
        return new SliceResource(this.path, opened.resources[i], offset - opened.starts[i], e.size);
      }
    }
    throw new WimFormatError(
      this.path,
      e.tableOffset,
      'blob table entry',
      `solid blob of ${e.size} bytes at ${offset} lies outside its run's ${opened.starts[opened.starts.length - 1]} bytes`,
    );
  }

  /** A whole blob, at most `maxBytes`, checked against its SHA-1 (WimHashError on mismatch). */
  readBlob(hash: string, maxBytes: number): Buffer {
    if (hash === ZERO_HASH) return Buffer.alloc(0);
    const r = this.openBlob(hash);
    if (r.size > maxBytes)
      throw new WimFormatError(this.path, -1, 'blob', `blob ${hash} of ${r.size} bytes is more than the ${maxBytes} allowed`);
    const data = r.read(0, r.size);
    const got = sha1Hex(data);
    if (got !== hash) throw new WimHashError(this.path, -1, 'blob', `SHA-1 of the ${r.size} bytes read is ${got}, the image names ${hash}`);
    return data;
  }

  /**
   * Image `index` (1-based): its security data and root parsed (cached), reading only the chunks of the
   * metadata resource that hold them. Its directories are parsed (their chunks read) when listed, not
   * hashed; `parseAll()` reads the whole resource, checks its SHA-1 and parses every directory.
   */
  image(index: number): ParsedImage {
    const cached = this.images.get(index);
    if (cached) return cached;
    if (!Number.isInteger(index) || index < 1 || index > this.metadata.length) {
      throw new WimFormatError(this.path, -1, 'image', `no image ${index} (the WIM holds ${this.metadata.length})`);
    }
    const e = this.metadata[index - 1];
    if (e.size > MAX_METADATA_BYTES)
      throw new WimFormatError(this.path, e.tableOffset, 'metadata reshdr', `image ${index} metadata of ${e.size} bytes is too large`);
    const part = this.parts.get(1) ?? this.partOf(e);
    if (e.location.kind !== 'plain') throw new WimFormatError(this.path, e.tableOffset, 'metadata reshdr', 'solid metadata');
    const { reshdr } = e.location;
    const verifyWhole = (whole: Buffer) => {
      const got = sha1Hex(whole);
      if (got !== e.hash)
        throw new WimHashError(this.path, reshdr.offset, `image ${index} metadata`, `SHA-1 is ${got}, the blob table names ${e.hash}`);
    };
    const parsed = parseImage(this.path, index, MetadataBytes.of(openResource(part.ctx, reshdr)), verifyWhole);
    this.images.set(index, parsed);
    return parsed;
  }

  /** Checks the optional integrity table of the file (part 1 of a split set): every chunk read once. */
  checkIntegrity(): IntegrityResult {
    const part = this.parts.get(this.header.partNumber)!;
    return checkIntegrity(part.ctx.source, part.header.integrity, part.header.blobTable);
  }

  /** Image index for `N` or an image NAME (case-insensitive, as DISM's /Name); null when none matches. */
  resolveImage(spec: string): number | null {
    if (/^\d+$/.test(spec)) {
      const n = Number(spec);
      return n >= 1 && n <= this.imageCount ? n : null;
    }
    const want = spec.toUpperCase();
    const hit = this.xml.images.find((i) => i.name !== null && i.name.toUpperCase() === want);
    return hit && hit.index <= this.imageCount ? hit.index : null;
  }

  close(): void {
    for (const p of this.parts.values()) p.ctx.source.close();
    this.cache.clear();
  }
}

/** True for errors that mean "this image cannot be trusted" (callers report the installation as unknown). */
export function isWimError(e: unknown): e is WimError {
  return e instanceof WimError;
}

export { WimIoError };
