// Mutations aimed at a hive's length fields: cell sizes, hbin sizes, and the counts, lengths and references
// inside nk, vk, subkey list, values list and big-data cells, so that a reader that trusts one of them reads
// past the cell or bin that holds it. Seeded: a seed names one mutant of one hive.
import { prng } from '../../src/sample/bytes';

interface Cell {
  /** File offset of the cell's size field. */
  at: number;
  size: number;
  allocated: boolean;
  sig: string;
  binEnd: number;
}

/** Every cell of every bin, walked the simple way (bins in order from 4096, cells in order inside each). */
export function cellsOf(bytes: Buffer): { cells: Cell[]; bins: { at: number; size: number }[] } {
  const cells: Cell[] = [];
  const bins: { at: number; size: number }[] = [];
  let pos = 4096;
  while (pos + 32 <= bytes.length && bytes.toString('latin1', pos, pos + 4) === 'hbin') {
    const size = bytes.readUInt32LE(pos + 8);
    if (size < 4096 || size % 4096 !== 0 || pos + size > bytes.length) break;
    bins.push({ at: pos, size });
    let c = pos + 32;
    while (c + 4 <= pos + size) {
      const raw = bytes.readInt32LE(c);
      const n = Math.abs(raw);
      if (n < 8 || n % 4 !== 0 || c + n > pos + size) break;
      cells.push({ at: c, size: n, allocated: raw < 0, sig: bytes.toString('latin1', c + 4, c + 6), binEnd: pos + size });
      c += n;
    }
    pos += size;
  }
  return { cells, bins };
}

export function mutateLengths(original: Buffer, seed: number): { bytes: Buffer; what: string } {
  const rnd = prng(seed);
  const int = (n: number) => Math.floor(rnd() * n);
  const pick = <T>(a: T[]): T => a[int(a.length)];
  const bytes = Buffer.from(original);
  const { cells, bins } = cellsOf(bytes);
  const allocated = cells.filter((c) => c.allocated);
  const what: string[] = [];
  for (let m = 0, n = 1 + int(3); m < n && allocated.length > 0; m++) {
    const kind = int(10);
    const rel = (c: Cell) => c.at - 4096;
    const anyRel = () => (rnd() < 0.5 ? rel(pick(cells)) : rel(pick(cells)) + pick([4, 8, -4, 16, 4092, 4096]));
    const small = () => pick([0, 1, 2, 3, 4, 5, 7, 8, 0x7f, 0x80, 0xff, 0x100, 0x1000, 0x3fd8, 0x3fd9, 0x7fff, 0xffff]);
    const big32 = () =>
      pick([0, 1, 4, 8, 0x10, 0x3fd8, 0x3fd9, 0x4000, 0x10000, 0x7fffffff, 0x80000000, 0x80000004, 0x80000005, 0xffffffff, int(0x100000)]);
    if (kind === 0) {
      // A cell's size: smaller (its tail becomes cells of garbage), larger (up to or past its bin), or free.
      const c = pick(cells);
      const room = c.binEnd - c.at;
      const size = pick([8, 12, 16, c.size - 8, c.size + 8, c.size + 4, room, room + 8, room - 4, 4096, 0x1000 + c.size]);
      bytes.writeInt32LE(((c.allocated && rnd() < 0.8 ? -1 : 1) * Math.max(4, size)) | 0, c.at);
      what.push(`cell size at 0x${c.at.toString(16)}: ${c.size} -> ${size}`);
    } else if (kind === 1 && bins.length > 0) {
      const b = pick(bins);
      const size = pick([4096, b.size - 4096, b.size + 4096, b.size * 2, 8192]);
      bytes.writeUInt32LE(size >>> 0, b.at + 8);
      what.push(`hbin size at 0x${b.at.toString(16)}: ${b.size} -> ${size}`);
    } else {
      const bySig = (s: string[]) => allocated.filter((c) => s.includes(c.sig));
      const nks = bySig(['nk']);
      const vks = bySig(['vk']);
      const lists = bySig(['lf', 'lh', 'li', 'ri']);
      const dbs = bySig(['db']);
      const choice = int(4);
      if (choice === 0 && nks.length > 0) {
        const c = pick(nks);
        const d = c.at + 4;
        const field = pick([20, 28, 36, 40, 48, 72, 74, 72, 74]);
        if (field === 72 || field === 74) bytes.writeUInt16LE(small(), d + field);
        else if (field === 28 || field === 40 || field === 48) bytes.writeUInt32LE(anyRel() >>> 0, d + field);
        else bytes.writeUInt32LE(big32() >>> 0, d + field);
        what.push(`nk 0x${c.at.toString(16)} field ${field}`);
      } else if (choice === 1 && vks.length > 0) {
        const c = pick(vks);
        const d = c.at + 4;
        const field = pick([2, 4, 4, 8]);
        if (field === 2) bytes.writeUInt16LE(small(), d + 2);
        else if (field === 4) bytes.writeUInt32LE(big32() >>> 0, d + 4);
        else bytes.writeUInt32LE(anyRel() >>> 0, d + 8);
        what.push(`vk 0x${c.at.toString(16)} field ${field}`);
      } else if (choice === 2 && lists.length > 0) {
        const c = pick(lists);
        const d = c.at + 4;
        if (rnd() < 0.6) bytes.writeUInt16LE(small(), d + 2);
        else bytes.writeUInt32LE(anyRel() >>> 0, d + 4 + 4 * int(Math.max(1, (c.size - 8) / 4)));
        what.push(`list 0x${c.at.toString(16)}`);
      } else if (dbs.length > 0) {
        const c = pick(dbs);
        const d = c.at + 4;
        if (rnd() < 0.5) bytes.writeUInt16LE(small(), d + 2);
        else bytes.writeUInt32LE(anyRel() >>> 0, d + 4);
        what.push(`db 0x${c.at.toString(16)}`);
      } else {
        // A reference anywhere in an allocated cell's data, retargeted.
        const c = pick(allocated);
        const off = c.at + 4 + 4 * int(Math.max(1, (c.size - 8) / 4));
        if (off + 4 <= c.at + c.size) bytes.writeUInt32LE(anyRel() >>> 0, off);
        what.push(`dword in 0x${c.at.toString(16)}`);
      }
    }
  }
  return { bytes, what: what.join('; ') };
}
