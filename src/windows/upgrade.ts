// Traces of an in-place upgrade (domain.md §1.6): SYSTEM\Setup\Source OS (Updated on <date>) keys, one per
// upgrade or feature update (what the previous installation was), and SYSTEM\Setup\Upgrade (DWORD, set
// while an upgrade is in progress); practitioners' workaround for "Sysprep will not run on an upgraded OS"
// on Windows 7/8 deletes a SYSTEM\Setup\Upgrade *key*, so that key counts too. Which traces Windows leaves is practitioner knowledge (UNCONFIRMED by
// a Microsoft page); Windows.old at the volume root is in the leftover facts.
import type { Evidence, UpgradeFacts } from './facts';
import { keyExists, readNumber, regEvidence, type InstallationHives } from './hives';

const MAX_SOURCES = 32;

export function readUpgrade(hives: InstallationHives): UpgradeFacts {
  const evidence: Evidence[] = [];
  const sys = hives.SYSTEM;
  if (!sys) return { upgraded: null, sources: [], upgradeValue: null, evidence };
  const upgradeValue = readNumber(sys, 'Setup', 'Upgrade', evidence);
  const sources = (sys.hive.key('Setup')?.subkeys() ?? [])
    .filter((k) => /^Source OS\b/i.test(k.name))
    .slice(0, MAX_SOURCES)
    .map((k) => {
      const productName = k.value('ProductName')?.string()?.trim() || null;
      const buildText = k.value('CurrentBuild')?.string() ?? k.value('CurrentBuildNumber')?.string() ?? null;
      const build = buildText !== null && /^\d{1,6}$/.test(buildText.trim()) ? Number(buildText.trim()) : null;
      evidence.push(regEvidence(sys, `Setup\\${k.name}`, 'ProductName', productName ?? '(none)'));
      return { key: k.name, productName, build };
    });
  const upgradeKey = keyExists(sys, 'Setup\\Upgrade', evidence);
  const upgraded = sources.length > 0 || upgradeKey || (upgradeValue !== null && upgradeValue !== 0);
  return { upgraded, sources, upgradeValue, evidence };
}
