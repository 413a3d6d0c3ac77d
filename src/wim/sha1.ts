// SHA-1 for WIM hashes. node:crypto is loaded at the first large hash, not at start: it brings OpenSSL's
// set-up, about 10 ms of a `check` of an image, which reads only a few small files whole (State.ini, the
// answer files, ReAgent.xml) and hashes nothing else. Those are hashed here in JavaScript (FIPS 180-4, §6.1);
// anything larger goes to node:crypto, whose native code is faster once loaded. Node keeps the module once
// loaded, so later hashes cost a lookup.
import type * as Crypto from 'node:crypto';

/** Largest input hashed in JavaScript: a few thousand blocks, each cheaper than loading OpenSSL even before V8 optimizes the loop. */
const JS_HASH_LIMIT = 64 * 1024;

export function sha1(): Crypto.Hash {
  return (require('node:crypto') as typeof Crypto).createHash('sha1');
}

/** The SHA-1 of `data` in lowercase hex, as the blob table and `digest('hex')` write it. */
export function sha1Hex(data: Uint8Array): string {
  return data.length > JS_HASH_LIMIT ? sha1().update(data).digest('hex') : sha1Small(data);
}

const rotl = (x: number, n: number): number => (x << n) | (x >>> (32 - n));

function sha1Small(data: Uint8Array): string {
  // Padding [FIPS 180-4 §5.1.1]: 0x80, zeros, then the length in bits as a 64-bit big-endian number, to a
  // multiple of 64 bytes.
  const blocks = ((data.length + 8) >>> 6) + 1;
  const padded = new Uint8Array(blocks * 64);
  padded.set(data);
  padded[data.length] = 0x80;
  const view = new DataView(padded.buffer);
  const bits = data.length * 8;
  view.setUint32(padded.length - 8, Math.floor(bits / 0x100000000));
  view.setUint32(padded.length - 4, bits >>> 0);
  // Initial hash value [§5.3.1] and the 80-word schedule [§6.1.2].
  let h0 = 0x67452301;
  let h1 = 0xefcdab89 | 0;
  let h2 = 0x98badcfe | 0;
  let h3 = 0x10325476;
  let h4 = 0xc3d2e1f0 | 0;
  const w = new Int32Array(80);
  for (let block = 0; block < padded.length; block += 64) {
    for (let t = 0; t < 16; t++) w[t] = view.getInt32(block + 4 * t);
    for (let t = 16; t < 80; t++) w[t] = rotl(w[t - 3] ^ w[t - 8] ^ w[t - 14] ^ w[t - 16], 1);
    let a = h0;
    let b = h1;
    let c = h2;
    let d = h3;
    let e = h4;
    for (let t = 0; t < 80; t++) {
      // f and K of rounds 0–19, 20–39, 40–59, 60–79 [§4.1.1, §4.2.1].
      let f: number;
      let k: number;
      if (t < 20) {
        f = (b & c) | (~b & d);
        k = 0x5a827999;
      } else if (t < 40) {
        f = b ^ c ^ d;
        k = 0x6ed9eba1;
      } else if (t < 60) {
        f = (b & c) | (b & d) | (c & d);
        k = 0x8f1bbcdc | 0;
      } else {
        f = b ^ c ^ d;
        k = 0xca62c1d6 | 0;
      }
      const temp = (rotl(a, 5) + f + e + k + w[t]) | 0;
      e = d;
      d = c;
      c = rotl(b, 30);
      b = a;
      a = temp;
    }
    h0 = (h0 + a) | 0;
    h1 = (h1 + b) | 0;
    h2 = (h2 + c) | 0;
    h3 = (h3 + d) | 0;
    h4 = (h4 + e) | 0;
  }
  return [h0, h1, h2, h3, h4].map((h) => (h >>> 0).toString(16).padStart(8, '0')).join('');
}
