// Node's own modules that cost milliseconds to load (each brings node's stream and socket code with it),
// loaded at their first use instead of at start: `check --json` of a folder on Linux runs no program and
// asks about no terminal, and `hive stats` does neither. Node keeps each module once loaded, so later
// calls cost a lookup.
import type * as ChildProcess from 'node:child_process';
import type * as Tty from 'node:tty';

export const childProcess = (): typeof ChildProcess => require('node:child_process');
export const tty = (): typeof Tty => require('node:tty');
