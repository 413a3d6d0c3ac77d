// SID002: the machine SID could not be read, so clones cannot be recognised (domain.md §4.1).
import type { CheckMeta, InstallationCheck } from './types';
import { finding } from './finding';
import { isGeneralized } from './image-state';

const meta: CheckMeta = {
  id: 'SID002',
  severity: 'warn',
  title: 'Machine SID unreadable',
  remedy: 'See HIV002 for the hive that could not be read; run preflight again once it is readable.',
  get docs() {
    return [
      'Neither `SAM\\Domains\\Account\\V` nor `SECURITY\\Policy\\PolAcDmS` gave a machine SID, so XIN001 cannot',
      'tell whether this installation is a clone of another one. Warn when the image is not generalized (clones',
      'are then the danger), info otherwise. Source: regipy `local_sid`/`domain_sid` plugins.',
    ].join('\n');
  },
};

export const sid002: InstallationCheck = {
  meta,
  scope: 'installation',
  run(facts) {
    const s = facts.sid;
    if (s.machineSid !== null) return [];
    return [
      finding(meta, {
        severity: isGeneralized(facts) ? 'info' : 'warn',
        message:
          'No machine SID could be read from SAM (Domains\\Account\\V) or SECURITY (Policy\\PolAcDmS); ' +
          'duplicate SIDs across installations cannot be checked.',
        evidence: s.evidence,
      }),
    ];
  },
};
