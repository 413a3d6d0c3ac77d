// UNA003: SkipRearm=1 in an answer file (domain.md §7.3).
import type { CheckMeta, InstallationCheck } from './types';
import { answerFileEvidence, answerFileForPass, describeFile } from './unattend';
import { finding } from './finding';

const meta: CheckMeta = {
  id: 'UNA003',
  severity: 'warn',
  title: 'Answer file sets SkipRearm',
  remedy:
    'For the final Sysprep run set <SkipRearm>0</SkipRearm> (Microsoft-Windows-Security-SPP, generalize pass) ' + 'or remove the setting.',
  get docs() {
    return [
      '`Microsoft-Windows-Security-SPP\\SkipRearm` = 1 (Vista: `-Security-Licensing-SLC`) leaves the licensing',
      'state unchanged at generalize: KMS clients deployed from the image keep one client machine id and "the',
      'KMS current client count does not increase". Microsoft: set 1 while customizing, 0 for the final run;',
      'since Windows 8 rarely needed. Source: Microsoft unattend reference `Microsoft-Windows-Security-SPP`.',
      'Only the file Setup uses at the generalize pass counts (Microsoft "Windows Setup automation overview"):',
      'a file another one outranks at that pass is reported as info.',
    ].join('\n');
  },
};

export const una003: InstallationCheck = {
  meta,
  scope: 'installation',
  run(facts) {
    return facts.unattend.files
      .filter((f) => f.skipRearm === 1)
      .map((f) =>
        finding(meta, {
          severity: answerFileForPass(facts, 'generalize') === f ? 'warn' : 'info',
          message: `${describeFile(f)}${answerFileForPass(facts, 'generalize') === f ? '' : ' (outranked at the generalize pass by another answer file: not used)'} sets SkipRearm=1: generalize does not reset licensing (KMS client id shared).`,
          evidence: answerFileEvidence(f, 'SkipRearm=1'),
        }),
      );
  },
};
