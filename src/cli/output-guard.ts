// Where reports may be written: never on a volume preflight inspects (read-only contract), and not on
// WinPE's X: RAM disk, which is lost at reboot (DESIGN.md "Logs go to persistent media").
import { placementOf, type PlacementOptions } from '../host/placement';
import { UsageError } from './fail';

export type OutputGuardOptions = PlacementOptions;

/** Throws a UsageError when `outDir` lies on one of the inspected volume roots, or on the WinPE RAM disk. */
export function checkOutputDir(outDir: string, inspectedRoots: string[], options: OutputGuardOptions = {}): void {
  const { onVolume, onRamDisk } = placementOf(outDir, inspectedRoots, options);
  if (onVolume !== null) {
    throw new UsageError(`--out ${outDir} is on the inspected volume ${onVolume}; preflight never writes there (use the stick or another volume)`);
  }
  if (onRamDisk) {
    throw new UsageError(`--out ${outDir} is on X:, WinPE's RAM disk, which is lost at reboot; write to the stick or the capture destination`);
  }
}
