// A list of cell references (relative offsets) read from a subkey list or a values list, kept in typed
// arrays that grow and are reused from one list to the next: reading a list makes no objects. Repeats are
// refused as they are added (a real list never repeats a reference; repetition is how a small hostile file
// would fan out into billions of entries).

/** Lists up to this long are checked for repeats by a linear look; longer ones by a hash table. */
const LINEAR_LIMIT = 8;
/** Slots of the hash table when it is first needed (a power of two, at least twice LINEAR_LIMIT). */
const TABLE_MIN = 64;

export class RefList {
  /** Relative offsets, `length` of them. */
  rels = new Uint32Array(64);
  /** `lh` name hashes parallel to `rels` [REGF "Hash leaf"], meaningful only while `hashed` is true. */
  hashes = new Uint32Array(64);
  length = 0;
  /** False once a leaf without hashes (`li`, `lf`) was read into the list. */
  hashed = true;
  // The references of a list longer than LINEAR_LIMIT, in an open-addressing table of typed arrays kept
  // from one list to the next: a slot is taken when its mark is the current list's `generation`, so
  // emptying the table for the next list is one increment, and no list makes a Set or any other object.
  private slotRel = new Uint32Array(0);
  private slotMark = new Uint32Array(0);
  /** log2 of the table's slots. */
  private bits = 0;
  private generation = 0;
  /** True once the current list outgrew the linear look (its references are in the table). */
  private tabled = false;

  /** Empties the list for the next read. */
  reset(): void {
    this.length = 0;
    this.hashed = true;
    if (this.tabled) {
      this.tabled = false;
      if (++this.generation === 0xffffffff) {
        this.slotMark.fill(0);
        this.generation = 1;
      }
    }
  }

  /** Adds `rel` (with its hash) unless the list already holds it; false for a repeat. */
  add(rel: number, hash: number): boolean {
    const n = this.length;
    if (!this.tabled) {
      if (n < LINEAR_LIMIT) {
        for (let i = 0; i < n; i++) if (this.rels[i] === rel) return false;
      } else {
        this.tabled = true;
        if (this.generation === 0) this.generation = 1;
        this.fillTable(Math.max(TABLE_MIN, this.slotRel.length));
      }
    }
    if (this.tabled) {
      if (2 * (n + 1) > this.slotRel.length) this.fillTable(2 * this.slotRel.length);
      if (!this.place(rel)) return false;
    }
    if (n === this.rels.length) this.grow();
    this.rels[n] = rel;
    this.hashes[n] = hash;
    this.length = n + 1;
    return true;
  }

  /** Puts `rel` in the table; false when it is there already. */
  private place(rel: number): boolean {
    const mask = this.slotRel.length - 1;
    const gen = this.generation;
    // Fibonacci hashing: the top bits of rel times 2^32 / golden ratio spread cell offsets (multiples of 8).
    let slot = Math.imul(rel, 0x9e3779b1) >>> (32 - this.bits);
    while (this.slotMark[slot] === gen) {
      if (this.slotRel[slot] === rel) return false;
      slot = (slot + 1) & mask;
    }
    this.slotMark[slot] = gen;
    this.slotRel[slot] = rel;
    return true;
  }

  /** A table of `slots` slots (reused when it has them) holding the list's references so far. */
  private fillTable(slots: number): void {
    if (slots !== this.slotRel.length) {
      this.slotRel = new Uint32Array(slots);
      this.slotMark = new Uint32Array(slots);
      this.bits = 31 - Math.clz32(slots);
    }
    for (let i = 0; i < this.length; i++) this.place(this.rels[i]);
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
