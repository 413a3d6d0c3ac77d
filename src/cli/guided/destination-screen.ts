// Where the image goes: the volumes with their free space and file system (most room first, the default),
// or a path or share the technician types. The plan checks the rest (not on the source, room, FAT32).
import { sizeText } from '../../report/disk-table';
import type { Key } from './keys';
import { clipMiddle, plain, usableWidth, type Line, type Screen } from './frame';
import { proposedName } from './name';
import { fieldLine, edit } from './text-field';
import { to, type Destination, type GuidedContext, type State, type Step } from './state';

type DestinationState = Extract<State, { screen: 'destination' }>;

export const TYPE_PATH = 'Type a path or a share (\\\\server\\share\\images)';

function choices(state: DestinationState, ctx: GuidedContext): Destination[] {
  return ctx.destinations(ctx.report.installations[state.draft.inst].volume);
}

function row(d: Destination, n: number, selected: boolean, width: number): string {
  const free = d.freeBytes === null ? 'free space unknown' : `${sizeText(d.freeBytes)} free`;
  const tail = `  ${free.padStart(14)}  ${(d.fileSystem ?? '?').toUpperCase()}`;
  return `${selected ? '>' : ' '}${String(n).padStart(2)}  ${clipMiddle(d.path, Math.max(10, width - 6 - tail.length)).padEnd(Math.max(10, width - 6 - tail.length))}${tail}`;
}

export function destinationScreen(state: DestinationState, ctx: GuidedContext): Screen {
  const w = usableWidth(ctx.width);
  const list = choices(state, ctx);
  const i = ctx.report.installations[state.draft.inst];
  const body: Line[] = [plain(`Where should the image of ${i.id} go?`), plain('')];
  list.forEach((d, n) =>
    body.push(plain(row(d, n + 1, state.selected === n && state.typing === null, w), ...(state.selected === n ? (['bold'] as const) : []))),
  );
  const typeRow = list.length;
  body.push(
    plain(
      `${state.selected === typeRow ? '>' : ' '}${String(typeRow + 1).padStart(2)}  ${TYPE_PATH}`,
      ...(state.selected === typeRow ? (['bold'] as const) : []),
    ),
  );
  if (list.length === 0) body.push(plain(''), plain('No other volume found: type a path or a share.', 'dim'));
  if (state.typing !== null) body.push(plain(''), plain(fieldLine('Folder: ', state.typing, w), 'bold'));
  if (state.error) body.push(plain(''), plain(state.error, 'red'));
  const keys =
    state.typing !== null
      ? 'type the folder  Enter accept  Esc back to the list'
      : `Up/Down or 1-${Math.min(typeRow + 1, 9)} choose  Enter accept  Esc back  q quit`;
  return { title: `Capture ${i.id}: destination`, body, keys };
}

export function destinationKey(state: DestinationState, key: Key, ctx: GuidedContext): Step {
  const list = choices(state, ctx);
  const name = proposedName(ctx.report.installations[state.draft.inst]);
  if (state.typing !== null) {
    if (key.name === 'escape') return to({ ...state, typing: null, error: null });
    if (key.name === 'enter') {
      const path = state.typing.trim();
      if (path === '' || !ctx.isFolder(path))
        return to({ ...state, error: `${path || '(nothing typed)'}: no such folder (create it first, or choose another)` });
      return to({ screen: 'name', draft: state.draft, dest: path, name, error: null });
    }
    const typed = edit(state.typing, key);
    return typed === null ? null : to({ ...state, typing: typed, error: null });
  }
  const last = list.length;
  const choose = (n: number): Step =>
    n === last
      ? to({ ...state, selected: n, typing: '', error: null })
      : to({ screen: 'name', draft: state.draft, dest: list[n].path, name, error: null });
  if (key.name === 'up') return to({ ...state, selected: Math.max(0, state.selected - 1) });
  if (key.name === 'down') return to({ ...state, selected: Math.min(last, state.selected + 1) });
  if (key.name === 'enter') return choose(Math.min(state.selected, last));
  if (key.name === 'escape') return to({ screen: 'findings', inst: state.draft.inst, scroll: 0 });
  if (key.name === 'char' && /^[1-9]$/.test(key.char) && Number(key.char) <= last + 1) return choose(Number(key.char) - 1);
  if (key.name === 'char' && key.char.toLowerCase() === 'q') return { quit: true };
  return null;
}
