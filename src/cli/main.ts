// Entry point of the preflight CLI (bundled to dist/preflight.cjs, embedded in preflight.exe).
import './stdio-guard';
import yargs from 'yargs';
import { ExitCode } from './exit-codes';
import { reportFailure, UsageError } from './fail';
import { bcdCommand } from './commands/bcd';
import { captureCommand } from './commands/capture';
import { checkCommand } from './commands/check';
import { checksCommand } from './commands/checks';
import { explainCommand } from './commands/explain';
import { guidedCommand } from './commands/guided';
import { hiveCommand } from './commands/hive';
import { HELP_WIDTH, helpFooter } from './help';
import { versionLine } from './version';

export async function main(argv: string[]): Promise<number> {
  const debug = argv.includes('--debug');
  const json = argv.includes('--json');
  try {
    await helpFooter(yargs(argv), [
      ['preflight', 'guided run over every drive letter but X: and the stick: findings, then capture'],
      ['preflight check D:\\ --out E:\\logs', 'inspect D:, write the reports to the stick E:'],
      ['preflight hive info D:\\Windows\\System32\\config\\SYSTEM', 'read one hive'],
    ], 'guided')
      .scriptName('preflight')
      .usage(
        '$0 [VOLUME…]  guided run on a console: findings, then capture\n$0 <command> [options]\n\n' +
          'May the offline Windows installation on this disk be captured as an image? With no volume, the guided run ' +
          'and `check` inspect every drive letter but X: and the stick. The guided run asks questions only when input ' +
          'and output are a console, never with --yes or --json: elsewhere it is `check`.',
      )
      .command(guidedCommand as never)
      .command(checkCommand as never)
      .command(checksCommand as never)
      .command(explainCommand as never)
      .command(captureCommand as never)
      .command(hiveCommand)
      .command(bcdCommand as never)
      .option('debug', { type: 'boolean', default: false, describe: 'show stack traces of internal errors' })
      .strict()
      // English only, and no look-up of yargs' locale files beside the executable.
      .detectLocale(false)
      .version(versionLine())
      .describe('version', 'print the version of preflight, the commit, the node inside and the platform')
      .help()
      .describe('help', 'show this help')
      .wrap(HELP_WIDTH)
      // yargs goes on to run the handler when this returns, so a usage error must throw.
      .fail((msg, err) => {
        if (err) throw err;
        throw new UsageError(`${msg} (see preflight --help)`);
      })
      .parseAsync();
  } catch (err) {
    return reportFailure(err, debug, json);
  }
  return typeof process.exitCode === 'number' ? process.exitCode : ExitCode.READY;
}

// A stream whose handle is gone (a closed stderr, a pipe whose reader quit) reports it as an 'error' event:
// without a listener that is an uncaught exception with a stack trace. Nothing more can be said there.
// Creating the stream itself throws (EBADF) for a handle node cannot open (wine, a Unix pipe): preflight
// writes with fs.writeSync (output.ts), which needs no stream.
for (const name of ['stdout', 'stderr'] as const) {
  try {
    process[name].on('error', () => {});
  } catch {
    // no stream: nothing listens, nothing is written through it
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    process.exitCode = reportFailure(err, process.argv.includes('--debug'), process.argv.includes('--json'));
  },
);
