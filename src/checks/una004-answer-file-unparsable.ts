// UNA004: an answer file could not be parsed: Windows Setup fails on it, and UNA001-UNA003 could not look
// into it (domain.md §7.1).
import type { CheckMeta, InstallationCheck, Severity } from './types';
import { answerFileCommand, answerFileEvidence, answerFileInUse, describeFile } from './unattend';
import { cmd } from './remedy-phrases';
import { finding } from './finding';

const meta: CheckMeta = {
  id: 'UNA004',
  severity: 'block',
  title: 'Answer file could not be parsed',
  remedy: `Open the file and check it by eye: ${cmd('notepad "<volume>\\<path>"')}; fix or delete it.`,
  get docs() {
    return [
      'The file is in one of the places Windows Setup searches but is not well-formed XML. Windows Setup uses',
      'the answer file with the best precedence at each pass and stops on one it cannot parse ("Windows could',
      'not parse or process the unattend answer file"), and the secrets/SkipRearm/PersistAllDeviceInstalls',
      'checks could not read it.',
      '',
      'Severity: when it is the file Setup would use (the best precedence present) in a generalized image,',
      'every deployed machine hits it at specialize: block. In an image not (or not provably) generalized:',
      'warn (Sysprep with `/unattend:` replaces the cached copy). A file outranked by another one: info.',
      'Source: Microsoft "Windows Setup automation overview" (implicit answer file search order, cached answer',
      'file).',
    ].join('\n');
  },
};

export const una004: InstallationCheck = {
  meta,
  scope: 'installation',
  run(facts) {
    const inUse = answerFileInUse(facts);
    return facts.unattend.files
      .filter((f) => f.parseError !== null)
      .map((f) => {
        const used = f === inUse;
        const severity: Severity = !used ? 'info' : facts.generalization.state === 'generalized' ? 'block' : 'warn';
        const effect = !used
          ? 'a file with better precedence is used instead'
          : severity === 'block'
            ? 'it is the answer file Windows Setup uses, so every deployed machine stops on it at specialize'
            : 'it is the answer file Windows Setup would use after Sysprep unless Sysprep is given another';
        return finding(meta, {
          severity,
          message: `${describeFile(f)} is not valid XML (${f.parseError}): ${effect}; it was not checked for secrets.`,
          remedy: `Open the file and check it by eye: ${answerFileCommand(facts, f, 'notepad')}; fix or delete it.`,
          evidence: answerFileEvidence(f, `parse error: ${f.parseError}`),
        });
      });
  },
};
