// The FFU plan (src/capture/ffu-plan.ts) as a table of cases on plain disk rows: the estimate of the disk's
// used bytes, room and FAT32, MBR; and which drive DISM is given for --disk (src/cli/ffu-disk.ts).
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PlanRefusal } from '../../src/capture/errors';
import { buildFfuPlan, diskUsage } from '../../src/capture/ffu-plan';
import type { PlanDeps } from '../../src/capture/plan';
import type { SpaceInfo } from '../../src/host/file-system';
import type { CaptureRequest } from '../../src/capture/types';
import { captureRequest } from '../support/capture-request';
import { UsageError } from '../../src/cli/fail';
import { ffuSource } from '../../src/cli/ffu-source';
import type { ReportDisk } from '../../src/report/model';
import type { DiskRow } from '../../src/windows/boot-disks';

const tmp = mkdtempSync(join(tmpdir(), 'preflight-ffu-plan-'));
const dest = join(tmp, 'dest');
mkdirSync(dest, { recursive: true });
const MiB = 1024 * 1024;
const GiB = 1024 * MiB;

const row = (number: number, size: number, kind: string, volume: string | null): DiskRow => ({
  partition: { number, offset: number * MiB, size, type: { code: '', name: kind, kind: kind as never }, name: null },
  identity: null,
  bootEntries: [],
  volume,
  installation: volume
    ? {
        placedBy: 'mounted-devices',
        id: `${volume}/Windows`,
        volume,
        family: 'Windows 11',
        build: 26100,
        generalization: 'generalized',
        machineSid: null,
      }
    : null,
});
const disk = (style: 'gpt' | 'mbr', rows: DiskRow[]): ReportDisk => ({
  source: '/dev/sdz',
  style,
  diskId: null,
  rows,
  stores: [],
  unplaced: [],
  problems: [],
  verdict: 'ready',
  findings: [],
});
const GPT_DISK = disk('gpt', [
  row(1, 100 * MiB, 'efi-system', null),
  row(2, 16 * MiB, 'microsoft-reserved', null),
  row(3, 60 * GiB, 'windows-data', '/mnt/c'),
]);

function request(over: Partial<CaptureRequest> = {}): CaptureRequest {
  const ffu = { disk: '/dev/sdz', tableSource: '/dev/sdz', captureDrive: '/dev/sdz' };
  return captureRequest({
    format: 'ffu',
    source: '/dev/sdz',
    ffu,
    image: join(dest, 'disk.ffu'),
    name: 'disk0',
    engine: 'dism',
    dryRun: true,
    ...over,
  });
}

/** /mnt/c holds 10 GiB of files of which 3 GiB are pagefile and hiberfil (excluded from a WIM, not an FFU). */
const deps = (freeBytes: number, kind: SpaceInfo['kind'] = 'ntfs'): PlanDeps => ({
  platform: 'linux',
  env: {},
  mountOf: () => null,
  spaceOf: () => ({ freeBytes, kind }),
  measureSource: () => ({
    bytes: 7 * GiB,
    files: 1000,
    directories: 10,
    excludedFiles: 2,
    excludedBytes: 3 * GiB,
    largestFileBytes: 2 * GiB,
  }),
  listImages: () => [],
  program: 'Dism.exe',
});

describe('the FFU plan', () => {
  it('used bytes: the inspected volume by its files, pagefile and hiberfil included; the other partitions whole', () => {
    const u = diskUsage(GPT_DISK, deps(0).measureSource);
    expect(u.usedBytes).toBe(10 * GiB + 116 * MiB);
    expect(u.measured).toEqual(['3 (/mnt/c)']);
    expect(u.countedWhole).toEqual(['1', '2']);
  });

  it('room: the used bytes uncompressed (the worst case), plus the margin; refused in words when short', () => {
    const plan = buildFfuPlan(request(), GPT_DISK, [], deps(100 * GiB));
    expect(plan.space.neededBytes).toBe(Math.ceil((10 * GiB + 116 * MiB) * 1.05 + 16 * MiB));
    expect(plan.command.args).toContain('/Compress:Default');
    expect(buildFfuPlan(request({ compress: 'none' }), GPT_DISK, [], deps(100 * GiB)).command.args).toContain('/Compress:None');
    expect(() => buildFfuPlan(request(), GPT_DISK, [], deps(5 * GiB))).toThrow(
      /not enough room at .*: 5120 MiB free, about 10890 MiB needed \(about 10356 MiB in use on \/dev\/sdz \(partitions 3 \(\/mnt\/c\) by their files, 1, 2 counted whole\), planned for the worst case/,
    );
  });

  it('FAT32 cannot hold an FFU of 4 GiB or more; an MBR disk cannot be captured as an FFU at all', () => {
    expect(() => buildFfuPlan(request(), GPT_DISK, [], deps(100 * GiB, 'fat32'))).toThrow(/is FAT32, which cannot hold a file of 4 GiB/);
    expect(() => buildFfuPlan(request(), disk('mbr', GPT_DISK.rows), [], deps(100 * GiB))).toThrow(PlanRefusal);
  });

  it('never on a volume of the captured disk, nor over a file', () => {
    expect(() => buildFfuPlan(request({ image: join(tmp, 'disk.ffu') }), GPT_DISK, [tmp], deps(100 * GiB))).toThrow(
      /is on .*a volume of the captured disk \/dev\/sdz/,
    );
    expect(() => buildFfuPlan(request({ image: dest }), GPT_DISK, [], deps(100 * GiB))).toThrow(/already exists/);
  });
});

describe('--disk and the drive DISM captures', () => {
  it('Windows: a number or \\\\.\\PhysicalDriveN; PREFLIGHT_DISK_TABLE only moves where the table is read', () => {
    expect(ffuSource('0', 'win32', {})).toEqual({ disk: '0', tableSource: '\\\\.\\PhysicalDrive0', captureDrive: '\\\\.\\PhysicalDrive0' });
    expect(ffuSource('\\\\.\\physicaldrive2', 'win32', {})).toMatchObject({ captureDrive: '\\\\.\\PhysicalDrive2' });
    expect(ffuSource('1', 'win32', { PREFLIGHT_DISK_TABLE: 'G:\\disk.img' })).toEqual({
      disk: '1',
      tableSource: 'G:\\disk.img',
      captureDrive: '\\\\.\\PhysicalDrive1',
    });
    expect(() => ffuSource('G:\\disk.img', 'win32', {})).toThrow(UsageError);
  });

  it('elsewhere the device or image file itself (DISM does not run there; only the stand-in sees it)', () => {
    expect(ffuSource('/dev/sda', 'linux', { PREFLIGHT_DISK_TABLE: '/x' })).toEqual({
      disk: '/dev/sda',
      tableSource: '/dev/sda',
      captureDrive: '/dev/sda',
    });
  });
});
