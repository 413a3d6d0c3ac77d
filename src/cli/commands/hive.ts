// `preflight hive …`: poke at one offline hive file.
import type { CommandModule } from 'yargs';
import { helpFooter } from '../help';
import { hiveExport } from './hive-export';
import { hiveGet } from './hive-get';
import { hiveInfo } from './hive-info';
import { hiveLs } from './hive-ls';
import { hiveStatsCommand } from './hive-stats';

export const hiveCommand: CommandModule = {
  command: 'hive',
  describe: 'read an offline hive file (read-only)',
  builder: (y) =>
    helpFooter(y, [['preflight hive info D:\\Windows\\System32\\config\\SYSTEM', 'format, state, counts, warnings']])
      .command(hiveInfo as CommandModule)
      .command(hiveLs as CommandModule)
      .command(hiveGet as CommandModule)
      .command(hiveExport as CommandModule)
      .command(hiveStatsCommand as CommandModule)
      .demandCommand(1, 'name a hive subcommand: info, ls, get, export, stats'),
  handler: () => undefined,
};
