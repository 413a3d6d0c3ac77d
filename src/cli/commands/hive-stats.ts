// `preflight hive stats FILE`: walk every key, find every value's data, print counts.
import { command } from '../args/spec';
import { hiveStats } from '../../hive/stats';
import { writeOut } from '../../host/console-output';
import { open, HIVE_FILE, HIVE_OPTIONS, type HiveArgs } from './hive-common';

export const hiveStatsCommand = command<HiveArgs>({
  path: ['hive', 'stats'],
  examples: [['preflight hive stats D:\\Windows\\System32\\config\\SOFTWARE', 'walk the whole hive, print counts']],
  codes: 'hive',
  positionals: [HIVE_FILE],
  options: HIVE_OPTIONS,
  run: (args) => {
    const hive = open(args);
    const stats = hiveStats(hive);
    if (args.json) return writeOut(JSON.stringify({ ...stats, warnings: hive.warnings.length }, null, 2) + '\n');
    const lines = [
      `keys        ${stats.keys}`,
      `values      ${stats.values}`,
      ...Object.entries(stats.valuesByType)
        .sort((a, b) => b[1] - a[1])
        .map(([t, n]) => `  ${t.padEnd(32)} ${n}`),
      `big data    ${stats.bigDataValues}`,
      `max depth   ${stats.maxDepth}`,
      `bins        ${stats.bins}`,
      `cells       ${stats.allocatedCells} allocated, ${stats.freeCells} free`,
      `short data  ${stats.decodeFailures}`,
      `warnings    ${hive.warnings.length}`,
    ];
    writeOut(lines.join('\n') + '\n');
  },
});
