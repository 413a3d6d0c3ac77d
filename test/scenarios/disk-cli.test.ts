// check --disk end to end: a disk image with a real GPT (written by sfdisk), an EFI system partition folder
// holding a BCD store, and Windows volumes whose SYSTEM hives carry the MountedDevices entries of their
// partitions — the whole disk tied together, through the built CLI.
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Ajv from 'ajv';
import { beforeAll, describe, expect, it } from 'vitest';
import schema from '../../schema/report.schema.json';
import { buildBcdStore } from '../support/bcd-store';
import { runCli } from '../support/cli';
import { makeDiskImage, sfdiskAvailable, TWO_WINDOWS_GPT } from '../support/disk-image';
import { IMAGE_STATE, buildWindowsVolume, mountedGpt } from '../../src/sample/windows-volume';

const validate = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true }).compile(schema);
const tmp = mkdtempSync(join(tmpdir(), 'preflight-disk-cli-'));
const DISK_GUID = `{${TWO_WINDOWS_GPT.labelId.toLowerCase()}}`;
const P3 = `{${TWO_WINDOWS_GPT.partitions[2].uuid!.toLowerCase()}}`;
const P4 = `{${TWO_WINDOWS_GPT.partitions[3].uuid!.toLowerCase()}}`;
const W11 = '{11111111-0000-4000-8000-000000000011}';
const W10 = '{11111111-0000-4000-8000-000000000010}';

interface Row {
  partition: { number: number; type: { kind: string } } | null;
  bootEntries: { id: string; description: string; isDefault: boolean }[];
  installation: { id: string; generalization: string; machineSid: string | null } | null;
}
interface Report {
  verdict: string;
  disks: { source: string | null; style: string; diskId: string; rows: Row[]; findings: { id: string; severity: string }[] }[];
  installations: { id: string; findings: { id: string }[] }[];
  findings: { id: string; severity: string }[];
}

function check(args: string[]): { status: number | null; report: Report; stderr: string } {
  const r = runCli(['check', ...args, '--json']);
  const report = JSON.parse(r.stdout) as Report;
  if (!validate(report)) throw new Error(`schema: ${JSON.stringify(validate.errors, null, 2)}`);
  return { status: r.status, report, stderr: r.stderr };
}

