// Depth-first walk over every key reachable from a key, in stored order (as hivex walks). A damaged
// hive may list one key node under several parents; like hivex we then show it under each, but the
// walk never visits more keys than the hive has room for cells, so such a file cannot make it explode
// (a cycle is already cut by Key.subkeys, which refuses ancestors).
import type { Key } from './hive';

export function* walkKeys(start: Key): Generator<Key> {
  const budget = start.maxCells + 1;
  let visits = 0;
  const stack: Key[] = [start];
  while (stack.length > 0) {
    const key = stack.pop()!;
    if (++visits > budget) {
      key.warn('walk', `more keys reached than the hive has cells (${budget - 1}); keys listed under several parents — walk stopped`);
      return;
    }
    yield key;
    const children = key.subkeys();
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]);
  }
}
