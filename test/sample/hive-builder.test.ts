/**
 * The hive builder is checked two ways:
 *  - hivex (libguestfs, via test/support/hivex-dump.pl and hivexregedit) reads every built hive
 *    back: keys, order, value names, types and exact bytes;
 *  - a tiny structural reader below checks the on-disk fields hivex does not expose (base block,
 *    bins, cell sizes, nk/vk/sk fields, lh/lf/ri lists, db big data). Offsets are those of
 *    [REGF] (M. Suhanov, "Windows registry file format specification"), relative to the cell data.
 * Expected values are written out by hand where it matters, not recomputed with builder code.
 */
import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildHive,
  buildHiveFile,
  flattenHive,
  key,
  lhHash,
  REG,
  tree,
  v,
  type BuildOptions,
  type KeySpec,
} from '../../src/sample/hive-builder';
import { HIVEX_MISSING, hivexAvailable, hivexDump, hivexRegeditExport, hivexUsable, type HivexKey } from '../support/hivex';

const HAVE_HIVEX = hivexAvailable();
const NIL = 0xffffffff;

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'hive-builder-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** Writes the hive to the temp dir; returns the file and its bytes. */
function write(name: string, root: KeySpec, opts?: BuildOptions): { file: string; bytes: Uint8Array } {
  const file = join(dir, name);
  const bytes = buildHiveFile(file, root, opts);
  return { file, bytes };
}

function hex(bytes: Iterable<number>): string {
  return Buffer.from(Uint8Array.from(bytes)).toString('hex');
}

function bytesOf(n: number, f: (i: number) => number = (i) => (i * 31 + 7) & 0xff): Uint8Array {
  return Uint8Array.from({ length: n }, (_, i) => f(i));
}

/** Paths and value summaries from hivex, for readable diffs. */
function paths(dump: HivexKey[]): string[] {
  return dump.map((k) => k.path);
}

// -------------------------------------------------------------------------------------------
// A minimal independent structural reader (only what the assertions need)
// -------------------------------------------------------------------------------------------

interface RawCell {
  rel: number;
  size: number;
  allocated: boolean;
}

class RawHive {
  readonly d: DataView;
  constructor(readonly buf: Uint8Array) {
    this.d = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  }
  u16(abs: number): number {
    return this.d.getUint16(abs, true);
  }
  u32(abs: number): number {
    return this.d.getUint32(abs, true);
  }
  ascii(abs: number, n: number): string {
    return String.fromCharCode(...this.buf.subarray(abs, abs + n));
  }
  /** Absolute offset of the cell data of the allocated cell at relative offset `rel`. */
  data(rel: number): number {
    const size = this.d.getInt32(4096 + rel, true);
    expect(size, `cell at 0x${rel.toString(16)} must be allocated`).toBeLessThan(0);
    return 4096 + rel + 4;
  }
  cellDataSize(rel: number): number {
    return -this.d.getInt32(4096 + rel, true) - 4;
  }
  sig(rel: number): string {
    return this.ascii(this.data(rel), 2);
  }
  get root(): number {
    return this.u32(36); // [REGF] base block 36: root cell offset
  }
  /** [REGF] "Key node" fields. */
  nk(rel: number) {
    const at = this.data(rel);
    expect(this.ascii(at, 2)).toBe('nk');
    const flags = this.u16(at + 2);
    const nameLength = this.u16(at + 72);
    const nameBytes = this.buf.subarray(at + 76, at + 76 + nameLength);
    const name = flags & 0x20 ? String.fromCharCode(...nameBytes) : Buffer.from(nameBytes).toString('utf16le');
    return {
      flags,
      timestamp: this.d.getBigUint64(at + 4, true),
      parent: this.u32(at + 16),
      subkeyCount: this.u32(at + 20),
      volatileCount: this.u32(at + 24),
      subkeysList: this.u32(at + 28),
      valueCount: this.u32(at + 36),
      valuesList: this.u32(at + 40),
      security: this.u32(at + 44),
      classOffset: this.u32(at + 48),
      maxSubkeyName: this.u32(at + 52),
      maxSubkeyClass: this.u32(at + 56),
      maxValueName: this.u32(at + 60),
      maxValueData: this.u32(at + 64),
      nameLength,
      classLength: this.u16(at + 74),
      nameBytes,
      name,
    };
  }
  /** Leaves of a subkeys list: [REGF] "Index root" → lf/lh/li. */
  leaves(rel: number): { rel: number; sig: string; entries: { nk: number; word: number; hint: string }[] }[] {
    const at = this.data(rel);
    const sig = this.ascii(at, 2);
    const count = this.u16(at + 2);
    if (sig === 'ri') {
      return Array.from({ length: count }, (_, i) => this.leaves(this.u32(at + 4 + 4 * i))).flat();
    }
    expect(['lf', 'lh']).toContain(sig);
    const entries = Array.from({ length: count }, (_, i) => ({
      nk: this.u32(at + 4 + 8 * i),
      word: this.u32(at + 8 + 8 * i),
      hint: this.ascii(at + 8 + 8 * i, 4),
    }));
    return [{ rel, sig, entries }];
  }
  children(nkRel: number) {
    const nk = this.nk(nkRel);
    if (nk.subkeyCount === 0) return [];
    return this.leaves(nk.subkeysList).flatMap((l) => l.entries.map((e) => ({ ...e, key: this.nk(e.nk) })));
  }
  childNamed(nkRel: number, name: string): number {
    const hit = this.children(nkRel).find((c) => c.key.name === name);
    if (!hit) throw new Error(`no child ${name}`);
    return hit.nk;
  }
  /** [REGF] "Key value" fields of every value of a key. */
  values(nkRel: number) {
    const nk = this.nk(nkRel);
    const list = nk.valueCount ? this.data(nk.valuesList) : 0;
    return Array.from({ length: nk.valueCount }, (_, i) => {
      const rel = this.u32(list + 4 * i);
      const at = this.data(rel);
      expect(this.ascii(at, 2)).toBe('vk');
      const nameLength = this.u16(at + 2);
      const flags = this.u16(at + 16);
      const nameBytes = this.buf.subarray(at + 20, at + 20 + nameLength);
      return {
        rel,
        nameLength,
        rawSize: this.u32(at + 4),
        dataOffset: this.u32(at + 8),
        type: this.u32(at + 12),
        flags,
        name: flags & 1 ? String.fromCharCode(...nameBytes) : Buffer.from(nameBytes).toString('utf16le'),
      };
    });
  }
}

