// Decoding value data by type: terminators, odd lengths, short data, and resource lists on real hives.
import { describe, expect, it } from 'vitest';
import { decodeMultiString, decodeString, decodeValue, openHive, RegType } from '../../src/hive';
import { walkKeys } from '../../src/hive/walk';
import { CORPUS_MISSING, corpusDir, corpusPath } from '../support/corpus';

const utf16 = (s: string) => Buffer.from(s, 'utf16le');

describe('strings', () => {
  it.each([
    ['with terminator', Buffer.concat([utf16('abc'), Buffer.alloc(2)]), 'abc'],
    ['without terminator', utf16('abc'), 'abc'],
    ['odd length (stray byte dropped)', Buffer.concat([utf16('abc'), Buffer.of(0x41)]), 'abc'],
    ['garbage after the terminator', Buffer.concat([utf16('ab'), Buffer.alloc(2), utf16('zz')]), 'ab'],
    ['empty', Buffer.alloc(0), ''],
    ['one byte', Buffer.of(0x41), ''],
    ['non-Latin', Buffer.concat([utf16('日本語'), Buffer.alloc(2)]), '日本語'],
  ])('REG_SZ %s', (_, data, want) => {
    expect(decodeString(data)).toBe(want);
    expect(decodeValue(RegType.SZ, data)).toEqual({ kind: 'string', value: want });
    expect(decodeValue(RegType.EXPAND_SZ, data)).toEqual({ kind: 'string', value: want });
  });

  it.each([
    ['double terminator', utf16('a\0bc\0\0'), ['a', 'bc']],
    ['single terminator', utf16('a\0bc\0'), ['a', 'bc']],
    ['no terminator', utf16('a\0bc'), ['a', 'bc']],
    ['empty string inside', utf16('a\0\0b\0\0'), ['a', '', 'b']],
    ['only terminators', utf16('\0\0'), []],
    ['odd length', Buffer.concat([utf16('x\0\0'), Buffer.of(1)]), ['x']],
  ])('REG_MULTI_SZ %s', (_, data, want) => {
    expect(decodeMultiString(data)).toEqual(want);
  });
});

describe('numbers', () => {
  it('DWORD, big-endian DWORD and QWORD; too short stays bytes', () => {
    expect(decodeValue(RegType.DWORD, Buffer.of(1, 2, 3, 4))).toEqual({ kind: 'number', value: 0x04030201 });
    expect(decodeValue(RegType.DWORD_BIG_ENDIAN, Buffer.of(1, 2, 3, 4))).toEqual({ kind: 'number', value: 0x01020304 });
    expect(decodeValue(RegType.QWORD, Buffer.of(1, 0, 0, 0, 0, 0, 0, 0x80))).toEqual({ kind: 'bigint', value: 0x8000000000000001n });
    expect(decodeValue(RegType.DWORD, Buffer.of(1, 2))).toEqual({ kind: 'bytes', value: Buffer.of(1, 2) });
    expect(decodeValue(RegType.QWORD, Buffer.of(1, 2, 3, 4))).toEqual({ kind: 'bytes', value: Buffer.of(1, 2, 3, 4) });
  });

  it('unknown types and NONE keep their bytes', () => {
    expect(decodeValue(0xffff0011, Buffer.of(9))).toEqual({ kind: 'bytes', value: Buffer.of(9) });
    expect(decodeValue(RegType.NONE, Buffer.of(1, 2))).toEqual({ kind: 'bytes', value: Buffer.of(1, 2) });
  });
});

describe('resource lists', () => {
  it('a CM_RESOURCE_LIST as 32-bit Windows writes it (16-byte partial descriptors)', () => {
    const partialMemory = Buffer.alloc(16);
    partialMemory.writeUInt8(3, 0); // CmResourceTypeMemory
    partialMemory.writeUInt8(1, 1); // CmResourceShareDeviceExclusive
    partialMemory.writeBigUInt64LE(0xfed00000n, 4);
    partialMemory.writeUInt32LE(0x400, 12);
    const partialSpecific = Buffer.alloc(16);
    partialSpecific.writeUInt8(5, 0);
    partialSpecific.writeUInt32LE(3, 4); // DataSize
    const full = Buffer.alloc(16);
    full.writeInt32LE(5, 0); // PCIBus
    full.writeUInt32LE(2, 4);
    full.writeUInt16LE(1, 8);
    full.writeUInt16LE(1, 10);
    full.writeUInt32LE(2, 12);
    const list = Buffer.concat([Buffer.of(1, 0, 0, 0), full, partialMemory, partialSpecific, Buffer.of(0xaa, 0xbb, 0xcc)]);
    const d = decodeValue(RegType.RESOURCE_LIST, list);
    expect(d.kind).toBe('resource-list');
    if (d.kind !== 'resource-list') return;
    expect(d.value).toHaveLength(1);
    expect(d.value[0]).toMatchObject({ interfaceType: 5, busNumber: 2, version: 1, revision: 1 });
    expect(d.value[0].partials.map((p) => p.type)).toEqual([3, 5]);
    expect(d.value[0].partials[1].deviceSpecific).toBe('aabbcc');
    // One byte more or less is not a resource list: kept raw.
    expect(decodeValue(RegType.RESOURCE_LIST, list.subarray(0, list.length - 1)).kind).toBe('bytes');
    expect(decodeValue(RegType.RESOURCE_LIST, Buffer.concat([list, Buffer.of(0)])).kind).toBe('bytes');
  });

  it.skipIf(!corpusDir()).each(['regipy/SYSTEM_WIN_10_1709', 'regipy/SYSTEM'])(
    'every resource list of the real SYSTEM hive %s decodes exactly',
    (file) => {
      const hive = openHive(corpusPath(file));
      let seen = 0;
      for (const key of walkKeys(hive.root)) {
        for (const value of key.values()) {
          if (value.type !== RegType.RESOURCE_LIST && value.type !== RegType.FULL_RESOURCE_DESCRIPTOR) continue;
          seen++;
          expect(value.decoded().kind, `${key.path} ${value.name}`).toBe('resource-list');
        }
      }
      expect(seen).toBeGreaterThan(20);
    },
  );
});
if (!corpusDir()) console.warn(CORPUS_MISSING);
