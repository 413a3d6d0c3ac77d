// UPG001: an in-place upgraded installation of a Windows version on which Sysprep does not support upgraded
// installations (domain.md §1.6).
import type { CheckMeta, InstallationCheck, Severity } from './types';
import { finding } from './finding';
import { isGeneralized } from './image-state';

/** Windows 10, version 1607 and Windows Server 2016: the first builds whose Sysprep supports upgraded installations. */
export const FIRST_BUILD_UPGRADE_SUPPORTED = 14393;

const meta: CheckMeta = {
  id: 'UPG001',
  severity: 'warn',
  title: 'Upgraded installation Sysprep does not support',
  remedy:
    'Build the reference image from a clean installation (Windows Setup from media, not an in-place upgrade) of ' +
    'the version you deploy, or upgrade it to Windows 10, version 1607 or later first.',
  get docs() {
    return [
      'Microsoft\'s Sysprep overview: "Beginning with Windows 10, version 1607, Sysprep can be used to prepare an',
      'image that has been upgraded"; before that, Sysprep on upgraded installations is not supported and Sysprep',
      'stops with "Sysprep will not run on an upgraded OS". So: an upgraded Windows 10 before 1607 (build < 14393),',
      'Windows 8.1, 8, 7 or Vista, Windows Server 2012 R2 and earlier cannot be generalized (warn: running Sysprep',
      'will fail); one that is generalized anyway was forced past that check (warn: unsupported). Windows 10 1607',
      'and later (Server 2016 and later): no finding. When the version is unknown the rule cannot be applied:',
      'info.',
      'Traces of an upgrade (which Windows leaves is what practitioners report; Microsoft does not document',
      'them): SYSTEM `Setup\\Source OS (Updated on …)` keys (the installation it replaced), a SYSTEM',
      '`Setup\\Upgrade` key or a non-zero `Upgrade` value. `Windows.old` alone is not taken as proof (VOL007 reports it).',
      'Source: Microsoft "Sysprep (System Preparation) overview" (Upgrade installation types).',
      'URL: https://learn.microsoft.com/windows-hardware/manufacture/desktop/sysprep--system-preparation--overview',
    ].join('\n');
  },
};

export const upg001: InstallationCheck = {
  meta,
  scope: 'installation',
  run(facts) {
    const u = facts.upgrade;
    if (u.upgraded !== true) return [];
    const build = facts.os.build;
    if (build !== null && build >= FIRST_BUILD_UPGRADE_SUPPORTED) return [];
    const from = u.sources.map((s) => s.productName ?? s.key).join(', ') || 'an earlier installation (SYSTEM\\Setup upgrade marker)';
    const os = facts.os.productName ?? 'this Windows';
    let severity: Severity;
    let effect: string;
    if (build === null) {
      severity = 'info';
      effect = 'its version is unknown, so whether Sysprep accepts an upgraded installation cannot be told';
    } else if (isGeneralized(facts)) {
      severity = 'warn';
      effect = `it is generalized, yet Sysprep on ${os} (build ${build}) does not support upgraded installations: it was forced past that check (unsupported)`;
    } else {
      severity = 'warn';
      effect = `Sysprep on ${os} (build ${build}) refuses upgraded installations ("Sysprep will not run on an upgraded OS"), so running it will fail`;
    }
    return [
      finding(meta, {
        severity,
        message: `Upgraded in place from ${from}: ${effect}.`,
        evidence: u.evidence.filter(
          (e) => e.source === 'registry' && (e.key.includes('Source OS') || e.value === 'Upgrade' || e.key.endsWith('Upgrade')),
        ),
      }),
    ];
  },
};
