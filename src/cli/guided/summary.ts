// The first screen: one line per installation (volume, OS and build, computer, generalization, verdict),
// the volumes that could not be read, the disk table when a disk or boot store was read, and the verdict.
import { win32 } from 'node:path';
import type { Verdict } from '../../checks/types';
import { diskHeading, diskTableLines } from '../../report/disk-table';
import { hanging } from '../../report/layout';
import { imageXmlParts, verdictSentence, volumeReasonLabel } from '../../report/labels';
import type { ReportInstallation } from '../../report/model';
import { blockedByLine } from '../../report/text';
import type { Key } from './keys';
import { clip, clipMiddle, clipStart, plain, usableWidth, type Line, type Screen } from './frame';
import { to, type GuidedContext, type State, type Step } from './state';

type SummaryState = Extract<State, { screen: 'summary' }>;

export const VERDICT_SHORT: Record<Verdict, string> = { ready: 'READY', warnings: 'WARNINGS', blocked: 'BLOCKED' };
export const VERDICT_STYLE = { ready: 'green', warnings: 'yellow', blocked: 'red' } as const;
const GENERALIZATION: Record<ReportInstallation['generalization']['state'], string> = {
  generalized: 'generalized',
  'not-generalized': 'NOT generalized',
  unknown: 'unknown',
};

/** NetBIOS computer names have at most 15 characters; the volume gets what is left (at least 8). */
const COLS = { os: 20, computer: 15, gen: 15, verdict: 8 };

/** "Windows 11 Pro 26100": the product (or family) and the build, as the image name starts. */
export function osShort(i: ReportInstallation): string {
  const name = i.os.productName ?? (i.os.family === 'unknown' ? 'Windows' : i.os.family);
  return i.os.build === null ? name : `${name} ${i.os.build}`;
}

/** One installation's line: marker, number, volume (cut in the middle), OS, computer, generalization, verdict. */
export function installationRow(i: ReportInstallation, n: number, selected: boolean, width: number): string {
  const volumeWidth = Math.max(8, width - 6 - COLS.os - COLS.computer - COLS.gen - COLS.verdict - 4);
  const cells = [
    clipStart(i.volume, volumeWidth).padEnd(volumeWidth),
    clip(osShort(i), COLS.os).padEnd(COLS.os),
    clip(i.os.computerName ?? '(unknown)', COLS.computer).padEnd(COLS.computer),
    GENERALIZATION[i.generalization.state].padEnd(COLS.gen),
    VERDICT_SHORT[i.verdict],
  ];
  return `${selected ? '>' : ' '}${String(n).padStart(2)}  ${cells.join(' ')}`;
}

function headerRow(width: number): string {
  const volumeWidth = Math.max(8, width - 6 - COLS.os - COLS.computer - COLS.gen - COLS.verdict - 4);
  return `  #  ${'Volume'.padEnd(volumeWidth)} ${'Windows, build'.padEnd(COLS.os)} ${'Computer'.padEnd(COLS.computer)} ${'Generalization'.padEnd(COLS.gen)} Verdict`;
}

/** Under an installation read from an image: the file and index, and what the WIM's XML says of the image. */
export function imageRow(i: ReportInstallation, width: number): string | null {
  if (i.image === null) return null;
  // The path is in the volume column: the file's name is enough here, and the build and edition come before
  // the free-text name and description, which may be cut.
  const xml = imageXmlParts(i.image);
  return clip(`      image ${win32.basename(i.image.file)}:${i.image.index}: ${xml.facts}${xml.name === '' ? '' : `, ${xml.name}`}`, width);
}

export function summaryScreen(state: SummaryState, ctx: GuidedContext): Screen {
  const r = ctx.report;
  const w = usableWidth(ctx.width);
  const body: Line[] = [plain(headerRow(w), 'dim')];
  r.installations.forEach((i, n) => {
    const selected = n === state.selected;
    body.push(
      plain(
        installationRow(i, n + 1, selected, w),
        ...(selected ? (['bold', VERDICT_STYLE[i.verdict]] as const) : ([VERDICT_STYLE[i.verdict]] as const)),
      ),
    );
    const image = imageRow(i, w);
    if (image !== null) body.push(plain(image, 'dim'));
  });
  for (const v of r.unreadableVolumes)
    body.push(plain(`     ${clipMiddle(v.volume, 20)}  ${volumeReasonLabel(v.reason)}: NOT INSPECTED`, 'red'));
  for (const d of r.disks) {
    body.push(plain(''), plain(diskHeading(d), 'bold'));
    body.push(...diskTableLines(d, w).map((l) => plain(l)));
  }
  body.push(plain(''));
  body.push(
    ...hanging(`Verdict: ${verdictSentence(r.verdict)}`, { width: w, prefix: '' }).map((l) => plain(l, 'bold', VERDICT_STYLE[r.verdict])),
  );
  const blockedBy = blockedByLine(r);
  if (blockedBy) body.push(plain(blockedBy));
  body.push(...hanging(ctx.reportNote, { width: w, prefix: '' }).map((l) => plain(l, 'dim')));
  const count = r.installations.length;
  return {
    title: `preflight: ${count} installation${count === 1 ? '' : 's'} found`,
    body,
    keys: count === 0 ? 'q quit' : `${count > 1 ? `Up/Down or 1-${Math.min(count, 9)} choose  ` : ''}Enter open  c capture  q quit`,
  };
}

export function summaryKey(state: SummaryState, key: Key, ctx: GuidedContext): Step {
  const count = ctx.report.installations.length;
  if (key.name === 'char' && key.char.toLowerCase() === 'q') return { quit: true };
  if (count === 0) return null;
  if (key.name === 'up') return to({ ...state, selected: Math.max(0, state.selected - 1) });
  if (key.name === 'down') return to({ ...state, selected: Math.min(count - 1, state.selected + 1) });
  if (key.name === 'home') return to({ ...state, selected: 0 });
  if (key.name === 'end') return to({ ...state, selected: count - 1 });
  if (key.name === 'enter') return to({ screen: 'findings', inst: state.selected, scroll: 0 });
  if (key.name === 'char' && /^[1-9]$/.test(key.char) && Number(key.char) <= count)
    return to({ screen: 'findings', inst: Number(key.char) - 1, scroll: 0 });
  if (key.name === 'char' && key.char.toLowerCase() === 'c') return startCapture(state.selected, ctx);
  return null;
}

/** On to capture: straight to the destinations, or first the override when the installation is blocked. */
export function startCapture(inst: number, ctx: GuidedContext): Step {
  const draft = { inst, force: false };
  if (ctx.report.installations[inst].verdict === 'blocked') return to({ screen: 'override', draft, typed: '', error: null });
  return to({ screen: 'destination', draft, selected: 0, typing: null, error: null });
}

/** The body row of the selected installation, to keep it on screen when the list scrolls (image rows count). */
export function summaryFocus(state: SummaryState, ctx: GuidedContext): number {
  const above = ctx.report.installations.slice(0, state.selected).filter((i) => i.image !== null).length;
  return state.selected + 1 + above;
}
