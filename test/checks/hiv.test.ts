import { hiv001 } from '../../src/checks/hiv001-hive-dirty';
import { hiv002 } from '../../src/checks/hiv002-hive-unreadable';
import type { HiveReadFact } from '../../src/windows/facts';
import { baseFacts, facts } from './fixtures';
import { checkTable } from './tester';

const withHive = (name: string, patch: Partial<HiveReadFact> | null) => {
  const hives = baseFacts()
    .hives.map((h) => (h.name === name ? (patch === null ? null : { ...h, ...patch }) : h))
    .filter((h): h is HiveReadFact => h !== null);
  return facts({ hives });
};

checkTable(hiv001, {
  valid: [
    { name: 'all clean', input: facts() },
    {
      name: 'dirty but unreadable is HIV002',
      input: withHive('SYSTEM', { dirty: true, readable: false, error: 'bad base block' }),
    },
  ],
  invalid: [
    {
      name: 'SYSTEM dirty, recovered',
      input: withHive('SYSTEM', {
        dirty: true,
        recovered: true,
        logsApplied: ['SYSTEM.LOG1', 'SYSTEM.LOG2'],
        entriesApplied: 14,
      }),
      findings: [
        {
          severity: 'info',
          message: ['SYSTEM hive', 'SYSTEM.LOG1 and SYSTEM.LOG2', '14 entries', 'Nothing was written'],
        },
      ],
    },
    {
      name: 'SOFTWARE dirty, not recovered',
      input: withHive('SOFTWARE', { dirty: true, recovered: false }),
      findings: [{ severity: 'warn', message: ['SOFTWARE hive', 'stale'] }],
    },
    {
      name: 'SOFTWARE dirty, logs too large to recover in memory',
      input: withHive('SOFTWARE', {
        dirty: true,
        recovered: false,
        warnings: [
          'hive: hive is dirty: sequence numbers differ (5/4); too large to recover in memory (hive and logs need 5700 MiB, more than the 1024 MiB allowed) — reading the primary file as it is',
        ],
      }),
      findings: [{ severity: 'warn', message: ['SOFTWARE hive', 'too large to recover in memory', 'stale'] }],
    },
  ],
});

checkTable(hiv002, {
  valid: [{ name: 'all readable', input: facts() }],
  invalid: [
    {
      name: 'SAM unreadable',
      input: withHive('SAM', { readable: false, error: 'regf signature missing at offset 0' }),
      findings: [{ severity: 'warn', message: ['SAM hive', 'regf signature missing at offset 0', 'machine SID'] }],
    },
    {
      name: 'SOFTWARE missing',
      input: withHive('SOFTWARE', { readable: false, path: null, error: null }),
      findings: [{ severity: 'block', message: ['SOFTWARE hive is missing', 'ImageState'] }],
    },
    {
      name: 'SYSTEM unreadable blocks (its facts decide the verdict)',
      input: withHive('SYSTEM', { readable: false, error: 'bad base block checksum' }),
      findings: [{ severity: 'block', message: ['SYSTEM hive', 'bad base block checksum', 'PendingFileRenameOperations'] }],
    },
    {
      name: 'SOFTWARE and SAM unreadable: block for SOFTWARE, warn for SAM',
      input: facts({
        hives: baseFacts().hives.map((h) =>
          h.name === 'SOFTWARE' || h.name === 'SAM' ? { ...h, readable: false, error: 'regf signature missing at offset 0' } : h,
        ),
      }),
      findings: [
        { severity: 'block', message: ['SOFTWARE hive'] },
        { severity: 'warn', message: ['SAM hive'] },
      ],
    },
    {
      name: 'SECURITY not examined at all',
      input: withHive('SECURITY', null),
      findings: [{ severity: 'warn', message: ['SECURITY hive was not examined', 'domain membership'] }],
    },
  ],
});
