// UNA005: the answer file Windows Setup uses reseals every deployed machine to audit mode, or into a
// reboot loop (domain.md §7.3).
import type { CheckMeta, InstallationCheck, Severity } from './types';
import { answerFileCommand, answerFileEvidence, answerFileForPass, describeFile } from './unattend';
import { cmd } from './remedy-phrases';
import { finding } from './finding';

const meta: CheckMeta = {
  id: 'UNA005',
  severity: 'block',
  title: 'Answer file reseals deployed machines wrongly',
  remedy: `Fix the file offline, from WinPE (booting the image runs the same setting): ${cmd('notepad "<volume>\\<path>"')}, remove the Reseal element, save; or delete the file: ${cmd('del "<volume>\\<path>"')}.`,
  get docs() {
    return [
      '`Microsoft-Windows-Deployment\\Reseal` in the answer file Windows Setup uses at that pass runs on every',
      'machine deployed from the image. Setup uses, at each pass, the file of best precedence that configures the',
      'pass: `HKLM\\SYSTEM\\Setup\\UnattendFile`, `%WINDIR%\\Panther\\Unattend`, the cached `%WINDIR%\\Panther`',
      'copy, then `%WINDIR%\\System32\\Sysprep` and `%SYSTEMDRIVE%` when nothing ranks higher for the pass:',
      '',
      '- `Mode=Audit` in the `oobeSystem` pass: every clone leaves OOBE for audit mode, logged on as the',
      '  built-in Administrator without a prompt — warn (as GEN005).',
      '- `Mode=OOBE` with `ForceShutdownNow=true` in `oobeSystem`, or `Mode=Audit` with `ForceShutdownNow=true`',
      '  in `auditSystem`: Microsoft lists both as unsupported combinations that cause a reboot loop — block.',
      '',
      'Reseal in other passes (e.g. `auditSystem` with `Mode=OOBE`, the usual "leave audit mode" step) is not',
      'reported, nor a file another one outranks at that pass. The fix is offline, from WinPE, on the file named:',
      'booting the image runs oobeSystem with that same file, so the reference machine itself would loop.',
      'Sources: Microsoft unattend reference "Microsoft-Windows-Deployment | Reseal", "| Reseal |',
      'Mode", "| Reseal | ForceShutdownNow"; "Windows Setup automation overview" (search order); "Audit mode',
      'overview".',
      'URL: https://learn.microsoft.com/windows-hardware/customize/desktop/unattend/microsoft-windows-deployment-reseal-forceshutdownnow',
    ].join('\n');
  },
};

/** "Audit (oobeSystem)" → ["audit", "oobesystem"] */
function parts(resealMode: string): [string, string] {
  const m = /^(.*?)\s*\((.*)\)$/.exec(resealMode);
  return m ? [m[1].trim().toLowerCase(), m[2].trim().toLowerCase()] : [resealMode.trim().toLowerCase(), ''];
}

export const una005: InstallationCheck = {
  meta,
  scope: 'installation',
  run(facts) {
    return facts.unattend.files.flatMap((f) => {
      if (f.resealMode === null) return [];
      const [mode, pass] = parts(f.resealMode);
      if (answerFileForPass(facts, pass) !== f) return [];
      const force = f.resealForceShutdownNow === true;
      let severity: Severity;
      let effect: string;
      if (force && ((mode === 'oobe' && pass === 'oobesystem') || (mode === 'audit' && pass === 'auditsystem'))) {
        severity = 'block';
        effect = 'an unsupported combination that puts every deployed machine in a reboot loop (Microsoft)';
      } else if (mode === 'audit' && pass === 'oobesystem') {
        severity = 'warn';
        effect = 'every deployed machine leaves OOBE for audit mode, logged on as the built-in Administrator without a prompt';
      } else {
        return [];
      }
      return [
        finding(meta, {
          severity,
          message: `${describeFile(f)} sets Reseal Mode=${f.resealMode}${force ? ', ForceShutdownNow=true' : ''}: ${effect}.`,
          remedy:
            `Fix the file offline, from WinPE (booting the image would run this setting on the reference machine too): ` +
            `open it with ${answerFileCommand(facts, f, 'notepad')}, remove the Reseal element of the ${pass === 'auditsystem' ? 'auditSystem' : 'oobeSystem'} pass ` +
            `(or just its ForceShutdownNow), save; or, if nothing else in it is needed, delete it: ${answerFileCommand(facts, f, 'del')}.`,
          evidence: answerFileEvidence(f, `Reseal Mode=${f.resealMode}${force ? ', ForceShutdownNow=true' : ''}`),
        }),
      ];
    });
  },
};
