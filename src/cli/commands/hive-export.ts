// `preflight hive export FILE [PATH] --format reg|jsonl`.
import { basename } from 'node:path';
import { command } from '../args/spec';
import { exportJsonl } from '../../hive/export-jsonl';
import { exportReg } from '../../hive/export-reg';
import { writeLines } from '../../host/console-output';
import { keyAt, openForValues, HIVE_FILE, HIVE_OPTIONS, type HiveArgs } from './hive-common';

export const hiveExport = command<HiveArgs & { path?: string; format: 'reg' | 'jsonl'; prefix?: string }>({
  path: ['hive', 'export'],
  examples: [
    ['preflight hive export D:\\Windows\\System32\\config\\SYSTEM Setup --format reg', 'one branch as .reg text'],
    ['preflight hive export D:\\Windows\\System32\\config\\SYSTEM --format jsonl', 'everything as JSON lines'],
  ],
  codes: 'hive',
  positionals: [HIVE_FILE, { name: 'path', describe: 'start at this key (default: the root)' }],
  options: {
    ...HIVE_OPTIONS,
    format: {
      type: 'string',
      choices: ['reg', 'jsonl'],
      default: 'reg',
      describe: 'reg: regedit .reg text; jsonl: one JSON object per key',
    },
    prefix: { type: 'string', describe: 'root of the .reg key paths (default HKEY_LOCAL_MACHINE\\<FILE NAME>)' },
  },
  run: (args) => {
    const hive = openForValues(args);
    const key = keyAt(hive, args.path);
    if (!args.path) hive.readAll(); // the whole tree will be read: one read instead of many
    if (args.format === 'jsonl') return writeLines(exportJsonl(key));
    const prefix = args.prefix ?? `HKEY_LOCAL_MACHINE\\${basename(args.file).toUpperCase()}`;
    writeLines(exportReg(key, prefix));
  },
});
