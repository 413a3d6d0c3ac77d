// One decoder per codec for a WIM file, created on first use and reused for every chunk (their tables are
// the only sizeable state). Format numbers are those of a solid resource header [wim-format.md §4.2].
import type { Compression } from './header';
import { LzmsDecoder } from './lzms';
import { LzxDecoder } from './lzx';
import { XpressDecoder } from './xpress';

export const SOLID_FORMATS: Compression[] = ['none', 'xpress', 'lzx', 'lzms'];

export interface ChunkDecoder {
  decode(input: Uint8Array, out: Uint8Array): void;
}

export class Codecs {
  private xpress: XpressDecoder | null = null;
  private lzms: LzmsDecoder | null = null;
  private readonly lzx = new Map<number, LzxDecoder>();

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
