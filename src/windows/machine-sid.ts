// The machine SID from SAM (Domains\Account\V, last 24 bytes) and SECURITY (Policy\PolAcDmS default
// value, typed REG_NONE), and whether they agree (domain.md §4.1).
import type { Evidence, SidFacts } from './facts';
import { regEvidence, type InstallationHives } from './hives';
import { isMachineSid, parseSid } from './sid';

const SAM_ACCOUNT = 'SAM\\Domains\\Account';
const SECURITY_ACCOUNT_DOMAIN = 'Policy\\PolAcDmS';

export function readSidFacts(hives: InstallationHives): SidFacts {
  const evidence: Evidence[] = [];
  let samSid: string | null = null;
  const v = hives.SAM?.hive.value(SAM_ACCOUNT, 'V');
  if (hives.SAM && v) {
    const raw = v.raw();
    // The SID sits at the tail of V: 24 bytes = revision 1, 4 sub-authorities, authority 5, first sub 21.
    const sid = raw.length >= 24 ? parseSid(raw, raw.length - 24) : null;
    if (isMachineSid(sid)) {
      samSid = sid;
      evidence.push(regEvidence(hives.SAM, SAM_ACCOUNT, 'V', `last 24 bytes = ${sid}`));
    }
  }
  let securitySid: string | null = null;
  const d = hives.SECURITY?.hive.value(SECURITY_ACCOUNT_DOMAIN, '');
  if (hives.SECURITY && d) {
    const sid = parseSid(d.raw());
    if (isMachineSid(sid)) {
      securitySid = sid;
      evidence.push(regEvidence(hives.SECURITY, SECURITY_ACCOUNT_DOMAIN, '', sid));
    }
  }
  const sourcesAgree = samSid && securitySid ? samSid === securitySid : null;
  return { machineSid: samSid ?? securitySid, samSid, securitySid, sourcesAgree, evidence };
}
