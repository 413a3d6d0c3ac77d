import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { defineConfig } from 'vitest/config';

// Every temporary folder of a run (test volumes, wine prefixes, copies of the exe, captured images: several
// GB in all) is made under one folder of the run's own, removed when the run ends, so that runs after runs
// never fill the disk: os.tmpdir() reads TMPDIR, in the test workers (forked after this) and in every program
// they start. CI runs on a machine that has run the suite many times before; a full /tmp there once failed
// a capture test at random. A run that is killed leaves this one folder behind.
// (vitest evaluates this file more than once in its main process: the folder is made the first time.)
const RUN_TMP_PREFIX = 'preflight-test-run-';
if (!basename(tmpdir()).startsWith(RUN_TMP_PREFIX)) {
  const runTmp = mkdtempSync(join(tmpdir(), RUN_TMP_PREFIX));
  // For the few tests whose paths must stay short (an 80-column screen shows them whole); they remove their own.
  process.env.PREFLIGHT_TEST_SYSTEM_TMPDIR = tmpdir();
  process.env.TMPDIR = runTmp;
  process.on('exit', () => {
    try {
      rmSync(runTmp, { recursive: true, force: true });
    } catch {
      // Something still held or mounted in it: left for the next clean-up; the run's result stands.
    }
  });
}

// Two projects: the unit/scenario tests, and `exe` — the real dist/preflight.exe under wine. The exe tests
// share one wine prefix whose drive letters each test re-maps, so they run one file at a time in one fork.
// Their deadlines are for a busy machine, where one run of the exe under wine can take a minute.
export default defineConfig({
  test: {
    reporters: ['default', './test/support/summary-reporter.ts'],
    // Lets the worker's event loop turn between tests, so vitest's RPC with it meets its 60 s deadline.
    setupFiles: ['./test/support/turn-event-loop.ts'],
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/**/*.test.ts'],
          exclude: ['test/exe/**'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          pool: 'forks',
        },
      },
      {
        extends: true,
        test: {
          name: 'exe',
          include: ['test/exe/**/*.test.ts'],
          globalSetup: ['test/support/wine-setup.ts'],
          testTimeout: 600_000,
          hookTimeout: 600_000,
          pool: 'forks',
          poolOptions: { forks: { singleFork: true } },
          fileParallelism: false,
        },
      },
    ],
  },
});
