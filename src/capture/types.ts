// The shapes that cross capture's module boundaries: what the technician asked for, what the plan
// decided before anything is written, and what came out of running the engine.

export type EngineName = 'dism' | 'wimlib';
export type Compression = 'fast' | 'max' | 'none';

/** What `preflight capture` was asked to do, after argument parsing. */
export interface CaptureRequest {
  source: string;
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
  configFile: string;
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
  /** Files the exclusion list leaves out (pagefile.sys, hiberfil.sys, …). */
  excludedFiles: number;
  excludedBytes: number;
  /** Expected image growth: sourceBytes × the compression's usual ratio, plus a margin. */
  neededBytes: number;
  freeBytes: number | null;
  fileSystem: string | null;
  largestFileBytes: number;
}

export interface EngineCommand {
  engine: EngineName;
  program: string;
  args: string[];
}
