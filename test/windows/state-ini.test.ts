import { afterAll, describe, expect, it } from 'vitest';
import { VolumeFs } from '../../src/windows/volume-fs';
import { parseStateIni, readStateIni, sysprepTag } from '../../src/windows/state-ini';
import { cleanupVolumes, garbage, makeVolume, utf16le, utf8bom } from './temp-volume';

afterAll(cleanupVolumes);

const MS_EXAMPLE = '[State]\r\nImageState="IMAGE_STATE_SPECIALIZE_RESEAL_TO_OOBE"\r\n';

describe('parseStateIni', () => {
  it.each<[string, string, string | null]>([
    ['Microsoft example (quoted)', MS_EXAMPLE, 'IMAGE_STATE_SPECIALIZE_RESEAL_TO_OOBE'],
    ['unquoted, spaces', '[State]\nImageState = IMAGE_STATE_COMPLETE\n', 'IMAGE_STATE_COMPLETE'],
    [
      'case-insensitive section and key',
      '[state]\nimagestate="IMAGE_STATE_GENERALIZE_RESEAL_TO_OOBE"',
      'IMAGE_STATE_GENERALIZE_RESEAL_TO_OOBE',
    ],
    ['key in another section is ignored', '[Other]\nImageState="X"\n[State]\n', null],
    [
      'comments skipped',
      '; written by setup\n[State]\n;ImageState="OLD"\nImageState="IMAGE_STATE_UNDEPLOYABLE"',
      'IMAGE_STATE_UNDEPLOYABLE',
    ],
    ['empty value', '[State]\nImageState=""', null],
    ['empty text', '', null],
  ])('%s', (_n, text, expected) => expect(parseStateIni(text)).toBe(expected));
});

describe('readStateIni', () => {
  it.each<[string, string | Buffer]>([
    ['UTF-8', MS_EXAMPLE],
    ['UTF-8 with BOM', utf8bom(MS_EXAMPLE)],
    ['UTF-16LE with BOM', utf16le(MS_EXAMPLE)],
    ['UTF-16LE without BOM', utf16le(MS_EXAMPLE, false)],
  ])('%s', (_n, content) => {
    const vol = new VolumeFs(makeVolume({ 'WINDOWS/setup/STATE/state.ini': content }));
    const r = readStateIni(vol, 'WINDOWS');
    expect(r.imageState).toBe('IMAGE_STATE_SPECIALIZE_RESEAL_TO_OOBE');
    expect(r.evidence).toEqual([expect.objectContaining({ source: 'file', path: 'WINDOWS\\setup\\STATE\\state.ini' })]);
  });

  it('absent file → null with evidence', () => {
    const r = readStateIni(new VolumeFs(makeVolume({ 'Windows/System32': null })));
    expect(r.imageState).toBeNull();
    expect(r.evidence[0]).toMatchObject({ source: 'file', path: 'Windows\\Setup\\State\\State.ini', detail: 'not present' });
  });

  it.each<[string, string | Buffer]>([
    ['empty file', ''],
    ['binary garbage', garbage(3000)],
  ])('%s → null, no throw', (_n, content) => {
    const vol = new VolumeFs(makeVolume({ 'Windows/Setup/State/State.ini': content }));
    expect(readStateIni(vol).imageState).toBeNull();
  });

  it('a directory where the file should be → unreadable, null', () => {
    const vol = new VolumeFs(makeVolume({ 'Windows/Setup/State/State.ini': null }));
    const r = readStateIni(vol);
    expect(r.imageState).toBeNull();
    expect(r.evidence[0].source === 'file' && r.evidence[0].detail).toMatch(/^unreadable/);
  });
});

describe('sysprepTag', () => {
  it('present (any case)', () => {
    const vol = new VolumeFs(makeVolume({ 'Windows/system32/sysprep/sysprep_succeeded.tag': '' }));
    expect(sysprepTag(vol)).toEqual({
      present: true,
      evidence: [{ source: 'file', path: 'Windows\\system32\\sysprep\\sysprep_succeeded.tag', detail: 'present' }],
    });
  });
  it('absent', () => {
    const vol = new VolumeFs(makeVolume({ 'Windows/System32/Sysprep/sysprep.exe': 'MZ' }));
    expect(sysprepTag(vol).present).toBe(false);
  });
});
