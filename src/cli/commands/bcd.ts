// `preflight bcd FILE`: a BCD store (`\Boot\BCD`, `\EFI\Microsoft\Boot\BCD`) read offline, printed as
// `bcdedit /enum all` prints it, or as JSON. The store is a hive: read-only, dirty stores recovered from
// their logs in memory.
import type { CommandModule } from 'yargs';
import { openHive } from '../../hive';
import { readBcdStore } from '../../bcd/store';
import { bcdJson, renderBcdText } from '../../report/bcd-text';
import { UsageError } from '../fail';
import { writeOut } from '../output';

interface BcdArgs {
  file?: string;
  logs: boolean;
  json: boolean;
}

export const bcdCommand: CommandModule<object, BcdArgs> = {
  command: 'bcd [file]',
  describe: 'print a BCD store as bcdedit /enum all does (offline, read-only)',
  builder: (y) =>
    y
      .positional('file', { type: 'string', describe: 'the store, e.g. S:\\EFI\\Microsoft\\Boot\\BCD or D:\\Boot\\BCD' })
      .option('logs', { type: 'boolean', default: true, describe: 'replay BCD.LOG1/.LOG2 in memory when the store is dirty' })
      .option('json', { type: 'boolean', default: false, describe: 'print {"objects":[{"id","alias","type","typeName","description","elements"}]}' })
      .example('$0 bcd S:\\EFI\\Microsoft\\Boot\\BCD', 'the boot entries of a UEFI disk whose EFI partition is S:')
      .example('$0 bcd D:\\Boot\\BCD --json', 'a BIOS-booted disk, as JSON') as never,
  handler: (args) => {
    // The system store of the running Windows is loaded in its registry, not a file we may open; reading it
    // needs the live registry (issue: multi-boot disks), so for now a file must be named.
    if (!args.file) throw new UsageError('name a BCD store file (e.g. S:\\EFI\\Microsoft\\Boot\\BCD); reading the running system store is not supported yet');
    const store = readBcdStore(openHive(args.file, { logs: args.logs }));
    writeOut(args.json ? JSON.stringify(bcdJson(store), null, 2) + '\n' : renderBcdText(store));
  },
};
