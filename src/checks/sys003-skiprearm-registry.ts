// SYS003: SkipRearm=1 in the registry: Sysprep will not (or did not) reset licensing (domain.md §2.3, §7.3).
import { SPP_KEY } from '../windows/sysprep-limit';
import type { CheckMeta, InstallationCheck } from './types';
import { cmd } from './remedy-phrases';
import { evidenceFor, finding } from './finding';
import { isGeneralized } from './image-state';

const KEY = `SOFTWARE\\${SPP_KEY}`;

const meta: CheckMeta = {
  id: 'SYS003',
  severity: 'warn',
  title: 'SkipRearm is set in the registry',
  remedy: 'Before the final Sysprep run, on the reference machine: ' + cmd(`reg add "HKLM\\${KEY}" /v SkipRearm /t REG_DWORD /d 0 /f`),
  get docs() {
    return [
      '`HKLM\\' + KEY + '\\SkipRearm` = 1 is the widely copied "fix" for Sysprep failures. With it,',
      'Sysprep leaves the licensing state as it is: KMS clients deployed from the image keep the same client',
      'machine id and "the KMS current client count does not increase". Microsoft: for Windows 8 and later',
      'SkipRearm is "no longer needed".',
      'Sources: Microsoft KB 929828; unattend reference `Microsoft-Windows-Security-SPP\\SkipRearm`; AskCore blog.',
    ].join('\n');
  },
};

export const sys003: InstallationCheck = {
  meta,
  scope: 'installation',
  run(facts) {
    const l = facts.sysprepLimit;
    if (l.skipRearm !== 1) return [];
    const when = isGeneralized(facts)
      ? 'the licensing state was probably not reset when this image was generalized'
      : 'the next Sysprep run will not reset the licensing state';
    return [
      finding(meta, {
        message: `SkipRearm is 1 in ${KEY}: ${when} (KMS clients would share one client machine id).`,
        evidence: evidenceFor(l.evidence, ['SkipRearm'], {
          source: 'registry',
          hive: 'SOFTWARE',
          key: SPP_KEY,
          value: 'SkipRearm',
          data: '1',
        }),
      }),
    ];
  },
};
