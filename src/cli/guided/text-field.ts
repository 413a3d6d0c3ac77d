// One line of text the technician types (an image name, a path or share, the word OVERRIDE): printable
// characters are added at the end, Backspace takes the last one off. No cursor movement inside the text:
// names are short, and Backspace is what a WinPE console user reaches for.
import type { Key } from './keys';

const MAX = 260;

/** The text after `key`, or null when the key is not an edit (Enter, Esc, arrows are the screen's). */
export function edit(text: string, key: Key): string | null {
  if (key.name === 'backspace') return [...text].slice(0, -1).join('');
  if (key.name === 'char') return [...(text + key.char)].slice(0, MAX).join('');
  return null;
}

/** The field as shown, with a block where the next character goes. */
export function fieldLine(label: string, text: string, width: number): string {
  const room = Math.max(10, width - label.length - 2);
  const chars = [...text];
  const shown = chars.length > room ? `~${chars.slice(chars.length - room + 1).join('')}` : text;
  return `${label}${shown}_`;
}
