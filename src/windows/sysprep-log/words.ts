// A decoded failure's cause, in the words a technician reads. Each sentence says only what the log line
// and the cause's source support; practitioner knowledge is marked as such (sources in ./causes.ts).

import type { SysprepFailure } from '../facts';

function codeWords(f: SysprepFailure): string {
  if (f.code === null) return 'no error code';
  return `${f.code}${f.codeName ? ` ${f.codeName}` : ''}, ${f.codeMeaning ?? 'not named here'}`;
}

/** "value senseGuid under key HKEY_LOCAL_MACHINE\…" from the RegDeleteValueW line, when it is the root line. */
function deletedValue(line: string): { value: string; key: string } | null {
  const m = /RegDeleteValueW for value (\S{1,200}) under key (.{1,400}?);/i.exec(line);
  return m ? { value: m[1], key: m[2] } : null;
}

/** Other packages named in the run, at most this many by name. */
const PACKAGES_NAMED = 3;

/** `otherPackages`: AppX packages the run names besides `f.package`. */
export function causeInWords(f: SysprepFailure, otherPackages: string[] = []): string {
  switch (f.cause) {
    case 'appx-not-provisioned': {
      const named = otherPackages.slice(0, PACKAGES_NAMED);
      const more = otherPackages.length - named.length;
      const also = otherPackages.length === 0 ? '' : ` (the run also names ${named.join(', ')}${more > 0 ? ` and ${more} more` : ''})`;
      return (
        `the Store (AppX) package ${f.package ?? 'named in the log'}${also} is installed for a user but not provisioned for all users, ` +
        "so Sysprep's AppX provider refuses to generalize (Microsoft KB 2769827)"
      );
    }
    case 'rearm-limit':
      return 'the Windows licensing rearm limit is used up: Software Licensing refused to reset activation again (Microsoft KB 929828)';
    case 'invalid-state':
      return (
        'Sysprep refused to run its providers because the machine is in an invalid state or it could not update its recorded state; ' +
        'Microsoft: Sysprep cannot roll back and the image must be re-created ("A fatal error occurred while trying to sysprep the machine")'
      );
    case 'bitlocker':
      return 'BitLocker is on for the OS volume: Sysprep does not generalize an encrypted drive, which must be fully decrypted first (MicrosoftDocs/azure-docs pull request 58133)';
    case 'upgraded-os':
      return 'Sysprep will not run on this installation because it was upgraded from an earlier Windows version (Microsoft supports Sysprep on upgraded installations only from Windows 10 1607 on)';
    case 'reserved-storage':
      return (
        "reserved storage is in use by an update or servicing operation, so Sysprep's servicing check refused to go on " +
        '(Microsoft: install updates until none are offered, restart, then run Sysprep again)'
      );
    case 'servicing-unqueryable':
      return (
        `Sysprep's servicing check could not ask the component store (CBS) whether servicing operations are pending: the query itself failed (${codeWords(f)}). ` +
        'The log does not say that anything is pending (public log of GoogleCloudPlatform/compute-image-windows issue 156; not documented by Microsoft)'
      );
    case 'servicing-pending':
      return "a servicing operation is active or pending in the component store (CBS), so Sysprep's servicing check refused to go on (practitioner reports; not documented by Microsoft)";
    case 'defender-onboarding': {
      const d = deletedValue(f.line);
      const what = d ? `the value ${d.value} under ${d.key}` : "Microsoft Defender for Endpoint's onboarding value (senseGuid)";
      return (
        `Sysprep could not delete ${what} (${codeWords(f)}). senseGuid is Microsoft Defender for Endpoint's sensor identity: ` +
        'the machine was onboarded to Defender for Endpoint, and Sysprep was refused access to that value (public logs of CI image builds, actions/runner-images issues 7103, 9659, 10434; not documented by Microsoft as a Sysprep failure)'
      );
    }
    case 'dsc-lcm':
      return (
        `DSC's Sysprep cleanup failed with ${codeWords(f)}; the log does not say which file of DSC's local configuration manager was missing ` +
        '(public logs, MicrosoftDocs/azure-docs issues 43893, 49145, 80346; not documented by Microsoft)'
      );
    case 'bcd-generalize':
      return (
        `the boot configuration data could not be generalized (${codeWords(f)}); ` +
        'the log does not say which store or device (a public log; not documented by Microsoft)'
      );
    case 'unknown':
      return `the log names the error (${codeWords(f)}) but not its cause: cause unknown`;
  }
}
