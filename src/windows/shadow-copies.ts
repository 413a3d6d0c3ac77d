// Volume Shadow Copy storage on a volume (domain.md §14.2): the shadow copies of a volume live in its
// System Volume Information folder as files named {3808876b-c176-4e48-b7ae-04046e6cc752} with a suffix
// (the storage GUID). Microsoft does not support FFU captures of disks with VSS storage.
import type { Evidence } from './facts';
import type { VolumeFs } from './volume-fs';

const SVI = 'System Volume Information';
const STORE = /^\{3808876b-c176-4e48-b7ae-04046e6cc752\}/i;

/** Number of shadow-copy storage files; 0 when there is no System Volume Information; null when it cannot be listed. */
export function readShadowCopies(vol: VolumeFs): { shadowCopies: number | null; evidence: Evidence[] } {
  if (!vol.exists(SVI)) return { shadowCopies: 0, evidence: [] };
  const names = vol.list(SVI);
  if (names === null) return { shadowCopies: null, evidence: [{ source: 'file', path: SVI, detail: 'could not be listed' }] };
  const stores = names.filter((n) => STORE.test(n));
  const evidence: Evidence[] = stores
    .slice(0, 4)
    .map((n) => ({ source: 'file', path: `${vol.displayPath(SVI)}\\${n}`, detail: 'shadow copy storage' }));
  return { shadowCopies: stores.length, evidence };
}
