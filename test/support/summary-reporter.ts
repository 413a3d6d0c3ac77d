// Prints one plain closing line, `tests: N passed, N failed, N skipped`, after vitest's own summary, so a
// CI that reads closing lines (not vitest's coloured table) sees how many tests ran.
import type { Reporter } from 'vitest/reporters';

type Task = { type: string; mode?: string; result?: { state?: string }; tasks?: Task[] };

export default class SummaryReporter implements Reporter {
  onFinished(files: Task[] = [], errors: unknown[] = []): void {
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    const visit = (t: Task) => {
      if (t.tasks) t.tasks.forEach(visit);
      if (t.type !== 'test') return;
      if (t.mode === 'skip' || t.mode === 'todo' || t.result?.state === 'skip') skipped++;
      else if (t.result?.state === 'pass') passed++;
      else failed++;
    };
    files.forEach(visit);
    // A test file that failed to load (or an unhandled error) is a failure even though no test ran.
    failed += errors.length + files.filter((f) => f.result?.state === 'fail' && !f.tasks?.length).length;
    process.stdout.write(`\ntests: ${passed} passed, ${failed} failed, ${skipped} skipped\n`);
  }
}
