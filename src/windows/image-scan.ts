// `check IMAGE.wim[:N|:NAME]`: the installations inside WIM/ESD images, inspected through ImageFs exactly
// as those on a volume. Every image of the file, or the one named by index or by its XML NAME (as DISM's
// /Index and /Name). Each installation's volume label is `<file>:<index>`, so reports say where it came
// from. A file that is not a readable WIM is bad input (the caller's exit 4); an image whose own metadata
// is damaged is an unreadable volume of the report, never a crash.
import { existsSync, statSync } from 'node:fs';
import { Wim, WimError } from '../wim';
import type { ImageSourceFacts, InstallationFacts, UnreadableVolume } from './facts';
import { ImageFs } from './image-fs';
import { inspectInstallation } from './installation';
import { findInstallations } from './locate';

const IMAGE_ARGUMENT = /^(.*\.(?:wim|esd|swm))(?::([^:\\/]+))?$/i;

export interface ImageArgument {
  /** As the technician typed it. */
  given: string;
  file: string;
  /** Index or image name after the colon; null for every image. */
  image: string | null;
}

/** The arguments that name a WIM/ESD file (optionally `:N` or `:NAME`), and the rest. */
export function splitImageArguments(args: string[]): { images: ImageArgument[]; others: string[] } {
  const images: ImageArgument[] = [];
  const others: string[] = [];
  for (const given of args) {
    const m = IMAGE_ARGUMENT.exec(given);
    // `C:\images\x.wim` has a drive colon, not an image selector: the regex only takes a colon after the extension.
    if (m && existsSync(m[1]) && statSync(m[1]).isFile()) images.push({ given, file: m[1], image: m[2] ?? null });
    else others.push(given);
  }
  return { images, others };
}

export class ImageArgumentError extends Error {}

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
  let fs: ImageFs;
  try {
    fs = new ImageFs(wim, index);
  } catch (e) {
    if (!(e instanceof WimError)) throw e;
    result.unreadable.push({
      volume: label,
      reason: 'unreadable',
      detail: `the image cannot be read: ${e.message}`,
      evidence: [{ source: 'file', path: label, detail: e.reason }],
    });
    return;
  }
  const locations = findInstallations(fs);
  if (locations.length === 0) result.withoutWindows.push(label);
  const info = wim.xml.images.find((i) => i.index === index) ?? null;
  for (const loc of locations) {
    const image: ImageSourceFacts = {
      file,
      index,
      name: info?.name ?? null,
      description: info?.description ?? null,
      flags: info?.flags ?? null,
      editionId: info?.windows?.editionId ?? null,
      productName: info?.windows?.productName ?? null,
      build: info?.windows?.version?.build ?? null,
    };
    result.installations.push(inspectInstallation(fs, label, loc.windowsDir, { image }));
  }
}
