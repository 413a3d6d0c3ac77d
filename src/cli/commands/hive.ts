// `preflight hive …`: poke at one offline hive file.
import type { CommandGroup } from '../args/spec';
import { hiveExport } from './hive-export';
import { hiveGet } from './hive-get';
import { hiveInfo } from './hive-info';
import { hiveLs } from './hive-ls';
import { hiveStatsCommand } from './hive-stats';

export const hiveCommand: CommandGroup = {
  path: ['hive'],
  codes: 'hive',
  examples: [['preflight hive info D:\\Windows\\System32\\config\\SYSTEM', 'format, state, counts, warnings']],
  commands: [
    { name: 'info', describe: 'format version, root, dirty or clean, logs applied, counts, warnings', load: async () => hiveInfo },
    {
      name: 'ls',
      describe: 'list the subkeys and values of a key (path is backslash-separated, case-insensitive)',
      load: async () => hiveLs,
    },
    {
      name: 'get',
      describe: 'print a value (the default value is ""; without a name: every value of the key)',
      load: async () => hiveGet,
    },
    { name: 'export', describe: 'export keys and values depth-first as .reg text or JSON lines', load: async () => hiveExport },
    { name: 'stats', describe: "walk every key and read every value's data; print counts", load: async () => hiveStatsCommand },
  ],
};
