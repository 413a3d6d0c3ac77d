import { describe, expect, it } from 'vitest';
import { runFolderName } from '../../src/cli/run-folder';

const AT = new Date('2026-11-30T20:15:12.345Z');

describe('runFolderName', () => {
  it.each<[(string | null)[], string]>([
    [['DESKTOP-7QK2M4V'], 'DESKTOP-7QK2M4V_20261130-201512Z'],
    [['LAB-01', 'LAB-02', 'LAB-01'], 'LAB-01+LAB-02_20261130-201512Z'],
    [[null], 'unknown-computer_20261130-201512Z'],
    [[], 'unknown-computer_20261130-201512Z'],
    // Names from the disk never leave the folder or name a device.
    [['..\\..\\Windows'], '_.._Windows_20261130-201512Z'],
    [['a/b:c*?"<>|'], 'a_b_c_______20261130-201512Z'],
    [['CON'], '_CON_20261130-201512Z'],
    [['NAME.'], 'NAME_20261130-201512Z'],
  ])('%j → %s', (names, expected) => expect(runFolderName(names, AT)).toBe(expected));

  it('many names are cut to one and a count', () => {
    const names = Array.from({ length: 12 }, (_, i) => `WORKSTATION-${i}`);
    expect(runFolderName(names, AT)).toBe('WORKSTATION-0+11-more_20261130-201512Z');
  });
});
