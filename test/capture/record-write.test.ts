// The capture record and its log are written whole or not at all: a script that finds a record can parse it.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeWhole } from '../../src/capture/record';

describe('writeWhole', () => {
  it('writes the text under its name and leaves nothing beside it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'preflight-record-'));
    const file = join(dir, 'Ref.1.capture.json');
    writeWhole(file, '{"ok": true}\n');
    expect(readFileSync(file, 'utf8')).toBe('{"ok": true}\n');
    expect(readdirSync(dir)).toEqual(['Ref.1.capture.json']);
  });

  it('a record that cannot take its name throws, and leaves no partial file and the old entry as it was', () => {
    const dir = mkdtempSync(join(tmpdir(), 'preflight-record-'));
    // A folder of that name holding a file: the rename over it fails, as a full or read-only medium would.
    const file = join(dir, 'Ref.1.capture.json');
    mkdirSync(file);
    writeFileSync(join(file, 'keep.txt'), 'kept');
    expect(() => writeWhole(file, '{"ok": false}\n')).toThrow();
    expect(readdirSync(dir)).toEqual(['Ref.1.capture.json']);
    expect(readFileSync(join(file, 'keep.txt'), 'utf8')).toBe('kept');
  });

  it('replaces an earlier file whole', () => {
    const dir = mkdtempSync(join(tmpdir(), 'preflight-record-'));
    const file = join(dir, 'Ref.1.capture.log');
    writeFileSync(file, 'x'.repeat(10_000));
    writeWhole(file, 'short\n');
    expect(readFileSync(file, 'utf8')).toBe('short\n');
    expect(existsSync(`${file}.partial`)).toBe(false);
  });
});
