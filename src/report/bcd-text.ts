// A BCD store as a technician reads `bcdedit /enum all`: one block per object, a heading, then
// `name  value` in two columns (24 characters for the name, as bcdedit), lists one item a line. Objects
// and object references are shown by bcdedit's alias where one exists ({bootmgr}, {memdiag}, …).
import type { BcdDevice, DecodedDevice } from '../bcd/device';
import { deviceText } from '../bcd/device';
import { WELL_KNOWN_IDS } from '../bcd/object-types';
import type { BcdElement, BcdObject, BcdStore } from '../bcd/store';

const NAME_WIDTH = 24;

function ref(id: string): string {
  return WELL_KNOWN_IDS[id] ?? id;
}

/** Integer elements bcdedit shows by name (BCDEdit /set reference; values outside these print as numbers). */
const ENUM_NAMES: Record<string, string[]> = {
  nx: ['OptIn', 'OptOut', 'AlwaysOff', 'AlwaysOn'],
  pae: ['Default', 'ForceEnable', 'ForceDisable'],
  bootmenupolicy: ['Legacy', 'Standard'],
  debugtype: ['Serial', '1394', 'USB', 'Net', 'Local'],
  bootstatuspolicy: [
    'DisplayAllFailures',
    'IgnoreAllFailures',
    'IgnoreShutdownFailures',
    'IgnoreBootFailures',
    'IgnoreCheckpointFailures',
    'DisplayShutdownFailures',
    'DisplayBootFailures',
    'DisplayCheckpointFailures',
  ],
  hypervisorlaunchtype: ['Off', 'Auto'],
  safeboot: ['Minimal', 'Network', 'DsRepair'],
  bootux: ['Disabled', 'Basic', 'Standard'],
};

function integerText(e: BcdElement): string {
  const n = Number(e.value);
  return ENUM_NAMES[e.name]?.[n] ?? String(e.value);
}

function valueLines(e: BcdElement): string[] {
  if (e.value === null) return [`(unreadable: ${e.problem})`];
  switch (e.format) {
    case 'device': {
      const d = e.value as DecodedDevice;
      return [deviceText(d.device as BcdDevice) + (d.associated ? `,${ref(d.associated)}` : '')];
    }
    case 'object':
      return [ref(e.value as string)];
    case 'object-list':
      return (e.value as string[]).length ? (e.value as string[]).map(ref) : ['(empty)'];
    case 'boolean':
      return [e.value ? 'Yes' : 'No'];
    case 'integer-list':
      return (e.value as number[]).map(String);
    case 'integer':
      return [integerText(e)];
    default:
      return [String(e.value)];
  }
}

function objectBlock(o: BcdObject): string[] {
  const lines = [o.typeName, '-'.repeat(o.typeName.length), `${'identifier'.padEnd(NAME_WIDTH)}${o.alias ?? o.id}`];
  for (const e of o.elements) {
    const values = valueLines(e);
    lines.push(`${e.name.padEnd(NAME_WIDTH - 1)} ${values[0]}`);
    for (const more of values.slice(1)) lines.push(`${' '.repeat(NAME_WIDTH)}${more}`);
  }
  return lines;
}

export function renderBcdText(store: BcdStore): string {
  const blocks = store.objects.map((o) => objectBlock(o).join('\n'));
  const problems = store.problems.length ? `\nProblems in the store:\n${store.problems.map((p) => `  - ${p}`).join('\n')}\n` : '';
  return `${blocks.join('\n\n')}\n${problems}`;
}

/** The JSON shape of `preflight bcd --json`: elements keyed by their names. */
export function bcdJson(store: BcdStore): unknown {
  return {
    file: store.file,
    objects: store.objects.map((o) => ({
      id: o.id,
      alias: o.alias,
      type: o.type === null ? null : `0x${o.type.toString(16).padStart(8, '0')}`,
      typeName: o.typeName,
      description: o.description,
      elements: Object.fromEntries(
        o.elements.map((e) => [e.name, { type: e.id, format: e.format, registryType: e.registryType, value: e.value, problem: e.problem }]),
      ),
    })),
    problems: store.problems,
  };
}
