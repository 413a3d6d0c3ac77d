// Known causes of a failed Sysprep run: how each shows in the log, what it means, and where that is said.
//
// `documented` tells Microsoft's word from practitioners' (public bug reports, forum threads): the
// check's docs and the finding mark practitioner claims as such. A cause is recognised from the lines of
// the failing incident only (its cascade); when none matches, the cause is "unknown" and the finding says
// what the log shows instead.

import type { SysprepFailureCause } from '../facts';

export interface KnownCause {
  id: Exclude<SysprepFailureCause, 'unknown'>;
  /** Tested against each line of the failing incident (message text). */
  test: RegExp;
  /** Where the cause and its remedy are said. */
  source: string;
  /** Microsoft says so (true) or practitioners do (false). */
  documented: boolean;
}

/** In order: the first cause any line of the incident matches wins (most telling first). */
export const KNOWN_CAUSES: KnownCause[] = [
  {
    id: 'invalid-state',
    test: /Not running DLLs; either the machine is in an invalid state|couldn'?t update the recorded state/i,
    source: 'Microsoft, "A fatal error occurred while trying to sysprep the machine"',
    documented: true,
  },
  {
    id: 'appx-not-provisioned',
    test: /installed\s+for\s+a\s+user,?\s+but\s+not\s+provisioned\s+for\s+all\s+users|AppxSysprep\.dll|0x80073cf2/i,
    source: 'Microsoft KB 2769827',
    documented: true,
  },
  { id: 'rearm-limit', test: /SLReArmWindows|0xc004d307|-1073425657/i, source: 'Microsoft KB 929828', documented: true },
  {
    id: 'bitlocker',
    test: /BdeSysprep\.dll|BitLocker|0x80310039|-2144272327/i,
    source: 'MicrosoftDocs/azure-docs pull request 58133 (Azure "Generalize a VM": decrypt BitLocker first)',
    documented: true,
  },
  {
    id: 'upgraded-os',
    test: /Sysprep will not run on an upgraded OS/i,
    source: 'Microsoft, "Sysprep overview" (upgraded installations are supported only from Windows 10 1607 on)',
    documented: true,
  },
  {
    id: 'reserved-storage',
    test: /reserved storage is in use|0x800F0975/i,
    source: 'Microsoft, "Errors when capturing Windows 11 image by using capture media in Configuration Manager"',
    documented: true,
  },
  {
    id: 'servicing-unqueryable',
    test: /Failed to query pending CBS operations/i,
    source: 'GoogleCloudPlatform/compute-image-windows issue 156 (a public log; not documented by Microsoft)',
    documented: false,
  },
  {
    id: 'servicing-pending',
    test: /Audit mode can(?:'|no)?t be turned on if there is an active scenario|pending (?:CBS )?operations? (?:exist|found|are pending)/i,
    source:
      'public reports of "Audit mode can\'t be turned on if there is an active scenario" (DrEmpiricism/Optimize-Offline issue 155; not documented by Microsoft)',
    documented: false,
  },
  {
    id: 'defender-onboarding',
    test: /senseGuid|Windows Advanced Threat Protection|Windows-SenseClient-Service/i,
    source: 'actions/runner-images issues 7103, 9659 and 10434 (public logs; not documented by Microsoft as a Sysprep failure)',
    documented: false,
  },
  {
    id: 'dsc-lcm',
    test: /DscCore\.dll/i,
    source: 'MicrosoftDocs/azure-docs issues 43893, 49145 and 80346 (public logs; not documented by Microsoft)',
    documented: false,
  },
  {
    id: 'bcd-generalize',
    test: /spbcd\.dll|Sysprep_Generalize_Bcd/i,
    source: 'a public log in the CA AppLogic 3.8 documentation (Sysprep of a Windows Server 2008 appliance; not documented by Microsoft)',
    documented: false,
  },
];

export function knownCause(id: SysprepFailureCause): KnownCause | null {
  return KNOWN_CAUSES.find((c) => c.id === id) ?? null;
}

/**
 * Errors Sysprep logs and continues past: in public logs each is followed by later providers' lines of the
 * same run (actions/runner-images issue 7103: an MRTGeneralize error, then the senseGuid action 15 s later;
 * MicrosoftDocs/azure-docs issue 43893: Compat-Gentel, setupdigetclassdevs and MRTGeneralize in one run).
 */
export const LOGGED_AND_CONTINUED = /^MRTGeneralize\b|setupdigetclassdevs failed|Failed to re-enable Compat-Gentel custom trigger/i;
