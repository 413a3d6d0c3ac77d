// The GPT's CRC-32 (src/disk/crc32.ts) against zlib's on the lengths GPT uses and on random data.
import { randomBytes } from 'node:crypto';
import { crc32 as zlibCrc32 } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { crc32 } from '../../src/disk/crc32';

describe('crc32', () => {
  it('is zlib’s CRC-32: the check value, empty input, a GPT header, an entry array, random lengths', () => {
    expect(crc32(Buffer.from('123456789'))).toBe(0xcbf43926);
    expect(crc32(new Uint8Array(0))).toBe(0);
    for (const length of [1, 3, 92, 128, 16384, 16385, 65536]) {
      const bytes = randomBytes(length);
      expect(crc32(bytes), String(length)).toBe(zlibCrc32(bytes));
    }
    const zeros = new Uint8Array(16384);
    expect(crc32(zeros)).toBe(zlibCrc32(zeros));
  });
});
