// The files a capture leaves out. DISM and wimlib already skip the seven paths of DISM's default list;
// preflight writes them out explicitly (so the list is visible next to the image and the same for both
// engines) and adds the recycle bin and the WinPE-era leftovers nobody wants in a reference image, and the
// folders upgrades leave at the volume root (Windows.old, $Windows.~BT, $WINDOWS.~WS: VOL007 still asks to
// remove them before Sysprep). A --config of the technician's own replaces this whole list (and, with
// wimlib, wimlib's built-in defaults too).
// Source: domain.md 8.2 (DISM configuration list and WimScript.ini files).
import { LEFTOVER_FOLDERS } from '../windows/leftovers';

/** Root-anchored paths (leading backslash = relative to the capture root). */
export const EXCLUDED_PATHS = [
  '\\$ntfs.log',
  '\\hiberfil.sys',
  '\\pagefile.sys',
  '\\swapfile.sys',
  '\\System Volume Information',
  '\\RECYCLER',
  '\\$Recycle.Bin',
  '\\Windows\\CSC',
  ...LEFTOVER_FOLDERS.map((f) => `\\${f}`),
];

/** Stored uncompressed: already compressed data (DISM's default compression exclusions). */
export const COMPRESSION_EXCLUSIONS = ['*.mp3', '*.zip', '*.cab', '\\WINDOWS\\inf\\*.pnf'] as const;

/** WimScript.ini as DISM reads it (/ConfigFile) and wimlib reads it (--config); CRLF for Notepad. */
export function wimScriptIni(): string {
  const lines = [
    '; Written by preflight capture: files and folders left out of the image.',
    '[ExclusionList]',
    ...EXCLUDED_PATHS,
    '',
    '[CompressionExclusionList]',
    ...COMPRESSION_EXCLUSIONS,
    '',
  ];
  return lines.join('\r\n');
}

/** Is `relative` (slash- or backslash-separated, relative to the capture root) left out by EXCLUDED_PATHS? */
export function isExcluded(relative: string): boolean {
  const p = '\\' + relative.replace(/\//g, '\\').replace(/^\\+/, '').toLowerCase();
  return EXCLUDED_PATHS.some((x) => {
    const e = x.toLowerCase();
    return p === e || p.startsWith(e + '\\');
  });
}
