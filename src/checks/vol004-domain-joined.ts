// VOL004: joined to a domain and not generalized (domain.md §1.5).
import type { CheckMeta, InstallationCheck } from './types';
import { RUN_SYSPREP, cmd } from './remedy-phrases';
import { evidenceFor, finding } from './finding';
import { isGeneralized } from './image-state';

const meta: CheckMeta = {
  id: 'VOL004',
  severity: 'warn',
  title: 'Domain membership recorded',
  remedy:
    `On the reference machine, in elevated PowerShell, leave the domain: ${cmd('Remove-Computer -WorkgroupName WORKGROUP -Restart')}. ` +
    `Then ${RUN_SYSPREP}.`,
  get docs() {
    return [
      'Sysprep "runs only if the PC is a member of a workgroup … If the PC is joined to a domain, Sysprep',
      'removes the PC from the domain". An image captured while joined and not generalized clones the computer',
      "account's secret to every machine. Read from SECURITY `Policy\\PolPrDmS` (domain SID) and `PolPrDmN` (name).",
      'In a generalized image the membership should be gone (Sysprep removed it): when it is still recorded the',
      'image looks tampered with (generalized elsewhere, or the hives were edited) — warn, and say so.',
      'Source: Microsoft "Sysprep overview".',
    ].join('\n');
  },
};

export const vol004: InstallationCheck = {
  meta,
  scope: 'installation',
  run(facts) {
    const v = facts.volumeState;
    if (v.domainJoined !== true) return [];
    const evidence = evidenceFor(v.evidence, ['PolPrDmS', 'Domain'], { source: 'registry', hive: 'SECURITY', key: 'Policy\\PolPrDmS' });
    if (isGeneralized(facts)) {
      return [
        finding(meta, {
          message:
            `Generalized, yet the domain membership (${v.domainName ?? 'name unknown'}) is still recorded: Sysprep ` +
            'removes it, so this image looks tampered with (hives edited or copied after Sysprep).',
          remedy: `Find out how the image was made; rebuild it from a machine in a workgroup and ${RUN_SYSPREP}.`,
          evidence,
        }),
      ];
    }
    return [
      finding(meta, {
        message:
          `Joined to the domain ${v.domainName ?? '(name unknown)'} and ` +
          `${facts.generalization.state === 'unknown' ? 'not known to be generalized' : 'not generalized'}: ` +
          'clones would share the computer account.',
        evidence: evidenceFor(v.evidence, ['PolPrDmS', 'Domain'], {
          source: 'registry',
          hive: 'SECURITY',
          key: 'Policy\\PolPrDmS',
        }),
      }),
    ];
  },
};
