// Shared by the AppX checks: evidence about per-user AppX state (the key is windows/appx's, domain.md §3.4).
import { APPX_STORE_KEY } from '../windows/appx';
import type { AppxFacts, Evidence } from '../windows/facts';
import { matchingEvidence } from './util';

/** The facts' evidence about one SID (and package), or the key where it lives when none was recorded. */
export function appxEvidence(appx: AppxFacts, sid: string, pkg?: string): Evidence[] {
  const found = matchingEvidence(appx.evidence, pkg ?? sid).filter(
    (e) => pkg === undefined || e.source !== 'registry' || e.key.toLowerCase().includes(sid.toLowerCase()),
  );
  if (found.length > 0) return found;
  const key = pkg ? `${APPX_STORE_KEY}\\${sid}\\${pkg}` : `${APPX_STORE_KEY}\\${sid}`;
  return [{ source: 'registry', hive: 'SOFTWARE', key }];
}
