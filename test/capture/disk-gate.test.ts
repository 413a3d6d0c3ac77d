// The FFU gate (src/capture/disk-gate.ts) on real partition tables written by sfdisk and scenario volumes
// whose SYSTEM hives carry the MountedDevices entries of their partitions, read and tied together by the
// same code `check --disk` uses: every partition that may hold a Windows must be tied to an inspected,
// generalized installation, else the disk may not be captured whole (unknown refuses).
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { judgeDisk } from '../../src/capture/disk-gate';
import { GateRefusal, PlanRefusal } from '../../src/capture/errors';
import { inspectDisk } from '../../src/inspect/pipeline';
import { reportFromFacts } from '../../src/inspect/report';
import { openDisk } from '../../src/disk/disk-reader';
import { readPartitionTable } from '../../src/disk/partition-table';
import { diskCoverage } from '../../src/windows/boot-disks';
import { readDiskStorage } from '../../src/windows/disk-storage';
import { scanVolumes } from '../../src/windows/scan';
import { VolumeFs } from '../../src/windows/volume-fs';
import { makeDiskImage, sfdiskAvailable, TWO_WINDOWS_GPT, type ImageSpec } from '../support/disk-image';
import { IMAGE_STATE, buildWindowsVolume, mountedGpt, mountedMbr } from '../../src/sample/windows-volume';
import { openSync, writeSync, closeSync } from 'node:fs';

const tmp = mkdtempSync(join(tmpdir(), 'preflight-disk-gate-'));
const P3 = `{${TWO_WINDOWS_GPT.partitions[2].uuid!.toLowerCase()}}`;
const P4 = `{${TWO_WINDOWS_GPT.partitions[3].uuid!.toLowerCase()}}`;
const NOT_GENERALIZED = { imageState: IMAGE_STATE.COMPLETE, computerName: 'OLD-PC', machineSid: 'S-1-5-21-1-2-3' };
let n = 0;

/** The disk image and volumes read as `capture --ffu` reads them, then judged; `alter` may change the image first. */
function judge(spec: ImageSpec, volumes: Parameters<typeof buildWindowsVolume>[1][], force = false, alter?: (img: string) => void) {
  const dir = join(tmp, `case-${++n}`);
  const img = join(dir, 'disk.img');
  const roots = volumes.map((v, i) => {
    const root = join(dir, String.fromCharCode(0x43 + i));
    buildWindowsVolume(root, v);
    return root;
  });
  mkdirSync(dir, { recursive: true });
  makeDiskImage(img, spec);
  alter?.(img);
  const { report, disk: reportDisk, storage } = inspectDisk(img, roots, false, 'test');
  return { run: () => judgeDisk(report, reportDisk, force, storage), roots };
}

/** Writes a BitLocker boot sector (OEM ID `-FVE-FS-` at offset 3) at the start of a partition of the image. */
function bitlockerAt(offsetMiB: number) {
  return (img: string) => {
    const sector = Buffer.alloc(512);
    sector.write('\xeb\x58\x90-FVE-FS-', 0, 'latin1');
    sector[510] = 0x55;
    sector[511] = 0xaa;
    const fd = openSync(img, 'r+');
    writeSync(fd, sector, 0, 512, offsetMiB * 1048576);
    closeSync(fd);
  };
}

const ids = (f: { id: string }[]) => f.map((x) => x.id);

