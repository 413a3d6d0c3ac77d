// The plan of a whole-disk (FFU) capture: the same refusals as a WIM's, found before a byte is written.
// FFU facts (Microsoft, "Capture and apply Windows Full Flash Update (FFU) images"): a sector-based image
// of the whole disk with "no mechanism to exclude specific files"; "You can't capture an FFU of a hard
// drive that uses MBR-based hard partitions" (the dism.log of pbatard/rufus#2889 shows one such capture:
// "Partition Style = MBR", then FfuCaptureInternal failing with 0x80070032); Xpress-Huffman compression by
// default, /Compress:None to split. What it stores are the sectors in use (that log's provider reads
// CDiskReader::GetBlockAllocationBitmap), so the estimate of the disk's used bytes is: the files of each
// inspected volume tied to a partition (hiberfil, pagefile and all: nothing is excluded), and every other
// partition counted whole, since nothing tells how much of it is used.
import * as nodePath from 'node:path';
import * as fs from 'node:fs';
import type { ReportDisk } from '../report/model';
import { PlanRefusal } from './errors';
import {
  ESTIMATE,
  isDirectory,
  mib,
  neededBytes,
  refuseOnCaptured,
  refuseUnlessRoom,
  refuseUnwritableNames,
  sideFile,
  type PlanDeps,
} from './plan';
import type { CapturePlan, CaptureRequest } from './types';
import { dismFfuArgs } from './engines/dism';

export interface FfuDiskUsage {
  usedBytes: number;
  files: number;
  /** Partitions counted by their inspected volume's files, and those counted whole. */
  measured: string[];
  countedWhole: string[];
}

/** The estimate of the bytes an FFU of `disk` stores before compression. */
export function diskUsage(disk: ReportDisk, measure: PlanDeps['measureSource']): FfuDiskUsage {
  const u: FfuDiskUsage = { usedBytes: 0, files: 0, measured: [], countedWhole: [] };
  for (const r of disk.rows) {
    if (!r.partition) continue;
    if (r.installation) {
      const m = measure(r.installation.volume);
      u.usedBytes += m.bytes + m.excludedBytes;
      u.files += m.files + m.excludedFiles;
      u.measured.push(`${r.partition.number} (${r.installation.volume})`);
    } else {
      u.usedBytes += r.partition.size;
      u.countedWhole.push(String(r.partition.number));
    }
  }
  return u;
}

/**
 * `captured` are the volumes of the disk that preflight knows of: those named on the command line and the
 * inspected installations on the disk's partitions. The image must be on none of them (an FFU of the disk
 * that receives it would copy its own half-written self).
 */
export function buildFfuPlan(request: CaptureRequest, disk: ReportDisk, captured: string[], deps: PlanDeps): CapturePlan {
  const ffu = request.ffu!;
  const path = deps.platform === 'win32' ? nodePath.win32 : nodePath.posix;
  const guard = { platform: deps.platform, env: deps.env };
  if (disk.style === 'mbr') {
    throw new PlanRefusal(
      `${ffu.tableSource} is an MBR disk: DISM cannot capture an FFU of an MBR disk (Microsoft: "You can't capture an FFU of a hard drive that uses MBR-based hard partitions"); capture its volumes as WIMs`,
    );
  }
  const image = path.resolve(request.image);
  const destDir = path.dirname(image);
  for (const v of captured) refuseOnCaptured('--ffu', image, [v], `${v}, a volume of the captured disk ${ffu.disk}`, guard);
  if (!isDirectory(destDir)) throw new PlanRefusal(`--ffu ${request.image}: the folder ${destDir} does not exist (create it first)`);
  // DISM would refuse (error 80) or, worse, the technician loses an earlier image: never over a file.
  if (fs.existsSync(image)) throw new PlanRefusal(`--ffu ${request.image} already exists; an FFU holds one disk: choose another file name`);

  const scratchDir = request.scratch !== null ? path.resolve(request.scratch) : sideFile(image, '.scratch', path);
  if (request.scratch !== null)
    for (const v of captured) refuseOnCaptured('--scratch', scratchDir, [v], `${v}, a volume of the captured disk ${ffu.disk}`, guard);

  const usage = diskUsage(disk, deps.measureSource);
  const space = deps.spaceOf(destDir);
  const needed = neededBytes(usage.usedBytes);
  const what = `about ${mib(usage.usedBytes)} in use on ${ffu.disk} (partitions ${usage.measured.join(', ') || 'none'} by their files, ${usage.countedWhole.join(', ') || 'none'} counted whole)`;
  refuseUnlessRoom(destDir, space, needed, 0, what);

  const draft: Omit<CapturePlan, 'command'> = {
    request,
    source: ffu.captureDrive,
    image,
    imageExisted: false,
    imageSizeBefore: 0,
    configFile: null,
    writesConfig: false,
    index: 1,
    scratchDir,
    engineLog: sideFile(image, '.1.dism.log', path),
    cmtraceLog: sideFile(image, '.1.preflight.log', path),
    recordFile: sideFile(image, '.1.capture.json', path),
    space: {
      sourceBytes: usage.usedBytes,
      sourceFiles: usage.files,
      excludedFiles: 0,
      excludedBytes: 0,
      neededBytes: needed,
      estimate: ESTIMATE,
      freeBytes: space.freeBytes,
      fileSystem: space.kind,
      largestFileBytes: 0,
    },
  };
  refuseUnwritableNames(draft, deps.platform);
  return { ...draft, command: { engine: 'dism', program: deps.program, args: dismFfuArgs(draft) } };
}
