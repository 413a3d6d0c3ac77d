// `check IMAGE.wim[:N|:NAME]`: the installations inside WIM/ESD images, inspected through ImageFs exactly
// as those on a volume. Every image of the file, or the one named by index or by its XML NAME (as DISM's
// /Index and /Name). Each installation's volume label is `<file>:<index>`, so reports say where it came
// from. A file that is not a readable WIM is bad input (the caller's exit 4); an image whose own metadata
// is damaged — on opening, or in a directory the inspection looks into — or a hive chunk of which does not
// decode is an unreadable volume of the report, never a crash.
import { Wim, WimError } from '../wim';
import type { ImageSourceFacts, InstallationFacts, UnreadableVolume } from './facts';
import { ImageFs } from './image-fs';
import { inspectInstallation } from './installation';
import { findInstallations } from './locate';
import { upcaseName } from './volume-fs';
import { ImageArgumentError, type ImageArgument } from './image-arguments';

export interface ImageScan {
  scannedVolumes: string[];
  installations: InstallationFacts[];
  unreadable: UnreadableVolume[];
  withoutWindows: string[];
}

export function scanImages(args: ImageArgument[]): ImageScan {
  const result: ImageScan = { scannedVolumes: [], installations: [], unreadable: [], withoutWindows: [] };
  for (const arg of args) {
    let wim: Wim;
    try {
      wim = Wim.open(arg.file);
    } catch (e) {
      if (e instanceof WimError) throw new ImageArgumentError(`${arg.given}: ${e.reason}`);
      throw e;
    }
    try {
      let indexes: number[];
      if (arg.image === null) indexes = Array.from({ length: wim.imageCount }, (_, i) => i + 1);
      else {
        const n = wim.resolveImage(arg.image);
        if (n === null)
          throw new ImageArgumentError(
            `${arg.given}: no image ${/^\d+$/.test(arg.image) ? arg.image : `named "${arg.image}"`} in ${arg.file} (it holds ${wim.imageCount}: ${wim.xml.images.map((i) => `${i.index} ${i.name ?? ''}`.trim()).join(', ')})`,
          );
        indexes = [n];
      }
      for (const index of indexes) scanImageIndex(wim, arg.file, index, result);
    } finally {
      wim.close();
    }
  }
  return result;
}

/**
 * One image of an open WIM, labelled `<file>:<index>`, added to `result`: its installations, or why it cannot
 * be read. The capture's read-back (src/capture/read-back.ts) calls it on the Wim it already opened, so the
 * image's metadata is read once.
 */
export function scanImageIndex(wim: Wim, file: string, index: number, result: ImageScan): void {
  const label = `${file}:${index}`;
  result.scannedVolumes.push(label);
  const unreadable = (e: WimError) =>
    result.unreadable.push({
      volume: label,
      reason: 'unreadable',
      detail: `the image cannot be read: ${e.message}`,
      evidence: [{ source: 'file', path: label, detail: e.reason }],
    });
  let image: ImageFs;
  try {
    image = new ImageFs(wim, index);
  } catch (e) {
    if (!(e instanceof WimError)) throw e;
    unreadable(e);
    return;
  }
  const locations = findInstallations(image);
  const installations: InstallationFacts[] = [];
  const info = wim.xml.images.find((i) => i.index === index) ?? null;
  const described = describedInstallation(
    locations.map((l) => l.windowsDir),
    info?.windows?.systemRoot ?? null,
  );
  for (const loc of locations) {
    // The XML's WINDOWS element describes one system root (SYSTEMROOT): a second Windows in the same image
    // has no edition or build of its own there, and is not compared with another's (IMG001).
    const windows = loc.windowsDir === described ? (info?.windows ?? null) : null;
    const source: ImageSourceFacts = {
      file,
      index,
      name: info?.name ?? null,
      description: info?.description ?? null,
      flags: info?.flags ?? null,
      editionId: windows?.editionId ?? null,
      productName: windows?.productName ?? null,
      build: windows?.version?.build ?? null,
    };
    installations.push(inspectInstallation(image, label, loc.windowsDir, { image: source }));
  }
  // Damage found on the way (a directory list, parsed as it is looked up, or a hive chunk that did not decode,
  // see ImageFs.damage): the image is unreadable, as when the damage is found on opening; what was read
  // around it is not trusted.
  if (image.damage) {
    unreadable(image.damage);
    return;
  }
  // The directories were read piece by piece, unhashed: a changed byte in a name would make a file look
  // absent and its finding vanish (a better verdict from damage). So the whole metadata resource is read
  // and its SHA-1 checked before anything found in it is judged; a mismatch makes the image unreadable.
  try {
    wim.image(index).verifyMetadata();
  } catch (e) {
    if (!(e instanceof WimError)) throw e;
    unreadable(e);
    return;
  }
  if (locations.length === 0) result.withoutWindows.push(label);
  result.installations.push(...installations);
}

/**
 * The installation the image's XML WINDOWS element describes: the one at its SYSTEMROOT (case-insensitive,
 * as NTFS names), else `Windows`, else the first. DISM and wimlib fill that element from one system root's
 * hives (wimlib src/xml_windows.c picks the best-scoring root, `Windows` on a tie).
 */
function describedInstallation(windowsDirs: string[], systemRoot: string | null): string | null {
  const want = upcaseName(systemRoot?.replace(/^\\+/, '') ?? 'Windows');
  const named = windowsDirs.find((d) => upcaseName(d) === want) ?? null;
  return systemRoot !== null ? named : (named ?? windowsDirs[0] ?? null);
}
