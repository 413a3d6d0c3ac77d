// `hive stats`: walk every key, read every value's data, count. The walk goes by cell offsets as hivex does,
// straight over the hive's one buffer: no Key, Value or view object per cell, and no name decoded (stats
// prints none). It reads, checks and warns exactly as walkKeys over Key.subkeys() and Key.values() does
// (same order, same limits), so its counts and warnings are theirs. Each value's data is found (big data
// segment by segment, where short or broken data is counted and warned about) but not decoded: the
// decoders (value-data.ts, resource-list.ts) never warn and never fail on bytes that were found — any
// bytes are UTF-16 text, a number only needs its length, a resource list that does not parse is shown as
// bytes — so decoding would only make strings and objects that stats never prints.
import { BIG_DATA_SEGMENT_SIZE } from './big-data';
import { warn } from './context';
import type { Hive } from './hive';
import { ChildList, MAX_KEY_DEPTH, readChildren } from './children';
import { valueCountAt, valuesListAt } from './key-node';
import { grown, RefList } from './ref-list';
import { regTypeName, type HiveStats } from './types';
import { DataSpan, readValuesList, valueDataAt, valueDataSizeAt, valueKeyAt, valueTypeAt } from './value-key';

/** REG_NONE (0) to REG_QWORD (11). */
const STANDARD_TYPES = 12;

export function hiveStats(hive: Hive): HiveStats {
  const stats: HiveStats = {
    keys: 0,
    values: 0,
    valuesByType: {},
    bigDataValues: 0,
    maxDepth: 0,
    bins: 0,
    allocatedCells: 0,
    freeCells: 0,
    decodeFailures: 0,
  };
  hive.readAll();
  const ctx = hive.ctx;
  const view = ctx.view;
  // Values per type: the standard types (REG_NONE to REG_QWORD, 0 to 11) counted in an array, the others
  // (often above 2^31, numbers V8 boxes) in a Map; `typeOrder` keeps the order types were first seen in,
  // the order of valuesByType.
  const standardTypes = new Uint32Array(STANDARD_TYPES);
  const otherTypes = new Map<number, number>();
  const typeOrder: number[] = [];
  const list = new RefList();
  const children = new ChildList();
  const span = new DataSpan();
  /** File offsets of the current key's vk cells that could be read. */
  let vks = new Uint32Array(64);
  // The keys still to visit, as a stack of (relative offset, file offset of the nk data, depth); and the
  // relative offsets of the keys from the root down to the one being expanded (a child equal to one of
  // them is a cycle).
  let stackRel = new Uint32Array(256);
  let stackD = new Uint32Array(256);
  let stackDepth = new Uint16Array(256);
  const path = new Uint32Array(MAX_KEY_DEPTH);
  stackRel[0] = hive.baseBlock.rootCellOffset;
  stackD[0] = hive.root.offset + 4; // the root's nk data, after its size field
  stackDepth[0] = 0;
  let top = 1;
  // As walkKeys: never more keys than the hive has room for cells.
  const budget = hive.root.maxCells + 1;
  let visits = 0;
  while (top > 0) {
    top--;
    const rel = stackRel[top];
    const d = stackD[top];
    const depth = stackDepth[top];
    if (++visits > budget) {
      warn(
        ctx,
        d - 4,
        'walk',
        `more keys reached than the hive has cells (${budget - 1}); keys listed under several parents — walk stopped`,
      );
      break;
    }
    path[depth] = rel;
    stats.keys++;
    if (depth > stats.maxDepth) stats.maxDepth = depth;

    // Values: every vk of the list is read first, then each one's data (Key.values(), then raw()).
    readValuesList(ctx, valuesListAt(view, d), valueCountAt(view, d), d - 4, list);
    if (vks.length < list.length) vks = new Uint32Array(list.rels.length);
    let readable = 0;
    for (let i = 0; i < list.length; i++) {
      try {
        vks[readable] = valueKeyAt(ctx, list.rels[i]);
        readable++;
      } catch (err) {
        warn(ctx, d - 4, 'value-list', (err as Error).message);
      }
    }
    for (let i = 0; i < readable; i++) {
      const vk = vks[i];
      const type = valueTypeAt(view, vk);
      stats.values++;
      if (type < STANDARD_TYPES) {
        if (standardTypes[type]++ === 0) typeOrder.push(type);
      } else {
        const n = otherTypes.get(type) ?? 0;
        if (n === 0) typeOrder.push(type);
        otherTypes.set(type, n + 1);
      }
      valueDataAt(ctx, vk, span);
      if (span.length > BIG_DATA_SEGMENT_SIZE && ctx.minorVersion > 3) stats.bigDataValues++;
      if (span.length < valueDataSizeAt(view, vk)) stats.decodeFailures++;
    }

    // Subkeys, as Key.subkeys() takes them; pushed in reverse so that the walk visits them in stored order.
    readChildren(ctx, d, depth, path, list, children);
    if (top + children.length > stackRel.length) {
      const size = 2 * (top + children.length);
      stackRel = grown(stackRel, size);
      stackD = grown(stackD, size);
      const depths = new Uint16Array(size);
      depths.set(stackDepth);
      stackDepth = depths;
    }
    for (let i = children.length - 1; i >= 0; i--) {
      stackRel[top] = children.rels[i];
      stackD[top] = children.ds[i];
      stackDepth[top] = depth + 1;
      top++;
    }
  }
  for (const type of typeOrder) {
    stats.valuesByType[regTypeName(type)] = type < STANDARD_TYPES ? standardTypes[type] : (otherTypes.get(type) ?? 0);
  }
  Object.assign(stats, hive.walkAllBins());
  return stats;
}
