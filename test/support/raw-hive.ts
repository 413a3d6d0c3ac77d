// A minimal regf writer for hostile tests: hand-made cells laid out in one bin, references patched in
// afterwards — for structures the hive builder would never write (shared lists, repeated entries, fans).
export interface RawHive {
  /** Relative offsets of the cells, in the order given. */
  offsets: number[];
  /** Patch cell data (offsets inside `data` are relative to the cell data, after the size field), then lay out. */
  finish(patch: (data: Buffer[], offsets: number[]) => void): Buffer;
}

export function rawHive(cellData: Buffer[], rootIndex = 0, minorVersion = 5): RawHive {
  let pos = 0x20; // after the hbin header
  const offsets: number[] = [];
  const sizes = cellData.map((d) => Math.ceil((d.length + 4) / 8) * 8);
  for (const size of sizes) {
    offsets.push(pos);
    pos += size;
  }
  return {
    offsets,
    finish(patch) {
      patch(cellData, offsets);
      const binSize = Math.ceil((pos + 8) / 4096) * 4096;
      const bin = Buffer.alloc(binSize);
      bin.write('hbin', 0, 'latin1');
      bin.writeUInt32LE(binSize, 8);
      cellData.forEach((d, i) => {
        bin.writeInt32LE(-sizes[i], offsets[i]);
        d.copy(bin, offsets[i] + 4);
      });
      bin.writeInt32LE(binSize - pos, pos); // the rest of the bin: one free cell
      const base = Buffer.alloc(4096);
      base.write('regf', 0, 'latin1');
      base.writeUInt32LE(1, 4);
      base.writeUInt32LE(1, 8);
      base.writeUInt32LE(1, 20);
      base.writeUInt32LE(minorVersion, 24);
      base.writeUInt32LE(1, 32);
      base.writeUInt32LE(offsets[rootIndex], 36);
      base.writeUInt32LE(binSize, 40);
      base.writeUInt32LE(1, 44);
      let x = 0;
      for (let i = 0; i < 508; i += 4) x = (x ^ base.readUInt32LE(i)) >>> 0;
      base.writeUInt32LE(x === 0 ? 1 : x === 0xffffffff ? 0xfffffffe : x, 508);
      return Buffer.concat([base, bin]);
    },
  };
}

/** A key node cell's data (ASCII name). References are patched later at the nk offsets: 28 subkeys list, 40 values list. */
export function nkCell(name: string, o: { subkeys?: number; values?: number; root?: boolean } = {}): Buffer {
  const n = Buffer.from(name, 'latin1');
  const b = Buffer.alloc(76 + n.length);
  b.write('nk', 0, 'latin1');
  b.writeUInt16LE(o.root ? 0x2c : 0x20, 2);
  b.writeUInt32LE(o.subkeys ?? 0, 20);
  b.writeUInt32LE(0xffffffff, 28);
  b.writeUInt32LE(o.values ?? 0, 36);
  b.writeUInt32LE(0xffffffff, 40);
  b.writeUInt32LE(0xffffffff, 44);
  b.writeUInt32LE(0xffffffff, 48);
  b.writeUInt16LE(n.length, 72);
  n.copy(b, 76);
  return b;
}

/** An empty `lh`/`lf`/`li`/`ri` list cell with room for `count` entries. */
export function listCell(sig: 'lh' | 'lf' | 'li' | 'ri', count: number): Buffer {
  const b = Buffer.alloc(4 + count * (sig === 'lh' || sig === 'lf' ? 8 : 4));
  b.write(sig, 0, 'latin1');
  b.writeUInt16LE(count, 2);
  return b;
}
