// Dentries built byte by byte from the layout in wim-format.md §5 — for what a Linux capture by wimlib
// cannot produce here: named (alternate) data streams, short names, encrypted files, tagged items.
import { describe, expect, it } from 'vitest';
import { ZERO_HASH } from '../../src/wim/blob-table';
import { parseImage } from '../../src/wim/image';

const round8 = (n: number) => Math.ceil(n / 8) * 8;

interface DentrySpec {
  name: string;
  shortName?: string;
  attributes: number;
  mainHash?: string;
  streams?: { name: string; hash: string }[];
  subdir?: number;
  tagged?: Buffer;
}

function dentry(d: DentrySpec): Buffer {
  const name = Buffer.from(d.name, 'utf16le');
  const short = Buffer.from(d.shortName ?? '', 'utf16le');
  const namesLen = (name.length ? name.length + 2 : 0) + (short.length ? short.length + 2 : 0);
  const length = round8(0x66 + namesLen) + (d.tagged?.length ?? 0);
  const b = Buffer.alloc(round8(length));
  b.writeBigUInt64LE(BigInt(length), 0);
  b.writeUInt32LE(d.attributes, 0x08);
  b.writeUInt32LE(0xffffffff, 0x0c);
  b.writeBigUInt64LE(BigInt(d.subdir ?? 0), 0x10);
  Buffer.from(d.mainHash ?? ZERO_HASH, 'hex').copy(b, 0x40);
  b.writeUInt16LE(d.streams?.length ?? 0, 0x60);
  b.writeUInt16LE(short.length, 0x62);
  b.writeUInt16LE(name.length, 0x64);
  name.copy(b, 0x66);
  short.copy(b, 0x66 + (name.length ? name.length + 2 : 0));
  d.tagged?.copy(b, round8(0x66 + namesLen));
  const streams = (d.streams ?? []).map((s) => {
    const sn = Buffer.from(s.name, 'utf16le');
    const len = round8(0x26 + (sn.length ? sn.length + 2 : 0));
    const e = Buffer.alloc(len);
    e.writeBigUInt64LE(BigInt(len), 0);
    Buffer.from(s.hash, 'hex').copy(e, 0x10);
    e.writeUInt16LE(sn.length, 0x24);
    sn.copy(e, 0x26);
    return e;
  });
  return Buffer.concat([b, ...streams]);
}

const H1 = '11'.repeat(20);
const H2 = '22'.repeat(20);
const H3 = '33'.repeat(20);

function metadata(children: DentrySpec[]): Buffer {
  const security = Buffer.alloc(8);
  security.writeUInt32LE(8, 0);
  const rootLen = round8(0x66);
  const listAt = 8 + rootLen + 8;
  const root = dentry({ name: '', attributes: 0x10, subdir: listAt });
  return Buffer.concat([security, root, Buffer.alloc(8), ...children.map(dentry), Buffer.alloc(8)]);
}

describe('dentries and their streams', () => {
  it('named streams, short names and tagged items', () => {
    const tagged = Buffer.alloc(16); // tag 1 (object id), 8 bytes of data
    tagged.writeUInt32LE(1, 0);
    tagged.writeUInt32LE(8, 4);
    const meta = metadata([
      // The writers' layout for a file with an ADS: zero main hash, all streams as entries, unnamed first.
      {
        name: 'report.txt',
        shortName: 'REPORT~1.TXT',
        attributes: 0x20,
        streams: [
          { name: '', hash: H1 },
          { name: 'Zone.Identifier', hash: H2 },
        ],
        tagged,
      },
      // A lone data stream lives in the main hash.
      { name: 'plain.txt', attributes: 0x20, mainHash: H3 },
      // Encrypted: the raw EFS export is the one nonzero unnamed stream.
      { name: 'secret.efs', attributes: 0x4020, streams: [{ name: '', hash: H2 }] },
      // A directory with a named stream and no data.
      {
        name: 'folder',
        attributes: 0x10,
        streams: [
          { name: '', hash: ZERO_HASH },
          { name: 'meta', hash: H1 },
        ],
      },
    ]);
    const img = parseImage('t.wim', 1, meta);
    const [report, plain, secret, folder] = img.root.children!;
    expect(report.name).toBe('report.txt');
    expect(report.shortName).toBe('REPORT~1.TXT');
    expect(report.dataHash).toBe(H1);
    expect(report.namedStreams).toEqual([{ name: 'Zone.Identifier', hash: H2 }]);
    expect(plain.dataHash).toBe(H3);
    expect(plain.namedStreams).toEqual([]);
    expect(secret.dataHash).toBe(H2);
    expect(folder.children).toEqual([]);
    expect(folder.dataHash).toBe(ZERO_HASH);
    expect(folder.namedStreams).toEqual([{ name: 'meta', hash: H1 }]);
    expect(img.nodeCount).toBe(5);
  });

  it('a reparse point: its first unnamed stream is the reparse data, the second the data', () => {
    const meta = metadata([
      {
        name: 'link',
        attributes: 0x420,
        streams: [
          { name: '', hash: H1 },
          { name: '', hash: H2 },
        ],
      },
    ]);
    const link = parseImage('t.wim', 1, meta).root.children![0];
    expect(link.reparse?.hash).toBe(H1);
    expect(link.dataHash).toBe(H2);
  });

  it('a stream entry whose name overruns its length is refused', () => {
    const meta = metadata([{ name: 'x', attributes: 0x20, streams: [{ name: 'ads', hash: H1 }] }]);
    const at = meta.indexOf(Buffer.from('ads', 'utf16le')) - 0x26;
    meta.writeUInt16LE(400, at + 0x24);
    // Found when the root is listed (directories are parsed as they are listed), and again on every later ask.
    const img = parseImage('t.wim', 1, meta);
    expect(() => img.root.children).toThrow(/stream entry 0 name of 400 bytes/);
    expect(() => img.root.children).toThrow(/stream entry 0 name of 400 bytes/);
    expect(() => img.parseAll()).toThrow(/stream entry 0 name of 400 bytes/);
  });
});