/** Walks all bins, checking header fields and that cells tile each bin exactly. */
function walkBins(buf: Uint8Array): { bins: { offset: number; size: number }[]; cells: RawCell[] } {
  const d = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const bins: { offset: number; size: number }[] = [];
  const cells: RawCell[] = [];
  for (let rel = 0; 4096 + rel < buf.length; ) {
    const at = 4096 + rel;
    expect(String.fromCharCode(...buf.subarray(at, at + 4))).toBe('hbin'); // [REGF] hbin 0
    expect(d.getUint32(at + 4, true)).toBe(rel); // hbin 4: offset of this bin
    const size = d.getUint32(at + 8, true); // hbin 8: size
    expect(size % 4096).toBe(0);
    expect(size).toBeGreaterThanOrEqual(4096);
    bins.push({ offset: rel, size });
    let c = rel + 32;
    let sawFree = false;
    while (c < rel + size) {
      const raw = d.getInt32(4096 + c, true);
      const cellSize = Math.abs(raw);
      expect(cellSize % 8, `cell 0x${c.toString(16)} size`).toBe(0);
      expect(cellSize).toBeGreaterThanOrEqual(8);
      expect(sawFree, 'a free cell is only the tail of a bin').toBe(false);
      sawFree = raw > 0;
      cells.push({ rel: c, size: cellSize, allocated: raw < 0 });
      c += cellSize;
    }
    expect(c).toBe(rel + size); // cells fill the bin with no gap and no overrun
    rel += size;
  }
  return { bins, cells };
}

function xorChecksum(buf: Uint8Array): number {
  const d = new DataView(buf.buffer, buf.byteOffset, 512);
  let x = 0;
  for (let i = 0; i < 508; i += 4) x = (x ^ d.getUint32(i, true)) >>> 0;
  return x === 0 ? 1 : x === 0xffffffff ? 0xfffffffe : x;
}

function utf16(s: string): string {
  return Buffer.from(s, 'utf16le').toString('hex');
}

// -------------------------------------------------------------------------------------------
// Fixtures
// -------------------------------------------------------------------------------------------

/** One value of every type, inline sizes 0..5, and awkward names. */
function allTypesRoot(): KeySpec {
  return key('ROOT', [
    v.sz('', 'default'),
    v.none('None', [0xaa, 0xbb, 0xcc, 0xdd, 0xee]),
    v.sz('Sz', 'hi'),
    v.expandSz('Expand', '%A%'),
    v.binary('Binary', [1, 2, 3, 4, 5, 6]),
    v.dword('Dword', 0x12345678),
    v.dword('DwordNeg', -1),
    v.dwordBE('DwordBE', 0x12345678),
    v.link('Link', '\\R'),
    v.multiSz('Multi', ['a', 'bc']),
    v.multiSz('MultiEmpty', []),
    v.raw('ResourceList', REG.RESOURCE_LIST, [8, 8, 8, 8, 8, 8]),
    v.raw('FullResource', REG.FULL_RESOURCE_DESCRIPTOR, [9, 9, 9, 9, 9, 9, 9]),
    v.raw('ResourceReq', REG.RESOURCE_REQUIREMENTS_LIST, [10, 10, 10, 10, 10]),
    v.qword('Qword', 0x0102030405060708n),
    v.qword('QwordNeg', -2n),
    v.raw('Custom', 0x80000001, [0xde, 0xad]),
    v.binary('Len0', []),
    v.binary('Len1', [1]),
    v.binary('Len2', [1, 2]),
    v.binary('Len3', [1, 2, 3]),
    v.binary('Len4', [1, 2, 3, 4]),
    v.binary('Len5', [1, 2, 3, 4, 5]),
    v.sz('Ünïcödé', 'latin-1 name'),
    v.sz('日本', '日本語'),
    v.dword('😀', 7),
    v.sz('with space', ''),
    v.sz('back\\slash', 'x'),
  ]);
}

