// One decoder per codec for a WIM file, created on first use and reused for every chunk (their tables are
// the only sizeable state), and one buffer reused for the compressed chunks they read. Format numbers are
// those of a solid resource header [wim-format.md §4.2].
import type { Compression } from './header';
import { LzmsDecoder } from './lzms';
import { LzxDecoder } from './lzx';
import { XpressDecoder } from './xpress';

export const SOLID_FORMATS: Compression[] = ['none', 'xpress', 'lzx', 'lzms'];

export interface ChunkDecoder {
  decode(input: Uint8Array, out: Uint8Array): void;
}

/** Compressed chunks up to this size are read into one buffer kept for the next (larger ones: a buffer each). */
const KEPT_INPUT_BYTES = 1024 * 1024;

export class Codecs {
  private kept = new Uint8Array(0);
  private xpress: XpressDecoder | null = null;
  private lzms: LzmsDecoder | null = null;
  private readonly lzx = new Map<number, LzxDecoder>();

  /**
   * A buffer of `size` bytes for one compressed chunk, reused from chunk to chunk (a decoder is done with its
   * input before the next chunk is read, and never reads a chunk itself).
   */
  input(size: number): Uint8Array {
    if (size > KEPT_INPUT_BYTES) return new Uint8Array(size);
    if (this.kept.length < size) this.kept = new Uint8Array(Math.max(size, 65536));
    return this.kept.subarray(0, size);
  }

  /** The decoder for `compression` with chunks of `chunkSize` bytes (LZX's window is the chunk size). */
  get(compression: Exclude<Compression, 'none'>, chunkSize: number): ChunkDecoder {
    switch (compression) {
      case 'xpress':
        return (this.xpress ??= new XpressDecoder());
      case 'lzms':
        return (this.lzms ??= new LzmsDecoder());
      case 'lzx': {
        let d = this.lzx.get(chunkSize);
        if (!d) {
          d = new LzxDecoder(chunkSize);
          this.lzx.set(chunkSize, d);
        }
        return d;
      }
    }
  }
}