describe.skipIf(!sfdiskAvailable())('check --disk: the whole disk', () => {
  const disk = join(tmp, 'disk.img');
  const esp = join(tmp, 'esp');
  beforeAll(() => {
    makeDiskImage(disk, TWO_WINDOWS_GPT);
    mkdirSync(esp, { recursive: true });
    buildBcdStore(join(esp, 'EFI', 'Microsoft', 'Boot', 'BCD'), [
      { id: W11, description: 'Windows 11', partitionGuid: P3, diskGuid: DISK_GUID },
      { id: W10, description: 'Windows 10', partitionGuid: P4, diskGuid: DISK_GUID },
    ]);
  });

  it('two OSes, one not generalized: every partition, what boots it and what lives there; DSK004 and DSK003', () => {
    const c = join(tmp, 'two-os', 'C');
    const d = join(tmp, 'two-os', 'D');
    buildWindowsVolume(c, { installations: [{ hiberboot: 0, mountedDevices: { C: mountedGpt(P3) } }] });
    buildWindowsVolume(d, {
      installations: [
        {
          os: 'win10-22h2',
          imageState: IMAGE_STATE.COMPLETE,
          computerName: 'OLD-PC',
          machineSid: 'S-1-5-21-1-2-3',
          mountedDevices: { C: mountedGpt(P4) },
        },
      ],
    });
    const { status, report } = check([esp, c, d, '--disk', disk]);
    expect(status).toBe(2);
    expect(report.disks).toHaveLength(1);
    const [dk] = report.disks;
    expect(dk).toMatchObject({ source: disk, style: 'gpt', diskId: DISK_GUID });
    expect(
      dk.rows.map((r) => [
        r.partition?.number,
        r.partition?.type.kind,
        r.bootEntries.map((e) => e.description),
        r.installation?.generalization ?? null,
      ]),
    ).toEqual([
      [1, 'efi-system', [], null],
      [2, 'microsoft-reserved', [], null],
      [3, 'windows-data', ['Windows 11'], 'generalized'],
      [4, 'windows-data', ['Windows 10'], 'not-generalized'],
      [5, 'linux', [], null],
    ]);
    expect(dk.rows[2].bootEntries[0].isDefault).toBe(true);
    expect(dk.rows[2].installation?.id).toBe(join(c, 'Windows'));
    expect(dk.findings.map((f) => [f.id, f.severity])).toEqual([
      ['DSK004', 'warn'],
      ['DSK003', 'info'],
    ]);
    // The text report shows the disk table.
    const text = runCli(['check', esp, c, d, '--disk', disk]).stdout;
    // The heading wraps at 80 columns like every heading.
    expect(text.replace(/\s+/g, ' ')).toContain(`Disk ${disk}: GPT ${DISK_GUID} -> READY WITH WARNINGS`);
    expect(text).toMatch(/^ {2}3 1500 MiB Microsoft basic data: boots "Windows 11" \(default\);/m);
  });

  it('two OSes sharing one machine SID, the second a clone never generalized: XIN001 blocks, the table shows the SID twice', () => {
    const c = join(tmp, 'shared', 'C');
    const d = join(tmp, 'shared', 'D');
    buildWindowsVolume(c, { installations: [{ hiberboot: 0, mountedDevices: { C: mountedGpt(P3) } }] });
    buildWindowsVolume(d, {
      installations: [{ imageState: IMAGE_STATE.COMPLETE, computerName: 'CLONE', mountedDevices: { C: mountedGpt(P4) } }],
    });
    const { status, report } = check([esp, c, d, '--disk', disk]);
    expect(status).toBe(2);
    expect(report.findings.filter((f) => f.id === 'XIN001').map((f) => f.severity)).toEqual(['block']);
    const sids = report.disks[0].rows.flatMap((r) => (r.installation ? [r.installation.machineSid] : []));
    expect(sids).toHaveLength(2);
    expect(new Set(sids).size).toBe(1);
    expect(report.disks[0].findings.map((f) => f.id)).toContain('DSK004');
  });

  it('a boot entry whose Windows was not given to check: DSK001 warns', () => {
    const c = join(tmp, 'one', 'C');
    buildWindowsVolume(c, { installations: [{ hiberboot: 0, mountedDevices: { C: mountedGpt(P3) } }] });
    const { status, report } = check([esp, c, '--disk', disk]);
    expect(status).toBe(1);
    expect(report.disks[0].findings.map((f) => f.id)).toEqual(['DSK001', 'DSK003']);
    expect(report.disks[0].rows[3]).toMatchObject({ installation: null, bootEntries: [{ description: 'Windows 10' }] });
  });

  it('MountedDevices cleared (as Sysprep may do: UNCONFIRMED): the installation is listed apart, never guessed onto a partition', () => {
    const c = join(tmp, 'cleared', 'C');
    buildWindowsVolume(c, { installations: [{ hiberboot: 0, mountedDevices: {} }] });
    const { report } = check([esp, c, '--disk', disk]);
    expect(report.disks[0].rows.every((r) => r.installation === null)).toBe(true);
    expect(report.disks[1]).toMatchObject({ source: null });
    expect(report.disks[1].rows).toEqual([
      expect.objectContaining({ partition: null, installation: expect.objectContaining({ id: join(c, 'Windows') }) }),
    ]);
    expect(report.disks[0].findings.map((f) => f.id)).toContain('DSK001');
    // The entries' finding names the installation it may be, and no DSK002 claims it has no entry.
    const dsk001 = report.disks[0].findings.find((f) => f.id === 'DSK001') as unknown as { message: string };
    expect(dsk001.message).toContain(`It may also be ${join(c, 'Windows')}, whose partition is unknown`);
    expect(report.disks.flatMap((d) => d.findings).map((f) => f.id)).not.toContain('DSK002');
  });

  it('without --disk, the BCD store alone ties entries to installations by their partitions', () => {
    const c = join(tmp, 'nodisk', 'C');
    buildWindowsVolume(c, { installations: [{ hiberboot: 0, mountedDevices: { C: mountedGpt(P3) } }] });
    const { report } = check([esp, c]);
    expect(report.disks).toHaveLength(1);
    expect(report.disks[0].source).toBeNull();
    expect(report.disks[0].rows.map((r) => [r.bootEntries.map((e) => e.description), r.installation ? 'windows' : null])).toEqual([
      [['Windows 10'], null],
      [['Windows 11'], 'windows'],
    ]);
  });

  it('a disk that cannot be read is bad input (exit 4), one line', () => {
    const c = join(tmp, 'nodisk', 'C');
    const r = runCli(['check', c, '--disk', join(tmp, 'no-such.img')]);
    expect(r.status).toBe(4);
    expect(r.stderr).toMatch(/^preflight: .*no-such\.img: cannot open the disk for reading: ENOENT/);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });
});
