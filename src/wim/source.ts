// The WIM file itself: one read-only descriptor kept open for random access (reads are synchronous, as the
// VolumeFs seam is). Every read is checked against the file's size first, so a header or table that
// points past the end fails here with the offset named, before any buffer of the claimed size exists.
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { WimFormatError, WimIoError } from './errors';

export class WimSource {
  readonly size: number;
  private fd: number | null;

  constructor(readonly path: string) {
    // O_NONBLOCK: a path that is a FIFO cannot hang the open; the fstat below refuses anything but a file.
    try {
      this.fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
    } catch (e) {
      throw new WimIoError(path, -1, 'file', (e as Error).message);
    }
    const st = fstatSync(this.fd);
    if (!st.isFile()) {
      closeSync(this.fd);
      this.fd = null;
      throw new WimIoError(path, -1, 'file', 'not a regular file');
    }
    this.size = st.size;
  }

  /** `length` bytes at `offset`, all inside the file, else WimFormatError naming what was read. */
  read(offset: number, length: number, structure: string): Buffer {
    const buf = Buffer.allocUnsafe(length);
    this.readInto(offset, length, structure, buf, 0);
    return buf;
  }

  /** The same bytes, read straight into `target` at `targetOffset`. */
  readInto(offset: number, length: number, structure: string, target: Uint8Array, targetOffset: number): void {
    this.check(offset, length, structure);
    let got = 0;
    while (got < length) {
      let n: number;
      try {
        n = readSync(this.fd!, target, targetOffset + got, length - got, offset + got);
      } catch (e) {
        throw new WimIoError(this.path, offset + got, structure, (e as Error).message);
      }
      if (n <= 0) throw new WimIoError(this.path, offset + got, structure, 'the file ended early (it shrank while being read)');
      got += n;
    }
  }

  /** Throws unless [offset, offset+length) lies inside the file (both safe integers). */
  check(offset: number, length: number, structure: string): void {
    if (this.fd === null) throw new WimIoError(this.path, -1, structure, 'the file is closed');
    if (!Number.isSafeInteger(offset) || !Number.isSafeInteger(length) || offset < 0 || length < 0 || offset + length > this.size) {
      throw new WimFormatError(
        this.path,
        offset,
        structure,
        `${length} bytes at offset ${offset} run past the end of the ${this.size}-byte file`,
      );
    }
  }

  close(): void {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
  }
}
