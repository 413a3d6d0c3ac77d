// A blocked installation is captured from the guided run only when the technician types OVERRIDE: a word,
// not a key, so that no Enter pressed out of habit captures an image Sysprep would not vouch for. The
// override goes into the capture (force), whose record and log name every finding it went past.
import { hanging } from '../../report/layout';
import type { Key } from './keys';
import { plain, usableWidth, type Line, type Screen } from './frame';
import { fieldLine, edit } from './text-field';
import { to, type GuidedContext, type State, type Step } from './state';

type OverrideState = Extract<State, { screen: 'override' }>;

export const OVERRIDE_WORD = 'OVERRIDE';

export function overrideScreen(state: OverrideState, ctx: GuidedContext): Screen {
  const i = ctx.report.installations[state.draft.inst];
  const w = usableWidth(ctx.width);
  const blocking = i.findings.filter((f) => f.severity === 'block');
  const body: Line[] = [plain(`${i.id} is BLOCKED: it must not be captured as it is.`, 'bold', 'red'), plain('')];
  for (const f of blocking) body.push(...hanging(`${f.id} ${f.title}`, { width: w, prefix: '  - ', indent: 4 }).map((l) => plain(l)));
  body.push(plain(''));
  body.push(
    ...hanging(
      `To capture it anyway, type ${OVERRIDE_WORD} and press Enter. The override and every finding it goes past are recorded in the capture record and the logs.`,
      { width: w, prefix: '' },
    ).map((l) => plain(l)),
    plain(''),
    plain(fieldLine('Type here: ', state.typed, w), 'bold'),
  );
  if (state.error) body.push(plain(''), plain(state.error, 'red'));
  return { title: `Capture ${i.id}: override needed`, body, keys: 'type OVERRIDE then Enter  Esc back' };
}

export function overrideKey(state: OverrideState, key: Key): Step {
  if (key.name === 'escape') return to({ screen: 'findings', inst: state.draft.inst, scroll: 0 });
  if (key.name === 'enter') {
    if (state.typed !== OVERRIDE_WORD)
      return to({
        ...state,
        typed: '',
        error: `Not captured: "${state.typed}" is not ${OVERRIDE_WORD}. Type ${OVERRIDE_WORD} or press Esc.`,
      });
    return to({ screen: 'destination', draft: { ...state.draft, force: true }, selected: 0, typing: null, error: null });
  }
  const typed = edit(state.typed, key);
  return typed === null ? null : to({ ...state, typed, error: null });
}
