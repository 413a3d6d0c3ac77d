// UNA001: an answer file left on the image holds clear-text secrets (domain.md §7.1).
import type { CheckMeta, InstallationCheck } from './types';
import { answerFileCommand, answerFileEvidence, describeFile } from './unattend';
import { cmd } from './remedy-phrases';
import { finding } from './finding';
import { listText, plural } from './english';

function remedyFor(del: string): string {
  return `If the deployment does not need the file, delete it from WinPE: ${del}. Otherwise replace the secrets and keep the file out of the image.`;
}

const meta: CheckMeta = {
  id: 'UNA001',
  severity: 'warn',
  title: 'Answer file with clear-text secrets',
  remedy: remedyFor(cmd('del "<volume>\\<path>"')),
  get docs() {
    return [
      'Windows Setup caches the answer file in `%WINDIR%\\Panther`; Microsoft: "Before you deliver the computer',
      'to a customer, you must delete the cached answer file". Looked at: `HKLM\\SYSTEM\\Setup\\UnattendFile`,',
      '`%WINDIR%\\Panther\\Unattend`, `%WINDIR%\\Panther`, `%WINDIR%\\System32\\Sysprep` and the volume root.',
      'Flagged: `Password`/`AdministratorPassword` values with `PlainText` true, `ProductKey`, domain-join',
      'credentials. The secret itself is never printed; only its element path. Windows SIM\'s "hide" only',
      "base64-encodes. Windows Setup's own placeholder `*SENSITIVE*DATA*DELETED*`, which it writes over",
      'secrets in the cached copy, is not a secret and is not reported. The path in the `del` command is',
      'double-quoted for cmd (it comes from the disk); a path cmd cannot quote gets a warning instead.',
      'Source: Microsoft "Windows Setup automation overview".',
    ].join('\n');
  },
};

export const una001: InstallationCheck = {
  meta,
  scope: 'installation',
  run(facts) {
    return facts.unattend.files
      .filter((f) => f.clearTextSecrets.length > 0)
      .map((f) => {
        const where = f.clearTextSecrets.map((s) => (s.pass ? `${s.element} (${s.pass})` : s.element));
        return finding(meta, {
          message: `${describeFile(f)} holds ${plural(f.clearTextSecrets.length, 'clear-text secret')}: ` + `${listText(where)}.`,
          remedy: remedyFor(answerFileCommand(facts, f, 'del')),
          evidence: answerFileEvidence(f, `secrets in: ${f.clearTextSecrets.map((s) => s.element).join(', ')}`),
        });
      });
  },
};
