// SID001: the SAM and the SECURITY hive name different machine SIDs (domain.md §4.1).
import type { CheckMeta, InstallationCheck } from './types';
import { RUN_SYSPREP } from './remedy-phrases';
import { finding } from './finding';

const meta: CheckMeta = {
  id: 'SID001',
  severity: 'warn',
  title: 'SAM and SECURITY disagree on the machine SID',
  remedy:
    'Find out how the SID was changed (NewSID-style tools are unsupported). Boot the reference machine and ' +
    `${RUN_SYSPREP}. If Sysprep fails, rebuild the reference machine.`,
  get docs() {
    return [
      'The machine SID is stored twice: at the end of `SAM\\Domains\\Account\\V` and as the default value of',
      '`SECURITY\\Policy\\PolAcDmS`. Windows keeps them equal; different values point at an interrupted or',
      'third-party SID change (NewSID is retired and unsupported).',
      'Sources: regipy, PowerForensics; Sysinternals NewSID page.',
    ].join('\n');
  },
};

export const sid001: InstallationCheck = {
  meta,
  scope: 'installation',
  run(facts) {
    const s = facts.sid;
    if (s.sourcesAgree !== false) return [];
    return [
      finding(meta, {
        message:
          `SAM (Domains\\Account\\V) says ${s.samSid ?? 'unknown'}, ` + `SECURITY (Policy\\PolAcDmS) says ${s.securitySid ?? 'unknown'}.`,
        evidence: s.evidence,
      }),
    ];
  },
};
