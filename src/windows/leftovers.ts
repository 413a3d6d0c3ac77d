// Folders at the volume root that upgrades leave behind: Windows.old (the previous installation,
// user files included), $Windows.~BT and $WINDOWS.~WS (feature-update / upgrade staging). A capture takes
// them silently: DISM's default [ExclusionList] names only $ntfs.log, hiberfil.sys, pagefile.sys,
// swapfile.sys, System Volume Information, RECYCLER and Windows\CSC (domain.md §8.2).
import type { Evidence, LeftoverFacts } from './facts';
import type { VolumeFs } from './volume-fs';

export const LEFTOVER_FOLDERS = ['Windows.old', '$Windows.~BT', '$WINDOWS.~WS'];

export function readLeftovers(vol: VolumeFs): LeftoverFacts {
  const names = vol.list('') ?? [];
  const wanted = new Set(LEFTOVER_FOLDERS.map((n) => n.toLowerCase()));
  const folders = names.filter((n) => wanted.has(n.toLowerCase()) && vol.isDirectory(n));
  const evidence: Evidence[] = folders.map((f) => ({ source: 'file', path: f, detail: 'folder at the volume root' }));
  return { folders, evidence };
}
