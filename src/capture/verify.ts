// Reading the image back with the engine that wrote it: the image must be there, under the given name
// and the expected index, with a plausible size and the file count the source had (minus exclusions).
// --verify also hashes the whole file (SHA-256) for the record, so a copy can be checked later. What the
// image holds is then read by preflight itself (read-back.ts) and kept here as `readBack`.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { ENGINES } from './engines';
import { dismFfuInfoCommand, parseDismInfo } from './engines/dism';
import type { ImageEntry } from './engines/image-info';
import { runEngineQuietly } from './run-engine';
import type { ReadBack } from './read-back';
import type { CapturePlan, EngineName } from './types';

export interface Verification {
  ok: boolean;
  problems: string[];
  index: number | null;
  image: ImageEntry | null;
  imageCount: number;
  expectedFiles: number;
  sha256: string | null;
  /** The image read back by preflight's own reader and judged again (read-back.ts); null for an FFU or when the engine found no image to read. */
  readBack: ReadBack | null;
}

/** The images an engine lists in a file ([] when it cannot read it). */
export function listImages(engineName: EngineName, program: string, image: string): ImageEntry[] {
  return listing(engineName, program, image).images;
}

/** The engine's list of the images in a file, and, when it listed none, why: its exit code and last line. */
function listing(engineName: EngineName, program: string, image: string): { images: ImageEntry[]; why: string } {
  const engine = ENGINES[engineName];
  const r = runEngineQuietly(engine.infoCommand(program, image, null));
  const images = r.status === 0 ? engine.parseInfo(r.text) : [];
  if (images.length > 0) return { images, why: '' };
  const { exit, last } = engineAnswer(r);
  return { images, why: `${exit}: ${last}` };
}

/** How an engine run that gave no usable listing ended: its exit code ("exit 2") and last line of output. */
function engineAnswer(r: { status: number | null; text: string; error: string | null }): { exit: string; last: string } {
  const last =
    r.error ??
    r.text
      .split(/\r?\n/)
      .filter((l) => l.trim())
      .slice(-1)[0] ??
    'no output';
  return { exit: `exit ${r.status ?? 'none'}`, last: last.trim() };
}

/** A verification before anything is found: not ok, nothing read back yet. */
function unverified(problems: string[], imageCount: number, expectedFiles: number): Verification {
  return { ok: false, problems, index: null, image: null, imageCount, expectedFiles, sha256: null, readBack: null };
}

export async function verifyImage(plan: CapturePlan, hash: boolean): Promise<Verification> {
  if (plan.request.format === 'ffu') return verifyFfu(plan, hash);
  const problems: string[] = [];
  const { images: all, why } = listing(plan.command.engine, plan.command.program, plan.image);
  const named = all.filter((i) => i.name === plan.request.name);
  const expectedIndex = plan.index;
  const v = unverified(problems, all.length, plan.space.sourceFiles);
  if (all.length === 0) {
    problems.push(`${plan.image} cannot be read back by ${plan.command.engine} (${why})`);
    return v;
  }
  if (named.length !== 1) {
    problems.push(`${plan.image} holds ${named.length} images named "${plan.request.name}", not one`);
    return v;
  }
  v.index = named[0].index;
  if (v.index !== expectedIndex) problems.push(`the image is index ${v.index}, not ${expectedIndex} as expected`);
  // wimlib lists the file counts already; DISM gives them only with /Index (one more run).
  const listed = named[0].files !== null ? named[0] : byIndex(plan, named[0].index, problems);
  const detail = listed ?? named[0];
  v.image = detail;
  if (
    detail.totalBytes !== null &&
    plan.space.sourceBytes > 0 &&
    (detail.totalBytes === 0 || detail.totalBytes > plan.space.sourceBytes * 1.1 + 1024 * 1024)
  ) {
    problems.push(`the image holds ${detail.totalBytes} bytes of files, implausible for ${plan.space.sourceBytes} bytes at the source`);
  }
  // A listing that failed was said by byIndex; one that answered without a count is said here.
  if (detail.files === null) {
    if (listed !== null) problems.push('the engine reports no file count');
  } else if (!filesPlausible(detail.files, plan.space.sourceFiles))
    problems.push(`the image holds ${detail.files} files, the source ${plan.space.sourceFiles} (after exclusions)`);
  if (hash) v.sha256 = await sha256Of(plan.image);
  v.ok = problems.length === 0;
  return v;
}

/**
 * The engine's listing of one image (DISM gives file counts only with /Index). A listing that did not run
 * or did not answer is said with its exit code and last line, not taken for an image without a file count.
 */
function byIndex(plan: CapturePlan, index: number, problems: string[]): ImageEntry | null {
  const engine = ENGINES[plan.command.engine];
  const r = runEngineQuietly(engine.infoCommand(plan.command.program, plan.image, index));
  const found = r.status === 0 ? (engine.parseInfo(r.text).find((i) => i.index === index) ?? null) : null;
  if (found === null) {
    const { exit, last } = engineAnswer(r);
    problems.push(`${plan.command.engine} could not list image ${index} (${exit}): ${last}`);
  }
  return found;
}

/**
 * An FFU read back by DISM: one image, index 1, under the name given. An FFU holds sectors, not files, so
 * there is no file count to compare; its size says little before compression, so it is only recorded.
 */
async function verifyFfu(plan: CapturePlan, hash: boolean): Promise<Verification> {
  const r = runEngineQuietly(dismFfuInfoCommand(plan.command.program, plan.image));
  const all = r.status === 0 ? parseDismInfo(r.text) : [];
  const problems: string[] = [];
  const v = unverified(problems, all.length, 0);
  const named = all.filter((i) => i.name === plan.request.name);
  if (all.length === 0) {
    const { exit, last } = engineAnswer(r);
    problems.push(`${plan.image} cannot be read back by DISM (/Get-ImageInfo, ${exit}: ${last})`);
  } else if (named.length !== 1) problems.push(`${plan.image} holds ${named.length} images named "${plan.request.name}", not one`);
  else {
    v.index = named[0].index;
    v.image = named[0];
    if (v.index !== 1) problems.push(`the image is index ${v.index}, not 1 as an FFU's`);
  }
  if (problems.length === 0 && hash) v.sha256 = await sha256Of(plan.image);
  v.ok = problems.length === 0;
  return v;
}

/**
 * The engine's verification joined with preflight's read-back: the problems of both, verified only when
 * both are satisfied.
 */
export function withReadBack(v: Verification, readBack: ReadBack): Verification {
  const problems = [...v.problems, ...readBack.problems];
  return { ...v, problems, ok: problems.length === 0, readBack };
}

/** Equal for a quiet source; a few files may appear or vanish on a real volume (or be unreadable): 1 %. */
export function filesPlausible(imageFiles: number, sourceFiles: number): boolean {
  if (sourceFiles === 0) return imageFiles >= 0;
  return Math.abs(imageFiles - sourceFiles) <= Math.max(0, Math.floor(sourceFiles * 0.01));
}

export function sha256Of(file: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const h = createHash('sha256');
    createReadStream(file, { highWaterMark: 1 << 20 })
      .on('data', (c) => h.update(c))
      .on('error', reject)
      .on('end', () => resolve(h.digest('hex')));
  });
}
