// `hive` commands on damaged and dirty hives: `hive info` exits 4 on a hive truncated against
// its header or full of structural warnings (README: 4 = corrupt), and ls/get on a dirty hive read
// without its logs say the values may be stale.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli';
import { buildHiveFile, tree, v } from '../../src/sample/hive-builder';
import { buildScenario } from '../../src/sample/windows-volume';

const tmp = mkdtempSync(join(tmpdir(), 'preflight-hive-edges-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const big = join(tmp, 'BIG');
const keys: Record<string, ReturnType<typeof v.sz>[]> = {};
for (let i = 0; i < 400; i++) keys[`K${i}\\Sub`] = [v.sz('Name', `value ${i}`.repeat(20))];
buildHiveFile(big, tree('ROOT', keys));
const bytes = readFileSync(big);

describe('hive info on a damaged hive: what could be read, then exit 4', () => {
  it('truncated against its header', () => {
    const cut = join(tmp, 'CUT');
    writeFileSync(cut, bytes.subarray(0, 4096 + Math.floor((bytes.length - 4096) / 2 / 4096) * 4096));
    const r = runCli(['hive', 'info', cut]);
    expect(r.stdout).toMatch(/header says/);
    expect(r.stderr).toMatch(/hive is damaged \(truncated: \d+ bytes of hive bins, the header says \d+\)/);
    expect(r.status).toBe(4);
  });

  it('with hundreds of structural warnings', () => {
    const garbled = join(tmp, 'GARBLED');
    const copy = Buffer.from(bytes);
    // Every cell size in the second half of the bins turned into nonsense (keep the hbin headers).
    for (let off = 4096 + Math.floor((copy.length - 4096) / 2); off + 4 < copy.length; off += 64)
      if (off % 4096 >= 32) copy.writeInt32LE(0x7ffffff0, off);
    writeFileSync(garbled, copy);
    const r = runCli(['hive', 'info', garbled, '--json']);
    expect(r.status, r.stderr).toBe(4);
    expect(r.stderr).toMatch(/hive is damaged \(\d+ structural warning\(s\)\)/);
    expect(JSON.parse(r.stdout).warnings.length).toBeGreaterThan(1);
  });

  it('a sound hive: exit 0, nothing on stderr', () => {
    const r = runCli(['hive', 'info', big]);
    expect([r.status, r.stderr]).toEqual([0, '']);
  });
});

describe('ls/get on a dirty hive', () => {
  const [volume] = buildScenario(join(tmp, 'dirty'), 'dirty-hives');
  const system = join(volume, 'Windows', 'System32', 'config', 'SYSTEM');

  it.each([['ls'], ['get']])('hive %s --no-logs says the values may be stale (stderr; stdout stays data)', (cmd) => {
    const args = cmd === 'ls' ? ['hive', 'ls', system, 'Setup'] : ['hive', 'get', system, 'Setup', 'CmdLine'];
    const stale = runCli([...args, '--no-logs']);
    expect(stale.status).toBe(0);
    expect(stale.stderr).toMatch(/is dirty and its transaction logs were not applied \(--no-logs\): values may be stale/);
    expect(stale.stdout).not.toMatch(/stale/);
    const recovered = runCli(args);
    expect([recovered.status, recovered.stderr]).toEqual([0, '']);
  });
});
