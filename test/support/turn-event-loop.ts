// Set up for every test file (vitest.config.ts): after each test the worker's event loop makes one full turn.
//
// Vitest's runner goes from one test to the next through promises only: a file of synchronous tests never
// gives the event loop a turn until it ends. The worker's RPC calls to vitest ("onTaskUpdate", sent as
// tests finish) have a fixed 60 s deadline, and the reply can only be read on a turn of the loop — whose
// timers, checked before the reply is read, then find the deadline passed. On a busy machine a file of
// synchronous tests lasts minutes (test/sample/windows-volume.test.ts: 65 tests, 120 s at load 17 on
// 2 cores) and the run ends in "[vitest-worker]: Timeout calling onTaskUpdate", with the results of the
// files after it never reported. One turn after each test reads the reply within one test's time.
import { afterEach } from 'vitest';

afterEach(() => new Promise<void>((resolve) => setImmediate(resolve)));
