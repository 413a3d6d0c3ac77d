// Options and helpers shared by the `hive` subcommands.
import { writeErr } from '../../host/console-output';
import type { OptionSpec, PositionalSpec } from '../args/spec';
import { openHive, type Hive, type Key } from '../../hive';
import { sanitize } from '../../report/layout';
import { InputError } from '../fail';

export interface HiveArgs {
  file: string;
  logs: boolean;
  json: boolean;
}

/** The hive file every `hive` command reads first. */
export const HIVE_FILE: PositionalSpec = {
  name: 'file',
  required: true,
  describe: 'hive file (e.g. D:\\Windows\\System32\\config\\SYSTEM)',
};

/** The options every `hive` command takes. */
export const HIVE_OPTIONS: Readonly<Record<string, OptionSpec>> = {
  logs: {
    type: 'boolean',
    default: true,
    describe: 'replay .LOG/.LOG1/.LOG2 in memory when dirty (--no-logs: read the primary as it is)',
  },
  json: { type: 'boolean', default: false, describe: 'print JSON' },
};

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
  if (b.effectiveHiveBinsDataSize < b.hiveBinsDataSize)
    return `truncated: ${b.effectiveHiveBinsDataSize} bytes of hive bins, the header says ${b.hiveBinsDataSize}`;
  const structural = hive.warnings.filter((w) => w.offset >= 0).length;
  return structural > 0 ? `${structural} structural warning(s)` : null;
}

const MACHINE_HIVES = ['SYSTEM', 'SOFTWARE', 'SAM', 'SECURITY', 'COMPONENTS', 'DRIVERS', 'BCD00000000'];

/**
 * The key path below the hive's root as `hive` takes it: a path in the form `export` and `explain` print,
 * `HKLM\SOFTWARE\Microsoft\…` (or `HKEY_LOCAL_MACHINE\…`), loses its root and hive name. A path naming
 * another machine hive than the file's (by its file name) is refused rather than looked up in the wrong hive.
 */
export function hivePath(file: string, path: string): string {
  const m = /^\\?(?:HKLM|HKEY_LOCAL_MACHINE)(?:\\+([^\\]+))?(?:\\+(.*))?$/i.exec(path.trim());
  if (!m) return path;
  const named = (m[1] ?? '').toUpperCase();
  const base = (file.split(/[\\/]/).pop() ?? '').toUpperCase();
  if (named !== '' && MACHINE_HIVES.includes(base) && named !== base) {
    throw new InputError(`${sanitize(file)}: the path names the ${named} hive, but this file is ${base}: open ${named} instead`);
  }
  return m[2] ?? '';
}

export function keyAt(hive: Hive, path: string | undefined): Key {
  const key = hive.key(hivePath(hive.file, path ?? ''));
  if (!key) throw new InputError(`${sanitize(hive.file)}: no key "${sanitize(path ?? '')}"`);
  return key;
}
