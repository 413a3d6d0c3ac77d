// The plan: everything decided before a byte is written, and every reason to refuse found now rather
// than at 99 %. The destination stays off the source (by real path, as check --out does) and off WinPE's
// RAM disk; its free space must hold the source's data uncompressed (the worst case) plus a margin;
// FAT32 cannot hold a file of 4 GiB; --append needs an existing image and a new name; DISM's scratch
// folder goes on the destination's disk, never WinPE's 32 MB default.
import * as fs from 'node:fs';
import * as nodePath from 'node:path';
import { placementOf } from '../host/placement';
import { spaceOf as realSpaceOf, type SpaceInfo } from '../host/file-system';
import { ENGINES } from './engines';
import type { ImageEntry } from './engines/image-info';
import { PlanRefusal } from './errors';
import { wimScriptIni } from './exclusions';
import { measureSource as realMeasureSource, type SourceUsage } from './source-usage';
import { mountOf, type MountEntry } from '../host/mounts';
import { refuseNtfsDirectoryCapture } from './source-root';
import type { CapturePlan, CaptureRequest } from './types';

/**
 * The space estimate is the worst case: every byte stored as it is. Windows installations usually
 * compress to ~55 % (XPRESS) or ~45 % (LZX), but data that does not compress (media, archives, encrypted
 * or already compressed files) is stored uncompressed, and 1 GiB of it planned at the usual ratio
 * (~600 MiB) wrote 1003 MiB. preflight does not know the data better than that, so it plans for all of it.
 */
export const ESTIMATE = 'the worst case: every byte stored uncompressed (data that does not compress is stored as is)';
/** Said before a DISM append (see buildPlan). */
export const DISM_APPEND_RISK =
  'DISM: running out of space while appending can corrupt the .wim and the images already in it (Microsoft); keep a copy of';
/** On top of the estimate: 5 % and 16 MiB for metadata, the integrity table and a log or two. */
export const MARGIN_FRACTION = 0.05;
export const MARGIN_BYTES = 16 * 1024 * 1024;
/** FAT32 and FAT16 store file sizes in 32 bits. */
export const FAT_MAX_FILE = 2 ** 32 - 1;

export interface PlanDeps {
  platform: NodeJS.Platform;
  env: Record<string, string | undefined>;
  spaceOf: (dir: string) => SpaceInfo;
  measureSource: (root: string) => SourceUsage;
  /** The images already in a file (engine's info), for --append. */
  listImages: (image: string) => ImageEntry[];
  /** The located engine program. */
  program: string;
  /** The mount a folder lies on (Linux: /proc/self/mountinfo), to tell an NTFS mount. */
  mountOf: (dir: string) => MountEntry | null;
}

export function defaultPlanDeps(program: string, listImages: PlanDeps['listImages']): PlanDeps {
  return {
    platform: process.platform,
    env: process.env,
    spaceOf: (d) => realSpaceOf(d),
    measureSource: realMeasureSource,
    listImages,
    program,
    mountOf: (d) => mountOf(d),
  };
}

const MiB = 1024 * 1024;
export const mib = (n: number) => `${(n / MiB).toFixed(n < 10 * MiB ? 1 : 0)} MiB`;

export function neededBytes(sourceBytes: number): number {
  return Math.ceil(sourceBytes * (1 + MARGIN_FRACTION) + MARGIN_BYTES);
}

/** Files next to the image share its base name: E:\img\win11.wim → E:\img\win11.capture.json, … */
export function sideFile(image: string, suffix: string, path: typeof nodePath.posix): string {
  const ext = path.extname(image);
  return path.join(path.dirname(image), path.basename(image, ext) + suffix);
}

export function isDirectory(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}

export function fileSize(p: string): number | null {
  try {
    const st = fs.statSync(p);
    return st.isFile() ? st.size : null;
  } catch {
    return null;
  }
}

/** The absolute folder to capture. On Windows "D:" alone means the current folder of D:; a volume is meant. */
export function captureRoot(given: string, platform: NodeJS.Platform): string {
  const path = platform === 'win32' ? nodePath.win32 : nodePath.posix;
  return path.resolve(platform === 'win32' && /^[A-Za-z]:$/.test(given) ? `${given}\\` : given);
}

