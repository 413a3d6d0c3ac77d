// `check IMAGE.wim` judges the installation inside an image as `check` judges the folder it was captured
// from: same facts (but the volume label), same verdict and finding ids, same machine SID and image state —
// for generalized, not-generalized and dirty-hive (recovered from their logs inside the image) volumes.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { reportFromFacts } from '../../src/inspect/report';
import { ImageArgumentError, splitImageArguments } from '../../src/windows/image-arguments';
import { scanImages } from '../../src/windows/image-scan';
import { scanVolumes } from '../../src/windows/scan';
import type { InstallationFacts } from '../../src/windows/facts';
import { buildScenario, buildWindowsVolume, type ScenarioName } from '../../src/sample/windows-volume';
import { Wim } from '../../src/wim';
import { wimlib, wimlibAvailable } from '../support/wimlib';
import { deepFolderImage, duplicateInDeep, editedCopy } from './deep-folder';
import { rawMetadata, renameDentry } from './patch';

const ready = wimlibAvailable();

function normalized(f: InstallationFacts, label: string): unknown {
  return JSON.parse(JSON.stringify(f).split(JSON.stringify(label).slice(1, -1)).join('<VOLUME>'));
}

function judged(installations: InstallationFacts[]) {
  const r = reportFromFacts({
    toolVersion: 't',
    scannedVolumes: [],
    installations,
    unreadable: [],
    disks: [],
    host: null as never,
    generatedAt: new Date(0),
  });
  return { verdict: r.verdict, findings: r.installations.map((i) => i.findings.map((x) => `${x.id}:${x.severity}`).sort()) };
}

