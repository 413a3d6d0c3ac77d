// The plan refuses before anything is written, and builds the engines' argument lists element by
// element (spaces, quotes, non-ASCII names stay one argument each; no shell).
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ImageEntry } from '../../src/capture/engines/image-info';
import { locateEngine } from '../../src/capture/engines/locate';
import { PlanRefusal } from '../../src/capture/errors';
import { wimScriptIni } from '../../src/capture/exclusions';
import { buildPlan, captureRoot, neededBytes, refuseUnwritableNames, type PlanDeps } from '../../src/capture/plan';
import { captureRequest } from '../support/capture-request';
import type { CaptureRequest } from '../../src/capture/types';
import { placementOf } from '../../src/host/placement';
import { bootSectorKind } from '../../src/host/file-system';

const tmp = mkdtempSync(join(tmpdir(), 'preflight-plan-'));
const source = join(tmp, 'source');
const dest = join(tmp, 'dest with space');
mkdirSync(source, { recursive: true });
mkdirSync(dest, { recursive: true });
const GiB = 1024 ** 3;

function request(over: Partial<CaptureRequest> = {}): CaptureRequest {
  return captureRequest({ source, image: join(dest, 'win11.wim'), name: 'Windows 11 "Ref" — Zürich', ...over });
}

function deps(over: Partial<PlanDeps> & { sourceBytes?: number; images?: ImageEntry[] } = {}): PlanDeps {
  const sourceBytes = over.sourceBytes ?? 20 * GiB;
  return {
    platform: 'linux',
    env: {},
    spaceOf: () => ({ freeBytes: 100 * GiB, kind: 'ntfs' }),
    measureSource: () => ({
      bytes: sourceBytes,
      files: 100_000,
      directories: 20_000,
      excludedFiles: 2,
      excludedBytes: 8 * GiB,
      largestFileBytes: GiB,
    }),
    listImages: () => over.images ?? [],
    program: '/usr/bin/wimlib-imagex',
    mountOf: () => null,
    ...over,
  };
}

const refusal = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(PlanRefusal);
    return (e as Error).message;
  }
  throw new Error('expected a PlanRefusal');
};

