// The SHA-1 a check of an image computes for the small files it reads whole (in JavaScript, src/wim/sha1.ts)
// against node:crypto's, at every length around the padding's edges and beyond the JavaScript limit.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { prng } from '../../src/sample/bytes';
import { sha1Hex } from '../../src/wim/sha1';

const opensslSha1 = (data: Uint8Array) => createHash('sha1').update(data).digest('hex');

describe('SHA-1 of blobs read whole', () => {
  it('gives the test vectors of FIPS 180-2 appendix A', () => {
    expect(sha1Hex(Buffer.from('abc'))).toBe('a9993e364706816aba3e25717850c26c9cd0d89d');
    expect(sha1Hex(Buffer.from('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq'))).toBe(
      '84983e441c3bd26ebaae4aa1f95129e5e54670f1',
    );
    expect(sha1Hex(Buffer.alloc(0))).toBe('da39a3ee5e6b4b0d3255bfef95601890afd80709');
  });

  it('equals node:crypto at every length up to 300 bytes, around the limit and past it', () => {
    const rnd = prng(11);
    const bytes = Buffer.alloc(200_000);
    for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(rnd() * 256);
    const lengths = [...Array.from({ length: 301 }, (_, n) => n), 4095, 4096, 65535, 65536, 65537, 200_000];
    for (const n of lengths) {
      const data = bytes.subarray(0, n);
      expect(sha1Hex(data), `${n} bytes`).toBe(opensslSha1(data));
    }
    // A view into a larger buffer at an odd offset hashes only its own bytes.
    expect(sha1Hex(bytes.subarray(3, 1003))).toBe(opensslSha1(bytes.subarray(3, 1003)));
  });
});
