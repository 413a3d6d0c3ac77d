// Where reports may be written: never on a volume preflight inspects (read-only contract), and not on
// WinPE's X: RAM disk, which is lost at reboot (DESIGN.md "Logs go to persistent media").
import { placementOf, type PlacementOptions } from '../host/placement';
import type { ScanResult } from '../windows/scan';
import { UsageError } from './fail';

/**
 * The volumes `--out` must stay off: the volumes the technician named (every one is inspected), and the
 * volumes of the installations found (D:\Windows is read from D:\) and of those that could not be read.
 * A volume found on the machine without Windows (the stick, the capture drive) is not inspected, so it is
 * a valid destination for the reports.
 */
export function inspectedRoots(named: string[], discovered: boolean, scan: Pick<ScanResult, 'installations' | 'unreadable'>): string[] {
  return [...(discovered ? [] : named), ...scan.installations.map((i) => i.volume), ...scan.unreadable.map((v) => v.volume)];
}

export type OutputGuardOptions = PlacementOptions;

/** Throws a UsageError when `outDir` lies on one of the inspected volume roots, or on the WinPE RAM disk. */
export function checkOutputDir(outDir: string, inspectedRoots: string[], options: OutputGuardOptions = {}): void {
  const { onVolume, onRamDisk } = placementOf(outDir, inspectedRoots, options);
  if (onVolume !== null) {
    throw new UsageError(
      `--out ${outDir} is on the inspected volume ${onVolume}; preflight never writes there (use the stick or another volume)`,
    );
  }
  if (onRamDisk) {
    throw new UsageError(
      `--out ${outDir} is on X:, WinPE's RAM disk, which is lost at reboot; write to the stick or the capture destination`,
    );
  }
}