/** The expected bytes, written out by hand. */
const ALL_TYPES_EXPECTED: { name: string; type: number; data: string }[] = [
  { name: '', type: 1, data: utf16('default') + '0000' },
  { name: 'None', type: 0, data: 'aabbccddee' },
  { name: 'Sz', type: 1, data: '680069000000' },
  { name: 'Expand', type: 2, data: '2500410025000000' },
  { name: 'Binary', type: 3, data: '010203040506' },
  { name: 'Dword', type: 4, data: '78563412' },
  { name: 'DwordNeg', type: 4, data: 'ffffffff' },
  { name: 'DwordBE', type: 5, data: '12345678' },
  { name: 'Link', type: 6, data: '5c005200' },
  { name: 'Multi', type: 7, data: '610000006200630000000000' },
  { name: 'MultiEmpty', type: 7, data: '0000' },
  { name: 'ResourceList', type: 8, data: '080808080808' },
  { name: 'FullResource', type: 9, data: '09090909090909' },
  { name: 'ResourceReq', type: 10, data: '0a0a0a0a0a' },
  { name: 'Qword', type: 11, data: '0807060504030201' },
  { name: 'QwordNeg', type: 11, data: 'feffffffffffffff' },
  { name: 'Custom', type: 0x80000001, data: 'dead' },
  { name: 'Len0', type: 3, data: '' },
  { name: 'Len1', type: 3, data: '01' },
  { name: 'Len2', type: 3, data: '0102' },
  { name: 'Len3', type: 3, data: '010203' },
  { name: 'Len4', type: 3, data: '01020304' },
  { name: 'Len5', type: 3, data: '0102030405' },
  { name: 'Ünïcödé', type: 1, data: utf16('latin-1 name') + '0000' },
  { name: '日本', type: 1, data: 'e5652c679e8a0000' },
  { name: '😀', type: 4, data: '07000000' },
  { name: 'with space', type: 1, data: '0000' },
  { name: 'back\\slash', type: 1, data: '78000000' },
];

/** Subkey names and the order Windows requires (upper-cased UTF-16 code units, ordinal). */
const UNSORTED_NAMES = ['日本', 'b', '_x', 'Ü2', 'A', '[', 'ü', 'a1', 'Z'];
// '_' (0x5F) and '[' (0x5B) sort *after* 'Z' (0x5A) once names are upper-cased; a lower-case
// comparison would put them before the letters.
const SORTED_NAMES = ['A', 'a1', 'b', 'Z', '[', '_x', 'ü', 'Ü2', '日本'];

// -------------------------------------------------------------------------------------------
// Tests
// -------------------------------------------------------------------------------------------

