// `preflight hive export FILE [PATH] --format reg|jsonl`.
import { basename } from 'node:path';
import type { CommandModule } from 'yargs';
import { exportJsonl } from '../../hive/export-jsonl';
import { exportReg } from '../../hive/export-reg';
import { writeLines } from '../../host/console-output';
import { helpFooter } from '../help';
import { keyAt, openForValues, withHiveFile, type HiveArgs } from './hive-common';

export const hiveExport: CommandModule<object, HiveArgs & { path?: string; format: 'reg' | 'jsonl'; prefix?: string }> = {
  command: 'export <file> [path]',
  describe: 'export keys and values depth-first as .reg text or JSON lines',
  builder: (y) =>
    helpFooter(withHiveFile(y), [
      ['preflight hive export D:\\Windows\\System32\\config\\SYSTEM Setup --format reg', 'one branch as .reg text'],
      ['preflight hive export D:\\Windows\\System32\\config\\SYSTEM --format jsonl', 'everything as JSON lines'],
    ])
      .positional('path', { type: 'string', describe: 'start at this key (default: the root)' })
      .option('format', {
        choices: ['reg', 'jsonl'] as const,
        default: 'reg' as const,
        describe: 'reg: regedit .reg text; jsonl: one JSON object per key',
      })
      .option('prefix', { type: 'string', describe: 'root of the .reg key paths (default HKEY_LOCAL_MACHINE\\<FILE NAME>)' }) as never,
  handler: (args) => {
    const hive = openForValues(args);
    const key = keyAt(hive, args.path);
    if (!args.path) hive.readAll(); // the whole tree will be read: one read instead of many
    if (args.format === 'jsonl') return writeLines(exportJsonl(key));
    const prefix = args.prefix ?? `HKEY_LOCAL_MACHINE\\${basename(args.file).toUpperCase()}`;
    writeLines(exportReg(key, prefix));
  },
};
