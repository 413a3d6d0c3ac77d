// The shapes that cross capture's module boundaries: what the technician asked for, what the plan
// decided before anything is written, and what came out of running the engine.

export type EngineName = 'dism' | 'wimlib';
export type Compression = 'fast' | 'max' | 'none';
/** A WIM of one volume (`--image`), or an FFU of a whole disk (`--ffu`, DISM /Capture-Ffu). */
export type CaptureFormat = 'wim' | 'ffu';

/** What an FFU capture reads: the disk whose partition table is read, and the drive DISM captures. */
export interface FfuSource {
  /** As given to --disk (a number, or a device or image file). */
  disk: string;
  /** Where the partition table is read (`\\.\PhysicalDrive0`, `/dev/sda`, an image file). */
  tableSource: string;
  /** DISM's /CaptureDrive (`\\.\PhysicalDrive0`; elsewhere the device or file, for the stand-in only). */
  captureDrive: string;
}

/** What `preflight capture` was asked to do, after argument parsing. */
export interface CaptureRequest {
  format: CaptureFormat;
  /** The volume to capture (WIM); for an FFU the disk as given to --disk. */
  source: string;
  /** FFU only: the disk and the drive DISM reads; null for a WIM. */
  ffu: FfuSource | null;
  image: string;
  name: string;
  description: string | null;
  append: boolean;
  compress: Compression;
  /** A WimScript.ini of the technician's; null: preflight writes its own next to the image. */
  config: string | null;
  scratch: string | null;
  verify: boolean;
  checkIntegrity: boolean;
  engine: EngineName;
  force: boolean;
  dryRun: boolean;
}

/** Everything decided before a byte is written; `--dry-run` prints this. */
export interface CapturePlan {
  request: CaptureRequest;
  /** Absolute paths. */
  source: string;
  image: string;
  imageExisted: boolean;
  /** Size of the image file before an --append (0 for a new file). */
  imageSizeBefore: number;
  /** The WimScript.ini; null for an FFU, which captures every sector in use and excludes nothing. */
  configFile: string | null;
  /** True when preflight writes configFile itself (no --config, and not written by an earlier capture). */
  writesConfig: boolean;
  /** The index the new image will have in the file: 1 for a new file, n+1 after an --append to n images. */
  index: number;
  scratchDir: string;
  engineLog: string;
  cmtraceLog: string;
  recordFile: string;
  space: SpaceEstimate;
  /** The exact program and argument list that will run. */
  command: EngineCommand;
}

export interface SpaceEstimate {
  sourceBytes: number;
  sourceFiles: number;
  /** Files the exclusion list leaves out (pagefile.sys, hiberfil.sys, …); 0 for an FFU (no exclusions). */
  excludedFiles: number;
  excludedBytes: number;
  /** Room planned for the image: sourceBytes uncompressed (the worst case) plus a margin; with DISM --append also a copy of the .wim. */
  neededBytes: number;
  /** Which estimate neededBytes is, in words. */
  estimate: string;
  freeBytes: number | null;
  fileSystem: string | null;
  largestFileBytes: number;
}

export interface EngineCommand {
  engine: EngineName;
  program: string;
  args: string[];
}
