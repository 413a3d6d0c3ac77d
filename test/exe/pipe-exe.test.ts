// preflight.exe under wine with its stdout a Unix pipe into a Linux program (`| head`, `| cat`): once
// that crashed with a stack trace (EBADF). The run must end with the verdict's exit code and never print
// an internal error, whatever wine makes of the handle.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildScenario } from '../../src/sample/windows-volume';
import { runChild } from '../support/child';
import { wineEnv } from '../support/wine-env';
import { makeStick, mapDrives, wineSetup, type WineSetup } from '../support/wine';

const setup = wineSetup();
const tmp = mkdtempSync(join(tmpdir(), 'preflight-pipe-exe-'));

describe.skipIf(!setup)('preflight.exe with stdout piped into a Linux program', () => {
  const wine = setup as WineSetup;
  it.each([
    ['cat', 'hibernated', 2],
    ['head -c 1', 'hibernated', 2],
    ['cat', 'generalized-win11', 0],
  ] as const)('| %s, %s: exit %i, no stack trace', async (reader, scenario, exit) => {
    const vol = buildScenario(join(tmp, `${scenario}-${reader.length}`), scenario)[0];
    mapDrives(wine, { S: makeStick(tmp), D: vol });
    const err = join(tmp, 'stderr');
    const r = await runChild(
      'bash',
      [
        '-c',
        `cd "${tmp}/stick" && wine 'S:\\preflight.exe' check 'D:\\' 2>"${err}" </dev/null | ${reader} >/dev/null; exit \${PIPESTATUS[0]}`,
      ],
      {
        env: wineEnv(wine.prefix),
        timeoutMs: 300_000,
      },
    );
    const stderr = readFileSync(err, 'utf8');
    expect(stderr).not.toMatch(/internal error|\bat .*\.(c?js|ts):\d+|EBADF/);
    expect(r.status).toBe(exit);
  });
});

afterAll(() => rmSync(tmp, { recursive: true, force: true }));
