// How much the capture will read: the source's bytes and files, without what the exclusion list leaves
// out. The plan weighs the bytes against the destination's free space; verify compares the file count
// with the image's. lstat only: nothing under the source is opened (read-only contract).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isExcluded } from './exclusions';

export interface SourceUsage {
  bytes: number;
  files: number;
  directories: number;
  excludedFiles: number;
  excludedBytes: number;
  largestFileBytes: number;
}

export function measureSource(root: string): SourceUsage {
  const u: SourceUsage = { bytes: 0, files: 0, directories: 0, excludedFiles: 0, excludedBytes: 0, largestFileBytes: 0 };
  const pending: string[] = [''];
  while (pending.length > 0) {
    const rel = pending.pop()!;
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(path.join(root, rel), { withFileTypes: true });
    } catch {
      continue; // unreadable folder: the engine reports it with its own words
    }
    for (const e of entries) {
      const childRel = rel ? `${rel}/${e.name}` : e.name;
      const excluded = isExcluded(childRel);
      if (e.isDirectory()) {
        if (excluded) continue;
        u.directories++;
        pending.push(childRel);
        continue;
      }
      let size = 0;
      try {
        size = e.isFile() ? fs.lstatSync(path.join(root, childRel)).size : 0;
      } catch {
        size = 0;
      }
      if (excluded) {
        u.excludedFiles++;
        u.excludedBytes += size;
        continue;
      }
      u.files++;
      u.bytes += size;
      if (size > u.largestFileBytes) u.largestFileBytes = size;
    }
  }
  return u;
}
