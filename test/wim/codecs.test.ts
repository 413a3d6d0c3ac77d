// Decoder cases wimlib never writes, built bit by bit from the format descriptions, and decoder inputs
// that are cut or garbage (each must end in a CodecError, not a hang or a read outside its buffers).
import { describe, expect, it } from 'vitest';
import { CodecError } from '../../src/wim/errors';
import { LzmsDecoder } from '../../src/wim/lzms';
import { LzxDecoder, undoE8 } from '../../src/wim/lzx';
import { XpressDecoder } from '../../src/wim/xpress';
import { prng } from './fixtures';

/** MSB-first bits packed into 16-bit little-endian words ([MS-PATCH] 2.1), the last word zero-padded. */
function words(bits: string): Buffer {
  const padded = bits.padEnd(Math.ceil(bits.length / 16) * 16, '0');
  const out = Buffer.alloc(padded.length / 8);
  for (let w = 0; w < padded.length / 16; w++) out.writeUInt16LE(parseInt(padded.slice(w * 16, w * 16 + 16), 2), w * 2);
  return out;
}

describe('LZX uncompressed blocks (never emitted by wimlib)', () => {
  it('a block after a partly used word: the rest of the word is padding, then R0-R2 and the bytes', () => {
    const data = Buffer.from('0123456789'); // 10 bytes: even, no pad byte
    const header = words('011' + '0' + (10).toString(2).padStart(16, '0')); // type 3, explicit size: 20 bits
    const regs = Buffer.alloc(12);
    regs.writeUInt32LE(1, 0);
    regs.writeUInt32LE(1, 4);
    regs.writeUInt32LE(1, 8);
    const out = new Uint8Array(10);
    new LzxDecoder(32768).decode(Buffer.concat([header, regs, data]), out);
    expect(Buffer.from(out).toString()).toBe('0123456789');
  });

  it('an odd-sized block is followed by a pad byte before the next block', () => {
    const first = Buffer.concat([
      words('011' + '0' + (3).toString(2).padStart(16, '0')),
      Buffer.from([1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0]),
      Buffer.from('abc'),
      Buffer.from([0]),
    ]);
    const second = Buffer.concat([
      words('011' + '0' + (2).toString(2).padStart(16, '0')),
      Buffer.from([1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0]),
      Buffer.from('de'),
    ]);
    const out = new Uint8Array(5);
    new LzxDecoder(32768).decode(Buffer.concat([first, second]), out);
    expect(Buffer.from(out).toString()).toBe('abcde');
  });

  it('a zero recent offset, a block larger than the chunk and an invalid block type are refused', () => {
    const zero = Buffer.concat([words('011' + '0' + (2).toString(2).padStart(16, '0')), Buffer.alloc(12), Buffer.from('xy')]);
    expect(() => new LzxDecoder(32768).decode(zero, new Uint8Array(2))).toThrow(CodecError);
    const big = words('011' + '1');
    expect(() => new LzxDecoder(32768).decode(big, new Uint8Array(100))).toThrow(/does not fit/);
    expect(() => new LzxDecoder(32768).decode(words('000' + '1'), new Uint8Array(100))).toThrow(CodecError);
  });

  it('E8 translation is undone only for targets inside the translation size', () => {
    const b = Buffer.alloc(32);
    b[0] = 0xe8;
    b.writeInt32LE(100, 1); // absolute 100 at position 0 → relative 100
    b[10] = 0xe8;
    b.writeInt32LE(12_000_005, 11); // beyond the size: unchanged
    b[20] = 0xe8;
    b.writeInt32LE(-5, 21); // negative, ≥ −position: +12000000
    undoE8(b);
    expect(b.readInt32LE(1)).toBe(100);
    expect(b.readInt32LE(11)).toBe(12_000_005);
    expect(b.readInt32LE(21)).toBe(12_000_000 - 5);
  });
});

describe('garbage and cut input ends in CodecError or a full chunk', () => {
  const decoders: [string, () => { decode(i: Uint8Array, o: Uint8Array): void }][] = [
    ['XPRESS', () => new XpressDecoder()],
    ['LZX', () => new LzxDecoder(32768)],
    ['LZMS', () => new LzmsDecoder()],
  ];
  for (const [name, make] of decoders) {
    it(name, () => {
      const r = prng(name.length);
      const d = make();
      for (let n = 0; n < 300; n++) {
        const input = Buffer.alloc((r() % 600) & ~1);
        for (let i = 0; i < input.length; i++) input[i] = r() & 0xff;
        const out = new Uint8Array(1 + (r() % 32768));
        try {
          d.decode(input, out);
        } catch (e) {
          expect(e).toBeInstanceOf(CodecError);
        }
      }
    });
  }
});
