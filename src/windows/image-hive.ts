// Hives read out of a WIM image: the HiveFiles of src/hive/open.ts over an ImageFs. The hive is read
// lazily through the blob's chunk table (32 KiB pieces, where LazyFileSource reads a file in 64 KiB ones), so a check that
// looks up a few dozen keys in a 95 MB SOFTWARE hive decodes a few MB; transaction logs are read whole
// and hash-checked. Paths are the ImageFs identifiers (`<wim>:<index>\Windows\System32\config\SYSTEM`)
// that ImageFs.resolve hands out; failures are HiveIoErrors, as for a file on a volume.
import { HiveIoError, type HiveFiles } from '../hive';
import { ChunkedSource } from '../hive/source';
import { WimError } from '../wim/errors';
import type { Resource } from '../wim/resource';
import type { ImageFs } from './image-fs';

/** Largest hive read from an image (real ones are at most a few hundred MB); the size comes from the WIM. */
const MAX_IMAGE_HIVE_BYTES = 1024 * 1024 * 1024;
const LOG_SUFFIXES = ['.LOG', '.LOG1', '.LOG2'];
// 32 KiB pieces: the chunk size of XPRESS and LZX as DISM writes them, so a piece never makes the reader decode
// a chunk the hive does not touch (64 KiB pieces decoded a quarter more on the bench's check).
const PIECE_SHIFT = 15;

/** A hive inside the image, read through the blob's chunk table one 32 KiB piece at a time (ChunkedSource). */
class BlobSource extends ChunkedSource {
  constructor(
    private readonly path: string,
    private readonly blob: Resource,
    size: number,
    /** Told of a chunk that failed to decode: the hive reader turns the HiveIoError below into a warning. */
    private readonly onDamage: (e: WimError) => void,
  ) {
    super(size, PIECE_SHIFT);
  }

  protected read(pos: number, len: number): void {
    // Piece by piece, so that an error names the piece that failed.
    for (let at = pos; at < pos + len; at += 1 << PIECE_SHIFT) {
      try {
        this.blob.readInto(at, Math.min(pos + len, at + (1 << PIECE_SHIFT)) - at, this.buf, at);
      } catch (e) {
        if (e instanceof WimError) this.onDamage(e);
        throw new HiveIoError(this.path, at, 'file', `read from the image failed: ${(e as Error).message}`);
      }
    }
  }
}

export function imageHiveFiles(image: ImageFs): HiveFiles {
  const prefix = `${image.root}\\`;
  const relative = (path: string): string => {
    if (!path.startsWith(prefix)) throw new HiveIoError(path, -1, 'file', `not a file of image ${image.root}`);
    return path.slice(prefix.length);
  };
  const io = <T>(path: string, f: () => T): T => {
    try {
      return f();
    } catch (e) {
      if (e instanceof HiveIoError) throw e;
      throw new HiveIoError(path, -1, 'file', (e as Error).message);
    }
  };
  const size = (path: string): number =>
    io(path, () => {
      const st = image.stat(relative(path));
      if (!st) throw new HiveIoError(path, -1, 'file', 'no such file');
      return st.size;
    });
  return {
    hiveSize: (path) =>
      io(path, () => {
        if (!image.isFile(relative(path))) throw new HiveIoError(path, -1, 'file', 'is not a regular file');
        const n = size(path);
        if (n > MAX_IMAGE_HIVE_BYTES)
          throw new HiveIoError(path, -1, 'file', `file is ${n} bytes; larger than any hive this reader accepts`);
        return n;
      }),
    size,
    source: (path, n) => io(path, () => new BlobSource(path, image.openRange(relative(path))!, n, (e) => image.noteDamage(e))),
    read: (path) => io(path, () => image.readFile(relative(path), MAX_IMAGE_HIVE_BYTES) ?? Buffer.alloc(0)),
    logs: (path) => {
      const rel = relative(path);
      const cut = rel.lastIndexOf('\\');
      const dir = cut < 0 ? '' : rel.slice(0, cut);
      const base = rel.slice(cut + 1).toUpperCase();
      const names = image.list(dir) ?? [];
      const found: string[] = [];
      for (const suffix of LOG_SUFFIXES) {
        const match = names.find((n) => n.toUpperCase() === base + suffix);
        if (match) found.push(`${prefix}${dir ? `${dir}\\` : ''}${match}`);
      }
      return found;
    },
  };
}
