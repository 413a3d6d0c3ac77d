// Partition tables read from disk images that sfdisk wrote, compared with sfdisk's own reading; damaged
// and hostile tables end with problems, never a crash or a hang.
import { mkdtempSync, openSync, readSync, statSync, writeSync, closeSync, writeFileSync } from 'node:fs';
import { crc32 } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readTableOf, type PartitionTable } from '../../src/disk/partition-table';
import { makeDiskImage, sfdiskAvailable, sfdiskJson, TWO_WINDOWS_GPT } from '../support/disk-image';

const tmp = mkdtempSync(join(tmpdir(), 'preflight-disk-'));

const read = readTableOf;

function expectSameAsSfdisk(file: string, table: PartitionTable): void {
  const ref = sfdiskJson(file);
  expect(table.style).toBe(ref.label === 'dos' ? 'mbr' : 'gpt');
  expect(table.diskId).toBe(ref.label === 'gpt' ? `{${ref.id.toLowerCase()}}` : `0x${ref.id.replace(/^0x/, '').padStart(8, '0')}`);
  expect(
    table.partitions
      .filter((p) => p.type.kind !== 'extended')
      .map((p) => ({ start: p.offset / 512, size: p.size / 512, type: p.type.code.replace(/[{}]|^0x0?/g, '') })),
  ).toEqual(
    ref.partitions
      .filter((p) => !['5', 'f', '85'].includes(p.type))
      .map((p) => ({ start: p.start, size: p.size, type: p.type.toLowerCase() })),
  );
}

describe.skipIf(!sfdiskAvailable())('partition tables from disk images', () => {
  it('GPT: every partition, its type, GUID and name, and the disk GUID, as sfdisk reads them', () => {
    const file = join(tmp, 'gpt.img');
    makeDiskImage(file, TWO_WINDOWS_GPT);
    const t = read(file);
    expectSameAsSfdisk(file, t);
    expect(t.problems).toEqual([]);
    expect(t.partitions.map((p) => [p.number, p.type.kind, p.name])).toEqual([
      [1, 'efi-system', 'EFI system partition'],
      [2, 'microsoft-reserved', 'Microsoft reserved partition'],
      [3, 'windows-data', 'Basic data partition'],
      [4, 'windows-data', 'Basic data partition'],
      [5, 'linux', 'linux'],
    ]);
    expect(t.partitions[2].identity).toEqual({ style: 'gpt', partitionGuid: '{8e0f2c38-e4ea-47ba-b7fc-9d8c74dccf0b}' });
  });

  it('MBR with an extended partition: primaries and logicals numbered from 5, identities = signature + byte offset', () => {
    const file = join(tmp, 'mbr.img');
    makeDiskImage(file, {
      label: 'dos',
      labelId: '0xb3eba8f1',
      sizeMiB: 2048,
      partitions: [
        { startMiB: 1, sizeMiB: 350, type: '7' },
        { startMiB: 351, sizeMiB: 700, type: '7' },
        { startMiB: 1051, sizeMiB: 900, type: '5' },
        { startMiB: 1052, sizeMiB: 400, type: '83' },
        { startMiB: 1453, sizeMiB: 400, type: '27' },
      ],
    });
    const t = read(file);
    expectSameAsSfdisk(file, t);
    expect(t.partitions.map((p) => [p.number, p.type.kind])).toEqual([
      [1, 'windows-data'],
      [2, 'windows-data'],
      [5, 'linux'],
      [6, 'windows-recovery'],
    ]);
    expect(t.partitions[0].identity).toEqual({ style: 'mbr', diskSignature: '0xb3eba8f1', offset: 1024 * 1024 });
  });

  it('a damaged primary GPT: the backup copy is read, and the report says so', () => {
    const file = join(tmp, 'gpt-damaged.img');
    makeDiskImage(file, TWO_WINDOWS_GPT);
    const fd = openSync(file, 'r+');
    writeSync(fd, Buffer.alloc(512), 0, 512, 512); // LBA 1: the primary header
    closeSync(fd);
    const t = read(file);
    expect(t.partitions).toHaveLength(5);
    expect(t.problems).toContain('the primary GPT is damaged; the backup copy was used');
  });
});

/**
 * Rewrites GPT entry `index` (from 0) in both copies of the table, with valid CRCs, as a hostile disk
 * would: `patch` gets the 128-byte entry.
 */
