// The whole disk: which partition holds what, which boot entry boots it, which Windows lives on it
// and whether that Windows is generalized. Three sources are tied together by the partition identities
// Windows itself uses (src/disk/partition-identity.ts): the disk's partition table (when a disk was read),
// the BCD stores found on the given volumes (`\EFI\Microsoft\Boot\BCD` on an EFI system partition,
// `\Boot\BCD` on a BIOS system partition), and each installation's own MountedDevices entry. Plain data:
// the DSK checks judge it.
import { deviceText, type BcdDevice } from '../bcd/device';
import type { BcdStore } from '../bcd/store';
import { sameIdentity, type PartitionIdentity } from '../disk/partition-identity';
import type { Partition, PartitionTable } from '../disk/partition-table';
import type { InstallationFacts } from './facts';
import type { VolumeFs } from './volume-fs';

/** Where a BCD store lives on a volume, volume-relative, as Windows places them. */
export const BCD_LOCATIONS = ['EFI\\Microsoft\\Boot\\BCD', 'Boot\\BCD'];

/** OS loader objects (Description\Type 0x10200003): the boot entries that start a Windows. */
const OS_LOADER = 0x10200003;

export interface BootEntry {
  /** The store, as found (e.g. `S:\EFI\Microsoft\Boot\BCD`). */
  store: string;
  id: string;
  description: string | null;
  /** The boot manager's `default`. */
  isDefault: boolean;
  /** `winpe Yes`: a WinPE or Windows RE entry, not an installed Windows. */
  winpe: boolean;
  /** The osdevice (else device) as text, and the partition it names (null: not a partition device). */
  device: string;
  partition: PartitionIdentity | null;
  systemRoot: string | null;
}

export interface DiskInstallation {
  /**
   * How it was placed on its partition: its own MountedDevices entry, or (when that is absent, as after a
   * generalize may be) the start offset in its NTFS boot sector matching exactly one partition read.
   */
  placedBy: 'mounted-devices' | 'boot-sector-offset' | null;
  id: string;
  volume: string;
  family: string | null;
  build: number | null;
  generalization: InstallationFacts['generalization']['state'];
  machineSid: string | null;
}

export interface DiskRow {
  /** The partition of the table; null when no table was read or the identity is not on this disk. */
  partition: Omit<Partition, 'identity'> | null;
  identity: PartitionIdentity | null;
  bootEntries: BootEntry[];
  installation: DiskInstallation | null;
  /**
   * The volume read for this partition: its installation's, or one the live registry of the machine
   * preflight runs on ties to it (a drive letter, a `\\?\Volume{GUID}\` root); null when none was.
   */
  volume: string | null;
}

/** A volume read in this run and the partition the live MountedDevices says it is. */
export interface PartitionVolume {
  identity: PartitionIdentity;
  root: string;
}

export interface DiskFacts {
  /** The disk read (`\\.\PhysicalDrive0`, `/dev/sda`, an image file); null when no disk was read. */
  source: string | null;
  style: PartitionTable['style'] | null;
  diskId: string | null;
  rows: DiskRow[];
  /** BCD stores read, and problems reading them or the table. */
  stores: string[];
  /** Installations of the run whose partition could not be told (no MountedDevices entry, no boot sector). */
  unplaced: string[];
  problems: string[];
}

export interface FoundStore {
  label: string;
  store: BcdStore | null;
  error: string | null;
}

/** The BCD stores on one readable volume: their absolute paths, and labels as the volume was named. */
export function bcdStoresOn(vol: VolumeFs, volumeLabel: string): { path: string; label: string }[] {
  const out: { path: string; label: string }[] = [];
  const windowsStyle = /^[A-Za-z]:|\\/.test(volumeLabel);
  for (const rel of BCD_LOCATIONS) {
    const abs = vol.resolve(rel);
    if (!abs) continue;
    const shown = vol.displayPath(rel);
    const base = volumeLabel.replace(/[\\/]+$/, '');
    out.push({ path: abs, label: windowsStyle ? `${base}\\${shown}` : `${base}/${shown.replace(/\\/g, '/')}` });
  }
  return out;
}

function partitionOf(d: BcdDevice): PartitionIdentity | null {
  if (d.kind !== 'partition') return null;
  return d.style === 'gpt'
    ? { style: 'gpt', partitionGuid: d.partitionGuid }
    : { style: 'mbr', diskSignature: d.diskSignature, offset: d.partitionOffset };
}

/** The OS loader entries of the stores read. */
export function bootEntriesOf(stores: FoundStore[]): BootEntry[] {
  const entries: BootEntry[] = [];
  for (const { label, store } of stores) {
    if (!store) continue;
    const bootmgr = store.objects.find((o) => o.alias === '{bootmgr}');
    const defaultId = bootmgr?.elements.find((e) => e.id === '23000003')?.value;
    for (const o of store.objects) {
      if (o.type !== OS_LOADER) continue;
      const el = (id: string) => o.elements.find((e) => e.id === id)?.value ?? null;
      const dev = (el('21000001') ?? el('11000001')) as { device: BcdDevice } | null;
      entries.push({
        store: label,
        id: o.id,
        description: o.description,
        isDefault: o.id === defaultId,
        winpe: el('26000022') === true,
        device: dev ? deviceText(dev.device) : 'none',
        partition: dev ? partitionOf(dev.device) : null,
        systemRoot: typeof el('22000002') === 'string' ? (el('22000002') as string) : null,
      });
    }
  }
  return entries;
}

