// An image's metadata resource [wim-format.md §5], decoded piece by piece as its bytes are first needed:
// the security data and the root when the image is opened, then each directory's list when it is listed.
// A check that looks up a few dozen paths decodes the chunks holding them, not a metadata resource of tens
// of MB. The SHA-1 of the resource can only be checked once every byte is read (`whole`).
import type { Resource } from './resource';

/** 32 KiB pieces: the chunk size of XPRESS and LZX as DISM writes them (larger chunks come from the cache). */
const PIECE_SHIFT = 15;

export class MetadataBytes {
  /** The resource's bytes at their offsets; only the ranges `ensure` covered are filled. */
  readonly buf: Buffer;
  private readonly loaded: Uint8Array;

  /** `resource` null: `buf` is the whole resource already (a buffer built by hand, in tests). */
  constructor(
    private readonly resource: Resource | null,
    buf: Buffer,
  ) {
    this.buf = buf;
    this.loaded = new Uint8Array((buf.length >>> PIECE_SHIFT) + 1);
    if (!resource) this.loaded.fill(1);
  }

  /** A metadata resource read from the image as needed. */
  static of(resource: Resource): MetadataBytes {
    return new MetadataBytes(resource, Buffer.alloc(resource.size));
  }

  get size(): number {
    return this.buf.length;
  }

  /** Makes `buf[start, end)` hold the resource's bytes (clamped to the resource); decoding errors are WimErrors. */
  ensure(start: number, end: number): void {
    const from = Math.max(0, start) >>> PIECE_SHIFT;
    const to = (Math.min(this.buf.length, end) - 1) >>> PIECE_SHIFT;
    if (end <= start || from > to || !this.resource) return;
    for (let c = from; c <= to; c++) {
      if (this.loaded[c]) continue;
      const pos = c << PIECE_SHIFT;
      const len = Math.min(this.buf.length, pos + (1 << PIECE_SHIFT)) - pos;
      this.resource.readInto(pos, len, this.buf, pos);
      this.loaded[c] = 1;
    }
  }

  /** Every byte of the resource. */
  whole(): Buffer {
    this.ensure(0, this.buf.length);
    return this.buf;
  }
}
