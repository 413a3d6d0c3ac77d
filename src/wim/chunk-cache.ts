// Decompressed chunks kept for reuse, least recently used dropped first, bounded in bytes. Reading a file
// piece by piece (a hive page by page, a log's tail in 64 KiB steps) touches the same chunk many times;
// a solid chunk can be 64 MiB, so the bound is in bytes, not entries, and at least one chunk is kept.

export const DEFAULT_CACHE_BYTES = 96 * 1024 * 1024;

export class ChunkCache {
  private readonly map = new Map<string, Uint8Array>();
  private bytes = 0;
  /**
   * Bytes decompressed since the cache was made (every miss, and every chunk its reader decoded past the
   * cache); tests and the bench read it.
   */
  decompressedBytes = 0;

  constructor(private readonly budget: number = DEFAULT_CACHE_BYTES) {}

  has(key: string): boolean {
    return this.map.has(key);
  }

  get(key: string, make: () => Uint8Array): Uint8Array {
    const hit = this.map.get(key);
    if (hit) {
      this.map.delete(key);
      this.map.set(key, hit);
      return hit;
    }
    const made = make();
    this.decompressedBytes += made.length;
    this.map.set(key, made);
    this.bytes += made.length;
    for (const [k, v] of this.map) {
      if (this.bytes <= this.budget || k === key) break;
      this.map.delete(k);
      this.bytes -= v.length;
    }
    return made;
  }

  clear(): void {
    this.map.clear();
    this.bytes = 0;
  }
}
