// Which partition an offline installation lives on, from its own registry (domain.md §4/§5):
// SYSTEM\MountedDevices maps `\DosDevices\C:` (and `\??\Volume{…}`) to the partition that had that name
// when Windows last ran — REG_BINARY of 12 bytes for MBR disks (u32 disk signature, u64 partition start
// offset in bytes) or 24 bytes `DMIO:ID:` + the GPT partition's unique GUID; other values (UTF-16 device
// paths of removable and optical drives) name no partition. The installation's own drive letter is the one
// of SOFTWARE\Microsoft\Windows NT\CurrentVersion\SystemRoot (e.g. `C:\WINDOWS`).
//
// Sysprep's generalize pass resets drive-letter assignments (Microsoft KB 928386, Windows XP era: "Drive
// letter assignment" is restored to default; practitioners say it clears MountedDevices): whether current
// Windows leaves the entry is UNCONFIRMED, so a missing entry is "unknown", never a guess.
import { RegType } from '../hive';
import { mountedDeviceIdentity, type PartitionIdentity } from '../disk/partition-identity';
import type { Evidence, MountedDeviceFacts } from './facts';
import { readString, regEvidence, type InstallationHives } from './hives';
import type { BootSectorRead } from './volume-state';

/** Real tables hold tens of values; a hostile hive is not read past this. */
const MAX_VALUES = 4096;

/**
 * `bootSector`: the installation volume's own first sector when it could be read raw (Windows: \\.\C:). Its
 * NTFS BPB says where the volume starts on the disk — the fallback when MountedDevices has no entry.
 */
export function readMountedDevices(
  hives: InstallationHives,
  bootSector: { device: string; read: BootSectorRead } | null = null,
): MountedDeviceFacts {
  const evidence: Evidence[] = [];
  const systemRoot = readString(hives.SOFTWARE, 'Microsoft\\Windows NT\\CurrentVersion', 'SystemRoot', evidence);
  const letter = /^([A-Za-z]):/.exec(systemRoot ?? '')?.[1]?.toUpperCase() ?? null;
  const system = hives.SYSTEM;
  const key = system?.hive.key('MountedDevices') ?? null;
  const letters: MountedDeviceFacts['letters'] = [];
  let systemPartition: PartitionIdentity | null = null;
  if (system && key) {
    for (const v of key.values().slice(0, MAX_VALUES)) {
      const m = /^\\DosDevices\\([A-Za-z]):$/i.exec(v.name);
      if (!m || v.type !== RegType.BINARY) continue;
      const identity = mountedDeviceIdentity(v.raw());
      const drive = m[1].toUpperCase();
      letters.push({ letter: `${drive}:`, identity });
      if (drive === letter && identity) {
        systemPartition = identity;
        evidence.push(regEvidence(system, 'MountedDevices', v.name, Buffer.from(v.raw()).toString('hex')));
      }
    }
  }
  const bs = bootSector?.read;
  const volumeOffset = bs && bs.ok ? bs.partitionOffset : null;
  if (bootSector && volumeOffset !== null)
    evidence.push({
      source: 'volume',
      path: bootSector.device,
      detail: `NTFS boot sector: the volume starts at byte ${volumeOffset} of its disk`,
    });
  return {
    systemDrive: letter ? `${letter}:` : null,
    systemPartition,
    volumeOffset,
    letters: letters.sort((a, b) => (a.letter < b.letter ? -1 : 1)),
    evidence,
  };
}
