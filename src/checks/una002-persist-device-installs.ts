// UNA002: PersistAllDeviceInstalls=true: the image keeps this machine's devices (domain.md §1.5, §7.3).
import type { CheckMeta, InstallationCheck } from './types';
import { answerFileEvidence, answerFileForPass, describeFile } from './unattend';
import { finding } from './finding';

const meta: CheckMeta = {
  id: 'UNA002',
  severity: 'warn',
  title: 'Answer file keeps device installs',
  remedy:
    'Deploy this image only to identical hardware, or set <PersistAllDeviceInstalls>false</PersistAllDeviceInstalls> ' +
    '(Microsoft-Windows-PnpSysprep, generalize pass) and generalize again.',
  get docs() {
    return [
      "`Microsoft-Windows-PnpSysprep\\PersistAllDeviceInstalls` = true keeps the reference machine's Plug and",
      'Play devices through generalize. Microsoft: "Avoid using this setting when the hardware … on the',
      'reference computer are not identical to the destination computers".',
      'Source: Microsoft unattend reference `Microsoft-Windows-PnpSysprep`.',
      'Only the file Setup uses at the generalize pass counts (Microsoft "Windows Setup automation overview"):',
      'a file another one outranks at that pass is reported as info.',
    ].join('\n');
  },
};

export const una002: InstallationCheck = {
  meta,
  scope: 'installation',
  run(facts) {
    return facts.unattend.files
      .filter((f) => f.persistAllDeviceInstalls === true)
      .map((f) =>
        finding(meta, {
          severity: answerFileForPass(facts, 'generalize') === f ? 'warn' : 'info',
          message: `${describeFile(f)}${answerFileForPass(facts, 'generalize') === f ? '' : ' (outranked at the generalize pass by another answer file: not used)'} sets PersistAllDeviceInstalls=true: the image is specific to this hardware.`,
          evidence: answerFileEvidence(f, 'PersistAllDeviceInstalls=true'),
        }),
      );
  },
};
