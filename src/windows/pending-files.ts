// File-side pending-servicing markers (domain.md §6.1): `%WINDIR%\WinSxS\pending.xml` (CBS actions queued
// for the next boot) and `%WINDIR%\WinSxS\reboot.xml`. Their role as "reboot pending" markers is
// practitioner-established; pending.xml's internal semantics are UNCONFIRMED (§12), so only presence is read.
// Remedy offline: `Dism /Image:<vol> /Cleanup-Image /RevertPendingActions` (§6.1).

import type { Evidence } from './facts';
import { VolumeFs } from './volume-fs';

export interface PendingFilesResult {
  /** Value for PendingFacts.pendingXml: pending.xml OR reboot.xml is present. */
  pendingXml: boolean;
  /** pending.xml alone. */
  pendingXmlPresent: boolean;
  /** reboot.xml alone. */
  rebootXmlPresent: boolean;
  evidence: Evidence[];
}

export function readPendingFiles(vol: VolumeFs, windowsDir = 'Windows'): PendingFilesResult {
  const evidence: Evidence[] = [];
  const probe = (name: string): boolean => {
    const rel = `${windowsDir}\\WinSxS\\${name}`;
    const st = vol.stat(rel);
    const present = st !== null && st.isFile();
    evidence.push({ source: 'file', path: vol.displayPath(rel), detail: present ? `present (${st!.size} bytes)` : 'not present' });
    return present;
  };
  const pendingXmlPresent = probe('pending.xml');
  const rebootXmlPresent = probe('reboot.xml');
  return { pendingXml: pendingXmlPresent || rebootXmlPresent, pendingXmlPresent, rebootXmlPresent, evidence };
}