describe('base block', () => {
  const when = new Date(Date.UTC(2021, 5, 1, 12, 0, 0));
  // (ms since 1970 + 11644473600000) * 10000, computed by hand for 2021-06-01T12:00:00Z:
  const WHEN_FILETIME = (1622548800000n + 11644473600000n) * 10000n;

  it('writes every field at its [REGF] offset', () => {
    const bytes = buildHive(key('ROOT'), { lastWritten: when, primarySequence: 7, secondarySequence: 9, fileName: 'SYSTEM' });
    const raw = new RawHive(bytes);
    expect(raw.ascii(0, 4)).toBe('regf');
    expect(raw.u32(4)).toBe(7);
    expect(raw.u32(8)).toBe(9);
    expect(raw.d.getBigUint64(12, true)).toBe(WHEN_FILETIME);
    expect(raw.u32(20)).toBe(1); // major
    expect(raw.u32(24)).toBe(5); // minor (default)
    expect(raw.u32(28)).toBe(0); // file type: primary
    expect(raw.u32(32)).toBe(1); // file format: direct memory load
    expect(raw.u32(36)).toBe(0x20); // root cell: first cell of the first bin
    expect(raw.u32(40)).toBe(bytes.length - 4096); // hive bins data size
    expect(raw.u32(44)).toBe(1); // clustering factor
    expect(hex(bytes.subarray(48, 48 + 14))).toBe(utf16('SYSTEM') + '0000');
    expect(raw.u32(508)).toBe(xorChecksum(bytes));
    expect(bytes.length % 4096).toBe(0);
    // first bin carries the timestamp backup ([REGF] "Hive bin" 20)
    expect(raw.d.getBigUint64(4096 + 20, true)).toBe(WHEN_FILETIME);
  });

  it('defaults to equal sequence numbers and version 1.5; keeps the last 31 chars of a long file name', () => {
    const long = '\\??\\C:\\Windows\\System32\\config\\SOFTWARE';
    const bytes = buildHive(key('ROOT'), { fileName: long });
    const raw = new RawHive(bytes);
    expect([raw.u32(4), raw.u32(8)]).toEqual([1, 1]);
    expect(raw.u32(24)).toBe(5);
    expect(hex(bytes.subarray(48, 112))).toBe(utf16(long.slice(-31)) + '0000');
  });

  it.each([3, 4, 5, 6] as const)('writes minor version %i', (minor) => {
    expect(new RawHive(buildHive(key('R'), { minorVersion: minor })).u32(24)).toBe(minor);
  });

  it('corruptChecksum leaves a wrong checksum that hivex refuses', () => {
    const { file, bytes } = write('bad-checksum.hiv', key('ROOT', [v.dword('x', 1)]), { corruptChecksum: true });
    expect(new RawHive(bytes).u32(508)).not.toBe(xorChecksum(bytes));
    if (HAVE_HIVEX) expect(() => hivexDump(file)).toThrow(/checksum/);
  });

  it('is deterministic', () => {
    const a = buildHive(allTypesRoot());
    const b = buildHive(allTypesRoot());
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
    const c = buildHive(allTypesRoot(), { lastWritten: new Date(Date.UTC(2022, 0, 1)) });
    expect(Buffer.from(a).equals(Buffer.from(c))).toBe(false);
  });
});

describe('bins and cells', () => {
  it('tiles every bin with 8-aligned cells and one trailing free cell', () => {
    const root = tree('ROOT', {
      'A\\B\\C': [v.binary('big', bytesOf(40000)), v.sz('s', 'x'.repeat(3000))],
      D: [v.binary('exact', bytesOf(16344))],
    });
    for (const minorVersion of [3, 5] as const) {
      const bytes = buildHive(root, { minorVersion });
      const { bins, cells } = walkBins(bytes);
      expect(bins.reduce((n, b) => n + b.size, 0)).toBe(new RawHive(bytes).u32(40));
      expect(cells.filter((c) => !c.allocated).length).toBeLessThanOrEqual(bins.length);
      // A cell too big for a 4096-byte bin gets a bin of the next 4096 multiple.
      expect(bins.some((b) => b.size > 4096)).toBe(true);
      if (minorVersion === 3) expect(bins.some((b) => b.size >= 40960)).toBe(true);
    }
  });

  it('puts a cell larger than one bin into a single larger bin', () => {
    const bytes = buildHive(key('R', [v.binary('b', bytesOf(10000))]), { minorVersion: 5 });
    const raw = new RawHive(bytes);
    const [val] = raw.values(raw.root);
    const { bins } = walkBins(bytes);
    const home = bins.find((b) => val.dataOffset >= b.offset && val.dataOffset < b.offset + b.size)!;
    expect(home.size).toBe(12288); // 32 + 10008 rounded up to 4096
    expect(raw.cellDataSize(val.dataOffset)).toBe(10004); // 10000 + 4, aligned to 8, minus the size field
  });
});

