// From volume arguments to installations and unreadable volumes.
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scanVolumes } from '../../src/windows/scan';
import { buildScenario } from '../../src/sample/windows-volume';

const tmp = mkdtempSync(join(tmpdir(), 'preflight-scan-'));

function bootSectorImage(name: string, oemId: string): string {
  const sector = Buffer.alloc(512);
  sector.set([0xeb, 0x52, 0x90], 0);
  sector.write(oemId, 3, 'latin1');
  sector.writeUInt16LE(0xaa55, 510);
  const p = join(tmp, name);
  writeFileSync(p, sector);
  return p;
}

describe('scanVolumes', () => {
  const [windows] = buildScenario(join(tmp, 'win'), 'generalized-win11');
  const data = join(tmp, 'data');
  mkdirSync(data);
  const locked = bootSectorImage('locked.img', '-FVE-FS-');
  const ntfs = bootSectorImage('ntfs.img', 'NTFS    ');

  it('named volumes: every one is accounted for — installation, unreadable, or without Windows', () => {
    const r = scanVolumes([windows, data, locked, ntfs]);
    expect(r.scannedVolumes).toEqual([windows, data, locked, ntfs]);
    expect(r.installations.map((i) => i.windowsDir)).toEqual(['Windows']);
    expect(r.withoutWindows).toEqual([data]);
    expect(r.unreadable.map((u) => [u.volume, u.reason])).toEqual([
      [locked, 'bitlocker-locked'],
      [ntfs, 'unreadable'],
    ]);
  });

  it('discovered volumes: only BitLocker makes an unreadable volume a finding; the rest are passed over', () => {
    const r = scanVolumes([windows, locked, ntfs], { discovered: true });
    expect(r.unreadable.map((u) => u.reason)).toEqual(['bitlocker-locked']);
    expect(r.withoutWindows).toEqual([ntfs]);
  });

  it('a Windows directory is inspected from its volume', () => {
    const r = scanVolumes([join(windows, 'Windows')]);
    expect(r.installations).toHaveLength(1);
    expect(r.installations[0].volume).toBe(windows);
  });
});

describe('one installation named twice', () => {
  it('is inspected once (a volume and its Windows directory, or a link to it)', () => {
    const [volume] = buildScenario(join(tmp, 'twice'), 'generalized-win11');
    const link = join(tmp, 'twice-link');
    symlinkSync(volume, link);
    const r = scanVolumes([volume, join(volume, 'Windows'), link]);
    expect(r.installations).toHaveLength(1);
    expect(r.scannedVolumes).toHaveLength(3);
  });
});
