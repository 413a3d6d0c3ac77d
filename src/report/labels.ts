// Words and one-line labels shared by the text and CMTrace renderers.
import type { Verdict } from '../checks/types';
import type { ReportEvidence, ReportImage, ReportInstallation, ReportUnreadableVolume } from './model';

const VERDICT_WORD: Record<Verdict, string> = { ready: 'READY', warnings: 'READY WITH WARNINGS', blocked: 'BLOCKED' };
const VERDICT_MEANING: Record<Verdict, string> = {
  ready: 'may be captured',
  warnings: 'may be captured; read the warnings first',
  blocked: 'do not capture',
};
const STATE_LABEL: Record<ReportInstallation['generalization']['state'], string> = {
  generalized: 'generalized',
  'not-generalized': 'NOT generalized',
  unknown: 'generalization unknown',
};

const VOLUME_REASON: Record<ReportUnreadableVolume['reason'], string> = {
  'bitlocker-locked': 'BitLocker-locked',
  unreadable: 'unreadable',
  'not-a-windows-volume': 'no Windows installation',
};

/** "BitLocker-locked", "unreadable", "no Windows installation" */
export function volumeReasonLabel(reason: ReportUnreadableVolume['reason']): string {
  return VOLUME_REASON[reason];
}

/** READY, READY WITH WARNINGS, BLOCKED */
export function verdictWord(v: Verdict): string {
  return VERDICT_WORD[v];
}

/**
 * The word for a volume that could not be inspected (locked, unreadable, not a volume). Never a verdict
 * word: "READY WITH WARNINGS" would claim something about an installation nobody looked at. The overall
 * verdict still counts its findings (a locked volume blocks).
 */
export const NOT_INSPECTED = 'NOT INSPECTED';

/** "BLOCKED - do not capture" */
export function verdictSentence(v: Verdict): string {
  return `${VERDICT_WORD[v]} - ${VERDICT_MEANING[v]}`;
}

export function stateLabel(state: ReportInstallation['generalization']['state']): string {
  return STATE_LABEL[state];
}

/** "Windows 11 Pro 24H2 (26100.2314) x64" */
export function osLabel(os: ReportInstallation['os']): string {
  const name = os.productName ?? os.storedProductName ?? (os.family === 'unknown' ? 'Windows (version unknown)' : os.family);
  const build = os.build === null ? '(build unknown)' : `(${os.build}${os.ubr === null ? '' : `.${os.ubr}`})`;
  const arch = os.architecture === 'unknown' ? '' : os.architecture;
  return [name, os.displayVersion ?? '', build, arch].filter((s) => s !== '').join(' ');
}

/** One line per evidence item: "SOFTWARE\key : value = data", "path (detail)", "E: (detail)". */
export function evidenceLine(e: ReportEvidence): string {
  switch (e.source) {
    case 'registry': {
      const value = e.value === null ? '' : ` : ${e.value === '' ? '(default)' : e.value}`;
      return `${e.hive}\\${e.key}${value}${e.data === null ? '' : ` = ${e.data}`}`;
    }
    case 'file':
      return e.detail === null ? e.path : `${e.path} (${e.detail})`;
    case 'volume':
      return `${e.path} (${e.detail})`;
  }
}

/** What a fact a disk has and an image does not reads as (never "no", never "unknown"). */
export const NOT_APPLICABLE_TEXT = 'not applicable (image)';

/** What the WIM's XML says of an image, in words: its name and description; its build, edition and flags. */
export function imageXmlParts(image: ReportImage): { name: string; facts: string } {
  const name = image.name === null ? '' : `"${image.name}"`;
  const description = image.description === null || image.description === image.name ? '' : `(${image.description})`;
  const given = (v: string | number | null) => (v === null ? 'not given' : String(v));
  return {
    name: [name, description].filter((x) => x !== '').join(' '),
    facts: `build ${given(image.build)}, edition ${given(image.editionId)}, flags ${given(image.flags)}`,
  };
}

/**
 * 'D:\images\ref.wim:1 "Gold" (Reference build), build 26100, edition Professional, flags Professional': the
 * file and index an installation was read from, and what the WIM's XML says of that image.
 */
export function imageLabel(image: ReportImage): string {
  const xml = imageXmlParts(image);
  return `${image.file}:${image.index}${xml.name === '' ? '' : ` ${xml.name}`}, ${xml.facts}`;
}

/** The volume facts that are not applicable to an installation read from an image, in words; empty for a volume. */
export function notApplicableFacts(i: ReportInstallation): string[] {
  if (i.image === null) return [];
  return [
    ...(i.volumeState.hibernated === 'not-applicable' ? ['hibernation'] : []),
    ...(i.volumeState.bitlocker === 'not-applicable' ? ['BitLocker'] : []),
    'disk placement',
  ];
}

/** "Image: <imageLabel>" and "hibernation, BitLocker, disk placement: not applicable (image)"; none for a volume. */
export function imageLines(i: ReportInstallation): string[] {
  if (i.image === null) return [];
  const na = notApplicableFacts(i);
  const facts = na.join(', ');
  return [`Image: ${imageLabel(i.image)}`, `${facts.charAt(0).toUpperCase()}${facts.slice(1)}: ${NOT_APPLICABLE_TEXT}`];
}