describe('plan refusals', () => {
  it('an image on the source volume', () => {
    expect(refusal(() => buildPlan(request({ image: join(source, 'x.wim') }), deps()))).toMatch(/is on the source/);
  });
  it('an image on the source through a symlink (real path)', () => {
    const link = join(tmp, 'link-to-source');
    symlinkSync(source, link);
    expect(refusal(() => buildPlan(request({ image: join(link, 'x.wim') }), deps()))).toMatch(/is on the source/);
  });
  it("an image on WinPE's X: RAM disk (the guard check --out uses)", () => {
    const env = { SystemRoot: 'X:\\Windows' };
    expect(placementOf('X:\\cap\\a.wim', ['C:\\'], { platform: 'win32', env })).toEqual({ onVolume: null, onRamDisk: true });
    expect(placementOf('c:\\Images\\a.wim', ['C:\\'], { platform: 'win32', env })).toEqual({ onVolume: 'C:\\', onRamDisk: false });
  });
  it('a destination folder that does not exist', () => {
    expect(refusal(() => buildPlan(request({ image: join(tmp, 'nope', 'a.wim') }), deps()))).toMatch(/does not exist/);
  });
  it('an existing image without --append', () => {
    writeFileSync(join(dest, 'exists.wim'), 'x');
    expect(refusal(() => buildPlan(request({ image: join(dest, 'exists.wim') }), deps()))).toMatch(/already exists; use --append/);
  });
  it('--append to a missing file, and to a name already in the file', () => {
    expect(refusal(() => buildPlan(request({ append: true, image: join(dest, 'missing.wim') }), deps()))).toMatch(/does not exist/);
    writeFileSync(join(dest, 'two.wim'), 'x');
    const images = [{ index: 1, name: 'Base', description: null, totalBytes: 1, files: 1, directories: 1 }];
    expect(refusal(() => buildPlan(request({ append: true, image: join(dest, 'two.wim'), name: 'base' }), deps({ images })))).toMatch(
      /already holds an image named "Base" \(index 1\)/,
    );
    const plan = buildPlan(request({ append: true, image: join(dest, 'two.wim'), name: 'Second' }), deps({ images }));
    expect(plan.index).toBe(2);
    expect(plan.recordFile).toBe(join(dest, 'two.2.capture.json'));
  });
  it('not enough free space for the source stored uncompressed (the worst case) plus a margin', () => {
    const spaceOf = () => ({ freeBytes: 10 * GiB, kind: 'ntfs' as const });
    expect(refusal(() => buildPlan(request(), deps({ spaceOf })))).toMatch(
      /not enough room at .*: 10240 MiB free, about 21520 MiB needed \(20480 MiB to capture, planned for the worst case: every byte stored uncompressed/,
    );
    // 1 GiB that does not compress wrote 1003 MiB: planned at the usual ratio it was "about 602 MiB".
    expect(neededBytes(GiB)).toBeGreaterThan(1003 * 1024 * 1024);
    const fits = buildPlan(
      request({ compress: 'max' }),
      deps({ sourceBytes: GiB, spaceOf: () => ({ freeBytes: 2 * GiB, kind: 'ntfs' as const }) }),
    );
    expect(fits.space).toMatchObject({ neededBytes: neededBytes(GiB), estimate: expect.stringMatching(/^the worst case/) });
  });
  it('DISM --append needs room for a copy of the .wim too (a failed DISM append can corrupt it); wimlib does not', () => {
    const image = join(dest, 'big.wim');
    writeFileSync(image, Buffer.alloc(4096));
    const images: ImageEntry[] = [{ index: 1, name: 'First', description: null, totalBytes: 1, files: 1, directories: 1 }];
    const spaceOf = () => ({ freeBytes: 30 * GiB, kind: 'ntfs' as const });
    const wimlib = buildPlan(request({ append: true, image, name: 'Second' }), deps({ images, spaceOf }));
    const dism = buildPlan(request({ append: true, image, name: 'Second', engine: 'dism' }), deps({ images, spaceOf }));
    expect(dism.space.neededBytes - wimlib.space.neededBytes).toBe(4096);
  });
  it('Windows: a path beyond MAX_PATH (DISM, WinPE without long paths) is refused before anything is written', () => {
    const deep = `E:\\${'images\\'.repeat(40)}w.wim`;
    expect(() => refuseUnwritableNames({ ...buildPlan(request(), deps()), image: deep }, 'win32')).toThrow(
      /would be \d+ characters long, more than Windows paths take \(259\)/,
    );
  });
  it('FAT32 and an image that may reach 4 GiB', () => {
    const spaceOf = () => ({ freeBytes: 100 * GiB, kind: 'fat32' as const });
    expect(refusal(() => buildPlan(request(), deps({ spaceOf })))).toMatch(
      /FAT32, which cannot hold a file of 4 GiB or more.*exFAT or NTFS volume or a network share/,
    );
    expect(buildPlan(request(), deps({ spaceOf, sourceBytes: GiB })).space.fileSystem).toBe('fat32');
  });
  it("a --config that does not exist; a WimScript.ini beside the image that is not preflight's", () => {
    expect(refusal(() => buildPlan(request({ config: join(tmp, 'none.ini') }), deps()))).toMatch(/--config .*no such file/);
    writeFileSync(join(dest, 'custom.WimScript.ini'), '[ExclusionList]\n\\foo\n');
    expect(refusal(() => buildPlan(request({ image: join(dest, 'custom.wim') }), deps()))).toMatch(/is not preflight's/);
    writeFileSync(join(dest, 'ours.WimScript.ini'), wimScriptIni());
    expect(buildPlan(request({ image: join(dest, 'ours.wim') }), deps()).writesConfig).toBe(false);
  });
  it('a --scratch on the source', () => {
    expect(refusal(() => buildPlan(request({ engine: 'dism', scratch: join(source, 'scratch') }), deps()))).toMatch(
      /--scratch .* is on the source/,
    );
  });
});

describe('Windows sources', () => {
  it('"D:" alone is the volume D:\\, not the current folder of D:', () => {
    expect(captureRoot('D:', 'win32')).toBe('D:\\');
    expect(captureRoot('d:\\', 'win32')).toBe('d:\\');
    expect(captureRoot('D:\\Windows\\..', 'win32')).toBe('D:\\');
  });
});

describe('engine argument lists', () => {
  it('dism: one element per option; the values keep their spaces, quotes and accents', () => {
    const plan = buildPlan(
      request({ engine: 'dism', description: 'ref image', checkIntegrity: true, compress: 'max' }),
      deps({ program: 'C:\\Windows\\System32\\Dism.exe' }),
    );
    expect(plan.command.args).toEqual([
      '/Capture-Image',
      `/ImageFile:${join(dest, 'win11.wim')}`,
      `/CaptureDir:${source}`,
      '/Name:Windows 11 "Ref" — Zürich',
      '/Description:ref image',
      `/ConfigFile:${join(dest, 'win11.WimScript.ini')}`,
      '/Compress:max',
      '/CheckIntegrity',
      `/ScratchDir:${join(dest, 'win11.scratch')}`,
      `/LogPath:${join(dest, 'win11.1.dism.log')}`,
      '/English',
    ]);
  });
  it("wimlib: capture OPTIONS -- SOURCE WIMFILE NAME [DESCRIPTION], compression spelled out; append keeps the file's", () => {
    const plan = buildPlan(request({ description: 'd' }), deps());
    expect(plan.command.args).toEqual([
      'capture',
      `--config=${join(dest, 'win11.WimScript.ini')}`,
      '--compress=XPRESS',
      '--',
      source,
      join(dest, 'win11.wim'),
      'Windows 11 "Ref" — Zürich',
      'd',
    ]);
    // A name or description that looks like an option stays after "--", where wimlib reads no option.
    const hostile = buildPlan(request({ name: '--dereference', description: '--unix-data' }), deps());
    expect(hostile.command.args.slice(hostile.command.args.indexOf('--'))).toEqual([
      '--',
      source,
      join(dest, 'win11.wim'),
      '--dereference',
      '--unix-data',
    ]);
    writeFileSync(join(dest, 'app.wim'), 'x');
    const images = [{ index: 1, name: 'Base', description: null, totalBytes: 1, files: 1, directories: 1 }];
    const append = buildPlan(request({ append: true, image: join(dest, 'app.wim'), name: 'N', checkIntegrity: true }), deps({ images }));
    expect(append.command.args).toEqual([
      'append',
      `--config=${join(dest, 'app.WimScript.ini')}`,
      '--check',
      '--',
      source,
      join(dest, 'app.wim'),
      'N',
    ]);
  });
});

describe('locating the engines', () => {
  const isFile = (set: string[]) => (p: string) => set.includes(p);
  it('dism: %SystemRoot%\\System32\\Dism.exe on Windows; PREFLIGHT_DISM (tests) first; elsewhere missing with what was looked for', () => {
    expect(
      locateEngine('dism', {
        platform: 'win32',
        env: { SystemRoot: 'X:\\Windows' },
        execPath: 'E:\\preflight.exe',
        isFile: isFile(['X:\\Windows\\System32\\Dism.exe']),
      }),
    ).toEqual({ found: true, program: 'X:\\Windows\\System32\\Dism.exe' });
    expect(
      locateEngine('dism', { platform: 'linux', env: { PREFLIGHT_DISM: '/t/standin' }, execPath: '/n', isFile: isFile(['/t/standin']) }),
    ).toEqual({ found: true, program: '/t/standin' });
    expect(locateEngine('dism', { platform: 'linux', env: {}, execPath: '/n', isFile: isFile([]) })).toMatchObject({
      found: false,
      lookedFor: expect.stringMatching(/Dism\.exe/),
    });
  });
  it('wimlib on Windows: beside preflight.exe first, then PATH', () => {
    const ctx = { platform: 'win32' as const, env: { PATH: 'C:\\tools;D:\\bin' }, execPath: 'E:\\stick\\preflight.exe' };
    expect(locateEngine('wimlib', { ...ctx, isFile: isFile(['E:\\stick\\wimlib-imagex.exe', 'D:\\bin\\wimlib-imagex.exe']) })).toEqual({
      found: true,
      program: 'E:\\stick\\wimlib-imagex.exe',
    });
    expect(locateEngine('wimlib', { ...ctx, isFile: isFile(['D:\\bin\\wimlib-imagex.exe']) })).toEqual({
      found: true,
      program: 'D:\\bin\\wimlib-imagex.exe',
    });
    expect(locateEngine('wimlib', { ...ctx, isFile: isFile([]) })).toEqual({
      found: false,
      lookedFor: 'wimlib-imagex.exe beside preflight.exe or on PATH',
    });
  });
});

describe('destination file system from a boot sector', () => {
  const sector = (at: number, text: string) => {
    const b = new Uint8Array(512);
    b.set(Buffer.from(text, 'latin1'), at);
    return b;
  };
  it.each([
    [sector(3, 'NTFS    '), 'ntfs'],
    [sector(3, 'EXFAT   '), 'exfat'],
    [sector(0x52, 'FAT32   '), 'fat32'],
    [sector(0x36, 'FAT16   '), 'fat'],
    [new Uint8Array(512), 'other'],
  ])('%#', (s, kind) => expect(bootSectorKind(s)).toBe(kind));
});
