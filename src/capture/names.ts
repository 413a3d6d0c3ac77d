// The image name and description a capture writes into the WIM (or FFU) and shows in its plan: typed by
// the technician, or proposed by the guided run from the disk's ProductName. Engines get them as single
// arguments after every option (wimlib after "--", DISM inside /Name:), so no text can be read as an
// option; what is refused here is what no engine, terminal or log can carry faithfully.
import { FORMAT_CHARACTER_CLASS } from '../checks/shell-quote';

const UNPRINTABLE = new RegExp(`[\\x00-\\x1f\\x7f-\\x9f${FORMAT_CHARACTER_CLASS}]`, 'u');

/** Why `value` cannot be the image's `what` ("name", "description"), or null when it can. */
export function imageTextProblem(what: 'name' | 'description', value: string): string | null {
  if (what === 'name' && value.trim() === '')
    return 'the image name is empty: give --name a name to find the image by (DISM /Name, wimlib IMAGE_NAME)';
  if (UNPRINTABLE.test(value))
    return `the image ${what} contains control or invisible formatting characters (line breaks, escapes, bidirectional overrides): type it again in plain text`;
  return null;
}

/** The first problem of a request's name and description, or null. */
export function requestTextProblem(name: string, description: string | null): string | null {
  return imageTextProblem('name', name) ?? (description === null ? null : imageTextProblem('description', description));
}
