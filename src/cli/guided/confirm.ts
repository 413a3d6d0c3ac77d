// The plan before a byte is written (the same words as `capture --dry-run`), or why it was refused. Enter
// starts the capture; Esc goes back to the name.
import { hanging } from '../../report/layout';
import type { Key } from './keys';
import { plain, usableWidth, type Line, type Screen } from './frame';
import { to, type GuidedContext, type State, type Step } from './state';

type ConfirmState = Extract<State, { screen: 'confirm' }>;

export function confirmScreen(state: ConfirmState, ctx: GuidedContext): Screen {
  const i = ctx.report.installations[state.draft.inst];
  const w = usableWidth(ctx.width);
  // The plan's own indent (its "  overridden:" lines under "check:") is kept; wrapped lines go 4 further in.
  const wrapLines = (text: string, ...style: Parameters<typeof plain>[1][]): Line[] => {
    const lead = /^ */.exec(text)![0];
    return hanging(text.trim(), { width: w, prefix: lead, indent: lead.length + 4 }).map((l) => plain(l, ...style));
  };
  const body: Line[] = [];
  if (state.refusal !== null) {
    body.push(plain('The plan was refused; nothing was written:', 'bold', 'red'), plain(''), ...wrapLines(state.refusal, 'red'));
    return { title: `Capture ${i.id}: refused`, body, keys: 'Enter or Esc back  q quit' };
  }
  for (const line of state.planLines) body.push(...wrapLines(line));
  if (state.draft.force) body.push(plain(''), plain('OVERRIDE typed: the blocking findings above are recorded as overridden.', 'yellow'));
  body.push(plain(''), plain('Press Enter to capture now, Esc to go back.', 'bold'));
  return { title: `Capture ${i.id}: confirm the plan`, body, keys: 'Enter capture  Esc back  q quit' };
}

export function confirmKey(state: ConfirmState, key: Key): Step {
  const back = to({ screen: 'name', draft: state.draft, dest: state.dest, name: state.name, error: null });
  if (key.name === 'escape') return back;
  if (key.name === 'char' && key.char.toLowerCase() === 'q') return { quit: true };
  if (key.name === 'enter') return state.refusal !== null || state.plan === null ? back : { capture: state };
  return null;
}
