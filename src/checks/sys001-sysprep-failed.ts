// SYS001: the Sysprep Panther logs show that the last run failed: one finding for that run, naming the
// provider that stopped it, the code and the cause; earlier runs' failures as history (info).
// (domain.md §1.4, §2.2, §3.1, §6.1, §6.3; decoding in src/windows/sysprep-log.)
import type { InstallationFacts, SysprepFailure, SysprepFailureCause } from '../windows/facts';
import type { CheckMeta, Finding, InstallationCheck } from './types';
import { appxRemovalSteps } from './appx';
import { RUN_SYSPREP, cmd, fixThenSysprep, mustRebuild, pendingRemedy } from './remedy-phrases';
import { SYSPREP_PANTHER, commandVolume, windowsPath } from './offline-paths';
import { fileEvidence, finding, pickEvidence } from './finding';
import { severityBeforeSysprep } from './image-state';

const meta: CheckMeta = {
  id: 'SYS001',
  severity: 'block',
  title: 'Last Sysprep run failed',
  remedy: `Read the named log line and fix its cause on the booted reference machine, then ${RUN_SYSPREP}.`,
  get docs() {
    return [
      'Reads `%WINDIR%\\System32\\Sysprep\\Panther\\setupact.log`/`setuperr.log`, splits them into Sysprep runs',
      '(the "Beginning of a new sysprep run" banner, the command line, the end of a run: its fatal cascade,',
      '"Shutting down SysPrep log" or a cancelled dialog, and gaps of an hour), and judges the last run only.',
      'One finding for that run names the provider that stopped it (e.g. `spopk.dll`, the servicing check) and',
      'what it does, the code in hex with its name and meaning, and the cause in words. The error that stopped',
      'Sysprep is the incident that ends in "…halting sysprep execution" / "WinMain:Hit failure"; errors before it',
      "were logged and Sysprep went on (e.g. `MRTGeneralize` errors). Earlier runs' errors are one `info`",
      'finding (history). Blocks when the image is not (or not provably) generalized; warns when `ImageState`',
      'says generalized anyway.',
      '',
      'Known causes, each with its source and remedy (practitioner knowledge is marked: not documented by Microsoft):',
      "- AppX package installed for a user, not provisioned (`0x80073cf2`): Microsoft KB 2769827 → `Remove-AppxPackage`. Real logs: KB 2769827, KB 4057974, Microsoft's Configuration Manager capture article.",
      '- Rearm limit (`slc.dll SLReArmWindows`, `0xc004d307`): Microsoft KB 929828 → rebuild, or `SkipRearm`. Real log: KB 929828.',
      '- Invalid state (`[0x0f0073]`, dwRet 31): Microsoft "A fatal error occurred…" → re-create the image. Real log: that article.',
      "- Reserved storage in use (`0x800F0975`): Microsoft's Configuration Manager capture article → install updates, restart. Real log: that article.",
      '- Servicing unqueryable (`spopk.dll:: Failed to query pending CBS operations`, e.g. `0x80080005`): the query failed,',
      '  nothing is known to be pending → restart, check TrustedInstaller, read CBS.log. Practitioner log (GoogleCloudPlatform/compute-image-windows#156); not documented by Microsoft.',
      '- Defender for Endpoint onboarding (`senseGuid` under `Windows Advanced Threat Protection`, access denied) → offboard with the',
      '  offboarding script before Sysprep. Practitioner logs (actions/runner-images#7103, #9659); not documented by Microsoft as a Sysprep failure.',
      '- DSC local configuration manager (`DscCore.dll,SysPrep_Cleanup`, `0x2`): practitioner logs (MicrosoftDocs/azure-docs#43893, #49145, #80346);',
      "  the file is not named → look at DSC's state. Not documented by Microsoft.",
      '- BCD generalize (`spbcd.dll,Sysprep_Generalize_Bcd`): a practitioner log (CA AppLogic 3.8 docs) → check `bcdedit /enum all /v`.',
      '- BitLocker (`BdeSysprep.dll`, `0x80310039` FVE_E_NOT_DECRYPTED): MicrosoftDocs/azure-docs PR 58133 → `manage-bde -off`. No real log found.',
      '- Upgraded OS ("Sysprep will not run on an upgraded OS"): Microsoft Sysprep overview (supported from Windows 10 1607 on). No real log found.',
      '- Pending servicing ("Audit mode can\'t be turned on if there is an active scenario"): practitioner reports, no real log found; not documented by Microsoft.',
      '- The run limit of 1001 has no known log line (see SYS002 for the limit of 3).',
      '',
      'When the log names an error but not its cause, the finding says what the log shows, the file and line to',
      'read next, and "cause unknown". When the image must be rebuilt (invalid-state error, or ImageState',
      'UNDEPLOYABLE, see GEN001) every remedy says "rebuild, and on the rebuilt machine avoid the cause".',
      '',
      'Logs are streamed and only their last 32 MB read: when that tail does not reach back to the start of the',
      'last run, or holds no log line (NUL bytes), the outcome is unknown and SYS001 warns instead of staying silent.',
      'Real logs used in the tests: test/data/panther/README.md.',
    ].join('\n');
  },
};

