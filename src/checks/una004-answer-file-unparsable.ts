// UNA004: an answer file could not be parsed, so UNA001-UNA003 could not look into it.
import type { CheckMeta, InstallationCheck } from './types';
import { answerFileEvidence, describeFile } from './unattend';
import { cmd, finding, offlinePath } from './util';

const meta: CheckMeta = {
  id: 'UNA004',
  severity: 'info',
  title: 'Answer file could not be parsed',
  remedy: `Open the file and check it by eye: ${cmd('notepad <volume>\\<path>')}`,
  docs: [
    'The file is in one of the places Windows Setup searches but is not well-formed XML: Setup would fail',
    'on it (or ignore it), and the secrets/SkipRearm/PersistAllDeviceInstalls checks could not read it.',
    'Source: Microsoft "Windows Setup automation overview" (implicit answer file search order).',
  ].join('\n'),
};

export const una004: InstallationCheck = {
  meta,
  scope: 'installation',
  run(facts) {
    return facts.unattend.files
      .filter((f) => f.parseError !== null)
      .map((f) =>
        finding(meta, {
          message: `${describeFile(f)} is not valid XML (${f.parseError}); it was not checked for secrets.`,
          remedy: `Open the file and check it by eye: ${cmd(`notepad ${offlinePath(facts.volume, f.path)}`)}`,
          evidence: answerFileEvidence(f, `parse error: ${f.parseError}`),
        }),
      );
  },
};
