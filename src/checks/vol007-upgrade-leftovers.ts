// VOL007: folders that upgrades leave at the volume root would be captured silently (domain.md
// §8.2).
import type { CheckMeta, InstallationCheck } from './types';
import { cmd } from './remedy-phrases';
import { finding } from './finding';
import { listText } from './english';

const meta: CheckMeta = {
  id: 'VOL007',
  severity: 'warn',
  title: 'Upgrade leftovers at the volume root',
  remedy:
    'First, on the reference machine before Sysprep, remove them with Disk Cleanup as administrator ("Previous ' +
    `Windows installation(s)", "Temporary Windows installation files"): ${cmd('cleanmgr /sageset:1')} then ` +
    `${cmd('cleanmgr /sagerun:1')}, and generalize again. If they must stay, preflight capture leaves them out ` +
    'by default (its exclusion list). With a --config of your own, start from the <image>.WimScript.ini preflight ' +
    'writes next to an image and add \\Windows.old, \\$Windows.~BT and \\$WINDOWS.~WS under [ExclusionList]: your file ' +
    "replaces preflight's list, and with wimlib also wimlib's defaults (pagefile.sys, hiberfil.sys and System " +
    'Volume Information would then be captured).',
  get docs() {
    return [
      "`\\Windows.old` (the previous installation, with its users' files), `\\$Windows.~BT` and",
      '`\\$WINDOWS.~WS` (upgrade and feature-update staging) at the volume root are captured like any other',
      "folder: DISM's default exclusion list names only `\\$ntfs.log`, `\\hiberfil.sys`, `\\pagefile.sys`,",
      '`\\swapfile.sys`, `\\System Volume Information`, `\\RECYCLER` and `\\Windows\\CSC`. The image grows by',
      'gigabytes and carries an old installation (and its data) to every machine. Warn. `preflight capture`',
      'leaves them out by default (they are in its own exclusion list); DISM or wimlib run by hand, or',
      "preflight with a `--config` of one's own, do not: a config file replaces the whole list, and wimlib",
      'applies its built-in exclusions only when no config is given (wimlib-imagex capture, --config).',
      'Sources: Microsoft "DISM configuration list and WimScript.ini files" (default exclusions,',
      '`[ExclusionList]`, `/ConfigFile`); Microsoft "Free up drive space" (Disk Cleanup removes previous',
      'installations).',
      'URL: https://learn.microsoft.com/windows-hardware/manufacture/desktop/dism-configuration-list-and-wimscriptini-files-winnext',
    ].join('\n');
  },
};

export const vol007: InstallationCheck = {
  meta,
  scope: 'installation',
  run(facts) {
    const l = facts.leftovers;
    if (l.folders.length === 0) return [];
    return [
      finding(meta, {
        message: `${listText(l.folders.map((f) => `\\${f}`))} ${l.folders.length === 1 ? 'is' : 'are'} at the root of ${facts.volume}: they belong removed before Sysprep; DISM run by hand captures ${l.folders.length === 1 ? 'it' : 'them'} silently (not in its default exclusions).`,
        evidence: l.evidence,
      }),
    ];
  },
};
