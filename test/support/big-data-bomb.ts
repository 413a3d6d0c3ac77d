// Hives whose big-data values name one 16,344-byte segment over and over (a forged segment list): a file
// of a few hundred KB that declares ~1 GiB of value data. Built with the project's hive builder in format
// 1.3 (no big data, so every piece is a plain cell), then the pieces are wired into a `db` record and the
// header raised to 1.5, where big data is read [REGF "Big data"].
import { writeFileSync } from 'node:fs';
import { baseBlockChecksum } from '../../src/hive/base-block';
import { buildHive, key, REG, v, type KeySpec, type ValueSpec } from '../../src/sample/hive-builder';

const SEGMENT = 16344;
const HBIN_START = 0x1000;
const MARK = { seg: 'SEGMARK!', list: 'LISTMARK', db: 'DBMARK!!' };

/** The values to put in a key of a hive given to bigDataBomb: the bomb is the value named `name`. */
export function bombValues(name: string, type: number = REG.BINARY): ValueSpec[] {
  const fill = (mark: string, n: number) => Buffer.alloc(n, mark, 'latin1');
  return [
    { name, type, data: fill(MARK.db, 8) },
    v.binary('bomb-segment', fill(MARK.seg, SEGMENT)),
    v.binary('bomb-list', fill(MARK.list, 4 * 0xffff)),
  ];
}

/**
 * Writes `root` (which holds bombValues somewhere) to `file` as a format 1.5 hive whose bomb value is a
 * big-data record naming the one segment `repeats` times (65,535: ~1 GiB declared).
 */
export function writeBigDataBomb(file: string, root: KeySpec, repeats = 0xffff): Buffer {
  const buf = Buffer.from(buildHive(root, { minorVersion: 3 }));
  const cellOf = (mark: string) => {
    const at = buf.indexOf(mark, 0, 'latin1');
    if (at < 0) throw new Error(`big-data bomb: ${mark} not found`);
    return { abs: at, rel: at - HBIN_START - 4 };
  };
  const seg = cellOf(MARK.seg);
  const list = cellOf(MARK.list);
  const db = cellOf(MARK.db);
  for (let i = 0; i < repeats; i++) buf.writeUInt32LE(seg.rel, list.abs + 4 * i);
  buf.write('db', db.abs, 'latin1');
  buf.writeUInt16LE(repeats, db.abs + 2);
  buf.writeUInt32LE(list.rel, db.abs + 4);
  // The vk of the bomb: data size 8 at +4, data offset at +8 → the declared size of every segment.
  const field = Buffer.alloc(8);
  field.writeUInt32LE(8, 0);
  field.writeUInt32LE(db.rel, 4);
  const vk = buf.indexOf(field);
  if (vk < 0) throw new Error('big-data bomb: the value record was not found');
  buf.writeUInt32LE(repeats * SEGMENT, vk);
  buf.writeUInt32LE(5, 0x18); // minor version 1.5
  buf.writeUInt32LE(baseBlockChecksum(buf), 508);
  writeFileSync(file, buf);
  return buf;
}

/** A BCD store whose boot manager's device element is the bomb (a device need not become 1 GiB of hex). */
export function bcdBombRoot(): KeySpec {
  const element = (id: string, values: ValueSpec[]) => key(id, values);
  return key(
    'NewStoreRoot',
    [],
    [
      key(
        'Objects',
        [],
        [
          key(
            '{9dea862c-5cdd-4e70-acc1-f32b344d4795}',
            [],
            [
              key('Description', [v.dword('Type', 0x10100002)]),
              key(
                'Elements',
                [],
                [element('11000001', bombValues('Element')), element('12000004', [v.sz('Element', 'Windows Boot Manager')])],
              ),
            ],
          ),
        ],
      ),
    ],
  );
}