describe.skipIf(!ready)('check of an image equals check of its folder', () => {
  const dir = ready ? mkdtempSync(join(tmpdir(), 'preflight-wim-check-')) : '';
  for (const [scenario, compress, verdict] of [
    ['generalized-win11', 'lzx', 'ready'],
    ['not-generalized-win11', 'xpress', 'blocked'],
    ['dirty-hives', 'lzms', null],
  ] as [ScenarioName, string, string | null][]) {
    it(`${scenario} (${compress})`, () => {
      const [root] = buildScenario(join(dir, scenario), scenario);
      const wim = join(dir, `${scenario}.wim`);
      wimlib(['capture', root, wim, scenario, `--compress=${compress}`]);
      const folder = scanVolumes([root]);
      const { images, others } = splitImageArguments([`${wim}:1`]);
      expect(others).toEqual([]);
      const image = scanImages(images);
      expect(image.installations.length).toBe(1);
      expect(image.installations[0].volume).toBe(`${wim}:1`);
      const a = folder.installations[0];
      const b = image.installations[0];
      expect(b.hives.every((h) => h.readable)).toBe(true);
      expect(b.sid.machineSid).toBe(a.sid.machineSid);
      expect(b.generalization).toEqual(a.generalization);
      const { image: source, volumeState, ...fromImage } = b;
      expect(source).toMatchObject({ file: wim, index: 1, name: scenario });
      const { volumeState: folderState, ...fromFolder } = a;
      expect(normalized(fromImage as InstallationFacts, `${wim}:1`)).toEqual(normalized(fromFolder as InstallationFacts, root));
      // What a disk has and a WIM does not is not applicable (the folder has no hiberfil.sys either: there it reads "no");
      // what the image's own registry says is read as on the folder.
      expect(folderState.hibernated).toBe(false);
      expect(volumeState).toMatchObject({ hiberfilPresent: false, hibernated: 'not-applicable', bitlocker: 'not-applicable' });
      expect(volumeState.notApplicable).toBe(
        `read from the image ${wim}:1: a WIM holds files, not a volume's boot sector (BitLocker), its place on a disk or, without a hiberfil.sys, a hibernation state`,
      );
      expect({ ...volumeState, hibernated: null, bitlocker: null, notApplicable: null, evidence: null }).toEqual({
        ...folderState,
        hibernated: null,
        bitlocker: null,
        notApplicable: null,
        evidence: null,
      });
      expect(judged(image.installations)).toEqual(judged(folder.installations));
      if (verdict) expect(judged(image.installations).verdict).toBe(verdict);
      // The dirty hives were brought up to date from their logs read out of the image.
      if (scenario === 'dirty-hives') expect(b.hives.some((h) => h.recovered && h.logsApplied.length > 0)).toBe(true);
    });
  }

  it('images are chosen by index or by name; a wrong one or a file that is no WIM is bad input', () => {
    const wim = join(dir, 'two.wim');
    const [root] = buildScenario(join(dir, 'two'), 'generalized-win11');
    wimlib(['capture', root, wim, 'Gold', '--compress=xpress']);
    wimlib(['append', root, wim, 'Copy']);
    expect(scanImages(splitImageArguments([wim]).images).installations.map((i) => i.volume)).toEqual([`${wim}:1`, `${wim}:2`]);
    expect(scanImages(splitImageArguments([`${wim}:copy`]).images).installations.map((i) => i.volume)).toEqual([`${wim}:2`]);
    expect(() => scanImages(splitImageArguments([`${wim}:3`]).images)).toThrow(ImageArgumentError);
    expect(() => scanImages(splitImageArguments([`${wim}:Nope`]).images)).toThrow(/no image named "Nope"/);
    expect(() => scanImages(splitImageArguments([join(root, 'Windows', 'System32', 'config', 'SYSTEM')]).images)).not.toThrow();
    const notWim = join(root, 'Windows', 'System32', 'config', 'fake.wim');
    writeFileSync(notWim, 'not a wim');
    expect(() => scanImages(splitImageArguments([notWim]).images)).toThrow(/no "MSWIM" magic/);
  });

  it('a damaged directory the check looks into makes the image unreadable, as damage found on opening; one it never lists does not', () => {
    const { wim: clean } = deepFolderImage(dir, 'damaged');
    /** What a walk of the whole tree (the parse on opening, before directories were parsed as listed) throws. */
    const wholeTreeError = (p: string): string => {
      const w = Wim.open(p);
      try {
        w.image(1).parseAll();
        return 'none';
      } catch (e) {
        return (e as Error).message;
      } finally {
        w.close();
      }
    };
    // Two entries named SOFTWARE in Windows\System32\config, which every check lists.
    const reached = editedCopy(clean, join(dir, 'reached.wim'), (m) => renameDentry(m, 'SECURITY', 'SOFTWARE'));
    const r = scanImages(splitImageArguments([reached]).images);
    expect(r.installations).toEqual([]);
    expect(r.withoutWindows).toEqual([]);
    expect(r.unreadable).toEqual([
      {
        volume: `${reached}:1`,
        reason: 'unreadable',
        detail: `the image cannot be read: ${wholeTreeError(reached)}`,
        evidence: [
          { source: 'file', path: `${reached}:1`, detail: expect.stringMatching(/two entries named "SOFTWARE" in one directory/) },
        ],
      },
    ]);
    // Two entries named aa.bin in \Payload\Deep, which no check lists: the image is judged as the clean one.
    const unreached = editedCopy(clean, join(dir, 'unreached.wim'), duplicateInDeep);
    expect(wholeTreeError(unreached)).toMatch(/two entries named "aa.bin"/);
    const [a, b] = [clean, unreached].map((p) => scanImages(splitImageArguments([p]).images));
    expect(b.unreadable).toEqual([]);
    expect(normalized({ ...b.installations[0], image: undefined }, `${unreached}:1`)).toEqual(
      normalized({ ...a.installations[0], image: undefined }, `${clean}:1`),
    );
  });

  it('a changed byte in the directory tree (its SHA-1 no longer matching) is never judged: the image is unreadable', () => {
    const { wim: clean } = deepFolderImage(dir, 'flipped');
    // SECURITY renamed SECURITX and the metadata not re-hashed: its lookups alone would see a Windows without
    // its SECURITY hive, and judge it so.
    const bytes = readFileSync(clean);
    renameDentry(rawMetadata(bytes).meta, 'SECURITY', 'SECURITX');
    const flipped = join(dir, 'flipped-unhashed.wim');
    writeFileSync(flipped, bytes);
    const r = scanImages(splitImageArguments([flipped]).images);
    expect(r.installations).toEqual([]);
    expect(r.unreadable).toEqual([
      {
        volume: `${flipped}:1`,
        reason: 'unreadable',
        detail: expect.stringMatching(/^the image cannot be read: .*image 1 metadata.*SHA-1 is [0-9a-f]{40}, the blob table names/),
        evidence: [{ source: 'file', path: `${flipped}:1`, detail: expect.stringMatching(/SHA-1/) }],
      },
    ]);
    // The same edit re-hashed is read as what it now says: a Windows whose SECURITY hive is missing.
    const rehashed = editedCopy(clean, join(dir, 'flipped-rehashed.wim'), (m) => renameDentry(m, 'SECURITY', 'SECURITX'));
    const judgedImage = scanImages(splitImageArguments([rehashed]).images);
    expect(judgedImage.unreadable).toEqual([]);
    expect(judgedImage.installations[0].hives.find((h) => h.name === 'SECURITY')?.readable).toBe(false);
  });

  it("IMG001: the WIM's XML naming another edition or build than the hives inside is a warning", () => {
    const wim = join(dir, 'edition.wim');
    const [root] = buildScenario(join(dir, 'edition'), 'generalized-win11');
    wimlib(['capture', root, wim, 'Gold', '--compress=xpress']);
    const clean = scanImages(splitImageArguments([wim]).images).installations[0];
    // wimlib wrote the XML from the hives: it agrees with what preflight read from them.
    expect(clean.image).toMatchObject({ index: 1, name: 'Gold', editionId: clean.os.edition, build: clean.os.build });
    expect(judged([clean]).findings[0].some((f) => f.startsWith('IMG001'))).toBe(false);
    wimlib(['info', wim, '1', '--image-property', 'WINDOWS/EDITIONID=Enterprise', '--image-property', 'WINDOWS/VERSION/BUILD=19045']);
    const lying = scanImages(splitImageArguments([wim]).images).installations[0];
    const r = reportFromFacts({
      toolVersion: 't',
      scannedVolumes: [],
      installations: [lying],
      unreadable: [],
      disks: [],
      host: null as never,
      generatedAt: new Date(0),
    });
    const f = r.installations[0].findings.find((x) => x.id === 'IMG001');
    expect(f?.severity).toBe('warn');
    expect(f?.message).toMatch(
      /edition Enterprise in the WIM's XML, Professional in the SOFTWARE hive; build 19045 in the WIM's XML, 26100/,
    );
    // A folder is never judged by IMG001.
    expect(judged(scanVolumes([root]).installations).findings[0].some((x) => x.startsWith('IMG001'))).toBe(false);
  });

  it('IMG001 on a volume of two Windows: the XML describes its SYSTEMROOT only, the other is not compared with it', () => {
    const root = join(dir, 'two-windows');
    buildWindowsVolume(root, { installations: [{ os: 'win11-24h2' }, { os: 'win10-22h2', windowsDir: 'Win10' }] });
    const wim = join(dir, 'two-windows.wim');
    wimlib(['capture', root, wim, 'Two', '--compress=xpress']);
    const [win11, win10] = ['Windows', 'Win10'].map(
      (d) => scanImages(splitImageArguments([wim]).images).installations.find((i) => i.windowsDir === d)!,
    );
    // wimlib described \Windows (its SYSTEMROOT): that one carries the XML's edition and build, and agrees.
    expect(win11.image).toMatchObject({ editionId: win11.os.edition, build: win11.os.build });
    expect(win10.image).toMatchObject({ name: 'Two', editionId: null, productName: null, build: null });
    expect(win10.os.build).not.toBe(win11.os.build);
    expect(
      judged([win11, win10])
        .findings.flat()
        .filter((f) => f.startsWith('IMG001')),
    ).toEqual([]);
    // The XML made to lie about its SYSTEMROOT's Windows: IMG001 on that one alone.
    wimlib(['info', wim, '1', '--image-property', 'WINDOWS/VERSION/BUILD=19045']);
    const again = scanImages(splitImageArguments([wim]).images).installations;
    const findings = judged(again).findings;
    expect(again.map((i, n) => [i.windowsDir, findings[n].some((f) => f.startsWith('IMG001'))])).toEqual(
      again.map((i) => [i.windowsDir, i.windowsDir === 'Windows']),
    );
  });
});
