// An installation opened: its findings with their fixes, as the text report words them (installationLines),
// scrolled with the arrows and PgUp/PgDn when longer than the screen. Enter goes on to capture it.
import { installationLines } from '../../report/text';
import type { Key } from './keys';
import { bodyRows, hardWrap, plain, usableWidth, type Line, type Screen } from './frame';
import { startCapture } from './summary';
import { to, type GuidedContext, type State, type Step } from './state';

type FindingsState = Extract<State, { screen: 'findings' }>;

const TAG_STYLE = [
  [/^\s*\[BLOCK\]/, 'red'],
  [/^\s*\[WARN\]/, 'yellow'],
  [/^\s*\[INFO\]/, 'cyan'],
] as const;

function styled(text: string): Line {
  for (const [re, colour] of TAG_STYLE) if (re.test(text)) return plain(text, 'bold', colour);
  return plain(text);
}

export function findingsBody(state: FindingsState, ctx: GuidedContext): Line[] {
  const w = usableWidth(ctx.width);
  return installationLines(ctx.report, state.inst, { color: false, width: w })
    .flatMap((l) => hardWrap(l, w))
    .map(styled);
}

export function findingsScreen(state: FindingsState, ctx: GuidedContext): Screen {
  const i = ctx.report.installations[state.inst];
  const capture = i.verdict === 'blocked' ? 'Enter capture (needs override)' : 'Enter capture';
  return {
    title: `Installation ${state.inst + 1}: ${i.id}`,
    body: findingsBody(state, ctx),
    keys: `Up/Down PgUp/PgDn scroll  ${capture}  Esc back  q quit`,
  };
}

export function findingsKey(state: FindingsState, key: Key, ctx: GuidedContext): Step {
  const rows = bodyRows(ctx.height);
  const last = Math.max(0, findingsBody(state, ctx).length - rows);
  const scroll = (n: number) => to({ ...state, scroll: Math.max(0, Math.min(last, n)) });
  if (key.name === 'up') return scroll(state.scroll - 1);
  if (key.name === 'down') return scroll(state.scroll + 1);
  if (key.name === 'pageup') return scroll(state.scroll - (rows - 1));
  if (key.name === 'pagedown' || (key.name === 'char' && key.char === ' ')) return scroll(state.scroll + (rows - 1));
  if (key.name === 'home') return scroll(0);
  if (key.name === 'end') return scroll(last);
  if (key.name === 'escape') return to({ screen: 'summary', selected: state.inst });
  if (key.name === 'enter' || (key.name === 'char' && key.char.toLowerCase() === 'c')) return startCapture(state.inst, ctx);
  if (key.name === 'char' && key.char.toLowerCase() === 'q') return { quit: true };
  return null;
}
