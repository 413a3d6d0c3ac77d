// Reboot-pending and servicing markers in SOFTWARE and SYSTEM (domain.md §6.1). A hive that was not read
// (null OpenedHive) makes its markers null - unknown - never false: "no marker" is only said of a hive
// that was actually looked at.
import type { Evidence, Tristate } from './facts';
import { currentControlSet, keyExists, regEvidence, type InstallationHives } from './hives';

const CBS = 'Microsoft\\Windows\\CurrentVersion\\Component Based Servicing';

export interface PendingRegistry {
  /** null: SOFTWARE not read. */
  cbsRebootPending: Tristate;
  cbsPackagesPending: Tristate;
  windowsUpdateRebootRequired: Tristate;
  /** null: SYSTEM not read, or no control set in it. */
  pendingFileRenames: number | null;
  evidence: Evidence[];
}

export function readPendingRegistry(hives: InstallationHives): PendingRegistry {
  const evidence: Evidence[] = [];
  const sw = hives.SOFTWARE;
  let cbsRebootPending: Tristate = null;
  let cbsPackagesPending: Tristate = null;
  let windowsUpdateRebootRequired: Tristate = null;
  if (sw) {
    cbsRebootPending = keyExists(sw, `${CBS}\\RebootPending`, evidence);
    // PackagesPending can exist empty; only entries in it mean work is queued.
    const packagesPending = sw.hive.key(`${CBS}\\PackagesPending`);
    cbsPackagesPending = !!packagesPending && (packagesPending.declaredSubkeyCount > 0 || packagesPending.declaredValueCount > 0);
    if (cbsPackagesPending) evidence.push(regEvidence(sw, `${CBS}\\PackagesPending`, undefined, 'entries present'));
    windowsUpdateRebootRequired = keyExists(sw, 'Microsoft\\Windows\\CurrentVersion\\WindowsUpdate\\Auto Update\\RebootRequired', evidence);
  }

  let pendingFileRenames: number | null = null;
  const ccs = currentControlSet(hives.SYSTEM);
  if (hives.SYSTEM && ccs) {
    pendingFileRenames = 0;
    const key = `${ccs}\\Control\\Session Manager`;
    for (const name of ['PendingFileRenameOperations', 'PendingFileRenameOperations2']) {
      const entries = hives.SYSTEM.hive.value(key, name)?.strings();
      if (!entries || entries.length === 0) continue;
      // Source/target pairs; an empty target means "delete the source".
      const pairs = Math.ceil(entries.length / 2);
      pendingFileRenames += pairs;
      evidence.push(regEvidence(hives.SYSTEM, key, name, `${pairs} pending rename/delete operation(s), first: ${entries[0]}`));
    }
  }
  return { cbsRebootPending, cbsPackagesPending, windowsUpdateRebootRequired, pendingFileRenames, evidence };
}
