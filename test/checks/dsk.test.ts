// The DSK checks as tables of disks: a GPT disk 0 with its EFI system partition, MSR and two basic data
// partitions (the layout Windows Setup makes, plus a second Windows), its boot store on the ESP, and the
// installations placed on its partitions by their own MountedDevices entries.
import { dsk001 } from '../../src/checks/dsk001-boot-entry-without-windows';
import { dsk002 } from '../../src/checks/dsk002-windows-not-booted';
import { dsk003 } from '../../src/checks/dsk003-other-partitions';
import { dsk004 } from '../../src/checks/dsk004-disk-not-all-generalized';
import { gptPartitionType } from '../../src/disk/partition-types';
import type { BootEntry, DiskFacts, DiskInstallation, DiskRow } from '../../src/windows/boot-disks';
import { checkTable } from './tester';

const MIB = 1048576;
const DISK = '\\\\.\\PhysicalDrive0';
const STORE = 'S:\\EFI\\Microsoft\\Boot\\BCD';
const TYPES = {
  esp: '{c12a7328-f81f-11d2-ba4b-00a0c93ec93b}',
  msr: '{e3c9e316-0b5c-4db8-817d-f92df00215ae}',
  data: '{ebd0a0a2-b9e5-4433-87c0-68b6b72699c7}',
  linux: '{0fc63daf-8483-4772-8e79-3d69d8477de4}',
};
const GUIDS = [
  '{2b1a2f4e-33a1-4e0c-9d55-6f1f0c7e8a01}',
  '{9c1d0e7a-5b2f-4f8e-a1c3-d4e5f6a7b802}',
  '{8e0f2c38-e4ea-47ba-b7fc-9d8c74dccf0b}',
  '{5d3e9a10-77c2-4b1f-8e2d-1a2b3c4d5e06}',
  '{0a7c6b5d-4e3f-4a2b-9c1d-0e9f8a7b6c07}',
];

function row(number: number, type: keyof typeof TYPES, sizeMib: number, extra: Partial<DiskRow> = {}): DiskRow {
  const partitionGuid = GUIDS[number - 1];
  return {
    partition: {
      number,
      offset: number * 1024 * MIB,
      size: sizeMib * MIB,
      type: gptPartitionType(TYPES[type]),
      name: type === 'data' ? 'Basic data partition' : null,
    },
    identity: { style: 'gpt', partitionGuid },
    bootEntries: [],
    installation: null,
    volume: null,
    ...extra,
  };
}

function installation(id: string, generalization: DiskInstallation['generalization'] = 'generalized'): DiskInstallation {
  return {
    placedBy: 'mounted-devices',
    id,
    volume: id.slice(0, 2),
    family: 'Windows 11',
    build: 26100,
    generalization,
    machineSid: 'S-1-5-21-1957816478-2793074591-1041990146',
  };
}

function entry(partition: number, description: string, isDefault = true): BootEntry {
  return {
    store: STORE,
    id: isDefault ? '{current}' : '{4f7e1c2a-0b9d-11ef-9a3c-0800200c9a66}',
    description,
    isDefault,
    winpe: false,
    device: `partition=${GUIDS[partition - 1]}`,
    partition: { style: 'gpt', partitionGuid: GUIDS[partition - 1] },
    systemRoot: '\\Windows',
  };
}

/** Disk 0 read whole: ESP, MSR, C: (booted, generalized) and what `rows` add or replace. */
function disk(change: { rows?: DiskRow[]; unplaced?: string[]; source?: string | null; stores?: string[] } = {}): DiskFacts {
  return {
    source: change.source === undefined ? DISK : change.source,
    style: 'gpt',
    diskId: '{6f1c2d3e-4a5b-4c6d-8e7f-9a0b1c2d3e4f}',
    rows: change.rows ?? [
      row(1, 'esp', 100, { volume: 'S:\\' }),
      row(2, 'msr', 16),
      row(3, 'data', 60000, { installation: installation('C:\\Windows'), bootEntries: [entry(3, 'Windows 11')], volume: 'C:\\' }),
    ],
    stores: change.stores ?? [STORE],
    unplaced: change.unplaced ?? [],
    problems: [],
  };
}

