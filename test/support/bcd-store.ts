// BCD stores for tests, written with the project's hive builder in the layout Windows uses (domain.md §5):
// Objects\{id}\Description\Type and Objects\{id}\Elements\<type>\Element, device elements byte for byte as
// in the real stores of the corpus (test/bcd/device.test.ts).
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { guidBytes } from '../../src/sample/bytes';
import { buildHiveFile, key, v, type KeySpec, type ValueSpec } from '../../src/sample/hive-builder';

const BOOTMGR = '{9dea862c-5cdd-4e70-acc1-f32b344d4795}';

/** A partition device element for a GPT partition (88 bytes: domain.md §5.3). */
export function gptPartitionDevice(partitionGuid: string, diskGuid: string): Uint8Array {
  const b = Buffer.alloc(0x58);
  b.writeUInt32LE(6, 0x10);
  b.writeUInt32LE(0x48, 0x18);
  guidBytes(partitionGuid).copy(b, 0x20);
  b.writeUInt32LE(0, 0x34);
  guidBytes(diskGuid).copy(b, 0x38);
  return Uint8Array.from(b);
}

export interface LoaderSpec {
  id: string;
  description: string;
  partitionGuid: string;
  diskGuid: string;
  winpe?: boolean;
}

const element = (type: string, value: ValueSpec): KeySpec => key(type, [{ ...value, name: 'Element' }]);

/** Writes a store with a boot manager (default: the first loader) and OS loader entries. */
export function buildBcdStore(file: string, loaders: LoaderSpec[]): void {
  mkdirSync(dirname(file), { recursive: true });
  const object = (id: string, type: number, elements: KeySpec[]) =>
    key(id, [], [key('Description', [v.dword('Type', type)]), key('Elements', [], elements)]);
  const objects = [
    object(BOOTMGR, 0x10100002, [
      element('12000004', v.sz('x', 'Windows Boot Manager')),
      ...(loaders.length
        ? [
            element('23000003', v.sz('x', loaders[0].id)),
            element(
              '24000001',
              v.multiSz(
                'x',
                loaders.map((l) => l.id),
              ),
            ),
          ]
        : []),
    ]),
    ...loaders.map((l) =>
      object(l.id, 0x10200003, [
        element('11000001', v.binary('x', gptPartitionDevice(l.partitionGuid, l.diskGuid))),
        element('12000002', v.sz('x', '\\Windows\\system32\\winload.efi')),
        element('12000004', v.sz('x', l.description)),
        element('21000001', v.binary('x', gptPartitionDevice(l.partitionGuid, l.diskGuid))),
        element('22000002', v.sz('x', '\\Windows')),
        ...(l.winpe ? [element('26000022', v.binary('x', [1]))] : []),
      ]),
    ),
  ];
  buildHiveFile(file, key('NewStoreRoot', [], [key('Description', [v.dword('KeyName', 0)]), key('Objects', [], objects)]));
}
