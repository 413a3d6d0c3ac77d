// UNA001: an answer file left on the image holds clear-text secrets (domain.md §7.1).
import type { CheckMeta, InstallationCheck } from './types';
import { answerFileEvidence, describeFile } from './unattend';
import { cmd, finding, listText, offlinePath, plural } from './util';

function remedyFor(path: string): string {
  return (
    `If the deployment does not need the file, delete it from WinPE: ${cmd(`del ${path}`)}. Otherwise ` +
    'replace the secrets and keep the file out of the image.'
  );
}

const meta: CheckMeta = {
  id: 'UNA001',
  severity: 'warn',
  title: 'Answer file with clear-text secrets',
  remedy: remedyFor('<volume>\\<path>'),
  docs: [
    'Windows Setup caches the answer file in `%WINDIR%\\Panther`; Microsoft: "Before you deliver the computer',
    'to a customer, you must delete the cached answer file". Looked at: `HKLM\\SYSTEM\\Setup\\UnattendFile`,',
    '`%WINDIR%\\Panther\\Unattend`, `%WINDIR%\\Panther`, `%WINDIR%\\System32\\Sysprep` and the volume root.',
    'Flagged: `Password`/`AdministratorPassword` values with `PlainText` true, `ProductKey`, domain-join',
    'credentials. The secret itself is never printed; only its element path. Windows SIM\'s "hide" only',
    'base64-encodes. Source: Microsoft "Windows Setup automation overview".',
  ].join('\n'),
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
          message:
            `${describeFile(f)} holds ${plural(f.clearTextSecrets.length, 'clear-text secret')}: ` +
            `${listText(where)}.`,
          remedy: remedyFor(offlinePath(facts.volume, f.path)),
          evidence: answerFileEvidence(f, `secrets in: ${f.clearTextSecrets.map((s) => s.element).join(', ')}`),
        });
      });
  },
};