describe('key nodes', () => {
  it('flags the root 0x2C, stores names compressed only when Latin-1, links parents', () => {
    const root = key('ROOT', [], [key('Ünïcödé'), key('日本'), key('plain')]);
    const raw = new RawHive(buildHive(root));
    const rootNk = raw.nk(raw.root);
    expect(rootNk.flags).toBe(0x2c);
    expect(rootNk.name).toBe('ROOT');
    expect(rootNk.parent).toBe(NIL);
    expect(rootNk.subkeyCount).toBe(3);
    expect(rootNk.volatileCount).toBe(0);

    const latin = raw.nk(raw.childNamed(raw.root, 'Ünïcödé'));
    expect(latin.flags).toBe(0x20);
    expect(hex(latin.nameBytes)).toBe('dc6e ef63 f664 e9'.replace(/ /g, ''));
    expect(latin.parent).toBe(raw.root);

    const cjk = raw.nk(raw.childNamed(raw.root, '日本'));
    expect(cjk.flags).toBe(0);
    expect(hex(cjk.nameBytes)).toBe('e5652c67');
    expect(cjk.parent).toBe(raw.root);
    // largest subkey name in UTF-16 bytes: 'Ünïcödé' = 7 chars = 14 bytes
    expect(rootNk.maxSubkeyName).toBe(14);
  });

  it('stores a non-Latin-1 root name as UTF-16 with flags 0x0C', () => {
    const raw = new RawHive(buildHive(key('根')));
    const nk = raw.nk(raw.root);
    expect(nk.flags).toBe(0x0c);
    expect(nk.name).toBe('根');
  });

  it('rootName overrides the root key name; key timestamps default to lastWritten', () => {
    const when = new Date(Date.UTC(2019, 0, 1));
    const own = new Date(Date.UTC(2023, 0, 1));
    const raw = new RawHive(
      buildHive(key('X', [], [{ name: 'child', lastWritten: own }]), { rootName: 'CMI-CreateHive{0}', lastWritten: when }),
    );
    const nk = raw.nk(raw.root);
    expect(nk.name).toBe('CMI-CreateHive{0}');
    expect(nk.timestamp).toBe((BigInt(when.getTime()) + 11644473600000n) * 10000n);
    expect(raw.nk(raw.childNamed(raw.root, 'child')).timestamp).toBe((BigInt(own.getTime()) + 11644473600000n) * 10000n);
  });

  it('writes class names, their lengths and the largest-field maxima', () => {
    const root: KeySpec = {
      name: 'ROOT',
      values: [v.sz('abc', 'x'), v.binary('日本', bytesOf(300))],
      subkeys: [{ name: 'k1', className: 'Class Ü' }, { name: 'longer-name', className: 'C' }, { name: 'k3' }],
    };
    const raw = new RawHive(buildHive(root));
    const nk = raw.nk(raw.root);
    expect(nk.maxSubkeyName).toBe(22); // 'longer-name' = 11 UTF-16 units
    expect(nk.maxSubkeyClass).toBe(14); // 'Class Ü'
    expect(nk.maxValueName).toBe(6); // 'abc' counted as UTF-16
    expect(nk.maxValueData).toBe(300);
    expect(nk.classOffset).toBe(NIL);

    const k1 = raw.nk(raw.childNamed(raw.root, 'k1'));
    expect(k1.classLength).toBe(14);
    const at = raw.data(k1.classOffset);
    expect(hex(raw.buf.subarray(at, at + 14))).toBe(utf16('Class Ü'));
    const k3 = raw.nk(raw.childNamed(raw.root, 'k3'));
    expect([k3.classOffset, k3.classLength]).toEqual([NIL, 0]);
    expect([k3.subkeysList, k3.valuesList, k3.valueCount]).toEqual([NIL, NIL, 0]);
  });

  it('shares one sk cell: list pointing to itself, reference count = number of keys', () => {
    const root = tree('ROOT', { 'A\\B': null, 'A\\C': null, D: null });
    const raw = new RawHive(buildHive(root));
    const all: number[] = [];
    const visit = (rel: number): void => {
      all.push(rel);
      raw.children(rel).forEach((c) => visit(c.nk));
    };
    visit(raw.root);
    expect(all.length).toBe(5);
    const sk = raw.nk(raw.root).security;
    for (const rel of all) expect(raw.nk(rel).security).toBe(sk);
    const at = raw.data(sk);
    expect(raw.ascii(at, 2)).toBe('sk');
    expect(raw.u32(at + 4)).toBe(sk); // flink
    expect(raw.u32(at + 8)).toBe(sk); // blink
    expect(raw.u32(at + 12)).toBe(5); // reference count
    const sdSize = raw.u32(at + 16);
    const sd = at + 20;
    expect(raw.buf[sd]).toBe(1); // SECURITY_DESCRIPTOR revision
    expect(raw.u16(sd + 2) & 0x8004).toBe(0x8004); // self-relative, DACL present
    for (const field of [4, 8, 16]) {
      const off = raw.u32(sd + field); // owner, group, DACL offsets inside the descriptor
      expect(off).toBeGreaterThan(0);
      expect(off).toBeLessThan(sdSize);
    }
    expect(raw.cellDataSize(sk)).toBeGreaterThanOrEqual(20 + sdSize);
  });

  it('sets KEY_SYM_LINK on symbolic link keys', () => {
    const root = key('ROOT', [], [{ name: 'Link', symbolicLink: true, values: [v.link('SymbolicLinkValue', '\\Registry\\Machine\\X')] }]);
    const raw = new RawHive(buildHive(root));
    expect(raw.nk(raw.childNamed(raw.root, 'Link')).flags).toBe(0x30);
  });

  it('rejects case-insensitive duplicate subkeys and value names', () => {
    expect(() => buildHive(key('R', [], [key('abc'), key('ABC')]))).toThrow(/duplicate subkey/);
    expect(() => buildHive(key('R', [], [key('ü'), key('Ü')]))).toThrow(/duplicate subkey/);
    expect(() => buildHive(key('R', [v.dword('x', 1), v.dword('X', 2)]))).toThrow(/duplicate value/);
  });
});

