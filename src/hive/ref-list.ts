// A list of cell references (relative offsets) read from a subkey list or a values list, kept in typed
// arrays that grow and are reused from one list to the next: reading a list makes no objects. Repeats are
// refused as they are added (a real list never repeats a reference; repetition is how a small hostile file
// would fan out into billions of entries).

/** Lists up to this long are checked for repeats by a linear look; longer ones get a Set. */
const LINEAR_LIMIT = 16;

export class RefList {
  /** Relative offsets, `length` of them. */
  rels = new Uint32Array(64);
  /** `lh` name hashes parallel to `rels` [REGF "Hash leaf"], meaningful only while `hashed` is true. */
  hashes = new Uint32Array(64);
  length = 0;
  /** False once a leaf without hashes (`li`, `lf`) was read into the list. */
  hashed = true;
  private seen: Set<number> | null = null;

  /** Empties the list for the next read. */
  reset(): void {
    this.length = 0;
    this.hashed = true;
    this.seen = null;
  }

  /** Adds `rel` (with its hash) unless the list already holds it; false for a repeat. */
  add(rel: number, hash: number): boolean {
    const n = this.length;
    if (this.seen === null) {
      if (n < LINEAR_LIMIT) {
        for (let i = 0; i < n; i++) if (this.rels[i] === rel) return false;
      } else {
        this.seen = new Set();
        for (let i = 0; i < n; i++) this.seen.add(this.rels[i]);
      }
    }
    if (this.seen !== null) {
      if (this.seen.has(rel)) return false;
      this.seen.add(rel);
    }
    if (n === this.rels.length) this.grow();
    this.rels[n] = rel;
    this.hashes[n] = hash;
    this.length = n + 1;
    return true;
  }

  private grow(): void {
    this.rels = grown(this.rels, this.rels.length * 2);
    this.hashes = grown(this.hashes, this.hashes.length * 2);
  }
}

/** A copy of `a` in a new array of `size` entries (for lists that grow). */
export function grown(a: Uint32Array, size: number): Uint32Array<ArrayBuffer> {
  const b = new Uint32Array(size);
  b.set(a);
  return b;
}
