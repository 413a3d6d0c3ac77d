// DSK001/DSK002 remedies as typed in WinPE: the disk's own BCD store and the entry's id (a bare bcdedit edits
// the running system's store), the EFI system partition given a letter first, bcdboot with /s and /f.
import { describe, expect, it } from 'vitest';
import { dsk001 } from '../../src/checks/dsk001-boot-entry-without-windows';
import { dsk002 } from '../../src/checks/dsk002-windows-not-booted';
import { remedyCommands, remedyText } from '../../src/checks/remedy-markup';
import { bcdDeleteCommand, bcdbootCommand } from '../../src/checks/disk-text';
import { NOT_GENERALIZED, facts } from './fixtures';
import { twoOsDisk } from '../report/variants';

const GPT = (n: number) => `{00000000-0000-4000-8000-00000000000${n}}`;
const onDisk = [
  facts({
    mountedDevices: {
      systemDrive: 'C:',
      systemPartition: { style: 'gpt', partitionGuid: GPT(2) },
      volumeOffset: null,
      letters: [],
      evidence: [],
    },
  }),
  facts(
    {
      id: 'D:\\Windows',
      volume: 'D:',
      mountedDevices: {
        systemDrive: 'C:',
        systemPartition: { style: 'gpt', partitionGuid: GPT(3) },
        volumeOffset: null,
        letters: [],
        evidence: [],
      },
    },
    NOT_GENERALIZED,
  ),
];
const disk = twoOsDisk(onDisk)[0];

describe('DSK001/DSK002 remedies (exact text)', () => {
  it('DSK001: delete the stale entry from the store read, by its id', () => {
    const [f] = dsk001.run(disk);
    expect(remedyCommands(f.remedy)).toEqual([
      'bcdedit /store S:\\EFI\\Microsoft\\Boot\\BCD /delete {10000000-0000-4000-8000-000000000002}',
    ]);
    expect(remedyText(f.remedy)).toContain("a bare bcdedit in WinPE edits the running system's store");
  });

  it('DSK002: letter the ESP, then bcdboot from the Windows directory to it', () => {
    const [f] = dsk002.run(disk);
    expect(remedyCommands(f.remedy)).toEqual(['mountvol S: /s', 'bcdboot D:\\Windows /s S: /f UEFI']);
  });

  it('a store read without a drive letter: mountvol first, then the lettered store; a BIOS store: diskpart', () => {
    expect(remedyCommands(bcdDeleteCommand('/mnt/esp/EFI/Microsoft/Boot/BCD', '{abc}'))).toEqual([
      'mountvol S: /s',
      'bcdedit /store S:\\EFI\\Microsoft\\Boot\\BCD /delete {abc}',
    ]);
    expect(remedyText(bcdDeleteCommand('/mnt/sys/Boot/BCD', '{abc}'))).toBe(
      'give the system partition the letter S: with diskpart (select disk, select partition, assign letter=S), then bcdedit /store S:\\Boot\\BCD /delete {abc}',
    );
    expect(remedyCommands(bcdDeleteCommand('E:\\EFI\\Microsoft\\Boot\\BCD', '{abc}'))).toEqual([
      'bcdedit /store E:\\EFI\\Microsoft\\Boot\\BCD /delete {abc}',
    ]);
  });

  it('bcdboot on an MBR disk uses /f BIOS; an installation not on a drive letter gets the placeholder', () => {
    expect(remedyCommands(bcdbootCommand('C:\\Windows', 'C:', 'mbr'))).toEqual(['bcdboot C:\\Windows /s S: /f BIOS']);
    expect(remedyCommands(bcdbootCommand('/mnt/c/Windows', '/mnt/c', 'gpt'))).toEqual([
      'mountvol S: /s',
      'bcdboot <volume>\\Windows /s S: /f UEFI',
    ]);
  });
});