describe('subkey lists', () => {
  const root = key(
    'ROOT',
    [],
    UNSORTED_NAMES.map((n) => key(n)),
  );

  it('sorts by upper-cased name and hashes lh entries (minor 5)', () => {
    const raw = new RawHive(buildHive(root));
    const [leaf, ...more] = raw.leaves(raw.nk(raw.root).subkeysList);
    expect(more).toEqual([]);
    expect(leaf.sig).toBe('lh');
    expect(leaf.entries.map((e) => raw.nk(e.nk).name)).toEqual(SORTED_NAMES);
    const hashes = Object.fromEntries(leaf.entries.map((e) => [raw.nk(e.nk).name, e.word]));
    expect(hashes['A']).toBe(0x41);
    expect(hashes['a1']).toBe(37 * 0x41 + 0x31);
    expect(hashes['ü']).toBe(0xdc); // upper-cased to Ü
    expect(hashes['日本']).toBe(37 * 0x65e5 + 0x672c);
    for (const e of leaf.entries) expect(e.word).toBe(lhHash(raw.nk(e.nk).name));
  });

  it('computes the lh hash with 32-bit wrap-around', () => {
    // 'abcdefgh' upper-cased, H = 37*H + c, reduced mod 2^32 step by step (by hand with BigInt)
    let h = 0n;
    for (const c of 'ABCDEFGH') h = (37n * h + BigInt(c.charCodeAt(0))) % 2n ** 32n;
    expect(lhHash('abcdefgh')).toBe(Number(h));
    expect(lhHash('')).toBe(0);
  });

  it.each([3, 4] as const)('uses lf leaves with name hints for minor %i', (minorVersion) => {
    const raw = new RawHive(buildHive(key('R', [], [key('Abcdef'), key('ab'), key('日本'), key('xÜ')]), { minorVersion }));
    const [leaf] = raw.leaves(raw.nk(raw.root).subkeysList);
    expect(leaf.sig).toBe('lf');
    expect(leaf.entries.map((e) => [raw.nk(e.nk).name, e.hint])).toEqual([
      ['ab', 'ab\0\0'],
      ['Abcdef', 'Abcd'],
      ['xÜ', 'x\u00dc\0\0'],
      ['日本', '\0\0\0\0'],
    ]);
  });

  it('splits 3000 subkeys into lh leaves of 1012 under an ri (minor 5)', () => {
    const names = Array.from({ length: 3000 }, (_, i) => `k${i}`);
    const raw = new RawHive(
      buildHive(
        key(
          'R',
          [],
          names.map((n) => key(n)),
        ),
      ),
    );
    const list = raw.nk(raw.root).subkeysList;
    expect(raw.sig(list)).toBe('ri');
    const leaves = raw.leaves(list);
    expect(leaves.map((l) => [l.sig, l.entries.length])).toEqual([
      ['lh', 1012],
      ['lh', 1012],
      ['lh', 976],
    ]);
    expect(leaves.flatMap((l) => l.entries.map((e) => raw.nk(e.nk).name))).toEqual([...names].sort());
    expect(raw.nk(raw.root).subkeyCount).toBe(3000);
  });

  it('honours maxLeafEntries, with lf leaves under the ri for minor 3', () => {
    const names = Array.from({ length: 25 }, (_, i) => `Key${String(i).padStart(2, '0')}`);
    const raw = new RawHive(
      buildHive(
        key(
          'R',
          [],
          names.map((n) => key(n)),
        ),
        { minorVersion: 3, maxLeafEntries: 10 },
      ),
    );
    const list = raw.nk(raw.root).subkeysList;
    expect(raw.sig(list)).toBe('ri');
    expect(raw.leaves(list).map((l) => [l.sig, l.entries.length])).toEqual([
      ['lf', 10],
      ['lf', 10],
      ['lf', 5],
    ]);
    expect(() => buildHive(key('R'), { maxLeafEntries: 0 })).toThrow(/maxLeafEntries/);
  });
});

