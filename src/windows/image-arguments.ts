// Which command-line arguments name a WIM/ESD image (`IMAGE.wim`, `IMAGE.wim:2`, `IMAGE.esd:NAME`): apart
// from the image reader itself (image-scan.ts), which only a run that names an image loads.
import { existsSync, statSync } from 'node:fs';

const IMAGE_ARGUMENT = /^(.*\.(?:wim|esd|swm))(?::([^:\\/]+))?$/i;

export interface ImageArgument {
  /** As the technician typed it. */
  given: string;
  file: string;
  /** Index or image name after the colon; null for every image. */
  image: string | null;
}

/** The arguments that name a WIM/ESD file (optionally `:N` or `:NAME`), and the rest. */
export function splitImageArguments(args: readonly string[]): { images: ImageArgument[]; others: string[] } {
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