/**
 * The destination must hold the estimate, and a FAT32 destination cannot hold a file of 4 GiB: both are
 * refused now, not at 99 %. `what` says what the estimate is of ("1200 MiB to capture").
 */
export function refuseUnlessRoom(destDir: string, space: SpaceInfo, needed: number, existing: number, what: string): void {
  if (space.freeBytes < needed) {
    throw new PlanRefusal(
      `not enough room at ${destDir}: ${mib(space.freeBytes)} free, about ${mib(needed)} needed (${what}, planned for ${ESTIMATE}, plus a margin)`,
    );
  }
  if ((space.kind === 'fat32' || space.kind === 'fat') && existing + needed > FAT_MAX_FILE) {
    throw new PlanRefusal(
      `${destDir} is FAT32, which cannot hold a file of 4 GiB or more, and this image may reach ${mib(existing + needed)}; ` +
        `write it to an exFAT or NTFS volume or a network share`,
    );
  }
}

/** Refuses a path on one of `volumes` (what is captured) or on WinPE's X: RAM disk. */
export function refuseOnCaptured(
  what: string,
  p: string,
  volumes: string[],
  captured: string,
  guard: { platform: NodeJS.Platform; env: Record<string, string | undefined> },
): void {
  const where = placementOf(p, volumes, guard);
  if (where.onVolume !== null)
    throw new PlanRefusal(`${what} ${p} is on ${captured}; write the image to another volume (a capture never writes to what it reads)`);
  if (where.onRamDisk)
    throw new PlanRefusal(`${what} ${p} is on X:, WinPE's RAM disk, which is lost at reboot and far too small; use another volume`);
}

/** The longest file name a file system takes (NTFS, exFAT, ext4: 255 UTF-16 units or bytes). */
export const NAME_MAX = 255;
/** Windows' MAX_PATH: DISM, and WinPE without long paths enabled, fail on a longer path. */
export const WINDOWS_MAX_PATH = 259;

/**
 * Every file and folder the capture will write (the image, its record, logs, exclusion list, scratch),
 * checked before anything is written: a name the file system cannot hold would otherwise fail half-way
 * (ENAMETOOLONG on a side file, after the engine ran).
 */
export function refuseUnwritableNames(plan: Omit<CapturePlan, 'command'>, platform: NodeJS.Platform): void {
  const path = platform === 'win32' ? nodePath.win32 : nodePath.posix;
  const written = [
    plan.image,
    plan.recordFile,
    plan.cmtraceLog,
    plan.engineLog,
    plan.scratchDir,
    ...(plan.writesConfig && plan.configFile !== null ? [plan.configFile] : []),
  ];
  for (const p of written) {
    const name = path.basename(p);
    const length = platform === 'win32' ? name.length : Buffer.byteLength(name);
    if (length > NAME_MAX) {
      throw new PlanRefusal(
        `--image ${plan.request.image}: a file beside it would be named with ${length} ${platform === 'win32' ? 'characters' : 'bytes'} (${name.slice(0, 40)}…), more than a file system takes (${NAME_MAX}); choose a shorter image name`,
      );
    }
    if (platform === 'win32' && p.length > WINDOWS_MAX_PATH) {
      throw new PlanRefusal(
        `--image ${plan.request.image}: ${p.slice(0, 40)}… would be ${p.length} characters long, more than Windows paths take (${WINDOWS_MAX_PATH}); choose a shorter folder or image name`,
      );
    }
  }
}

