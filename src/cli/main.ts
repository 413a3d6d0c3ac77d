// Entry point of the preflight CLI (bundled to dist/preflight.cjs, embedded in preflight.exe).
import yargs from 'yargs';
import { ExitCode } from './exit-codes';
import { reportFailure } from './fail';
import { checkCommand } from './commands/check';
import { checksCommand } from './commands/checks';
import { hiveCommand } from './commands/hive';
import { VERSION } from './version';

export async function main(argv: string[]): Promise<number> {
  const debug = argv.includes('--debug');
  let usageError: string | null = null;
  try {
    await yargs(argv)
      .scriptName('preflight')
      .usage('$0 <command> [options]\n\nMay the offline Windows installation on this disk be captured as an image?\nWith no volume, `check` inspects every drive letter but X: and the stick.')
      .command(checkCommand as never)
      .command(checksCommand as never)
      .command(hiveCommand)
      .option('debug', { type: 'boolean', default: false, describe: 'show stack traces of internal errors' })
      .demandCommand(1, 'name a command')
      .strict()
      .version(VERSION)
      .help()
      .wrap(null)
      .fail((msg, err) => {
        if (err) throw err;
        usageError = msg;
      })
      .parseAsync();
  } catch (err) {
    return reportFailure(err, debug);
  }
  if (usageError !== null) {
    process.stderr.write(`preflight: ${usageError} (see preflight --help)\n`);
    return ExitCode.USAGE;
  }
  return typeof process.exitCode === 'number' ? process.exitCode : ExitCode.READY;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    process.exitCode = reportFailure(err, process.argv.includes('--debug'));
  },
);
