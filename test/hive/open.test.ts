// openHive: from a file on disk to a readable hive, recovering in memory what the logs allow.
import { copyFileSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { NotAHiveError, openHive, UnsupportedHiveError } from '../../src/hive';
import { exportJsonl } from '../../src/hive/export-jsonl';
import { CORPUS_MISSING, corpusDir, corpusPath } from '../support/corpus';
import * as windowsVolume from '../../src/sample/windows-volume';
import { buildScenario } from '../../src/sample/windows-volume';

const tmp = mkdtempSync(join(tmpdir(), 'preflight-open-'));
const keys = (file: string) => [...exportJsonl(openHive(file).root)].map((l) => JSON.parse(l).path as string);

describe.skipIf(!corpusDir())('a destroyed base block rebuilt from the log', () => {
  it("yarp's BadBaseBlockHive reads as its log says (the same tree as OldDirtyHive recovered)", () => {
    const hive = openHive(corpusPath('yarp/tests/BadBaseBlockHive/BadBaseBlockHive'));
    expect(hive.recovery).toMatchObject({ dirty: true, recovered: true });
    expect(hive.warnings[0].message).toMatch(/base block rebuilt from the transaction log/);
    expect(keys(corpusPath('yarp/tests/BadBaseBlockHive/BadBaseBlockHive'))).toEqual(
      keys(corpusPath('yarp/tests/OldDirtyHive/OldDirtyHive')),
    );
  });

  it('without logs (or with --no-logs) it is still rejected with the typed error', () => {
    const lonely = join(tmp, 'BadBaseBlockHive');
    copyFileSync(corpusPath('yarp/tests/BadBaseBlockHive/BadBaseBlockHive'), lonely);
    expect(() => openHive(lonely)).toThrow(UnsupportedHiveError);
    expect(() => openHive(corpusPath('yarp/tests/BadBaseBlockHive/BadBaseBlockHive'), { logs: false })).toThrow(UnsupportedHiveError);
  });
});
if (!corpusDir()) console.warn(CORPUS_MISSING);

describe('a dirty SYSTEM hive whose first sector was wiped', () => {
  // The spec uses only the log with the latest entries when the primary base block is invalid (the
  // older log's pages are assumed reconciled already); the scenario builder spreads its pages over both
  // logs, so this checks that the hive becomes readable from the newer log, not the full content.
  it('is rebuilt from the newer new-format log and read; the file is not touched', () => {
    const [volume] = buildScenario(join(tmp, 'wiped'), 'dirty-hives');
    const system = join(volume, 'Windows', 'System32', 'config', 'SYSTEM');
    const bytes = readFileSync(system);
    bytes.fill(0, 0, 512);
    writeFileSync(system, bytes);
    const hive = openHive(system);
    expect(hive.recovery.recovered).toBe(true);
    expect(hive.recovery.applied.map((l) => l.file.split(/[\\/]/).pop())).toEqual(['SYSTEM.LOG2']);
    expect(hive.root.name).toBe('ROOT');
    expect(hive.key('Setup')).not.toBeNull();
    expect(readFileSync(system).equals(bytes)).toBe(true);
    expect(() => openHive(system, { logs: false })).toThrow(NotAHiveError);
  });
});

describe('lazy reading of a clean hive', () => {
  it('a lookup of a few keys in a large SOFTWARE hive reads a small part of the file', () => {
    const [volume] = buildScenario(join(tmp, 'big'), 'generalized-win11');
    // ~20 MB of Windows Installer component keys, as a real SOFTWARE hive has.
    const { buildWindowsVolume, SCENARIOS } = windowsVolume;
    const spec = SCENARIOS['generalized-win11'] as { installations: object[] };
    buildWindowsVolume(volume, { ...spec, installations: spec.installations.map((i) => ({ ...i, softwareBulkKeys: 40000 })) });
    const software = join(volume, 'Windows', 'System32', 'config', 'SOFTWARE');
    const size = statSync(software).size;
    expect(size).toBeGreaterThan(15_000_000);
    const hive = openHive(software);
    expect(hive.value('Microsoft\\Windows NT\\CurrentVersion', 'CurrentBuild')?.string()).toBe('26100');
    expect(hive.value('Microsoft\\Windows\\CurrentVersion\\Setup\\State', 'ImageState')?.string()).toBe(
      'IMAGE_STATE_GENERALIZE_RESEAL_TO_OOBE',
    );
    expect(hive.bytesRead).toBeLessThan(size / 10);
    // A full walk then reads everything, and sees every key.
    const keys = [...exportJsonl(hive.root)].length;
    expect(keys).toBeGreaterThan(40000);
    expect(hive.bytesRead).toBe(size);
  });
});

describe('a dirty hive with nothing to replay', () => {
  it('empty .LOG1/.LOG2 beside it: read lazily as it is, with a warning saying so', () => {
    const [volume] = buildScenario(join(tmp, 'dirty-empty-logs'), 'generalized-win11');
    const system = join(volume, 'Windows', 'System32', 'config', 'SYSTEM');
    const bytes = readFileSync(system);
    bytes.writeUInt32LE(bytes.readUInt32LE(8) + 1, 4); // primary sequence ahead of secondary: dirty
    writeFileSync(system, bytes); // (the checksum is now wrong too: dirty either way)
    const hive = openHive(system);
    expect(hive.recovery).toMatchObject({ dirty: true, recovered: false, applied: [] });
    expect(hive.recovery.logsFound.length).toBe(2);
    expect(hive.warnings.map((w) => w.message).join('\n')).toMatch(/no usable transaction log beside it \(none, or empty\)/);
    expect(hive.value('Setup', 'CmdLine')?.string()).toBe('oobe\\windeploy.exe');
  });
});

describe('recovery memory is bounded (a WinPE machine may have 4 GB or less)', () => {
  it('hive and logs over the budget: read as it is, with a warning saying "too large to recover in memory"', () => {
    const [volume] = buildScenario(join(tmp, 'budget'), 'dirty-hives');
    const system = join(volume, 'Windows', 'System32', 'config', 'SYSTEM');
    const needed = 2 * statSync(system).size + statSync(`${system}.LOG1`).size + statSync(`${system}.LOG2`).size;
    expect(openHive(system, { recoveryBudget: needed }).recovery.recovered).toBe(true);
    const hive = openHive(system, { recoveryBudget: needed - 1 });
    expect(hive.recovery).toMatchObject({ dirty: true, recovered: false, applied: [] });
    expect(hive.warnings.map((w) => w.message).join('\n')).toMatch(
      /too large to recover in memory \(hive and logs need \d+ MiB, more than the \d+ MiB allowed\)/,
    );
    expect(hive.root.name).toBe('ROOT');
  });

  it('a wiped base block is not rebuilt beyond the budget: the typed error, not an exhausted machine', () => {
    const [volume] = buildScenario(join(tmp, 'budget-wiped'), 'dirty-hives');
    const system = join(volume, 'Windows', 'System32', 'config', 'SYSTEM');
    const bytes = readFileSync(system);
    bytes.fill(0, 0, 512);
    writeFileSync(system, bytes);
    expect(() => openHive(system, { recoveryBudget: 1024 })).toThrow(NotAHiveError);
  });
});