export function buildPlan(request: CaptureRequest, deps: PlanDeps): CapturePlan {
  const path = deps.platform === 'win32' ? nodePath.win32 : nodePath.posix;
  const guard = { platform: deps.platform, env: deps.env };
  const source = captureRoot(request.source, deps.platform);
  if (!isDirectory(source)) throw new PlanRefusal(`${request.source}: no such volume or folder to capture`);
  const image = path.resolve(request.image);
  const destDir = path.dirname(image);

  const refuseOnSource = (what: string, p: string) => refuseOnCaptured(what, p, [source], `the source ${request.source}`, guard);
  refuseOnSource('--image', image);
  if (!isDirectory(destDir)) throw new PlanRefusal(`--image ${request.image}: the folder ${destDir} does not exist (create it first)`);

  // Append needs the file; a new capture must not silently replace one (DISM refuses with error 80).
  const existing = fileSize(image);
  let index = 1;
  if (request.append) {
    if (existing === null) throw new PlanRefusal(`--append: ${request.image} does not exist (capture without --append to create it)`);
    const images = deps.listImages(image);
    if (images.length === 0) throw new PlanRefusal(`--append: ${request.image} cannot be read as a WIM by ${request.engine}`);
    index = images.length + 1;
    const taken = images.find((i) => i.name.toLowerCase() === request.name.toLowerCase());
    if (taken)
      throw new PlanRefusal(
        `--append: ${request.image} already holds an image named "${taken.name}" (index ${taken.index}); choose another --name`,
      );
  } else if (existing !== null || fs.existsSync(image)) {
    throw new PlanRefusal(`--image ${request.image} already exists; use --append to add an image to it, or another file name`);
  }

  let configFile: string;
  let writesConfig = false;
  if (request.config !== null) {
    configFile = path.resolve(request.config);
    if (fileSize(configFile) === null) throw new PlanRefusal(`--config ${request.config}: no such file`);
  } else {
    // One exclusion list per image file; an --append reuses the one preflight wrote for the first image.
    configFile = sideFile(image, '.WimScript.ini', path);
    if (!fs.existsSync(configFile)) writesConfig = true;
    else if (fs.readFileSync(configFile, 'utf8') !== wimScriptIni())
      throw new PlanRefusal(`${configFile} exists and is not preflight's; pass it with --config or remove it`);
  }

  const scratchDir = request.scratch !== null ? path.resolve(request.scratch) : sideFile(image, '.scratch', path);
  if (request.scratch !== null) refuseOnSource('--scratch', scratchDir);

  const usage = deps.measureSource(source);
  const space = deps.spaceOf(destDir);
  // DISM: Microsoft documents that running out of space during /Append-Image can corrupt the .wim (its
  // earlier images included), so an append with DISM also needs the room for a copy of the file, which
  // the plan tells the technician to make first. wimlib appends after the old data and rewrites the
  // header last, so a failed append leaves the earlier images readable.
  const copyBytes = request.append && request.engine === 'dism' ? (existing ?? 0) : 0;
  const needed = neededBytes(usage.bytes) + copyBytes;
  const what = `${mib(usage.bytes)} to capture${copyBytes ? ` and ${mib(copyBytes)} for a copy of the .wim to keep before DISM appends` : ''}`;
  refuseUnlessRoom(destDir, space, needed, existing ?? 0, what);

  const engine = ENGINES[request.engine];
  const draft: Omit<CapturePlan, 'command'> = {
    request,
    source,
    image,
    imageExisted: existing !== null,
    imageSizeBefore: existing ?? 0,
    configFile,
    writesConfig,
    index,
    scratchDir,
    // Per image of the file (win11.1.capture.json, win11.2.…): an --append keeps the first capture's record.
    engineLog: sideFile(image, `.${index}${engine.logSuffix}`, path),
    cmtraceLog: sideFile(image, `.${index}.preflight.log`, path),
    recordFile: sideFile(image, `.${index}.capture.json`, path),
    space: {
      sourceBytes: usage.bytes,
      sourceFiles: usage.files,
      excludedFiles: usage.excludedFiles,
      excludedBytes: usage.excludedBytes,
      neededBytes: needed,
      estimate: ESTIMATE,
      freeBytes: space.freeBytes,
      fileSystem: space.kind,
      largestFileBytes: usage.largestFileBytes,
    },
  };
  refuseUnwritableNames(draft, deps.platform);
  refuseNtfsDirectoryCapture(draft, deps.platform === 'win32' ? null : deps.mountOf(source));
  return { ...draft, command: { engine: request.engine, program: deps.program, args: engine.captureArgs(draft) } };
}
