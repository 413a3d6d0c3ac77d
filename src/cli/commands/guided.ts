// `preflight [VOLUME…]` with no command: the guided run on an interactive console (stdin and stdout both
// a terminal), else — a pipe, a file, startnet.cmd, --json, --yes — exactly `check` on the same volumes, so
// that nothing ever waits for a key nobody will press.
import { statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { command } from '../args/spec';
import { defaultEngine } from '../../capture/engines/locate';
import type { Compression, EngineName } from '../../capture/types';
import { useColor } from '../color';
import { UsageError } from '../fail';
import { loadImageScanning } from '../../inspect/image-scanning';
import { runCheck, type CheckArgs } from '../run-check';
import { hostVolumes, refuseMissing } from '../volume-args';
import { isTerminal } from '../../host/console-output';

interface GuidedArgs extends CheckArgs {
  yes: boolean;
  engine?: EngineName;
  compress: Compression;
}

export const guidedCommand = command<GuidedArgs & { volumes: string[] }>({
  path: [],
  examples: [
    ['preflight', 'guided run over every drive letter but X: and the stick: findings, then capture'],
    ['preflight check D:\\ --out E:\\logs', 'inspect D:, write the reports to the stick E:'],
    ['preflight hive info D:\\Windows\\System32\\config\\SYSTEM', 'read one hive'],
  ],
  codes: 'guided',
  positionals: [
    {
      name: 'volumes',
      variadic: true,
      describe: 'volume roots or mount points (default: every drive letter but X: and the stick)',
    },
  ],
  options: {
    out: {
      type: 'string',
      needs: 'a folder',
      whenMissing: ' (is the variable in --out %LOGDIR% set?)',
      describe:
        'write the run folder (reports, log, capture record) under this folder (default in the guided run: \\reports beside preflight.exe)',
    },
    json: { type: 'boolean', default: false, describe: 'no guided run: print the JSON report, as check --json' },
    yes: {
      type: 'boolean',
      default: false,
      describe: 'no guided run, no question: check the volumes (no capture) and exit with its code',
    },
    color: { type: 'boolean', describe: 'colours (default: when the console supports them and NO_COLOR is unset)' },
    disk: { type: 'string', array: true, describe: "also read this disk's partition table (as check --disk)" },
    engine: {
      type: 'string',
      choices: ['dism', 'wimlib'],
      describe: 'capture engine of the guided run: dism (default on Windows) or wimlib',
    },
    compress: {
      type: 'string',
      choices: ['fast', 'max', 'none'],
      default: 'fast',
      describe: 'compression of the guided capture',
    },
  },
  run: async (args) => {
    refuseUnknownCommand(args.volumes);
    await loadImageScanning(args.volumes);
    const interactive = isTerminal(0) && isTerminal(1) && !args.yes && !args.json;
    if (!interactive) return runCheck(args);
    const discovered = args.volumes.length === 0;
    const volumes = discovered ? hostVolumes() : args.volumes;
    if (!discovered) refuseMissing(volumes);
    const reportDir = args.out !== undefined ? resolve(args.out) : defaultReportDir();
    // The screens, and the capture and its read-back behind them, are loaded only for a session on a console.
    const { runGuided } = await import('../guided/guided');
    process.exitCode = await runGuided({
      volumes,
      discovered,
      reportDir,
      reportDirGiven: args.out !== undefined,
      color: useColor(args.color),
      disks: args.disk ?? [],
      allDisks: process.platform === 'win32' && discovered && (args.disk ?? []).length === 0,
      engine: args.engine ?? defaultEngine(process.platform),
      compress: args.compress,
      input: process.stdin,
      output: process.stdout,
    });
  },
});

/**
 * A bare word that is no folder (`preflight chek`) is a mistyped command, not a missing volume: exit 5 like
 * any unknown command, before anything is scanned.
 */
function refuseUnknownCommand(volumes: string[]): void {
  for (const v of volumes) {
    if (/^[a-z][a-z-]*$/i.test(v) && !exists(v)) throw new UsageError(`unknown command or volume: ${v} (see preflight --help)`);
  }
}

function exists(p: string): boolean {
  try {
    statSync(p);
    return true;
  } catch {
    return false;
  }
}

/**
 * The guided run keeps its reports on the stick it runs from: `<folder of preflight.exe>\reports` when it
 * runs as the single executable. From node (development, tests) there is no stick: no report unless --out.
 */
function defaultReportDir(): string | null {
  return isSingleExecutable() ? join(dirname(process.execPath), 'reports') : null;
}

function isSingleExecutable(): boolean {
  try {
    // Required, not imported: node:sea exists only in the Node versions that have single executables.
    return (require('node:sea') as { isSea(): boolean }).isSea();
  } catch {
    return false;
  }
}