describe('values (structure)', () => {
  it('stores names compressed when Latin-1, data of <= 4 bytes inline', () => {
    const raw = new RawHive(buildHive(allTypesRoot()));
    const vals = Object.fromEntries(raw.values(raw.root).map((x) => [x.name, x]));
    expect(vals['Ünïcödé'].flags).toBe(1);
    expect(vals['Ünïcödé'].nameLength).toBe(7);
    expect(vals['日本'].flags).toBe(0);
    expect(vals['日本'].nameLength).toBe(4);
    expect(vals['😀'].nameLength).toBe(4); // surrogate pair
    expect(vals[''].nameLength).toBe(0);
    expect(vals['Len0'].rawSize).toBe(0x80000000);
    expect(vals['Len3'].rawSize).toBe(0x80000003);
    expect(vals['Len3'].dataOffset).toBe(0x030201); // inline, at the start of the field
    expect(vals['Dword'].rawSize).toBe(0x80000004);
    expect(vals['Dword'].dataOffset).toBe(0x12345678);
    expect(vals['Len5'].rawSize).toBe(5);
    expect(raw.cellDataSize(vals['Len5'].dataOffset)).toBe(12); // 4 + 5 → 16-byte cell
    expect(vals['Custom'].type).toBe(0x80000001);
    expect(raw.nk(raw.root).valueCount).toBe(ALL_TYPES_EXPECTED.length);
  });

  it('uses db big data above 16344 bytes for minor >= 4, a single cell otherwise', () => {
    const sizes = [16343, 16344, 16345, 40000];
    const root = key(
      'R',
      sizes.map((n) => v.binary(`b${n}`, bytesOf(n))),
    );
    for (const minorVersion of [3, 4, 5] as const) {
      const raw = new RawHive(buildHive(root, { minorVersion }));
      const vals = Object.fromEntries(raw.values(raw.root).map((x) => [x.name, x]));
      for (const n of sizes) {
        const val = vals[`b${n}`];
        expect(val.rawSize).toBe(n);
        const big = n > 16344 && minorVersion >= 4;
        if (!big) {
          expect(raw.cellDataSize(val.dataOffset)).toBeGreaterThanOrEqual(n);
          expect(hex(raw.buf.subarray(raw.data(val.dataOffset), raw.data(val.dataOffset) + n))).toBe(hex(bytesOf(n)));
          continue;
        }
        const db = raw.data(val.dataOffset);
        expect(raw.ascii(db, 2)).toBe('db');
        const count = raw.u16(db + 2);
        expect(count).toBe(Math.ceil(n / 16344));
        const list = raw.data(raw.u32(db + 4));
        const joined: number[] = [];
        for (let i = 0; i < count; i++) {
          const seg = raw.u32(list + 4 * i);
          const len = i < count - 1 ? 16344 : n - 16344 * (count - 1);
          expect(raw.cellDataSize(seg)).toBeGreaterThanOrEqual(len + 4); // ≥ 4 spare bytes (hivex)
          joined.push(...raw.buf.subarray(raw.data(seg), raw.data(seg) + len));
        }
        expect(hex(joined)).toBe(hex(bytesOf(n)));
      }
    }
  });
});

describe('tree()', () => {
  it('creates intermediate keys, merges paths case-insensitively (first spelling wins)', () => {
    const t = tree('ROOT', {
      'Microsoft\\Windows NT\\CurrentVersion': [v.sz('ProductName', 'Windows 10 Pro')],
      'MICROSOFT\\windows nt\\currentversion': [v.dword('CurrentMajorVersionNumber', 10)],
      'Setup\\Status': null,
      '\\Setup\\\\Status\\': [v.dword('x', 1)],
      '': [v.sz('', 'root default')],
    });
    expect(flattenHive(t)).toEqual([
      { path: '\\', values: [{ name: '', type: 1, data: utf16('root default') + '0000' }] },
      { path: '\\Microsoft', values: [] },
      { path: '\\Microsoft\\Windows NT', values: [] },
      {
        path: '\\Microsoft\\Windows NT\\CurrentVersion',
        values: [
          { name: 'ProductName', type: 1, data: utf16('Windows 10 Pro') + '0000' },
          { name: 'CurrentMajorVersionNumber', type: 4, data: '0a000000' },
        ],
      },
      { path: '\\Setup', values: [] },
      { path: '\\Setup\\Status', values: [{ name: 'x', type: 4, data: '01000000' }] },
    ]);
  });

  it('accepts [path, values] pairs, keeping their order', () => {
    const t = tree('R', [
      ['2', [v.dword('second', 2)]],
      ['10', null],
      ['2', [v.dword('third', 3)]],
    ]);
    expect(t.subkeys!.map((k) => k.name)).toEqual(['2', '10']);
    expect(t.subkeys![0].values!.map((x) => x.name)).toEqual(['second', 'third']);
  });
});

describe('hivex availability (test/support/hivex.ts)', () => {
  it('missing hivex skips locally but fails where PREFLIGHT_REQUIRE_CORPUS is set (CI)', () => {
    expect(hivexUsable(false, {})).toBe(false);
    expect(hivexUsable(false, { PREFLIGHT_REQUIRE_CORPUS: '' })).toBe(false);
    expect(() => hivexUsable(false, { PREFLIGHT_REQUIRE_CORPUS: '1' })).toThrow(HIVEX_MISSING);
    expect(hivexUsable(true, { PREFLIGHT_REQUIRE_CORPUS: '1' })).toBe(true);
  });
});

