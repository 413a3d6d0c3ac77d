// Sysprep's providers: the DLLs (and action-file actions) it runs in each phase, and what each one does.
//
// Sysprep names a failing provider in two spellings (Microsoft KB 2769827, KB 929828, public logs):
//   ActionPlatform::LaunchModule: Failure occurred while executing 'SysprepGeneralize' from C:\…\AppxSysprep.dll; dwRet = 0x3cf2
//   LaunchDll:Failure occurred while executing 'C:\Windows\System32\slc.dll,SLReArmWindows', returned error code -1073425657
// and an action of an action file (…\Sysprep\ActionFiles\Generalize.xml) as
//   SysprepSession::ExecuteInternal: Error in executing action for Windows-SenseClient-Service; dwRet = 0x5
// What each provider does is said from what its log lines show and, where given, the named source.

export interface Provider {
  /** "AppxSysprep.dll, SysprepGeneralize" (DLL and entry point) or an action's component name. */
  name: string;
  /** What it does, in words, or null when not known here. */
  does: string | null;
}

const DOES: [RegExp, string][] = [
  [
    /^AppxSysprep\.dll/i,
    'the AppX provider: checks that every Store (AppX) package is provisioned for all users and removes per-user packages (Microsoft KB 2769827)',
  ],
  [
    /^spopk\.dll/i,
    'the servicing provider: checks the component store (CBS) for pending or active servicing before Sysprep changes anything',
  ],
  [/^spbcd\.dll/i, "the boot provider: generalizes the boot configuration data (BCD) store's devices"],
  [/^DscCore\.dll/i, "PowerShell Desired State Configuration (DSC): cleans up the local configuration manager's state"],
  [
    /^BdeSysprep\.dll/i,
    'the BitLocker provider: refuses to generalize while the OS volume is encrypted (MicrosoftDocs/azure-docs pull request 58133)',
  ],
  [/^slc\.dll/i, "Software Licensing: resets ('rearms') the Windows activation state (Microsoft KB 929828)"],
  [/^sppnp\.dll/i, 'the Plug and Play provider: uninstalls or keeps device installs'],
  [/^capisp\.dll/i, 'the cryptography provider: resets the CAPI machine GUID'],
  [
    /^MRTGeneralize/i,
    'the antimalware provider: removes the security product registration (AntiSpywareProduct/AntiVirusProduct WMI instances)',
  ],
  [
    /^Windows-SenseClient-Service/i,
    "Microsoft Defender for Endpoint's sensor (Sense): its action deletes the device's onboarding identity (senseGuid)",
  ],
  [/^BCD$/i, 'the boot configuration data library (BCD), writing boot entries to the store and the UEFI firmware'],
];

/** What a provider does, from its DLL or component name. */
export function providerDoes(name: string): string | null {
  for (const [re, does] of DOES) if (re.test(name)) return does;
  return null;
}

function basenameWin(p: string): string {
  const parts = p.trim().split(/[\\/]/);
  return parts[parts.length - 1] ?? p;
}

const DLL_FAILURE_RE = /Failure occurred while executing\s+'([^']*)'(?:\s+from\s+(?:DLL\s+)?'?([^';\s]+)'?)?/i;

/** "AppxSysprep.dll, SysprepGeneralize" from the two LaunchDll/LaunchModule spellings, or null. */
export function parseDllFailure(message: string): string | null {
  const m = DLL_FAILURE_RE.exec(message);
  if (!m) return null;
  let quoted = m[1].trim();
  let from = m[2]?.trim() ?? null;
  // 'ValidateBitLockerState from C:\…\BdeSysprep.dll' (the from-clause inside the quotes)
  const inner = /^(.*?)\s+from\s+(?:DLL\s+)?(.+)$/i.exec(quoted);
  if (!from && inner) {
    quoted = inner[1].trim();
    from = inner[2].trim();
  }
  if (from) return `${basenameWin(from.replace(/['";.]+$/, ''))}, ${quoted}`;
  const comma = quoted.lastIndexOf(',');
  if (comma > 0) return `${basenameWin(quoted.slice(0, comma))}, ${quoted.slice(comma + 1).trim()}`;
  return quoted === '' ? null : quoted;
}

/**
 * The provider a line names: a failing DLL, an action-file action, or the component a message starts with
 * ("spopk.dll:: …", "MRTGeneralize:107 - …", "BCD: …"); null when the line names none.
 */
export function providerOf(message: string): string | null {
  const dll = parseDllFailure(message);
  if (dll) return dll;
  const action = /Error in executing action for\s+([\w.-]{1,100})/i.exec(message);
  if (action) return action[1];
  const lead = /^(\w[\w.-]{0,60}\.dll)::/i.exec(message) ?? /^(MRTGeneralize)\b/.exec(message) ?? /^(BCD):/.exec(message);
  return lead ? lead[1] : null;
}
