// `preflight hive ls FILE [PATH]`: the subkeys and values of one key.
import { command } from '../args/spec';
import { writeOut } from '../../host/console-output';
import { nameText, valueJson, valueText } from '../value-text';
import { keyAt, openForValues, HIVE_FILE, HIVE_OPTIONS, type HiveArgs } from './hive-common';

export const hiveLs = command<HiveArgs & { path?: string }>({
  path: ['hive', 'ls'],
  examples: [['preflight hive ls D:\\Windows\\System32\\config\\SYSTEM Setup', 'subkeys and values of SYSTEM\\\\Setup']],
  codes: 'hive',
  positionals: [HIVE_FILE, { name: 'path', describe: 'key path, e.g. ControlSet001\\Control' }],
  options: HIVE_OPTIONS,
  run: (args) => {
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
});
