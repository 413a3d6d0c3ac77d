// `preflight hive ls FILE [PATH]`: the subkeys and values of one key.
import type { CommandModule } from 'yargs';
import { writeOut } from '../../host/console-output';
import { nameText, valueJson, valueText } from '../value-text';
import { helpFooter } from '../help';
import { keyAt, openForValues, withHiveFile, type HiveArgs } from './hive-common';

export const hiveLs: CommandModule<object, HiveArgs & { path?: string }> = {
  command: 'ls <file> [path]',
  describe: 'list the subkeys and values of a key (path is backslash-separated, case-insensitive)',
  builder: (y) =>
    helpFooter(withHiveFile(y), [
      ['preflight hive ls D:\\Windows\\System32\\config\\SYSTEM Setup', 'subkeys and values of SYSTEM\\\\Setup'],
    ]).positional('path', { type: 'string', describe: 'key path, e.g. ControlSet001\\Control' }) as never,
  handler: (args) => {
    const key = keyAt(openForValues(args), args.path);
    const subkeys = key.subkeys();
    const values = key.values();
    if (args.json) {
      const out = {
        path: key.path,
        lastWritten: key.lastWritten,
        subkeys: subkeys.map((k) => ({
          name: k.name,
          lastWritten: k.lastWritten,
          subkeys: k.declaredSubkeyCount,
          values: k.declaredValueCount,
        })),
        values: values.map(valueJson),
      };
      return writeOut(JSON.stringify(out, null, 2) + '\n');
    }
    const lines = [`${nameText(key.path)}  (last written ${key.lastWritten ?? 'unknown'})`];
    for (const k of subkeys) lines.push(`  [${nameText(k.name)}]  ${k.declaredSubkeyCount} subkeys, ${k.declaredValueCount} values`);
    for (const v of values) lines.push(`  ${v.name === '' ? '(default)' : nameText(v.name)}  ${v.typeName}  ${valueText(v)}`);
    writeOut(lines.join('\n') + '\n');
  },
};
