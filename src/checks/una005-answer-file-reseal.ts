// UNA005: the answer file Windows Setup uses reseals every deployed machine to audit mode, or into a
// reboot loop (domain.md §7.3).
import type { CheckMeta, InstallationCheck, Severity } from './types';
import { CACHED_PRECEDENCE, answerFileCommand, answerFileEvidence, describeFile } from './unattend';
import { cmd } from './remedy-phrases';
import { finding } from './finding';

const meta: CheckMeta = {
  id: 'UNA005',
  severity: 'block',
  title: 'Answer file reseals deployed machines wrongly',
  remedy: `Remove the Reseal setting from the answer file and generalize again, or delete the file from WinPE: ${cmd('del "<volume>\\<path>"')}.`,
  docs: [
    '`Microsoft-Windows-Deployment\\Reseal` in an answer file Windows Setup reads first (search order 1-3:',
    '`HKLM\\SYSTEM\\Setup\\UnattendFile`, `%WINDIR%\\Panther\\Unattend`, the cached `%WINDIR%\\Panther`',
    'copy) runs on every machine deployed from the image:',
    '',
    '- `Mode=Audit` in the `oobeSystem` pass: every clone leaves OOBE for audit mode, logged on as the',
    '  built-in Administrator without a prompt — warn (as GEN005).',
    '- `Mode=OOBE` with `ForceShutdownNow=true` in `oobeSystem`, or `Mode=Audit` with `ForceShutdownNow=true`',
    '  in `auditSystem`: Microsoft lists both as unsupported combinations that cause a reboot loop — block.',
    '',
    'Reseal in other passes (e.g. `auditSystem` with `Mode=OOBE`, the usual "leave audit mode" step) is not',
    'reported. Sources: Microsoft unattend reference "Microsoft-Windows-Deployment | Reseal", "| Reseal |',
    'Mode", "| Reseal | ForceShutdownNow"; "Windows Setup automation overview" (search order); "Audit mode',
    'overview".',
    'URL: https://learn.microsoft.com/windows-hardware/customize/desktop/unattend/microsoft-windows-deployment-reseal-forceshutdownnow',
  ].join('\n'),
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
      if (f.precedence > CACHED_PRECEDENCE || f.resealMode === null) return [];
      const [mode, pass] = parts(f.resealMode);
      const force = f.resealForceShutdownNow === true;
      let severity: Severity;
      let effect: string;
      if (force && ((mode === 'oobe' && pass === 'oobesystem') || (mode === 'audit' && pass === 'auditsystem'))) {
        severity = 'block';
        effect = `with ForceShutdownNow=true: an unsupported combination that puts every deployed machine in a reboot loop (Microsoft)`;
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
          remedy: `Remove the Reseal setting from the answer file and generalize again, or delete the file from WinPE: ${answerFileCommand(facts, f, 'del')}.`,
          evidence: answerFileEvidence(f, `Reseal Mode=${f.resealMode}${force ? ', ForceShutdownNow=true' : ''}`),
        }),
      ];
    });
  },
};
