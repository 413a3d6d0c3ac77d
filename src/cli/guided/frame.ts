// What every guided screen is (a title, body lines, a line of keys) and how it reaches the console: laid
// out for the window's size (80x25 in WinPE), each line clipped so that nothing wraps, and drawn whole
// again on every change and resize. ASCII only (the WinPE console font may lack arrows and box lines);
// colour only where useColor says so, applied after clipping so that escape codes are never cut.
import { painter, sanitize, type Style } from '../../report/layout';

export interface Line {
  text: string;
  style?: Style[];
}

export interface Screen {
  title: string;
  body: Line[];
  /** The keys that work here, e.g. "Enter open  Esc back  q quit". */
  keys: string;
}

export const plain = (text: string, ...style: Style[]): Line => ({ text, style });

/** Rows the body gets in a window of `height` rows: title, a rule, then the body, then the keys. */
export function bodyRows(height: number): number {
  return Math.max(1, height - 3);
}

/**
 * Columns a line may fill: one less than the window, as the text report does (a line that reaches the last
 * column makes the Windows console wrap by itself and push everything down).
 */
export function usableWidth(width: number): number {
  return Math.max(20, width - 1);
}

/** Text cut to `width` columns; "~" marks the cut, so a clipped line reads as clipped. */
export function clip(text: string, width: number): string {
  const chars = [...text];
  if (chars.length <= width) return text;
  return `${chars.slice(0, Math.max(0, width - 1)).join('')}~`;
}

/**
 * A line longer than `width` in pieces that fit, each piece after the first indented like the line: the
 * text report never breaks a command (it must paste whole), but a console without a mouse cannot paste,
 * and a command cut at the edge could not even be read.
 */
export function hardWrap(text: string, width: number): string[] {
  const chars = [...text];
  if (chars.length <= width) return [text];
  const indent = ' '.repeat(Math.min(/^ */.exec(text)![0].length + 2, Math.floor(width / 2)));
  const out = [chars.slice(0, width).join('')];
  for (let at = width; at < chars.length; at += width - indent.length)
    out.push(indent + chars.slice(at, at + width - indent.length).join(''));
  return out;
}

/** Text cut at the start, "..." then its end (a volume path: the end names it). */
export function clipStart(text: string, width: number): string {
  const chars = [...text];
  if (chars.length <= width) return text;
  return `...${chars.slice(chars.length - Math.max(1, width - 3)).join('')}`;
}

/** Text cut in the middle to fit (volume paths: the start and the end tell them apart). */
export function clipMiddle(text: string, width: number): string {
  const chars = [...text];
  if (chars.length <= width) return text;
  const head = Math.ceil((width - 3) / 2);
  return `${chars.slice(0, head).join('')}...${chars.slice(chars.length - (width - 3 - head)).join('')}`;
}

/** The first row of `body` to show so that row `focus` is on screen, keeping `scroll` where it can. */
export function scrollFor(focus: number, scroll: number, rows: number, total: number): number {
  let top = Math.min(scroll, Math.max(0, total - rows));
  if (focus < top) top = focus;
  if (focus >= top + rows) top = focus - rows + 1;
  return Math.max(0, top);
}

/**
 * The screen as exactly `height` rows of at most usableWidth(width) columns: title, rule, the body from
 * row `scroll`, blank rows, the keys on the last row. A body longer than its rows says which lines show
 * in the title ("lines 23-44 of 60"), so nothing hides that the list goes on.
 */
export function layout(screen: Screen, width: number, height: number, scroll = 0): Line[] {
  const w = usableWidth(width);
  const rows = bodyRows(height);
  const top = Math.max(0, Math.min(scroll, Math.max(0, screen.body.length - rows)));
  const shown = screen.body.slice(top, top + rows);
  const range = shown.length < screen.body.length ? `  (lines ${top + 1}-${top + shown.length} of ${screen.body.length})` : '';
  const out: Line[] = [plain(`${screen.title}${range}`, 'bold'), plain('-'.repeat(w)), ...shown];
  while (out.length < height - 1) out.push(plain(''));
  out.push(plain(screen.keys, 'dim'));
  return out.slice(0, Math.max(1, height)).map((l) => ({ text: clip(sanitize(l.text), w), style: l.style }));
}

/** The escape codes that draw laid-out lines: each row addressed, written and cleared to its end. */
export function drawCodes(lines: Line[], color: boolean): string {
  const p = painter(color);
  let out = '';
  lines.forEach((l, i) => {
    out += `\x1b[${i + 1};1H${l.style && l.style.length ? p(l.text, ...l.style) : l.text}\x1b[K`;
  });
  return out + '\x1b[J';
}

/** The console while the guided run owns it: alternate screen, no cursor; `leave` gives it back as it was. */
export class Terminal {
  private entered = false;
  constructor(
    private out: NodeJS.WriteStream,
    private color: boolean,
  ) {}
  get width(): number {
    return this.out.columns || 80;
  }
  get height(): number {
    return this.out.rows || 25;
  }
  enter(): void {
    this.entered = true;
    this.out.write('\x1b[?1049h\x1b[?25l\x1b[2J');
  }
  draw(screen: Screen, scroll = 0): void {
    if (!this.entered) return;
    this.out.write(drawCodes(layout(screen, this.width, this.height, scroll), this.color));
  }
  /** Cursor shown, alternate screen left; safe to call twice (Ctrl+C during a leave). */
  leave(): void {
    if (!this.entered) return;
    this.entered = false;
    this.out.write('\x1b[0m\x1b[?25h\x1b[?1049l');
  }
}