/** When the failing line was logged ("the time of the failure" when it carries no timestamp). */
function failedAt(f: SysprepFailure): string {
  return /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}/.exec(f.line)?.[0] ?? 'the time of the failure';
}

/** The step of `fixThenSysprep` (or a whole remedy) for each cause. */
function remedyFor(f: SysprepFailure, facts: InstallationFacts): string {
  const logDir = `${commandVolume(facts.volume)}\\${windowsPath(facts, SYSPREP_PANTHER)}`;
  switch (f.cause) {
    case 'appx-not-provisioned':
      return f.package && !/^<.*>$/.test(f.package)
        ? fixThenSysprep(facts, appxRemovalSteps(facts, f.package))
        : fixThenSysprep(
            facts,
            'in elevated PowerShell, list per-user packages: ' +
              `${cmd('Get-AppxPackage -AllUsers | Format-List PackageFullName,PackageUserInformation')}. Remove those ` +
              `installed for a user but not provisioned: ${cmd('Remove-AppxPackage -Package <full name> -AllUsers')}`,
          );
    case 'rearm-limit':
      return (
        'The licensing rearm limit is used up: rebuild the reference image. Workaround: put ' +
        '<SkipRearm>1</SkipRearm> (Microsoft-Windows-Security-SPP, generalize pass) in an answer file and run ' +
        `${cmd('%WINDIR%\\System32\\Sysprep\\sysprep.exe /generalize /oobe /shutdown /unattend:<answer file>')}`
      );
    case 'invalid-state':
      return (
        `Microsoft: "re-create the image" - Sysprep cannot roll back. Save ${windowsPath(facts, 'Panther')} and ` +
        `${windowsPath(facts, SYSPREP_PANTHER)} for the record, then rebuild the reference machine.`
      );
    case 'bitlocker':
      return fixThenSysprep(
        facts,
        `decrypt the drive with ${cmd('manage-bde -off %SystemDrive%')} and wait until ` +
          `${cmd('manage-bde -status %SystemDrive%')} shows "Fully Decrypted"`,
      );
    case 'upgraded-os':
      return (
        'Sysprep does not run on this upgraded installation: build the reference image from a clean installation of ' +
        `the Windows version to deploy (Microsoft supports upgraded installations only from Windows 10 1607 on), then ${RUN_SYSPREP}.`
      );
    case 'reserved-storage':
      return fixThenSysprep(
        facts,
        `install updates until Windows Update offers none and restart with ${cmd('shutdown /r /t 0')} until none is pending ` +
          '(Microsoft). Practitioners also turn reserved storage off before Sysprep with ' +
          `${cmd('DISM /Online /Set-ReservedStorageState /State:Disabled')} (not documented by Microsoft as a fix for this error)`,
      );
    case 'servicing-unqueryable':
      return fixThenSysprep(
        facts,
        'restart it and check that the servicing stack answers: the Windows Modules Installer service must start ' +
          `(${cmd('sc start TrustedInstaller')}, then ${cmd('sc query TrustedInstaller')}). If Sysprep fails the same way again, read ` +
          `%WINDIR%\\Logs\\CBS\\CBS.log around ${failedAt(f)} for why the servicing stack did not answer. ` +
          'Nothing in the log says servicing is pending: do not revert pending actions for this error',
      );
    case 'servicing-pending':
      return mustRebuild(facts)
        ? fixThenSysprep(facts, 'let pending updates finish and restart until nothing is pending')
        : pendingRemedy(facts.volume);
    case 'defender-onboarding':
      return fixThenSysprep(
        facts,
        'offboard it from Microsoft Defender for Endpoint with the offboarding script from the Microsoft Defender portal ' +
          '(Microsoft: the offboarding script removes the onboarding information from the registry; the offboarding API only ' +
          'stops the sensor), restart, and check that ' +
          `${cmd('reg query "HKLM\\SOFTWARE\\Microsoft\\Windows Advanced Threat Protection" /v senseGuid')} no longer finds the value. ` +
          "Onboard the deployed machines, not the image (for golden images: Microsoft's onboarding of non-persistent VDI devices)",
      );
    case 'dsc-lcm':
      return fixThenSysprep(
        facts,
        `look at PowerShell DSC's local configuration manager: ${cmd('Get-DscLocalConfigurationManager')}, the files under ` +
          '%WINDIR%\\System32\\Configuration (its state) and the Microsoft-Windows-DSC/Operational event log around ' +
          `${failedAt(f)}; the log does not say which file was missing (cause not documented by Microsoft)`,
      );
    case 'bcd-generalize':
      return fixThenSysprep(
        facts,
        `check the boot store with ${cmd('bcdedit /enum all /v')}: the Windows Boot Loader of this installation must name, as ` +
          'device and osdevice, the partition Windows runs from; the log does not say which device or store failed',
      );
    case 'unknown':
      return fixThenSysprep(
        facts,
        `read the lines of ${logDir}\\setupact.log logged just before ${failedAt(f)} (line ${f.lineNumber} of ${f.file}): ` +
          `the provider's own messages say what it tried. ${cmd(`findstr /n /c:", Error" "${logDir}\\setupact.log"`)} lists the Error lines ` +
          'with their line numbers. The cause is not known from the log; fix what those lines show',
      );
  }
}

