// `preflight hive get FILE PATH [VALUE]`: one value's data (or every value of the key).
import { command } from '../args/spec';
import { hex } from '../../hive';
import { InputError } from '../fail';
import { writeOut } from '../../host/console-output';
import { nameText, valueJson, valueText } from '../value-text';
import { sanitize } from '../../report/layout';
import { keyAt, openForValues, HIVE_FILE, HIVE_OPTIONS, type HiveArgs } from './hive-common';

export const hiveGet = command<HiveArgs & { path: string; value?: string; raw: boolean }>({
  path: ['hive', 'get'],
  examples: [
    ['preflight hive get D:\\Windows\\System32\\config\\SYSTEM Setup CmdLine', 'one value'],
    ['preflight hive get D:\\Windows\\System32\\config\\SYSTEM Setup ""', 'the default value of the key'],
    ['preflight hive get D:\\Windows\\System32\\config\\SOFTWARE HKLM\\SOFTWARE\\Policies', 'a path as export and explain print it'],
  ],
  codes: 'hive',
  positionals: [
    HIVE_FILE,
    { name: 'path', required: true, describe: 'key path, e.g. ControlSet001\\\\Control' },
    { name: 'value', describe: 'value name; "" for the default value' },
  ],
  options: { ...HIVE_OPTIONS, raw: { type: 'boolean', default: false, describe: 'print the stored bytes as hex' } },
  run: (args) => {
    const key = keyAt(openForValues(args), args.path);
    const values = args.value === undefined ? key.values() : [key.value(args.value)].filter((v) => v !== null);
    if (args.value !== undefined && values.length === 0) {
      throw new InputError(`${sanitize(args.file)}: key ${sanitize(key.path)} has no value "${sanitize(args.value)}"`);
    }
    if (args.json) return writeOut(JSON.stringify(args.value === undefined ? values.map(valueJson) : valueJson(values[0]), null, 2) + '\n');
    if (args.value !== undefined) {
      const v = values[0];
      const d = v.decoded();
      const text = args.raw
        ? hex(v.raw())
        : d.kind === 'multi-string'
          ? d.value.map(sanitize).join('\n')
          : valueText(v, Number.MAX_SAFE_INTEGER);
      return writeOut(text + '\n');
    }
    writeOut(
      values
        .map((v) => `${v.name === '' ? '(default)' : nameText(v.name)}  ${v.typeName}  ${args.raw ? hex(v.raw()) : valueText(v)}`)
        .join('\n') + (values.length ? '\n' : ''),
    );
  },
});
