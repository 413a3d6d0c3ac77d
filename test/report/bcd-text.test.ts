// `preflight bcd` shows enumerated integers by the names bcdedit prints (nx OptIn, bootmenupolicy Standard, …).
import { describe, expect, it } from 'vitest';
import { renderBcdText } from '../../src/report/bcd-text';
import type { BcdElement, BcdStore } from '../../src/bcd/store';

const int = (id: string, name: string, value: number): BcdElement => ({
  id,
  name,
  format: 'integer',
  registryType: 'REG_BINARY',
  value,
  problem: null,
});

describe('bcd text: enumerated values by name', () => {
  it('nx, bootmenupolicy, debugtype, bootstatuspolicy, hypervisorlaunchtype by name; unknown numbers and plain integers as numbers', () => {
    const store: BcdStore = {
      file: 'BCD',
      problems: [],
      objects: [
        {
          id: '{10000000-0000-4000-8000-000000000001}',
          alias: '{current}',
          type: 0x10200003,
          typeName: 'Windows Boot Loader',
          description: 'Windows 11',
          elements: [
            int('25000020', 'nx', 0),
            int('250000c2', 'bootmenupolicy', 1),
            int('15000011', 'debugtype', 0),
            int('250000e0', 'bootstatuspolicy', 1),
            int('250000f0', 'hypervisorlaunchtype', 1),
            int('25000021', 'pae', 9),
            int('25000004', 'timeout', 30),
          ],
        },
      ],
    };
    const lines = renderBcdText(store)
      .split('\n')
      .map((l) => l.replace(/\s+/g, ' '));
    expect(lines).toEqual(
      expect.arrayContaining([
        'nx OptIn',
        'bootmenupolicy Standard',
        'debugtype Serial',
        'bootstatuspolicy IgnoreAllFailures',
        'hypervisorlaunchtype Auto',
        'pae 9',
        'timeout 30',
      ]),
    );
  });
});
