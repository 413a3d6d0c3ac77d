// XIN001: two or more installations share a machine SID (domain.md §4.2, §4.3).
import type { InstallationFacts } from '../windows/facts';
import type { CheckMeta, CrossCheck } from './types';
import { RUN_SYSPREP } from './remedy-phrases';
import { finding, installationEvidence } from './finding';
import { listText } from './english';

const meta: CheckMeta = {
  id: 'XIN001',
  severity: 'block',
  title: 'Installations share a machine SID',
  remedy:
    'Capture only the reference installation, after it is generalized: boot it (the original, not a clone) ' +
    `and ${RUN_SYSPREP}. Do not capture or keep the clones made without Sysprep: Microsoft does not support ` +
    'running Sysprep on a machine that was cloned and deployed without it — rebuild them from the generalized image.',
  get docs() {
    return [
      'Installations with the same machine SID were cloned from one another. A generalized image still holds',
      'its old SID offline (the new one is made at first boot), so a shared SID alone is only a warning; it',
      'blocks when any of those installations is not generalized (or cannot be shown to be): that is a clone',
      'captured without Sysprep. Since the August/September 2025 updates (KB5064081/KB5065426) Windows 11 24H2+',
      'and Server 2025 block Kerberos/NTLM authentication between machines with duplicate SIDs (LsaSrv event',
      '6167).',
      'Sources: Microsoft "Sysprep command-line options"; KB 314828; Tech Community "Hardening administrative actions".',
    ].join('\n');
  },
};

export const xin001: CrossCheck = {
  meta,
  scope: 'cross',
  run(installations) {
    const bySid = new Map<string, InstallationFacts[]>();
    for (const i of installations) {
      const sid = i.sid.machineSid;
      if (sid !== null) bySid.set(sid.toUpperCase(), [...(bySid.get(sid.toUpperCase()) ?? []), i]);
    }
    return [...bySid.values()]
      .filter((group) => group.length > 1)
      .map((group) => {
        const ids = group.map((i) => i.id);
        const unconfirmed = group.filter((i) => i.generalization.state !== 'generalized').map((i) => i.id);
        const sid = group[0].sid.machineSid;
        const tail =
          unconfirmed.length > 0
            ? ` ${listText(unconfirmed)} ${unconfirmed.length === 1 ? 'is' : 'are'} not generalized: clones ` +
              'captured without Sysprep (Windows 11 24H2+/Server 2025 refuse authentication between them).'
            : ' All are generalized, so each gets a new SID at first boot.';
        return finding(meta, {
          severity: unconfirmed.length > 0 ? 'block' : 'warn',
          message: `${listText(ids)} share the machine SID ${sid}.${tail}`,
          installations: ids,
          evidence: group.map((i) => installationEvidence(i, `machine SID ${i.sid.machineSid}, ${i.generalization.state}`)),
        });
      });
  },
};
