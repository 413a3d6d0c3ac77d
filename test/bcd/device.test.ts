// BCD device elements decoded byte for byte (domain.md §5.3): real element values from the corpus stores,
// the published MBR example, and hostile values that must degrade to "unknown", never throw.
import { describe, expect, it } from 'vitest';
import { decodeDevice, deviceText } from '../../src/bcd/device';

const hex = (s: string) => Uint8Array.from(Buffer.from(s.replace(/\s+/g, ''), 'hex'));

// regipy/BCD, {733b62e4-…}\Elements\21000001 (the osdevice of a Windows 10 loader on a GPT disk).
const GPT_PARTITION = hex(`
  00000000000000000000000000000000 06000000 00000000 48000000 00000000
  382c0f8eeae4ba47b7fc9d8c74dccf0b 00000000 00000000 a994230b5e097d488d48719ecd4d78ca
  0000000000000000 0000000000000000`);

// mistyprojects' BCDEdit notes (device_partition.htm): an MBR partition at byte 0x15F00000 of disk b3eba8f1.
const MBR_PARTITION = hex(`
  00000000000000000000000000000000 06000000 00000000 48000000 00000000
  0000f01500000000 0000000000000000 00000000 01000000 f1a8ebb3 000000000000000000000000
  0000000000000000 0000000000000000`);

// regipy/BCD, {733b62e6-…}\Elements\11000001 (Windows RE: a ramdisk whose image is a file on a GPT partition).
const RAMDISK = hex(`
  e7623b7308f6eb11825cc112f60133ab0000000001000000b800000000000000
  0300000000000000000000000000000000000000000000000100000090000000
  050000000600000000000000480000000000000069cddf6c75de90448f995a84
  bf2649170000000000000000a994230b5e097d488d48719ecd4d78ca00000000
  0000000000000000000000005c005200650063006f0076006500720079005c00
  570069006e0064006f0077007300520045005c00570069006e00720065002e00
  770069006d000000`);

describe('decodeDevice', () => {
  it('a GPT partition: the partition GUID at 0x20, style 0 at 0x34, the disk GUID at 0x38', () => {
    expect(decodeDevice(GPT_PARTITION)).toEqual({
      associated: null,
      device: {
        kind: 'partition',
        style: 'gpt',
        partitionGuid: '{8e0f2c38-e4ea-47ba-b7fc-9d8c74dccf0b}',
        diskGuid: '{0b2394a9-095e-487d-8d48-719ecd4d78ca}',
      },
    });
  });

  it('an MBR partition: the start offset in bytes and the disk signature', () => {
    expect(decodeDevice(MBR_PARTITION).device).toEqual({
      kind: 'partition',
      style: 'mbr',
      partitionOffset: 368_050_176,
      diskSignature: '0xb3eba8f1',
    });
    expect(deviceText(decodeDevice(MBR_PARTITION).device)).toBe('partition (MBR disk 0xb3eba8f1, offset 368050176)');
  });

  it('a ramdisk: its options object, and the image file on its partition', () => {
    expect(decodeDevice(RAMDISK)).toEqual({
      associated: '{733b62e7-f608-11eb-825c-c112f60133ab}',
      device: {
        kind: 'ramdisk',
        image: {
          device: {
            kind: 'partition',
            style: 'gpt',
            partitionGuid: '{6cdfcd69-de75-4490-8f99-5a84bf264917}',
            diskGuid: '{0b2394a9-095e-487d-8d48-719ecd4d78ca}',
          },
          path: '\\Recovery\\WindowsRE\\Winre.wim',
        },
      },
    });
  });

  it.each([
    [5, { kind: 'boot' }],
    [8, { kind: 'locate' }],
  ])('device type %i has no body to decode', (type, device) => {
    const b = Buffer.alloc(0x20);
    b.writeUInt32LE(type, 0x10);
    expect(decodeDevice(b).device).toEqual(device);
  });

  it.each([
    ['empty', new Uint8Array(0), /too short/],
    ['a partition record cut short', GPT_PARTITION.subarray(0, 0x40), /partition record of \d+ bytes/],
    [
      'an unknown partition style',
      (() => {
        const b = Buffer.from(GPT_PARTITION);
        b.writeUInt32LE(7, 0x34);
        return b;
      })(),
      /partition style 7/,
    ],
    [
      'an unknown device type',
      (() => {
        const b = Buffer.from(GPT_PARTITION);
        b.writeUInt32LE(42, 0x10);
        return b;
      })(),
      /device type 42/,
    ],
    [
      'an MBR offset past 2^53',
      (() => {
        const b = Buffer.from(MBR_PARTITION);
        b.writeBigUInt64LE(1n << 60n, 0x20);
        return b;
      })(),
      /out of range/,
    ],
  ])('%s degrades to unknown with its bytes kept', (_what, bytes, detail) => {
    const d = decodeDevice(bytes).device;
    expect(d.kind).toBe('unknown');
    if (d.kind === 'unknown') {
      expect(d.detail).toMatch(detail);
      expect(d.hex).toBe(Buffer.from(bytes).toString('hex'));
    }
  });

  it('a ramdisk whose file-path descriptor lies about its length keeps the ramdisk, without an image', () => {
    const b = Buffer.from(RAMDISK);
    b.writeUInt32LE(0xffff, 0x3c);
    expect(decodeDevice(b).device).toEqual({ kind: 'ramdisk', image: null });
  });
});
