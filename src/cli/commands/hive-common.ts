// Options and helpers shared by the `hive` subcommands.
import { writeErr } from '../output';
import type { Argv } from 'yargs';
import { openHive, type Hive, type Key } from '../../hive';
import { sanitize } from '../../report/layout';
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

/**
 * For commands that print keys and values (ls, get, export): a dirty hive that was not brought up to date
 * (--no-logs, or logs that could not be replayed) is said to be stale on stderr, so stdout stays data.
 */
export function openForValues(args: { file: string; logs: boolean }): Hive {
  const hive = open(args);
  if (hive.recovery.dirty && !hive.recovery.recovered) {
    const why = args.logs ? 'its transaction logs could not be replayed' : 'its transaction logs were not applied (--no-logs)';
    writeErr(`preflight: note: ${sanitize(hive.file)} is dirty and ${why}: values may be stale\n`);
  }
  return hive;
}

/** Damage worth exit 4 after `hive info` printed what it could read: bins cut short, structural warnings. */
export function damageOf(hive: Hive): string | null {
  const b = hive.baseBlock;
  if (b.effectiveHiveBinsDataSize < b.hiveBinsDataSize) return `truncated: ${b.effectiveHiveBinsDataSize} bytes of hive bins, the header says ${b.hiveBinsDataSize}`;
  const structural = hive.warnings.filter((w) => w.offset >= 0).length;
  return structural > 0 ? `${structural} structural warning(s)` : null;
}

export function keyAt(hive: Hive, path: string | undefined): Key {
  const key = hive.key(path ?? '');
  if (!key) throw new InputError(`${hive.file}: no key ${JSON.stringify(path)}`);
  return key;
}
