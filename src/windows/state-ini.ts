// The file-side generalization signals (domain.md §1.1, §1.2):
//  - `%WINDIR%\Setup\State\State.ini`, section [State], key ImageState (value double-quoted in
//    Microsoft's example: ImageState="IMAGE_STATE_SPECIALIZE_RESEAL_TO_OOBE"). The registry copy lives in
//    SOFTWARE and is read elsewhere; GeneralizationFacts compares both.
//  - `%WINDIR%\System32\Sysprep\Sysprep_succeeded.tag`: Sysprep deletes it at the start of every run and
//    (reportedly — UNCONFIRMED by Microsoft) writes it again only on success.

import type { Evidence } from './facts';
import { VolumeFs, errText } from './volume-fs';
import { decodeText, splitLines } from './text-decode';

/** State.ini is a few hundred bytes; anything near this is not a State.ini. */
const STATE_INI_MAX = 1024 * 1024;

export interface StateIniResult {
  /** ImageState with surrounding quotes removed; null when the file or the key is absent/unreadable. */
  imageState: string | null;
  /** Why imageState is null, for the reason a verdict gives ("not found", "unreadable: not a regular file"). */
  missing?: string;
  evidence: Evidence[];
}

export interface SysprepTagResult {
  present: boolean;
  evidence: Evidence[];
}

/** ImageState from State.ini text: [State] section, key case-insensitive, `;`/`#` comments ignored. */
export function parseStateIni(text: string): string | null {
  let section: string | null = null;
  for (const raw of splitLines(text)) {
    const line = raw.replace(/^\uFEFF/, '').trim();
    if (line === '' || line.startsWith(';') || line.startsWith('#')) continue;
    const sec = /^\[([^\]]*)\]/.exec(line);
    if (sec) {
      section = sec[1].trim().toUpperCase();
      continue;
    }
    if (section !== 'STATE') continue;
    const eq = line.indexOf('=');
    if (eq < 0) continue;
    if (line.slice(0, eq).trim().toUpperCase() !== 'IMAGESTATE') continue;
    let value = line.slice(eq + 1).trim();
    if (value.length >= 2 && ((value.startsWith('"') && value.endsWith('"')) || (value.startsWith("'") && value.endsWith("'")))) {
      value = value.slice(1, -1).trim();
    } else {
      value = value.replace(/^"/, '').replace(/"$/, '').trim();
    }
    return value === '' ? null : value;
  }
  return null;
}

export function readStateIni(vol: VolumeFs, windowsDir = 'Windows'): StateIniResult {
  const rel = `${windowsDir}\\Setup\\State\\State.ini`;
  const shown = vol.displayPath(rel);
  let data: Buffer | null;
  try {
    data = vol.readFile(rel, STATE_INI_MAX);
  } catch (e) {
    const why = `unreadable: ${errText(e).replace(`${shown}: `, '')}`;
    return { imageState: null, missing: why, evidence: [{ source: 'file', path: shown, detail: `unreadable: ${errText(e)}` }] };
  }
  if (data === null) {
    return { imageState: null, missing: 'not found', evidence: [{ source: 'file', path: shown, detail: 'not present' }] };
  }
  const decoded = decodeText(data);
  const imageState = parseStateIni(decoded.text);
  return {
    imageState,
    ...(imageState === null ? { missing: 'has no [State] ImageState' } : {}),
    evidence: [
      {
        source: 'file',
        path: shown,
        detail:
          imageState === null ? `no [State] ImageState (${decoded.encoding})` : `[State] ImageState=${imageState} (${decoded.encoding})`,
      },
    ],
  };
}

export function sysprepTag(vol: VolumeFs, windowsDir = 'Windows'): SysprepTagResult {
  const rel = `${windowsDir}\\System32\\Sysprep\\Sysprep_succeeded.tag`;
  const present = vol.isFile(rel);
  return { present, evidence: [{ source: 'file', path: vol.displayPath(rel), detail: present ? 'present' : 'not present' }] };
}
