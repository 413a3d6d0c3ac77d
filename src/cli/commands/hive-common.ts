// Options and helpers shared by the `hive` subcommands.
import type { Argv } from 'yargs';
import { openHive, type Hive, type Key } from '../../hive';
import { InputError } from '../fail';

export interface HiveArgs {
  file: string;
  logs: boolean;
  json: boolean;
}

export function withHiveFile<T>(y: Argv<T>) {
  return y
    .positional('file', { type: 'string', demandOption: true, describe: 'hive file (e.g. D:\\Windows\\System32\\config\\SYSTEM)' })
    .option('logs', { type: 'boolean', default: true, describe: 'replay .LOG/.LOG1/.LOG2 in memory when dirty (--no-logs: read the primary as it is)' })
    .option('json', { type: 'boolean', default: false, describe: 'print JSON' });
}

export function open(args: { file: string; logs: boolean }): Hive {
  return openHive(args.file, { logs: args.logs });
}

export function keyAt(hive: Hive, path: string | undefined): Key {
  const key = hive.key(path ?? '');
  if (!key) throw new InputError(`${hive.file}: no key ${JSON.stringify(path)}`);
  return key;
}
