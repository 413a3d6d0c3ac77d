// Where an image may go, for the destination screen. Windows: every drive letter but the source's and
// WinPE's X: (the stick preflight runs from is a fair destination). Elsewhere there are no drive letters:
// the folders given on the command line that hold no Windows (a mounted USB disk, a test folder).
import { spaceOf } from '../../host/file-system';
import { candidateVolumes, driveOf } from '../../host/volumes';
import type { Destination } from './state';

export function destinationsFor(source: string, namedFolders: string[], platform: NodeJS.Platform = process.platform): Destination[] {
  let paths: string[];
  if (platform === 'win32') {
    const found = candidateVolumes();
    const own = found.skipped.filter((s) => s.reason === 'the drive preflight runs from').map((s) => s.volume);
    const sourceDrive = driveOf(source);
    paths = [...found.volumes, ...own].filter((v) => driveOf(v) !== sourceDrive);
  } else {
    paths = namedFolders.filter((f) => f !== source);
  }
  return paths.map(describe).sort((a, b) => (b.freeBytes ?? -1) - (a.freeBytes ?? -1));
}

function describe(path: string): Destination {
  try {
    const s = spaceOf(path);
    return { path, freeBytes: s.freeBytes, fileSystem: s.kind };
  } catch {
    return { path, freeBytes: null, fileSystem: null };
  }
}
