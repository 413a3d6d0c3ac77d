// An image of the generalized-win11 scenario with a folder no check lists (`Payload\Deep`, two files),
// captured uncompressed so that its metadata can be edited, and edited copies of it: for damage that
// `check` meets (a directory it looks into) or never meets (Payload\Deep).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildScenario } from '../../src/sample/windows-volume';
import { wimlib } from '../support/wimlib';
import { rawMetadata, renameDentry } from './patch';

/** Builds the volume at `dir`/`name` and its image `dir`/`name`.wim; returns both. */
export function deepFolderImage(dir: string, name: string): { root: string; wim: string } {
  const [root] = buildScenario(join(dir, name), 'generalized-win11');
  // Every folder of the root is looked into (for a Windows), not the folders inside them.
  mkdirSync(join(root, 'Payload', 'Deep'), { recursive: true });
  writeFileSync(join(root, 'Payload', 'Deep', 'aa.bin'), 'a');
  writeFileSync(join(root, 'Payload', 'Deep', 'bb.bin'), 'b');
  const wim = join(dir, `${name}.wim`);
  wimlib(['capture', root, wim, name, '--compress=none']);
  return { root, wim };
}

/** A copy of `wim` at `to` whose metadata `edit` changed (and re-hashed, so only the edit is wrong). */
export function editedCopy(wim: string, to: string, edit: (meta: Buffer) => void): string {
  const bytes = readFileSync(wim);
  const { meta, rehash } = rawMetadata(bytes);
  edit(meta);
  rehash();
  writeFileSync(to, bytes);
  return to;
}

/** Two entries named aa.bin in Payload\Deep: damage in a directory no check lists. */
export const duplicateInDeep = (meta: Buffer) => renameDentry(meta, 'bb.bin', 'aa.bin');
