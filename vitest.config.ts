import { defineConfig } from 'vitest/config';

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
