// `preflight hive stats FILE`: walk every key, find every value's data, print counts.
import type { CommandModule } from 'yargs';
import { hiveStats } from '../../hive/stats';
import { writeOut } from '../../host/console-output';
import { helpFooter } from '../help';
import { open, withHiveFile, type HiveArgs } from './hive-common';

export const hiveStatsCommand: CommandModule<object, HiveArgs> = {
  command: 'stats <file>',
  describe: "walk every key and read every value's data; print counts",
  builder: (y) =>
    helpFooter(withHiveFile(y), [
      ['preflight hive stats D:\\Windows\\System32\\config\\SOFTWARE', 'walk the whole hive, print counts'],
    ]) as never,
  handler: (args) => {
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
};
