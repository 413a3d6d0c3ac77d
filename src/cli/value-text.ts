// How a value reads for a person at a console: decoded by type, binary as short hex. Text from the hive
// is sanitized: a value holding ESC sequences must not drive the technician's terminal.
import { hex, type Value } from '../hive';
import { sanitize } from '../report/layout';

export function valueText(value: Value, maxBytes = 64): string {
  return sanitize(rawValueText(value, maxBytes));
}

/** A name from the hive (key or value) for the console. */
export function nameText(name: string): string {
  return sanitize(name);
}

function rawValueText(value: Value, maxBytes: number): string {
  const d = value.decoded();
  switch (d.kind) {
    case 'string':
      return d.value;
    case 'multi-string':
      return d.value.join(' | ');
    case 'number':
      return `${d.value} (0x${d.value.toString(16)})`;
    case 'bigint':
      return `${d.value} (0x${d.value.toString(16)})`;
    case 'resource-list':
      return d.value
        .map((f) => `interface ${f.interfaceType} bus ${f.busNumber}: ` + f.partials.map((p) => `type ${p.type} [${p.data}]`).join(', '))
        .join('; ');
    case 'bytes': {
      const shown = hex(d.value.subarray(0, maxBytes)).replace(/(..)(?!$)/g, '$1 ');
      return d.value.length > maxBytes ? `${shown} … (${d.value.length} bytes)` : shown;
    }
  }
}

export function valueJson(value: Value): Record<string, unknown> {
  const d = value.decoded();
  const decoded = d.kind === 'bytes' ? null : d.kind === 'bigint' ? d.value.toString() : d.value;
  return { name: value.name, type: value.type, typeName: value.typeName, size: value.raw().length, data: hex(value.raw()), decoded };
}
