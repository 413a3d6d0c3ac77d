// HIV001: a hive was dirty; recovered from its transaction logs in memory, or not (domain.md §10.4).
import type { HiveReadFact } from '../windows/facts';
import type { CheckMeta, InstallationCheck } from './types';
import { cmd } from './remedy-phrases';
import { fileEvidence, finding } from './finding';
import { listText, plural } from './english';

const meta: CheckMeta = {
  id: 'HIV001',
  severity: 'warn',
  title: 'Hive was not cleanly written',
  remedy:
    `Boot the machine and shut it down fully (not a Fast Startup shutdown): ${cmd('shutdown /s /t 0')}. Then ` + 'run preflight again.',
  get docs() {
    return [
      'A hive is dirty when its base block checksum is wrong or its sequence numbers differ: Windows stopped',
      'before writing the primary file (power loss, crash, Fast Startup). Since Windows 8.1 the writes can',
      'wait in `.LOG1/.LOG2` for up to an hour. Preflight replays the logs in memory only (nothing is written',
      'to the volume): info when that worked, warn when it did not (facts read from it may be stale). Recovery',
      "holds the hive and its logs in memory at once, bounded by a third of the machine's memory (at most 1 GiB):",
      'a hive with logs beyond that is read as it is and reported "too large to recover in memory".',
      'Source: M. Suhanov, Windows registry file format specification.',
    ].join('\n');
  },
};

function evidence(h: HiveReadFact) {
  const logs = h.logsApplied.length > 0 ? `; logs applied: ${h.logsApplied.join(', ')}` : '';
  return h.path ? [fileEvidence(h.path, `dirty${logs}`)] : [];
}

export const hiv001: InstallationCheck = {
  meta,
  scope: 'installation',
  run(facts) {
    return facts.hives
      .filter((h) => h.readable && h.dirty)
      .map((h) =>
        h.recovered
          ? finding(meta, {
              severity: 'info',
              message:
                `The ${h.name} hive was dirty; recovered in memory from ${listText(h.logsApplied)} ` +
                `(${plural(h.entriesApplied, 'entry', 'entries')}). Nothing was written to the volume.`,
              remedy: `Nothing to do for this capture. Next time: ${meta.remedy}`,
              evidence: evidence(h),
            })
          : finding(meta, {
              message: h.warnings.some((w) => w.includes('too large to recover in memory'))
                ? `The ${h.name} hive is dirty and, with its logs, too large to recover in memory: facts read from it may be stale.`
                : `The ${h.name} hive is dirty and could not be brought up to date from its logs: facts read ` + 'from it may be stale.',
              evidence: evidence(h),
            }),
      );
  },
};