const SHORT: Record<SysprepFailureCause, string> = {
  'appx-not-provisioned': 'an AppX package installed for a user but not provisioned',
  'rearm-limit': 'the licensing rearm limit',
  'invalid-state': 'the machine in an invalid state ([0x0f0073])',
  bitlocker: 'BitLocker on the OS volume',
  'upgraded-os': 'an upgraded installation',
  'reserved-storage': 'reserved storage in use',
  'servicing-unqueryable': 'the servicing (CBS) query failing',
  'servicing-pending': 'servicing pending',
  'defender-onboarding': 'Defender for Endpoint onboarding (senseGuid)',
  'dsc-lcm': "DSC's Sysprep cleanup",
  'bcd-generalize': 'the BCD generalize step',
  unknown: 'cause unknown',
};

function where(f: SysprepFailure): string {
  if (f.dll === null) return 'a step that names no provider';
  return f.provider ? `${f.dll} (${f.provider})` : `${f.dll} (a provider not described here)`;
}

function sentence(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function messageOf(f: SysprepFailure, after: string): string {
  const sysprepLog = /Sysprep\\Panther\\/i.test(f.file);
  const began = f.runStart ? ` (begun ${f.runStart})` : '';
  const head = !sysprepLog
    ? `Setup's log shows a Sysprep error in ${where(f)}`
    : f.fatal
      ? `Sysprep's last run${began} stopped on an error in ${where(f)}`
      : `Sysprep's last run${began} logged an error in ${where(f)}; the log does not show where the run stopped`;
  const code =
    f.code === null
      ? ' The log gives no error code.'
      : f.summary.includes(f.code)
        ? ''
        : ` Code ${f.code}${f.codeName ? ` ${f.codeName}` : ''}: ${f.codeMeaning ?? 'not named here'}.`;
  return `${head}. ${sentence(f.summary)}.${code} Logged at ${f.file} line ${f.lineNumber}.${after}`;
}

/** Earlier runs' failures in one line each (the latest MAX_LISTED), for the history finding. */
const MAX_LISTED = 5;
function historyOf(history: SysprepFailure[]): string {
  const listed = history.slice(-MAX_LISTED).map((f) => {
    const at = failedAt(f);
    const when = f.runStart ? `run begun ${f.runStart}` : at.startsWith('the') ? 'an earlier run' : `run with errors at ${at}`;
    const how = f.fatal ? 'stopped on' : 'logged';
    const code = f.code ? ` ${f.code}${f.codeName ? ` ${f.codeName}` : ''}` : '';
    return `${when}: ${how} ${f.dll ?? 'an error'}${code} (${SHORT[f.cause]}), ${f.file} line ${f.lineNumber}`;
  });
  const more = history.length > MAX_LISTED ? `; and ${history.length - MAX_LISTED} earlier` : '';
  return listed.join('; ') + more;
}

export const sys001: InstallationCheck = {
  meta,
  scope: 'installation',
  run(facts) {
    const p = facts.panther;
    const severity = severityBeforeSysprep(facts, 'block', 'block', 'warn');
    const after = severity === 'warn' ? ' ImageState says generalized anyway: check that a later run succeeded.' : '';
    const out: Finding[] = p.failures.map((f) =>
      finding(meta, {
        severity,
        message: messageOf(f, after),
        remedy: remedyFor(f, facts),
        evidence: [fileEvidence(f.file, `line ${f.lineNumber}: ${f.line}`), ...pickEvidence(p.evidence, 'Sysprep\\Panther')].slice(0, 3),
      }),
    );
    // A log that was read but cannot show the last run (a tail that does not reach its start, NULs): unknown.
    const read = p.logs.some((l) => /Sysprep\\Panther\\/i.test(l.path));
    if (out.length === 0 && p.lastRunFailed === null && read) {
      out.push(
        finding(meta, {
          severity: 'warn',
          message: `Whether the last Sysprep run failed is unknown: the Sysprep logs under ${windowsPath(facts, SYSPREP_PANTHER)} do not show the whole run.`,
          remedy: `Look for Error lines of the last run: ${cmd(`findstr /c:", Error" "${commandVolume(facts.volume)}\\${windowsPath(facts, SYSPREP_PANTHER)}\\setuperr.log"`)}. If it failed, fix the cause on the reference machine, then ${RUN_SYSPREP}.`,
          evidence: pickEvidence(p.evidence, 'Sysprep\\Panther'),
        }),
      );
    }
    if (p.history.length > 0) {
      out.push({
        ...finding(meta, {
          severity: 'info',
          message: `Earlier Sysprep runs logged errors; this is history, not the state of the image (the last run decides): ${historyOf(p.history)}.`,
          remedy: 'Nothing to do for these runs.',
          evidence: p.history.slice(-MAX_LISTED).map((f) => fileEvidence(f.file, `line ${f.lineNumber}: ${f.line}`)),
        }),
        title: 'Errors of earlier Sysprep runs (history)',
      });
    }
    return out;
  },
};
