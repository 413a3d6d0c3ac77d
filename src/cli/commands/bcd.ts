// `preflight bcd [FILE]`: a BCD store (`\Boot\BCD`, `\EFI\Microsoft\Boot\BCD`) read offline, printed as
// `bcdedit /enum all` prints it, or as JSON. The store is a hive: read-only, dirty stores recovered from
// their logs in memory. With no FILE, on Windows: the system store, which Windows keeps loaded in its
// registry as HKLM\BCD00000000 (the file itself is open and locked), read through src/host's live registry.
import { command } from '../args/spec';
import { openHive } from '../../hive';
import { NOT_A_STORE, readBcdStore } from '../../bcd/store';
import { sanitize, sanitizeDeep } from '../../report/layout';
import { bcdJson, renderBcdText } from '../../report/bcd-text';
import { openLiveRegistry, SYSTEM_STORE_KEY } from '../../host/live-registry';
import { InputError, UsageError } from '../fail';
import { writeOut } from '../../host/console-output';

interface BcdArgs {
  file?: string;
  logs: boolean;
  json: boolean;
}

export const bcdCommand = command<BcdArgs>({
  path: ['bcd'],
  examples: [
    ['preflight bcd', 'the system store the running Windows has loaded (HKLM\\BCD00000000)'],
    ['preflight bcd S:\\EFI\\Microsoft\\Boot\\BCD', 'the boot entries of a UEFI disk whose EFI partition is S:'],
    ['preflight bcd D:\\Boot\\BCD --json', 'a BIOS-booted disk, as JSON'],
  ],
  codes: 'hive',
  positionals: [
    {
      name: 'file',
      describe: "the store, e.g. S:\\EFI\\Microsoft\\Boot\\BCD or D:\\Boot\\BCD; none: the running Windows' system store (Windows only)",
    },
  ],
  options: {
    logs: { type: 'boolean', default: true, describe: 'replay BCD.LOG1/.LOG2 in memory when the store is dirty' },
    json: {
      type: 'boolean',
      default: false,
      describe: 'print JSON: {"objects": [...]}, each object with id, alias, type, typeName, description and elements',
    },
  },
  run: (args) => {
    const store = readBcdStore(args.file ? openHive(args.file, { logs: args.logs }) : systemStore());
    if (store.problems.includes(NOT_A_STORE))
      throw new InputError(`${sanitize(store.file)}: a registry hive, but not a BCD store (it has no Objects key)`);
    // Descriptions and ids come from the disk: printed the way check prints the same store (report/layout).
    writeOut(
      args.json ? JSON.stringify(sanitizeDeep(bcdJson(store)), null, 2) + '\n' : renderBcdText(store).split('\n').map(sanitize).join('\n'),
    );
  },
});

/** The running Windows' system store, as a key tree read from its live registry. */
function systemStore() {
  const live = openLiveRegistry();
  if (!live) throw new UsageError('name a BCD store file (e.g. /mnt/esp/EFI/Microsoft/Boot/BCD): only Windows has a system store to read');
  // BCD00000000\Objects\{id}\Elements\{type}: four levels below the root.
  const root = live.read(SYSTEM_STORE_KEY, 4);
  if (!root) {
    throw new InputError(
      `no system store is loaded (${SYSTEM_STORE_KEY} does not exist, or may not be read); name the store file instead, e.g. S:\\EFI\\Microsoft\\Boot\\BCD on the EFI system partition`,
    );
  }
  return { file: `${SYSTEM_STORE_KEY} (system store, read with ${live.route})`, root };
}
