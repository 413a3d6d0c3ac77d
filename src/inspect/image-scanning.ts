// The WIM reader and the scanning of the installations inside an image (src/windows/image-scan.ts) are loaded
// only by a run that names an image: a check of a folder or a drive never runs them, and on Linux their code
// (a fifth of what a check of a folder would load) is a chunk of its own, read only then (build/chunks.mjs).
// Each command that inspects what it was given loads them first, while it may still wait
// (loadImageScanning); the inspection itself stays synchronous and takes them from here (imageScanning).
import type * as ImageScan from '../windows/image-scan';
import { splitImageArguments } from '../windows/image-arguments';

let loaded: typeof ImageScan | null = null;

/** Loads image scanning when one of `volumes` names an image file; nothing otherwise. */
export async function loadImageScanning(volumes: readonly string[]): Promise<void> {
  if (loaded === null && splitImageArguments(volumes).images.length > 0) loaded = await import('../windows/image-scan');
}

/** Image scanning, which loadImageScanning must have loaded for the volumes being inspected. */
export function imageScanning(): typeof ImageScan {
  if (loaded === null) throw new Error('internal error: an image is inspected before image scanning was loaded (loadImageScanning)');
  return loaded;
}
