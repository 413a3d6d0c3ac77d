// Reboot-pending and servicing markers in SOFTWARE and SYSTEM (domain.md §6.1).
import type { Evidence } from './facts';
import { currentControlSet, keyExists, regEvidence, type InstallationHives } from './hives';

const CBS = 'Microsoft\\Windows\\CurrentVersion\\Component Based Servicing';

export interface PendingRegistry {
  cbsRebootPending: boolean;
  cbsPackagesPending: boolean;
  windowsUpdateRebootRequired: boolean;
  pendingFileRenames: number;
  evidence: Evidence[];
}

export function readPendingRegistry(hives: InstallationHives): PendingRegistry {
  const evidence: Evidence[] = [];
  const sw = hives.SOFTWARE;
  const cbsRebootPending = keyExists(sw, `${CBS}\\RebootPending`, evidence);
  // PackagesPending can exist empty; only entries in it mean work is queued.
  const packagesPending = sw?.hive.key(`${CBS}\\PackagesPending`);
  const cbsPackagesPending = !!packagesPending && (packagesPending.declaredSubkeyCount > 0 || packagesPending.declaredValueCount > 0);
  if (sw && cbsPackagesPending) evidence.push(regEvidence(sw, `${CBS}\\PackagesPending`, undefined, 'entries present'));
  const windowsUpdateRebootRequired = keyExists(sw, 'Microsoft\\Windows\\CurrentVersion\\WindowsUpdate\\Auto Update\\RebootRequired', evidence);

  let pendingFileRenames = 0;
  const ccs = currentControlSet(hives.SYSTEM);
  if (hives.SYSTEM && ccs) {
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
