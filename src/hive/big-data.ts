// Big data (`db`) records [REGF "Big data"]: used from format 1.4 on for value data longer than 16344
// bytes. The record points to a list of segment cells; every segment but the last holds 16344 bytes.
// Offsets are relative to the record's cell data: signature "db" at 0, segment count (UInt16) at 2, the
// segment list's cell offset at 4; the list is one UInt32 cell offset per segment.
import type { HiveContext } from './context';
import { warn } from './context';

export const BIG_DATA_SEGMENT_SIZE = 16344;
/**
 * The most value data preflight reads from one big-data record. Windows writes each segment once, so a
 * real value is never larger than its hive; a hostile list that names one segment 65,535 times declares
 * ~1 GiB from a file of a few hundred KB. A value over this budget is "too large": reported, not read.
 */
export const MAX_BIG_DATA_BYTES = 32 * 1024 * 1024;
const DB_OFF_COUNT = 2;
const DB_OFF_LIST = 4;

/**
 * The value data of the big data record whose cell data starts at `db`, reassembled and
 * cut to what its segments hold; null (with a warning) when none of it can be read.
 */
export function readBigData(ctx: HiveContext, db: number, declaredSize: number): Buffer | null {
  const buf = ctx.buf;
  const count = buf.readUInt16LE(db + DB_OFF_COUNT);
  const listRel = buf.readUInt32LE(db + DB_OFF_LIST);
  let list: number;
  let listSize: number;
  try {
    list = ctx.cells.dataAt(listRel, 'big data segment list');
    listSize = ctx.cells.dataSizeAt(list);
  } catch (err) {
    warn(ctx, db - 4, 'db', (err as Error).message);
    return null;
  }
  const segments = Math.min(count, Math.floor(listSize / 4));
  if (segments < count) warn(ctx, list - 4, 'db', `big data declares ${count} segments, its list holds ${segments}`);
  const size = Math.min(declaredSize, segments * BIG_DATA_SEGMENT_SIZE);
  if (size > MAX_BIG_DATA_BYTES) {
    warn(
      ctx,
      db - 4,
      'db',
      `value data too large: ${size} bytes in ${segments} segments (preflight reads at most ${MAX_BIG_DATA_BYTES}); not read`,
    );
    return null;
  }
  // Every segment is its own cell: a list that names one twice is forged (it would multiply a small file).
  const seen = new Set<number>();
  // Never allocate more than the segments can hold, whatever the declared size says.
  const out = Buffer.alloc(size);
  let filled = 0;
  for (let i = 0; i < segments && filled < out.length; i++) {
    const segRel = buf.readUInt32LE(list + i * 4);
    if (seen.has(segRel)) {
      warn(ctx, list - 4, 'db', `big data names segment ${segRel} twice (entry ${i}); data cut`);
      break;
    }
    seen.add(segRel);
    let seg: number;
    try {
      seg = ctx.cells.dataAt(segRel, 'big data segment');
    } catch (err) {
      warn(ctx, list - 4, 'db', (err as Error).message);
      break;
    }
    const want = Math.min(BIG_DATA_SEGMENT_SIZE, out.length - filled);
    const take = Math.min(want, ctx.cells.dataSizeAt(seg));
    buf.copy(out, filled, seg, seg + take);
    filled += take;
    if (take < want) break; // a short segment: later bytes would land at the wrong place
  }
  if (filled < declaredSize) warn(ctx, db - 4, 'db', `big data holds ${filled} of ${declaredSize} declared bytes; data cut`);
  return out.subarray(0, filled);
}
