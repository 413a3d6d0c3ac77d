import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openHive } from '../../src/hive';
import type { InstallationHives, OpenedHive } from '../../src/windows/hives';
import { readPendingRegistry } from '../../src/windows/pending-registry';
import { buildHiveFile, tree, v, type ValueSpec } from '../../src/sample/hive-builder';
import { cleanupVolumes, makeVolume } from './temp-volume';

afterAll(cleanupVolumes);

const CBS = 'Microsoft\\Windows\\CurrentVersion\\Component Based Servicing';

function opened(name: string, entries: Record<string, ValueSpec[] | null>): OpenedHive {
  const file = path.join(makeVolume({}), name);
  buildHiveFile(file, tree('ROOT', entries));
  return { hive: openHive(file, { logs: false }), label: `Windows\\System32\\config\\${name}` };
}

function hives(patch: Partial<InstallationHives>): InstallationHives {
  return { SYSTEM: null, SOFTWARE: null, SAM: null, SECURITY: null, ...patch };
}

const system = (values: ValueSpec[] = []) =>
  opened('SYSTEM', { Select: [v.dword('Current', 1)], 'ControlSet001\\Control\\Session Manager': values });

describe('readPendingRegistry (domain.md §6.1)', () => {
  it('hives not read → null (unknown), never false/0', () => {
    expect(readPendingRegistry(hives({}))).toEqual({
      cbsRebootPending: null,
      cbsPackagesPending: null,
      windowsUpdateRebootRequired: null,
      pendingFileRenames: null,
      evidence: [],
    });
  });

  it('hives read, no markers → false and 0', () => {
    const r = readPendingRegistry(hives({ SOFTWARE: opened('SOFTWARE', { [CBS]: null }), SYSTEM: system() }));
    expect(r).toMatchObject({
      cbsRebootPending: false,
      cbsPackagesPending: false,
      windowsUpdateRebootRequired: false,
      pendingFileRenames: 0,
    });
  });

  it('SOFTWARE read, SYSTEM not: SOFTWARE markers known, renames unknown', () => {
    const r = readPendingRegistry(hives({ SOFTWARE: opened('SOFTWARE', { [`${CBS}\\RebootPending`]: null }) }));
    expect(r).toMatchObject({
      cbsRebootPending: true,
      cbsPackagesPending: false,
      windowsUpdateRebootRequired: false,
      pendingFileRenames: null,
    });
  });

  it('SYSTEM read, SOFTWARE not: renames counted, SOFTWARE markers unknown', () => {
    const r = readPendingRegistry(
      hives({ SYSTEM: system([v.multiSz('PendingFileRenameOperations', ['\\??\\C:\\a.tmp', '', '\\??\\C:\\b.new', '\\??\\C:\\b'])]) }),
    );
    expect(r).toMatchObject({ cbsRebootPending: null, cbsPackagesPending: null, windowsUpdateRebootRequired: null, pendingFileRenames: 2 });
    expect(r.evidence).toEqual([expect.objectContaining({ value: 'PendingFileRenameOperations' })]);
  });

  it('SYSTEM without any control set → renames unknown', () => {
    const r = readPendingRegistry(hives({ SYSTEM: opened('SYSTEM', { Setup: null }) }));
    expect(r.pendingFileRenames).toBeNull();
  });
});