const base = () => disk().rows;

checkTable(dsk001, {
  valid: [
    { name: 'the one entry starts the inspected C:', input: disk() },
    { name: 'no boot store read: no entry at all', input: disk({ stores: [], rows: base().map((r) => ({ ...r, bootEntries: [] })) }) },
  ],
  invalid: [
    {
      name: 'a second entry starts a Windows on partition 4, which nobody inspected',
      input: disk({ rows: [...base(), row(4, 'data', 40000, { bootEntries: [entry(4, 'Windows 10 (old)', false)] })] }),
      findings: [
        { severity: 'warn', message: ['"Windows 10 (old)"', STORE, 'partition 4', 'no inspected installation lives'], remedy: ['bcdedit'] },
      ],
    },
    {
      name: 'an installation could not be placed: the entry may start it, and the finding says so',
      input: disk({
        rows: [...base(), row(4, 'data', 40000, { bootEntries: [entry(4, 'Windows 11', false)] })],
        unplaced: ['D:\\Windows'],
      }),
      findings: [{ severity: 'warn', message: ['partition 4', 'It may also be D:\\Windows, whose partition is unknown'] }],
    },
  ],
});

checkTable(dsk002, {
  valid: [
    { name: 'C: is booted by the default entry', input: disk() },
    {
      name: 'no store was read: whether anything boots C: is not known, nothing is said',
      input: disk({ stores: [], rows: base().map((r) => ({ ...r, bootEntries: [] })) }),
    },
    {
      name: 'an installation whose partition is unknown is not said to lack an entry',
      input: disk({
        rows: [...base(), { partition: null, identity: null, bootEntries: [], installation: installation('D:\\Windows'), volume: 'D:\\' }],
      }),
    },
  ],
  invalid: [
    {
      name: 'a second Windows on partition 4 that no entry of the store starts',
      input: disk({ rows: [...base(), row(4, 'data', 40000, { installation: installation('D:\\Windows'), volume: 'D:\\' })] }),
      findings: [
        { severity: 'info', message: ['D:\\Windows', 'partition 4', 'started by no boot entry', STORE], installations: ['D:\\Windows'] },
      ],
    },
  ],
});

checkTable(dsk003, {
  valid: [{ name: "only Windows' own partitions (ESP, MSR, basic data)", input: disk() }],
  invalid: [
    {
      name: 'a Linux partition beside Windows on the disk read whole',
      input: disk({ rows: [...base(), row(5, 'linux', 20000)] }),
      findings: [{ severity: 'info', message: [DISK, 'partition 5 (Linux filesystem, 20000 MiB)', 'Sysprep does not generalize it'] }],
    },
  ],
});

checkTable(dsk004, {
  valid: [
    { name: 'the one Windows on the disk is generalized', input: disk() },
    {
      name: 'no disk was read (boot entries only): not a whole-disk question',
      input: disk({
        source: null,
        rows: [{ ...base()[2], partition: null, installation: installation('C:\\Windows', 'not-generalized') }],
      }),
    },
  ],
  invalid: [
    {
      name: 'a second Windows on the disk is not generalized',
      input: disk({
        rows: [
          ...base(),
          row(4, 'data', 40000, {
            installation: installation('D:\\Windows', 'not-generalized'),
            bootEntries: [entry(4, 'Windows 10', false)],
          }),
        ],
      }),
      findings: [
        {
          severity: 'warn',
          message: [DISK, 'D:\\Windows on partition 4', 'not generalized', 'would clone it'],
          installations: ['D:\\Windows'],
        },
      ],
    },
    {
      name: 'the state of the Windows on the disk is unknown',
      input: disk({ rows: base().map((r) => (r.installation ? { ...r, installation: installation('C:\\Windows', 'unknown') } : r)) }),
      findings: [{ severity: 'warn', message: ['C:\\Windows on partition 3', 'of unknown state'], installations: ['C:\\Windows'] }],
    },
  ],
});