describe.skipIf(!HAVE_HIVEX)('read back with hivex', () => {
  function expectHivexToMatch(name: string, root: KeySpec, opts?: BuildOptions): HivexKey[] {
    const { file } = write(name, root, opts);
    const dump = hivexDump(file);
    expect(dump).toEqual(flattenHive(root));
    const reg = hivexRegeditExport(file);
    expect(reg.stderr).not.toMatch(/error/i);
    expect(reg.status).toBe(0);
    return dump;
  }

  it.each([3, 5] as const)('every value type, exact bytes (minor %i)', (minorVersion) => {
    const dump = expectHivexToMatch(`types-1.${minorVersion}.hiv`, allTypesRoot(), { minorVersion });
    expect(dump).toEqual([{ path: '\\', values: ALL_TYPES_EXPECTED }]);
  });

  it.each([3, 4, 5, 6] as const)('key names and sorted order (minor %i)', (minorVersion) => {
    const root = key(
      'ROOT',
      [],
      [...UNSORTED_NAMES.map((n) => key(n, [v.dword(n, 1)])), key('Ünïcödé', [], [key('', [v.sz('', 'under an empty key name')])])],
    );
    const dump = expectHivexToMatch(`names-1.${minorVersion}.hiv`, root, { minorVersion });
    expect(paths(dump)).toEqual([
      '\\',
      ...['A', 'a1', 'b', 'Z', '[', '_x', 'ü', 'Ü2'].map((n) => `\\${n}`),
      '\\Ünïcödé', // 'ÜN…' (0xDC 0x4E) sorts after 'Ü2' (0xDC 0x32)
      '\\Ünïcödé\\', // the empty-named key below it
      '\\日本',
    ]);
    expect(dump.find((k) => k.path === '\\日本')!.values).toEqual([{ name: '日本', type: 4, data: '01000000' }]);
  });

  it.each([3, 4, 5] as const)('big data: 16343, 16344, 16345, 16348, 40000 and 100000 bytes (minor %i)', (minorVersion) => {
    const sizes = [16343, 16344, 16345, 16348, 40000, 100000];
    const root = key(
      'R',
      sizes.map((n) =>
        v.binary(
          `b${n}`,
          bytesOf(n, (i) => (i * 13 + n) & 0xff),
        ),
      ),
    );
    const dump = expectHivexToMatch(`big-1.${minorVersion}.hiv`, root, { minorVersion });
    expect(dump[0].values.map((x) => x.data.length / 2)).toEqual(sizes);
  });

  it('3000 subkeys under an ri, in sorted order', () => {
    const names = Array.from({ length: 3000 }, (_, i) => `Sub${i}`);
    const root = key(
      'R',
      [],
      names.map((n, i) => key(n, i % 500 === 0 ? [v.dword('i', i)] : [])),
    );
    const dump = expectHivexToMatch('many-subkeys.hiv', root);
    expect(dump.length).toBe(3001);
    expect(paths(dump).slice(1)).toEqual([...names].sort().map((n) => `\\${n}`));
  });

  it('small forced leaves under ri for minor 3 and 5', () => {
    const root = tree('R', Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`A\\k${i}`, [v.dword('n', i)]])));
    for (const minorVersion of [3, 5] as const) {
      expectHivexToMatch(`forced-ri-1.${minorVersion}.hiv`, root, { minorVersion, maxLeafEntries: 7 });
    }
  });

  it('an offline-Windows-like SOFTWARE hive with class names and a deep path', () => {
    const deep = Array.from({ length: 120 }, (_, i) => `L${i}`).join('\\');
    const root = tree('CMI-CreateHive{199DAFC2-6F16-4946-BF90-5A3FC3A60902}', {
      'Microsoft\\Windows NT\\CurrentVersion': [
        v.sz('ProductName', 'Windows 10 Pro'),
        v.sz('CurrentBuild', '19045'),
        v.dword('CurrentMajorVersionNumber', 10),
        v.qword('InstallTime', 133000000000000000n),
        v.binary('DigitalProductId', bytesOf(164)),
      ],
      'Microsoft\\Windows NT\\CurrentVersion\\ProfileList\\S-1-5-18': [
        v.expandSz('ProfileImagePath', '%systemroot%\\system32\\config\\systemprofile'),
      ],
      'Microsoft\\Windows\\CurrentVersion\\Appx\\AppxAllUserStore\\Staged': null,
      [`Deep\\${deep}`]: [v.sz('leaf', 'bottom')],
    });
    root.subkeys![0].className = 'MicrosoftClass';
    const dump = expectHivexToMatch('software.hiv', root, { fileName: 'emRoot\\System32\\Config\\SOFTWARE' });
    expect(dump.some((k) => k.path.endsWith('\\L119'))).toBe(true);
  });

  it('buildHiveFile creates missing parent directories', () => {
    const file = join(dir, 'nested', 'Windows', 'System32', 'config', 'SYSTEM');
    buildHiveFile(file, tree('ROOT', { 'Setup\\Status': [v.dword('SysprepStatus', 7)] }));
    expect(existsSync(file)).toBe(true);
    expect(paths(hivexDump(file))).toEqual(['\\', '\\Setup', '\\Setup\\Status']);
    expect(readFileSync(file).subarray(0, 4).toString('latin1')).toBe('regf');
  });
});