function installationOf(i: InstallationFacts, placedBy: DiskInstallation['placedBy']): DiskInstallation {
  return {
    placedBy,
    id: i.id,
    volume: i.volume,
    family: i.os.family,
    build: i.os.build,
    generalization: i.generalization.state,
    machineSid: i.sid.machineSid,
  };
}

/** The partition identity of an installation: by MountedDevices, else by its boot sector's offset if unique. */
function place(i: InstallationFacts, tables: PartitionTable[]): { identity: PartitionIdentity | null; by: DiskInstallation['placedBy'] } {
  if (i.mountedDevices.systemPartition) return { identity: i.mountedDevices.systemPartition, by: 'mounted-devices' };
  const offset = i.mountedDevices.volumeOffset;
  if (offset === null) return { identity: null, by: null };
  const at = tables.flatMap((t) => t.partitions.filter((p) => p.offset === offset));
  // Two disks with a partition at the same offset (the usual layouts repeat) cannot be told apart this way.
  return at.length === 1 ? { identity: at[0].identity, by: 'boot-sector-offset' } : { identity: null, by: null };
}

/**
 * A DiskFacts per disk read: a row per partition with what boots it and what lives on it. Boot entries and
 * installations whose partition is on none of them (or when no disk was read) go to one more DiskFacts
 * with `source: null`, a row per partition identity, and a row per installation whose partition is unknown.
 */
export function diskCoverage(
  tables: PartitionTable[],
  stores: FoundStore[],
  allInstallations: InstallationFacts[],
  volumes: PartitionVolume[] = [],
): DiskFacts[] {
  // An installation read from an image is on no disk (its MountedDevices name the disk it was captured from).
  const installations = allInstallations.filter((i) => !i.image);
  const entries = bootEntriesOf(stores).filter((e) => !e.winpe);
  const usedEntries = new Set<BootEntry>();
  const usedInstallations = new Set<InstallationFacts>();
  const placement = new Map(installations.map((i) => [i, place(i, tables)] as const));
  const rowFor = (identity: PartitionIdentity | null, partition: DiskRow['partition']): DiskRow => {
    const bootEntries = identity ? entries.filter((e) => !usedEntries.has(e) && sameIdentity(e.partition, identity)) : [];
    bootEntries.forEach((e) => usedEntries.add(e));
    const inst = identity
      ? installations.find((i) => !usedInstallations.has(i) && sameIdentity(placement.get(i)!.identity, identity))
      : undefined;
    if (inst) usedInstallations.add(inst);
    const volume = inst?.volume ?? (identity ? (volumes.find((v) => sameIdentity(v.identity, identity))?.root ?? null) : null);
    return { partition, identity, bootEntries, installation: inst ? installationOf(inst, placement.get(inst)!.by) : null, volume };
  };
  const storeProblems = [
    ...stores.filter((s) => s.error).map((s) => `${s.label}: ${s.error}`),
    ...stores.flatMap((s) => (s.store?.problems ?? []).map((p) => `${s.label}: ${p}`)),
  ];
  const unplaced = installations.filter((i) => placement.get(i)!.identity === null).map((i) => i.id);
  const disks: DiskFacts[] = tables.map((table) => ({
    source: table.source,
    style: table.style,
    diskId: table.diskId,
    rows: table.partitions.map(({ identity, ...partition }) => rowFor(identity, partition)),
    stores: stores.map((s) => s.label),
    unplaced,
    problems: [...table.problems, ...storeProblems],
  }));
  const rest: DiskRow[] = [];
  for (const e of entries) if (!usedEntries.has(e) && e.partition) rest.push(rowFor(e.partition, null));
  for (const i of installations) {
    if (usedInstallations.has(i)) continue;
    const placed = placement.get(i)!;
    rest.push(
      placed.identity
        ? rowFor(placed.identity, null)
        : { partition: null, identity: null, bootEntries: [], installation: installationOf(i, null), volume: i.volume },
    );
    usedInstallations.add(i);
  }
  for (const e of entries)
    if (!usedEntries.has(e)) rest.push({ partition: null, identity: null, bootEntries: [e], installation: null, volume: null });
  // Without a disk or a boot store there is nothing to tie together: no disk section at all.
  if (rest.length > 0 && (tables.length > 0 || stores.length > 0)) {
    disks.push({
      source: null,
      style: null,
      diskId: null,
      rows: rest,
      stores: stores.map((s) => s.label),
      unplaced,
      problems: tables.length === 0 ? storeProblems : [],
    });
  }
  return disks;
}
