// `hive stats`: walk every key, decode every value, count.
import type { Hive } from './hive';
import { BIG_DATA_SEGMENT_SIZE } from './big-data';
import { regTypeName, type HiveStats } from './types';
import { walkKeys } from './walk';

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
  const byType = new Map<number, number>();
  for (const key of walkKeys(hive.root)) {
    stats.keys++;
    if (key.depth > stats.maxDepth) stats.maxDepth = key.depth;
    for (const value of key.values()) {
      stats.values++;
      byType.set(value.type, (byType.get(value.type) ?? 0) + 1);
      const raw = value.raw();
      if (raw.length > BIG_DATA_SEGMENT_SIZE && hive.baseBlock.minorVersion > 3) stats.bigDataValues++;
      if (raw.length < value.declaredSize) stats.decodeFailures++;
      value.decoded();
    }
  }
  for (const [type, n] of byType) stats.valuesByType[regTypeName(type)] = n;
  Object.assign(stats, hive.walkAllBins());
  return stats;
}
