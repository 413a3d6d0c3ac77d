// The registry addon is loaded only from a file this process has just written into a folder it has just
// created: a file planted in the temporary folder beforehand (under the name an earlier version used, or
// any other) is never what gets loaded.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { nativeRegAssetName, writePrivateCopy } from '../../src/host/native-registry';

describe('writePrivateCopy', () => {
  it('a fresh folder each time, the bytes written there, nothing that existed before reused', () => {
    const temp = mkdtempSync(join(tmpdir(), 'preflight-native-test-'));
    const asset = nativeRegAssetName('x64');
    const bytes = Buffer.from('MZ the addon');
    // What an attacker with write access to %TEMP% would plant: the old hashed name, and a folder of ours.
    writeFileSync(join(temp, `preflight-0123456789abcdef-${asset}`), 'MZ evil');
    const first = writePrivateCopy(bytes, asset, temp);
    const second = writePrivateCopy(bytes, asset, temp);
    expect(dirname(first)).not.toBe(dirname(second));
    expect(readFileSync(second)).toEqual(bytes);
    expect(dirname(second).startsWith(join(temp, 'preflight-native-'))).toBe(true);
    // The folder of the earlier run is cleared (where it is not in use), not reused.
    expect(existsSync(first)).toBe(false);
  });

  it('a planted folder with the prefix is removed, never written into', () => {
    const temp = mkdtempSync(join(tmpdir(), 'preflight-native-test-'));
    const planted = join(temp, 'preflight-native-AAAAAA');
    mkdirSync(planted);
    writeFileSync(join(planted, 'x.node'), 'MZ evil');
    const file = writePrivateCopy(Buffer.from('MZ good'), 'x.node', temp);
    expect(dirname(file)).not.toBe(planted);
    expect(readFileSync(file, 'utf8')).toBe('MZ good');
  });
});