function patchGptEntry(file: string, index: number, patch: (entry: Buffer) => void): void {
  const fd = openSync(file, 'r+');
  try {
    for (const headerAt of [512, statSync(file).size - 512]) {
      const header = Buffer.alloc(92);
      readSync(fd, header, 0, 92, headerAt);
      const at = Number(header.readBigUInt64LE(72)) * 512;
      const entries = Buffer.alloc(header.readUInt32LE(80) * header.readUInt32LE(84));
      readSync(fd, entries, 0, entries.length, at);
      patch(entries.subarray(index * 128, (index + 1) * 128));
      header.writeUInt32LE(crc32(entries), 88);
      header.writeUInt32LE(0, 16);
      header.writeUInt32LE(crc32(header), 16);
      writeSync(fd, entries, 0, entries.length, at);
      writeSync(fd, header, 0, 92, headerAt);
    }
  } finally {
    closeSync(fd);
  }
}

describe.skipIf(!sfdiskAvailable())('absurd GPT entries: that entry is left out with a problem, the rest of the table stays', () => {
  it.each([
    ['an LBA of 2^53', (e: Buffer) => e.writeBigUInt64LE(2n ** 53n, 32), 'its sectors lie beyond 2^53 bytes'],
    [
      'an LBA of 2^63',
      (e: Buffer) => (e.writeBigUInt64LE(2n ** 63n, 32), e.writeBigUInt64LE(2n ** 63n + 5n, 40)),
      'its sectors lie beyond 2^53 bytes',
    ],
    [
      'an LBA whose byte offset passes 2^53',
      (e: Buffer) => (e.writeBigUInt64LE(2n ** 50n, 32), e.writeBigUInt64LE(2n ** 50n + 8n, 40)),
      'its sectors lie beyond 2^53 bytes',
    ],
    ['last LBA before first', (e: Buffer) => e.writeBigUInt64LE(10n, 40), 'its last sector lies before its first'],
    ['past the end of the disk', (e: Buffer) => e.writeBigUInt64LE(BigInt(8 * 1024 * 1024 * 2), 40), 'past the end of the disk'],
  ])('%s', (_, patch, why) => {
    const file = join(tmp, `gpt-absurd-${why.length}-${Math.random().toString(36).slice(2)}.img`);
    makeDiskImage(file, TWO_WINDOWS_GPT);
    patchGptEntry(file, 2, patch);
    const t = read(file);
    expect(t.partitions.map((p) => p.number)).toEqual([1, 2, 4, 5]);
    expect(t.problems).toEqual([expect.stringMatching(new RegExp(`^partition 3: .*${why.replace(/\^/g, '\\^')}.*; left out$`))]);
    for (const p of t.partitions) expect(Number.isSafeInteger(p.offset) && Number.isSafeInteger(p.size) && p.size > 0).toBe(true);
  });
});

describe('hostile or missing tables', () => {
  it('no MBR signature: no table, a problem, no throw', () => {
    const file = join(tmp, 'blank.img');
    writeFileSync(file, Buffer.alloc(64 * 1024));
    expect(read(file)).toMatchObject({ style: 'none', partitions: [], problems: [expect.stringMatching(/no MBR/)] });
  });

  it('an EBR chain that loops back ends with a problem', () => {
    const file = join(tmp, 'loop.img');
    const img = Buffer.alloc(1024 * 1024);
    const entry = (sector: number, i: number, type: number, first: number, count: number) => {
      const o = sector * 512 + 0x1be + 16 * i;
      img[o + 4] = type;
      img.writeUInt32LE(first, o + 8);
      img.writeUInt32LE(count, o + 12);
    };
    const sign = (sector: number) => img.writeUInt16LE(0xaa55, sector * 512 + 510);
    sign(0);
    entry(0, 0, 0x0f, 100, 1000); // extended partition at sector 100
    sign(100);
    entry(100, 0, 0x83, 1, 10);
    entry(100, 1, 0x05, 0, 10); // "next" EBR is itself
    writeFileSync(file, img);
    const t = read(file);
    expect(t.partitions).toHaveLength(1);
    expect(t.problems).toEqual(['EBR chain loops back to sector 100']);
  });

  it('a protective MBR without a valid GPT: no partitions, problems say why', () => {
    const file = join(tmp, 'pmbr-only.img');
    const img = Buffer.alloc(1024 * 1024);
    img[0x1be + 4] = 0xee;
    img.writeUInt32LE(1, 0x1be + 8);
    img.writeUInt32LE(2047, 0x1be + 12);
    img.writeUInt16LE(0xaa55, 510);
    img.write('EFI PART', 512, 'latin1'); // a signature, but a wrong CRC and absurd sizes
    img.writeUInt32LE(92, 512 + 12);
    writeFileSync(file, img);
    const t = read(file);
    expect(t).toMatchObject({ style: 'gpt', partitions: [] });
    expect(t.problems).toContain('primary GPT header: CRC32 mismatch');
    expect(t.problems).toContain('protective MBR, but no valid GPT');
  });
});
