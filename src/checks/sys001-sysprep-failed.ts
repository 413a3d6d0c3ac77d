// SYS001: the Sysprep Panther logs show that the last run failed; one finding per decoded cause
// (domain.md §1.4, §2.2, §3.1, §6.1, §6.3).
import type { InstallationFacts, SysprepFailure } from '../windows/facts';
import type { CheckMeta, Finding, InstallationCheck } from './types';
import { appxRemovalSteps } from './appx';
import { RUN_SYSPREP, cmd, fixThenSysprep, mustRebuild, pendingRemedy } from './remedy-phrases';
import { SYSPREP_PANTHER, commandVolume, windowsPath } from './offline-paths';
import { fileEvidence, finding, pickEvidence } from './finding';
import { severityBeforeSysprep } from './image-state';
import { uniqueBy } from './english';


const meta: CheckMeta = {
  id: 'SYS001',
  severity: 'block',
  title: 'Last Sysprep run failed',
  remedy: `Read the named log line and fix its cause on the booted reference machine, then ${RUN_SYSPREP}.`,
  docs: [
    'Reads `%WINDIR%\\System32\\Sysprep\\Panther\\setupact.log`/`setuperr.log` (Sysprep clears them at each',
    'run, so errors there come from the last run) and reports one finding per decoded cause, naming the',
    'package, DLL, error code and log line. Blocks when the image is not (or not provably) generalized — the',
    'failure is then why; warns when `ImageState` says generalized anyway.',
    '',
    'Known causes: AppX packages installed for a user but not provisioned (`0x80073cf2`, KB 2769827) →',
    '`Remove-AppxPackage`; rearm limit (`0xc004d307`, KB 929828) → rebuild or `SkipRearm`; `[0x0f0073]',
    'RunExternalDlls ... dwRet = 31` invalid state → Microsoft: "re-create the image"; pending CBS operations',
    '(`spopk.dll`); BitLocker (`0x80310039` from `BdeSysprep.dll`, confirmed by Microsoft\'s Azure generalize',
    'guide: drives must be fully decrypted). When the image must be rebuilt (invalid-state error, or ImageState',
    'UNDEPLOYABLE, see GEN001) every remedy says "rebuild, and on the rebuilt machine avoid the cause" rather',
    'than "fix it and re-run Sysprep": one story per state across APX001, SYS001 and GEN001.',
    '',
    'Logs are streamed and only their last 32 MB read: when that tail does not reach back to the start of the',
    'last run, or holds no log line (NUL bytes), the outcome is unknown and SYS001 warns instead of staying silent.',
    'Sources: Microsoft KB 2769827, KB 929828, "A fatal error occurred while trying to sysprep the machine".',
  ].join('\n'),
};

function remedyFor(f: SysprepFailure, facts: InstallationFacts): string {
  switch (f.cause) {
    case 'appx-not-provisioned':
      return f.package
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
    case 'pending-operations':
      return mustRebuild(facts) ? fixThenSysprep(facts, 'let pending updates finish and restart until nothing is pending') : pendingRemedy(facts.volume);
    default:
      return mustRebuild(facts) ? fixThenSysprep(facts, 'avoid the cause named in the log line') : meta.remedy;
  }
}

/** Package, DLL and code, leaving out what the summary already names (the line itself is in the evidence). */
function details(f: SysprepFailure): string {
  const said = f.summary.toLowerCase();
  const parts: string[] = [];
  if (f.package && !said.includes(f.package.toLowerCase())) parts.push(`package ${f.package}`);
  if (f.dll && !said.includes(f.dll.toLowerCase())) parts.push(`in ${f.dll}`);
  if (f.code && !said.includes(f.code.toLowerCase())) parts.push(`code ${f.code}`);
  return parts.length > 0 ? ` (${parts.join(', ')})` : '';
}

export const sys001: InstallationCheck = {
  meta,
  scope: 'installation',
  run(facts) {
    const p = facts.panther;
    const severity = severityBeforeSysprep(facts, 'block', 'block', 'warn');
    const failures = uniqueBy(p.failures, (f) => [f.cause, f.package, f.dll, f.code].join('|'));
    const after = severity === 'warn' ? ' ImageState says generalized anyway: check that a later run succeeded.' : '';
    const out: Finding[] = failures.map((f) =>
      finding(meta, {
        severity,
        message: `${f.summary.replace(/\.$/, '')}${details(f)}; logged at ${f.file} line ${f.lineNumber}.${after}`,
        remedy: remedyFor(f, facts),
        evidence: [fileEvidence(f.file, `line ${f.lineNumber}: ${f.line}`)],
      }),
    );
    if (out.length === 0 && p.lastRunFailed === true) {
      out.push(
        finding(meta, {
          severity,
          message:
            `The Sysprep logs under ${windowsPath(facts, SYSPREP_PANTHER)} contain error lines that could not ` +
            `be decoded.${after}`,
          evidence: pickEvidence(p.evidence, 'Sysprep\\Panther'),
        }),
      );
    }
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
    return out;
  },
};
