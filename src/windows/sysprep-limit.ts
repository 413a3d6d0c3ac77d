// Sysprep's run limit for the OS and SkipRearm, as information (domain.md §2.1–2.3). The remaining
// count cannot be read offline; only the documented limit is reported, and null where the table is silent.
import type { Evidence, OsFacts, SysprepLimitFacts } from './facts';
import { readNumber, type InstallationHives } from './hives';

/** SkipRearm's key below the SOFTWARE hive root (domain.md §2.3). */
export const SPP_KEY = 'Microsoft\\Windows NT\\CurrentVersion\\SoftwareProtectionPlatform';

export function sysprepRunLimit(os: OsFacts): number | null {
  switch (os.family) {
    case 'Windows 7':
    case 'Windows Server 2008 R2':
    case 'Windows Server 2008':
      return 3;
    // Not in Microsoft's table (domain.md §2.1, UNCONFIRMED): Windows 8 probably 1001 (NT 6.2 like Server
    // 2012); Vista only in an AskCore blog post ("Vista and later … 3 times"), not in the table.
    case 'Windows Vista':
    case 'Windows 8':
      return null;
    case 'unknown':
      return null;
    default:
      return 1001;
  }
}

export function readSysprepLimit(hives: InstallationHives, os: OsFacts): SysprepLimitFacts {
  const evidence: Evidence[] = [];
  const skipRearm = readNumber(hives.SOFTWARE, SPP_KEY, 'SkipRearm', evidence);
  return { runLimit: sysprepRunLimit(os), skipRearm, evidence };
}
