// The lazy sources of a hive read from a WIM (src/windows/image-hive.ts) and from disk (src/hive/source.ts) on
// an empty file: nothing is asked of the image or the disk, and the hive is "not a hive", as an empty file on a
// volume is; the image is not damaged by it.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { NotAHiveError, openHive } from '../../src/hive';
import { LazyFileSource } from '../../src/hive/source';
import type { ImageFs } from '../../src/windows/image-fs';
import { imageHiveFiles } from '../../src/windows/image-hive';
import { type Resource, SliceResource } from '../../src/wim/resource';

describe('a hive source over an empty file', () => {
  it('in an image: "not a hive", and no damage noted on the image', () => {
    const damage: Error[] = [];
    const empty: Resource = { size: 0, read: () => Buffer.alloc(0), readInto: () => undefined };
    const image = {
      root: 'img.wim:1',
      stat: () => ({ size: 0 }),
      isFile: () => true,
      openRange: () => new SliceResource('img.wim', empty, 0, 0),
      noteDamage: (e: Error) => damage.push(e),
      list: () => [],
      readFile: () => Buffer.alloc(0),
    } as unknown as ImageFs;
    expect(() => openHive('img.wim:1\\Windows\\System32\\config\\SYSTEM', { files: imageHiveFiles(image) })).toThrow(NotAHiveError);
    expect(damage).toEqual([]);
  });

  it('on disk: nothing read, and complete at once; a file of whole chunks is complete once read', () => {
    const dir = mkdtempSync(join(tmpdir(), 'preflight-source-'));
    writeFileSync(join(dir, 'EMPTY'), '');
    const none = new LazyFileSource(join(dir, 'EMPTY'), 0);
    none.ensure(0, 4096);
    expect(none.bytesRead).toBe(0);
    expect(none.complete).toBe(true);
    writeFileSync(join(dir, 'TWO'), Buffer.alloc(2 * 65536, 1));
    const two = new LazyFileSource(join(dir, 'TWO'), 2 * 65536);
    two.ensure(0, 2 * 65536);
    expect(two.complete).toBe(true);
    expect(two.buf.every((b) => b === 1)).toBe(true);
  });
});
