// The volumes the running Windows (WinPE) has mounted, from its live HKLM\SYSTEM\MountedDevices (domain.md
// §4): `\??\Volume{GUID}` names every volume, lettered or not, and `\DosDevices\X:` every drive letter, each
// with the partition identity of its volume (12 bytes MBR signature + offset, or `DMIO:ID:` + the GPT
// partition GUID — the same decoding as an offline installation's own table). A volume without a letter (the
// EFI system partition, a second Windows WinPE left unlettered) is read through its `\\?\Volume{GUID}\` path:
// nothing is mounted, no letter assigned, nothing left changed. Values that name no partition (wine's Unix
// paths, optical drives) have identity null.
import type { PartitionIdentity } from '../disk/partition-identity';
import { mountedDeviceIdentity } from '../disk/partition-identity';
import type { LiveRegistry, RegistryRoute } from './live-registry';

export const MOUNTED_DEVICES_KEY = 'HKLM\\SYSTEM\\MountedDevices';

export interface LiveVolume {
  /** `\\?\Volume{…}\`: the volume's root, readable with or without a drive letter. */
  root: string;
  identity: PartitionIdentity | null;
}

export interface LiveMounts {
  route: RegistryRoute;
  volumes: LiveVolume[];
  /** `C:` → the partition of that letter (null: a letter whose value names no partition). */
  letters: Map<string, PartitionIdentity | null>;
}

/** The live table; null when the key does not exist (then nothing is known). */
export function readLiveMounts(registry: LiveRegistry): LiveMounts | null {
  const key = registry.read(MOUNTED_DEVICES_KEY, 0);
  if (!key) return null;
  const volumes: LiveVolume[] = [];
  const letters = new Map<string, PartitionIdentity | null>();
  for (const v of key.values()) {
    const volume = /^\\\?\?\\(Volume\{[0-9a-f-]{36}\})$/i.exec(v.name);
    if (volume) volumes.push({ root: `\\\\?\\${volume[1]}\\`, identity: mountedDeviceIdentity(v.raw()) });
    const letter = /^\\DosDevices\\([A-Z]:)$/i.exec(v.name);
    if (letter) letters.set(letter[1].toUpperCase(), mountedDeviceIdentity(v.raw()));
  }
  return { route: registry.route, volumes, letters };
}
