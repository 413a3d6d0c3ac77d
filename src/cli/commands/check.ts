// `preflight check [VOLUME…]`: may the offline installation(s) be captured? Text for a person, --json for
// scripts, --out DIR for files on persistent media; the exit code carries the verdict.
import { command } from '../args/spec';
import { loadImageScanning } from '../../inspect/image-scanning';
import { runCheck, type CheckArgs } from '../run-check';

export const checkCommand = command<CheckArgs & { volumes: string[] }>({
  path: ['check'],
  examples: [
    ['preflight check', 'every drive letter but X: and the stick'],
    ['preflight check D:\\ --out E:\\logs', 'D:, reports in a new folder under E:\\logs'],
    ['preflight check S:\\ C:\\ D:\\ --disk 0', 'disk 0 whole: its EFI partition S: and two Windows'],
    ['preflight check /mnt/c --json', 'a mounted volume, JSON on stdout'],
    ['preflight check E:\\images\\install.wim:2', 'image 2 of a WIM (or :NAME; every image without; .esd too)'],
  ],
  codes: 'check',
  positionals: [
    {
      name: 'volumes',
      variadic: true,
      describe:
        'volume roots or mount points (e.g. C:\\, /mnt/c); an EFI system partition to read its boot entries; a WIM/ESD file, IMAGE.wim[:N|:NAME]',
    },
  ],
  options: {
    json: { type: 'boolean', default: false, describe: 'print the JSON report (schemaVersion 3) instead of text' },
    out: {
      type: 'string',
      needs: 'a folder',
      whenMissing: ' (is the variable in --out %LOGDIR% set?)',
      describe: 'also write preflight-report.json, .txt and .html and preflight.log (CMTrace) into a new folder under this one',
    },
    color: {
      type: 'boolean',
      describe: 'colour the text report (default: when stdout is a terminal and NO_COLOR is unset); --no-color: never',
    },
    disk: {
      type: 'string',
      array: true,
      describe:
        "also read this disk's partition table (Windows: its number, 0 for \\\\.\\PhysicalDrive0; elsewhere a block device or disk image) and tie partitions, boot entries and installations together; once per disk",
    },
  },
  run: async (args) => {
    await loadImageScanning(args.volumes);
    runCheck(args);
  },
});
