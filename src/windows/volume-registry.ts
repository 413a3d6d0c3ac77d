// Registry facts about the volume's state: Fast Startup (HiberbootEnabled) and domain membership
// (SECURITY Policy\PolPrDmS / PolPrDmN; domain.md §4.1, §6.2).
import type { Evidence } from './facts';
import { currentControlSet, readNumber, regEvidence, type InstallationHives } from './hives';
import { parseSid } from './sid';
import { decodeString } from '../hive';

export interface VolumeRegistry {
  fastStartupEnabled: boolean | null;
  domainJoined: boolean | null;
  domainName: string | null;
  evidence: Evidence[];
}

export function readVolumeRegistry(hives: InstallationHives): VolumeRegistry {
  const evidence: Evidence[] = [];
  const ccs = currentControlSet(hives.SYSTEM);
  const hiberboot = ccs ? readNumber(hives.SYSTEM, `${ccs}\\Control\\Session Manager\\Power`, 'HiberbootEnabled', evidence) : null;

  let domainJoined: boolean | null = null;
  let domainName: string | null = null;
  const sec = hives.SECURITY;
  if (sec) {
    const sidValue = sec.hive.value('Policy\\PolPrDmS', '');
    if (sidValue) {
      const sid = parseSid(sidValue.raw());
      domainJoined = sid !== null;
      evidence.push(regEvidence(sec, 'Policy\\PolPrDmS', '', sid ?? 'no SID (workgroup)'));
    } else if (sec.hive.key('Policy')) {
      domainJoined = false;
    }
    const nameValue = sec.hive.value('Policy\\PolPrDmN', '');
    if (nameValue) {
      // UNICODE_STRING header (length, max length, pointer: 8 bytes) then UTF-16 text (domain.md §4.1).
      const raw = nameValue.raw();
      const length = raw.length >= 2 ? raw[0] | (raw[1] << 8) : 0;
      domainName = raw.length > 8 ? decodeString(raw.subarray(8, 8 + Math.min(length, raw.length - 8))) || null : null;
      if (domainName) evidence.push(regEvidence(sec, 'Policy\\PolPrDmN', '', domainName));
    }
  }
  return { fastStartupEnabled: hiberboot === null ? null : hiberboot !== 0, domainJoined, domainName, evidence };
}
