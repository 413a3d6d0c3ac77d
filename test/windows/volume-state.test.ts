import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { VolumeFs } from '../../src/windows/volume-fs';
import { classifyVolumeArgument, parseBootSector, readBootSector, readHiberfil } from '../../src/windows/volume-state';
import { cleanupVolumes, garbage, makeVolume } from './temp-volume';

afterAll(cleanupVolumes);

function hiberHeader(magic: string | number[], total = 4096): Buffer {
  const b = Buffer.alloc(total);
  (typeof magic === 'string' ? Buffer.from(magic, 'latin1') : Buffer.from(magic)).copy(b, 0);
  b.fill(0x5a, 8, 64); // header fields after the magic
  return b;
}

function zeroHeaderWith(offset: number, total = 4096): Buffer {
  const b = Buffer.alloc(total);
  b[offset] = 1;
  return b;
}

describe('readHiberfil (domain.md §6.2)', () => {
  it.each<[string, Buffer | null, { hiberfilPresent: boolean; hiberfilSignature: string | null; hibernated: boolean | null }]>([
    ['hibr (hibernated)', hiberHeader('hibr'), { hiberfilPresent: true, hiberfilSignature: 'hibr', hibernated: true }],
    ['HIBR (Fast Startup / Windows 8+)', hiberHeader('HIBR'), { hiberfilPresent: true, hiberfilSignature: 'HIBR', hibernated: true }],
    [
      'wake (UNCONFIRMED: unknown, not a verdict)',
      hiberHeader('wake'),
      { hiberfilPresent: true, hiberfilSignature: 'wake', hibernated: null },
    ],
    [
      'RSTR (UNCONFIRMED: unknown, not a verdict)',
      hiberHeader('RSTR'),
      { hiberfilPresent: true, hiberfilSignature: 'RSTR', hibernated: null },
    ],
    ['zeroed header (clean)', Buffer.alloc(8192), { hiberfilPresent: true, hiberfilSignature: null, hibernated: false }],
    ['unknown printable magic', hiberHeader('ABCD'), { hiberfilPresent: true, hiberfilSignature: 'ABCD', hibernated: null }],
    ['unknown binary magic', hiberHeader([1, 2, 3, 4]), { hiberfilPresent: true, hiberfilSignature: null, hibernated: null }],
    [
      'zero magic, non-zero byte at 2000 (ntfs-3g: not safe)',
      zeroHeaderWith(2000),
      { hiberfilPresent: true, hiberfilSignature: null, hibernated: null },
    ],
    ['zero magic, non-zero byte at 4095', zeroHeaderWith(4095), { hiberfilPresent: true, hiberfilSignature: null, hibernated: null }],
    [
      'zeroes, non-zero only after 4 KiB (clean)',
      zeroHeaderWith(4096, 8192),
      { hiberfilPresent: true, hiberfilSignature: null, hibernated: false },
    ],
    ['zeroed but shorter than 4 KiB', Buffer.alloc(1000), { hiberfilPresent: true, hiberfilSignature: null, hibernated: null }],
    ['too short', Buffer.from('hi'), { hiberfilPresent: true, hiberfilSignature: null, hibernated: null }],
    ['empty file', Buffer.alloc(0), { hiberfilPresent: true, hiberfilSignature: null, hibernated: null }],
    ['absent', null, { hiberfilPresent: false, hiberfilSignature: null, hibernated: false }],
  ])('%s', (_n, content, expected) => {
    const root = makeVolume(content === null ? { Windows: null } : { 'hiberfil.sys': content });
    const r = readHiberfil(new VolumeFs(root));
    expect(r).toMatchObject(expected);
    expect(r.evidence).toEqual([expect.objectContaining({ source: 'file', path: 'hiberfil.sys' })]);
  });

  it('finds HIBERFIL.SYS in any case', () => {
    const r = readHiberfil(new VolumeFs(makeVolume({ 'HIBERFIL.SYS': hiberHeader('HIBR') })));
    expect(r).toMatchObject({ hibernated: true, evidence: [{ path: 'HIBERFIL.SYS' }] });
  });

  it('unreadable (a directory named hiberfil.sys) → unknown, no throw', () => {
    const r = readHiberfil(new VolumeFs(makeVolume({ 'hiberfil.sys': null })));
    expect(r).toMatchObject({ hiberfilPresent: true, hibernated: null });
  });
});

const TO_GO_GUID = [0x3b, 0xd6, 0x67, 0x49, 0x29, 0x2e, 0xd8, 0x4a, 0x83, 0x99, 0xf6, 0xa3, 0x39, 0xe3, 0xd0, 0x01];

