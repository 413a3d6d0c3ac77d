// Keyboard input of the guided run, of our own: node's readline.emitKeypressEvents decodes the console's
// bytes and escape sequences, setRawMode hands us every key (Ctrl+C too). Prompt libraries (inquirer,
// prompts, enquirer) were weighed and left out: each owns the screen one question at a time, with no way
// back (Esc) to the previous question, redraws by erasing the lines it printed (wrong after a resize and
// in an 80x25 screen that must keep the summary), and pulls in a tree of packages that all goes into the
// single executable. The guided run needs keys, not questions; this file is that much and no more.
import * as readline from 'node:readline';

export type Key =
  | { name: 'up' | 'down' | 'pageup' | 'pagedown' | 'home' | 'end' | 'left' | 'right' }
  | { name: 'enter' | 'escape' | 'backspace' | 'delete' | 'tab' | 'interrupt' }
  | { name: 'char'; char: string };

interface RawKey {
  name?: string;
  ctrl?: boolean;
  meta?: boolean;
  sequence?: string;
}

const NAMED: Record<string, Key['name']> = {
  up: 'up',
  down: 'down',
  pageup: 'pageup',
  pagedown: 'pagedown',
  home: 'home',
  end: 'end',
  left: 'left',
  right: 'right',
  return: 'enter',
  enter: 'enter',
  escape: 'escape',
  backspace: 'backspace',
  delete: 'delete',
  tab: 'tab',
};

/** What readline made of a key press, as the guided run's Key; null for keys it has no use for. */
export function decodeKey(str: string | undefined, key: RawKey | undefined): Key | null {
  if (key?.ctrl && key.name === 'c') return { name: 'interrupt' };
  const named = key?.name ? NAMED[key.name] : undefined;
  if (named && !key?.ctrl) return { name: named } as Key;
  // Printable text only: a name typed or pasted, a number, a letter command. Never a control character.
  if (str && !key?.ctrl && !key?.meta && /^[^\x00-\x1f\x7f-\x9f]+$/u.test(str)) return { name: 'char', char: str };
  return null;
}

export interface KeySource {
  /** Stops listening and gives the console back its line mode. */
  close(): void;
}

/** Starts delivering keys from a console input; raw mode on until close(). */
export function listenKeys(input: NodeJS.ReadStream, onKey: (key: Key) => void): KeySource {
  readline.emitKeypressEvents(input);
  input.setRawMode(true);
  const handler = (str: string | undefined, key: RawKey | undefined) => {
    const k = decodeKey(str, key);
    if (k) onKey(k);
  };
  input.on('keypress', handler);
  input.resume();
  return {
    close() {
      input.off('keypress', handler);
      if (input.isTTY) input.setRawMode(false);
      input.pause();
    },
  };
}
