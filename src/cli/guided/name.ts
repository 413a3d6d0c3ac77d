// The image name: proposed from the OS and the computer ("Windows 11 Pro 26100 - PC-042"), editable. The
// file is named after it in the destination folder, with what Windows forbids in file names replaced.
import type { ReportInstallation } from '../../report/model';
import { hanging } from '../../report/layout';
import type { Key } from './keys';
import { plain, usableWidth, type Screen } from './frame';
import { osShort } from './summary';
import { fieldLine, edit } from './text-field';
import { to, type GuidedContext, type State, type Step } from './state';

type NameState = Extract<State, { screen: 'name' }>;

/** OS, build and computer name; ASCII " - " (the WinPE console code page may lack dashes). */
export function proposedName(i: ReportInstallation): string {
  return i.os.computerName ? `${osShort(i)} - ${i.os.computerName}` : osShort(i);
}

/** A file name for the image: characters Windows forbids (and controls) become "_"; no trailing dot or space. */
export function imageFileName(name: string): string {
  const base =
    name
      .replace(/[<>:"/\\|?*\x00-\x1f\x7f]/g, '_')
      .replace(/[. ]+$/, '')
      .trim() || 'image';
  return `${base}.wim`;
}

export function nameScreen(state: NameState, ctx: GuidedContext): Screen {
  const i = ctx.report.installations[state.draft.inst];
  const w = usableWidth(ctx.width);
  const body = [
    plain(`Image name for ${i.id}:`),
    plain(''),
    plain(fieldLine('Name: ', state.name, w), 'bold'),
    plain(''),
    ...hanging(`File: ${imageFileName(state.name)} in ${state.dest}`, { width: w, prefix: '', indent: 6 }).map((l) => plain(l, 'dim')),
  ];
  if (state.error) body.push(plain(''), plain(state.error, 'red'));
  return { title: `Capture ${i.id}: image name`, body, keys: 'type to edit, Backspace erases  Enter accept  Esc back' };
}

export function nameKey(state: NameState, key: Key): Step {
  if (key.name === 'escape') return to({ screen: 'destination', draft: state.draft, selected: 0, typing: null, error: null });
  if (key.name === 'enter') {
    if (state.name.trim() === '') return to({ ...state, error: 'The image needs a name.' });
    return { plan: { draft: state.draft, dest: state.dest, name: state.name.trim() } };
  }
  const name = edit(state.name, key);
  return name === null ? null : to({ ...state, name, error: null });
}
