/**
 * hivex (libguestfs) as an independent reader of hive files in tests: test/support/hivex-dump.pl
 * prints every key with Win::Hivex, and hivexregedit exports the hive as a .reg file.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export interface HivexValue {
  name: string;
  type: number;
  /** Lowercase hex of the raw data bytes. */
  data: string;
}

export interface HivexKey {
  /** "\\" for the root, "\\A\\B" below it. */
  path: string;
  values: HivexValue[];
}

const DUMPER = fileURLToPath(new URL('./hivex-dump.pl', import.meta.url));
const MAX_OUTPUT = 1 << 30;

let found: boolean | undefined;

export const HIVEX_MISSING =
  'hivex is required (PREFLIGHT_REQUIRE_CORPUS is set) but perl with Win::Hivex and JSON::PP, or hivexregedit, ' +
  'cannot be run: install libwin-hivex-perl and libhivex-bin';

/**
 * Whether the tests that need hivex may run, given whether it was found. Where PREFLIGHT_REQUIRE_CORPUS is
 * set (CI) a missing hivex is a failure, never a silent skip - as for the corpus (corpus.ts).
 */
export function hivexUsable(isFound: boolean, env: NodeJS.ProcessEnv = process.env): boolean {
  if (!isFound && env.PREFLIGHT_REQUIRE_CORPUS) throw new Error(HIVEX_MISSING);
  return isFound;
}

/** True when perl with Win::Hivex and JSON::PP, and hivexregedit, can be run; throws when required but absent. */
export function hivexAvailable(): boolean {
  found ??=
    spawnSync('perl', ['-MWin::Hivex', '-MJSON::PP', '-e', '1'], { stdio: 'ignore' }).status === 0 &&
    spawnSync('hivexregedit', ['--help'], { stdio: 'ignore' }).error === undefined; // exits 1 on --help
  return hivexUsable(found);
}

/** Every key of the hive, depth-first in hivex's order. Throws (with hivex's message) if hivex fails. */
export function hivexDump(file: string): HivexKey[] {
  const out = execFileSync('perl', [DUMPER, file], {
    encoding: 'utf8',
    maxBuffer: MAX_OUTPUT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return out
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as HivexKey);
}

export interface HivexRegeditResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** `hivexregedit --export FILE PREFIX`: the whole hive as .reg text. */
export function hivexRegeditExport(file: string, prefix = '\\'): HivexRegeditResult {
  const r = spawnSync('hivexregedit', ['--export', file, prefix], { encoding: 'utf8', maxBuffer: MAX_OUTPUT });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}
