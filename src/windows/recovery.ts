// Where the installation's Windows Recovery Environment lives (domain.md §14.4): Windows\System32\Recovery\
// ReAgent.xml (`<InstallState state="1"/>` when WinRE is enabled, `<WinreLocation path=… guid=…/>`) and
// whether Winre.wim is in the image. With WinRE enabled on a recovery partition, reagentc has moved Winre.wim
// out of System32\Recovery: a capture of the Windows partition alone then carries no WinRE (Microsoft
// "Capture and apply Windows, system, and recovery partitions").
import type { Evidence, RecoveryFacts } from './facts';
import { decodeText } from './text-decode';
import type { VolumeFs } from './volume-fs';

const REAGENT_MAX = 256 * 1024;

function attribute(xml: string, element: string, name: string): string | null {
  const el = new RegExp(`<${element}\\b([^>]*)>`, 'i').exec(xml);
  if (!el) return null;
  const m = new RegExp(`\\b${name}\\s*=\\s*("([^"]*)"|'([^']*)')`, 'i').exec(el[1]);
  return m ? (m[2] ?? m[3] ?? '') : null;
}

export function readRecovery(vol: VolumeFs, windowsDir: string): RecoveryFacts {
  const evidence: Evidence[] = [];
  const dir = `${windowsDir}\\System32\\Recovery`;
  const wimRel = `${dir}\\Winre.wim`;
  const winreWim = vol.isFile(wimRel) ? vol.displayPath(wimRel) : null;
  if (winreWim) evidence.push({ source: 'file', path: winreWim, detail: 'present' });
  const xmlRel = `${dir}\\ReAgent.xml`;
  let data: Buffer | null = null;
  try {
    data = vol.readFile(xmlRel, REAGENT_MAX);
  } catch {
    data = null;
  }
  if (!data) return { reagentXml: null, enabled: null, winreLocation: null, winreWim, evidence };
  const reagentXml = vol.displayPath(xmlRel);
  const xml = decodeText(data).text;
  const state = attribute(xml, 'InstallState', 'state');
  const enabled = state === '1' ? true : state === '0' ? false : null;
  const location = attribute(xml, 'WinreLocation', 'path');
  const winreLocation = location ? location.slice(0, 260) : null;
  evidence.push({
    source: 'file',
    path: reagentXml,
    detail: `InstallState state="${state ?? '?'}", WinreLocation path="${winreLocation ?? ''}"`,
  });
  // Enabled on the Windows partition itself (\Recovery\WindowsRE of this volume): the image carries it.
  const sameVolume = winreWim === null && enabled === true && winreLocation ? `${winreLocation.replace(/^\\+/, '')}\\Winre.wim` : null;
  if (sameVolume && vol.isFile(sameVolume)) {
    const found = vol.displayPath(sameVolume);
    evidence.push({ source: 'file', path: found, detail: 'present (WinRE on this volume)' });
    return { reagentXml, enabled, winreLocation, winreWim: found, evidence };
  }
  return { reagentXml, enabled, winreLocation, winreWim, evidence };
}
