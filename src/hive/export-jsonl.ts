// `hive export --format jsonl`: one JSON object per key, depth-first:
// {"path":"\\A\\B","lastWritten":"<ISO>","values":[{"name":"","type":1,"data":"<hex>"}]}
import { hex } from './bytes';
import type { Key } from './hive';
import { walkKeys } from './walk';

export function* exportJsonl(start: Key): Generator<string> {
  for (const key of walkKeys(start)) {
    const values = key.values().map((v) => ({ name: v.name, type: v.type, data: hex(v.raw()) }));
    yield JSON.stringify({ path: key.path, lastWritten: key.lastWritten, values }) + '\n';
  }
}
