// `preflight check [VOLUME…]`: may the offline installation(s) be captured? Text for a person, --json for
// scripts, --out DIR for files on persistent media; the exit code carries the verdict.
import type { CommandModule } from 'yargs';
import { helpFooter } from '../help';
import { loadImageScanning } from '../../inspect/image-scanning';
import { runCheck, type CheckArgs } from '../run-check';

export const checkCommand: CommandModule<object, CheckArgs> = {
  command: 'check [volumes..]',
  describe: 'may the offline installation(s) be captured?',
  builder: (y) =>
    helpFooter(
      y,
      [
        ['preflight check', 'every drive letter but X: and the stick'],
        ['preflight check D:\\ --out E:\\logs', 'D:, reports in a new folder under E:\\logs'],
        ['preflight check S:\\ C:\\ D:\\ --disk 0', 'disk 0 whole: its EFI partition S: and two Windows'],
        ['preflight check /mnt/c --json', 'a mounted volume, JSON on stdout'],
        ['preflight check E:\\images\\install.wim:2', 'image 2 of a WIM (or :NAME; every image without; .esd too)'],
      ],
      'check',
    )
      .positional('volumes', {
        type: 'string',
        array: true,
        describe:
          'volume roots or mount points (e.g. C:\\, /mnt/c); an EFI system partition to read its boot entries; a WIM/ESD file, IMAGE.wim[:N|:NAME]',
      })
      .option('json', { type: 'boolean', default: false, describe: 'print the JSON report (schemaVersion 3) instead of text' })
      .option('out', {
        type: 'string',
        describe: 'also write preflight-report.json, .txt and .html and preflight.log (CMTrace) into a new folder under this one',
      })
      .option('color', {
        type: 'boolean',
        describe: 'colour the text report (default: when stdout is a terminal and NO_COLOR is unset); --no-color: never',
      })
      .option('disk', {
        type: 'string',
        array: true,
        describe:
          "also read this disk's partition table (Windows: its number, 0 for \\\\.\\PhysicalDrive0; elsewhere a block device or disk image) and tie partitions, boot entries and installations together",
      }) as never,
  handler: async (args) => {
    await loadImageScanning(args.volumes ?? []);
    runCheck(args);
  },
};