describe.skipIf(!sfdiskAvailable())('judgeDisk: may the whole disk be captured?', () => {
  it('both Windows partitions tied to generalized installations: ready, nothing overridden', () => {
    const g = judge(TWO_WINDOWS_GPT, [
      { installations: [{ hiberboot: 0, mountedDevices: { C: mountedGpt(P3) } }] },
      { installations: [{ hiberboot: 0, machineSid: 'S-1-5-21-9-8-7', mountedDevices: { C: mountedGpt(P4) } }] },
    ]).run();
    expect(g.verdict).toBe('ready');
    expect(g.overridden).toEqual([]);
  });

  it('one Windows not generalized: refused (exit 2) naming it; --force records it and GEN001 as overridden', () => {
    const vols = [
      { installations: [{ hiberboot: 0, mountedDevices: { C: mountedGpt(P3) } }] },
      { installations: [{ ...NOT_GENERALIZED, mountedDevices: { C: mountedGpt(P4) } }] },
    ];
    const refused = judge(TWO_WINDOWS_GPT, vols);
    expect(refused.run).toThrow(GateRefusal);
    expect(refused.run).toThrow(/FFU-NOT-GENERALIZED A Windows on the disk is not generalized/);
    const forced = judge(TWO_WINDOWS_GPT, vols, true).run();
    expect(forced.verdict).toBe('blocked');
    expect(ids(forced.overridden)).toEqual(['GEN001', 'FFU-NOT-GENERALIZED']);
    expect(forced.overridden[1].message).toMatch(/partition 4 \(1500 MiB Microsoft basic data\) is not generalized/);
    // DSK004 (a warning of check) is not repeated as a warning: it is a reason here.
    expect(ids(forced.warnings)).not.toContain('DSK004');
  });

  it('a BitLocker-encrypted partition (unlocked: its files were read): refused as FFU-ENCRYPTED (Microsoft: encrypted disks not supported)', () => {
    const vols = [
      { installations: [{ hiberboot: 0, mountedDevices: { C: mountedGpt(P3) } }] },
      { installations: [{ hiberboot: 0, machineSid: 'S-1-5-21-9-8-7', mountedDevices: { C: mountedGpt(P4) } }] },
    ];
    const g = judge(TWO_WINDOWS_GPT, vols, true, bitlockerAt(1617)).run();
    expect(ids(g.overridden)).toEqual(['FFU-ENCRYPTED']);
    expect(g.overridden[0].message).toMatch(
      /partition 4 \(1500 MiB Microsoft basic data\).* is BitLocker-encrypted; Microsoft does not support FFU captures of encrypted disks/,
    );
  });

  it('an unlocked BitLocker data partition (read, no Windows): was a known data partition, now FFU-ENCRYPTED', () => {
    const dir = join(tmp, `case-${++n}`);
    mkdirSync(dir, { recursive: true });
    const img = join(dir, 'disk.img');
    makeDiskImage(img, TWO_WINDOWS_GPT);
    const c = join(dir, 'C');
    buildWindowsVolume(c, { installations: [{ hiberboot: 0, mountedDevices: { C: mountedGpt(P3) } }] });
    const data = join(dir, 'D');
    mkdirSync(join(data, 'Projects'), { recursive: true });
    const judgeData = (encrypted: boolean) => {
      if (encrypted) bitlockerAt(1617)(img);
      const disk = openDisk(img);
      const table = readPartitionTable(disk);
      disk.close();
      const scan = scanVolumes([c, data]);
      const disks = diskCoverage([table], [], scan.installations, [{ identity: { style: 'gpt', partitionGuid: P4 }, root: data }]);
      const report = reportFromFacts({
        toolVersion: 'test',
        scannedVolumes: scan.scannedVolumes,
        installations: scan.installations,
        unreadable: scan.unreadable,
        disks,
        generatedAt: new Date(),
      });
      const rd = report.disks.find((d) => d.source === img)!;
      const storage = readDiskStorage(
        img,
        rd.rows.flatMap((r) => (r.partition ? [{ number: r.partition.number, offset: r.partition.offset, volume: r.volume }] : [])),
        (v) => new VolumeFs(v),
      );
      return judgeDisk(report, rd, true, storage);
    };
    expect(judgeData(false).overridden).toEqual([]);
    const g = judgeData(true);
    expect(ids(g.overridden)).toEqual(['FFU-ENCRYPTED']);
    expect(g.overridden[0].message).toContain(`partition 4 (1500 MiB Microsoft basic data) (${data}) is BitLocker-encrypted`);
  });

  it('Volume Shadow Copy storage on a volume of the disk: refused as FFU-VSS', () => {
    const vss = {
      'System Volume Information\\{3808876b-c176-4e48-b7ae-04046e6cc752}{9d3c5e2a-1c4f-4b8e-a7d2-55e1f0b3c6a9}': new Uint8Array(4096),
    };
    const vols = [
      { installations: [{ hiberboot: 0, mountedDevices: { C: mountedGpt(P3) } }], extraFiles: vss },
      { installations: [{ hiberboot: 0, machineSid: 'S-1-5-21-9-8-7', mountedDevices: { C: mountedGpt(P4) } }] },
    ];
    const { run } = judge(TWO_WINDOWS_GPT, vols);
    expect(run).toThrow(/FFU-VSS A volume of the disk holds shadow copies/);
  });

  it("a Windows not generalized on another disk (its partition is on no table read here): not this FFU's concern", () => {
    const g = judge(TWO_WINDOWS_GPT, [
      { installations: [{ hiberboot: 0, mountedDevices: { C: mountedGpt(P3) } }] },
      { installations: [{ hiberboot: 0, machineSid: 'S-1-5-21-9-8-7', mountedDevices: { C: mountedGpt(P4) } }] },
      { installations: [{ ...NOT_GENERALIZED, mountedDevices: { C: mountedGpt('{0badc0de-0000-4000-8000-000000000001}') } }] },
    ]).run();
    expect(g.verdict).toBe('ready');
    expect(g.overridden).toEqual([]);
  });

  it('a basic data partition no inspected volume is tied to: unknown, refused', () => {
    const { run } = judge(TWO_WINDOWS_GPT, [{ installations: [{ hiberboot: 0, mountedDevices: { C: mountedGpt(P3) } }] }]);
    expect(run).toThrow(GateRefusal);
    expect(run).toThrow(/FFU-UNINSPECTED/);
    try {
      run();
    } catch (err) {
      // Partition 3 is accounted for; only partition 4 is unknown. EFI, MSR and Linux partitions hold no Windows.
      expect((err as Error).message.match(/FFU-\w+/g)).toEqual(['FFU-UNINSPECTED']);
    }
  });

  it('an installation whose partition cannot be told (MountedDevices cleared, no boot sector): unknown, refused', () => {
    const g = judge(TWO_WINDOWS_GPT, [{ installations: [{ hiberboot: 0, mountedDevices: {} }] }], true).run();
    expect(ids(g.overridden)).toEqual(['FFU-UNINSPECTED', 'FFU-UNINSPECTED', 'FFU-UNPLACED']);
  });

  it('an MBR disk is judged the same way (the plan, not the gate, refuses an FFU of it)', () => {
    const MBR: ImageSpec = {
      label: 'dos',
      labelId: '0x1234abcd',
      sizeMiB: 512,
      partitions: [
        { startMiB: 1, sizeMiB: 100, type: '7' },
        { startMiB: 101, sizeMiB: 400, type: '7' },
      ],
    };
    const g = judge(MBR, [
      { installations: [{ hiberboot: 0, mountedDevices: { C: mountedMbr(0x1234abcd, 1048576) } }] },
      { installations: [{ hiberboot: 0, machineSid: 'S-1-5-21-9-8-7', mountedDevices: { C: mountedMbr(0x1234abcd, 101 * 1048576) } }] },
    ]).run();
    expect(g.verdict).toBe('ready');
  });

  it('no inspected installation on the disk and nothing unknown: nothing to capture (plan refusal, exit 4)', () => {
    const LINUX_ONLY: ImageSpec = {
      label: 'gpt',
      labelId: 'A0B2394A-095E-487D-8D48-719ECD4D78CA',
      sizeMiB: 64,
      partitions: [{ startMiB: 1, sizeMiB: 60, type: '0FC63DAF-8483-4772-8E79-3D69D8477DE4' }],
    };
    const { run } = judge(LINUX_ONLY, [{ installations: [{ hiberboot: 0, mountedDevices: { C: mountedGpt(P3) } }] }]);
    expect(run).toThrow(PlanRefusal);
    expect(run).toThrow(/no Windows installation found on .*disk\.img/);
  });

  it('a disk without a partition table: unknown, refused', () => {
    const dir = join(tmp, `case-${++n}`);
    mkdirSync(dir, { recursive: true });
    const img = join(dir, 'blank.img');
    writeFileSync(img, Buffer.alloc(1 << 20));
    const root = join(dir, 'C');
    buildWindowsVolume(root, { installations: [{ hiberboot: 0, mountedDevices: { C: mountedGpt(P3) } }] });
    const { report, disk } = inspectDisk(img, [root], false, 'test');
    const g = judgeDisk(report, disk, true);
    // The installation names a partition (MountedDevices) that is on no disk read: not this disk's.
    expect(ids(g.overridden)).toEqual(['FFU-NO-TABLE']);
  });
});
