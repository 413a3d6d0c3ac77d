// SYS002: Sysprep may run only 3 times on this OS (Windows 7 / Server 2008 R2 / Server 2008; domain.md §2.1).
import type { CheckMeta, InstallationCheck } from './types';
import { cmd } from './remedy-phrases';
import { finding, pickEvidence } from './finding';

const meta: CheckMeta = {
  id: 'SYS002',
  severity: 'info',
  title: 'Sysprep run limit is 3 on this OS',
  remedy:
    `Count your Sysprep runs: on the reference machine ${cmd('slmgr.vbs /dlv')} shows "Remaining Windows rearm count". ` +
    'To re-capture without using a rearm, set <SkipRearm>1</SkipRearm> while customizing and 0 for the final run.',
  get docs() {
    return [
      'Microsoft: Windows 7, Server 2008 R2 and Server 2008 allow 3 Sysprep (rearm) runs per image; Windows 8.1,',
      'Server 2012 and later allow 1001. The remaining count lives in the encrypted SPP store and cannot be read',
      'offline, so this is information, not a verdict. Windows 8 (non-8.1) and Windows Vista are not in',
      "Microsoft's table (UNCONFIRMED; no finding, the limit is reported as unknown). Source: Microsoft",
      '"Sysprep (Generalize) a Windows installation".',
    ].join('\n');
  },
};

export const sys002: InstallationCheck = {
  meta,
  scope: 'installation',
  run(facts) {
    if (facts.sysprepLimit.runLimit !== 3) return [];
    const os = facts.os.productName ?? facts.os.family;
    return [
      finding(meta, {
        message: `${os} allows Sysprep to rearm at most 3 times per image; the remaining count cannot be read offline.`,
        evidence: [...facts.sysprepLimit.evidence, ...pickEvidence(facts.os.evidence, 'CurrentBuild')],
      }),
    ];
  },
};