function bootSector(oem: string, extra?: (b: Buffer) => void, size = 512): Buffer {
  const b = Buffer.alloc(size);
  b[0] = 0xeb;
  b[1] = 0x52;
  b[2] = 0x90;
  b.write(oem, 3, 'latin1');
  b.writeUInt16LE(512, 11); // bytes per sector
  b[510] = 0x55;
  b[511] = 0xaa;
  extra?.(b);
  return b;
}

describe('boot sectors (domain.md §6.3)', () => {
  const images = makeVolume({
    'bitlocker.img': bootSector('-FVE-FS-'),
    'ntfs.img': bootSector('NTFS    ', undefined, 4096),
    'togo.img': bootSector('MSWIN4.1', (b) => Buffer.from(TO_GO_GUID).copy(b, 424)),
    'fat32.img': bootSector('MSDOS5.0'),
    'disk.vhdx': Buffer.concat([Buffer.from('vhdxfile'), Buffer.alloc(1024)]),
    'gpt.img': (() => {
      const b = Buffer.alloc(1024);
      b[510] = 0x55;
      b[511] = 0xaa;
      b.write('EFI PART', 512, 'latin1');
      return b;
    })(),
    'tiny.img': Buffer.alloc(100),
    'noise.img': garbage(512, 9),
    'mounted/Windows/System32/config/SYSTEM': 'regf',
  });
  const p = (n: string) => path.join(images, n);

  it.each<[string, string, string]>([
    ['bitlocker.img', 'bitlocker', '-FVE-FS-'],
    ['ntfs.img', 'ntfs', 'NTFS    '],
    ['togo.img', 'bitlocker-to-go', 'MSWIN4.1'],
    ['fat32.img', 'unknown', 'MSDOS5.0'],
  ])('readBootSector(%s) → %s', (file, kind, oemId) => {
    expect(readBootSector(p(file))).toMatchObject({ ok: true, kind, oemId });
  });

  it('readBootSector on a missing or tiny file → ok:false, no throw', () => {
    expect(readBootSector(p('missing.img'))).toMatchObject({ ok: false });
    expect(readBootSector(p('tiny.img'))).toMatchObject({ ok: false, error: expect.stringContaining('too small') });
  });

  it('parseBootSector shows non-printable OEM bytes as dots', () => {
    expect(parseBootSector(Buffer.alloc(512)).oemId).toBe('........');
  });

  it.each<[string, string, string | RegExp]>([
    ['bitlocker.img', 'bitlocker-locked', /BitLocker/],
    ['togo.img', 'bitlocker-locked', /To Go/],
    ['ntfs.img', 'unreadable', 'raw NTFS volume: mount it (read-only) and pass the mount point'],
    ['fat32.img', 'not-a-windows-volume', /neither a folder nor an NTFS or BitLocker volume/],
    ['noise.img', 'not-a-windows-volume', /neither/],
    ['disk.vhdx', 'not-a-windows-volume', /VHDX disk image/],
    ['gpt.img', 'not-a-windows-volume', /GPT-partitioned disk image/],
    ['tiny.img', 'not-a-windows-volume', /too small/], // too small to be a volume: no Windows, as for a folder without it
    ['missing.img', 'unreadable', /cannot access/],
  ])('classifyVolumeArgument(%s) → %s', (file, reason, detail) => {
    const r = classifyVolumeArgument(p(file), 'linux');
    expect(r.kind).toBe('unreadable');
    if (r.kind !== 'unreadable') return;
    expect(r.volume.volume).toBe(p(file));
    expect(r.volume.reason).toBe(reason);
    if (typeof detail === 'string') expect(r.volume.detail).toBe(detail);
    else expect(r.volume.detail).toMatch(detail);
  });

  it('boot-sector evidence names the OEM ID', () => {
    const r = classifyVolumeArgument(p('bitlocker.img'), 'linux');
    expect(r.kind === 'unreadable' && r.volume.evidence).toEqual([
      { source: 'volume', path: p('bitlocker.img'), detail: expect.stringContaining("'-FVE-FS-'") },
    ]);
  });

  it('a directory is a folder to inspect', () => {
    expect(classifyVolumeArgument(p('mounted'), 'linux')).toEqual({ kind: 'folder', root: p('mounted') });
  });

  it('reading a boot sector does not modify the image', () => {
    const before = fs.readFileSync(p('bitlocker.img'));
    classifyVolumeArgument(p('bitlocker.img'), 'linux');
    expect(fs.readFileSync(p('bitlocker.img')).equals(before)).toBe(true);
  });
});
