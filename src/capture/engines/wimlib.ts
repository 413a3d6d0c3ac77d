// wimlib-imagex's argument lists (domain.md 8.6): `capture|append [OPTIONS] -- SOURCE WIMFILE NAME [DESCRIPTION]`.
// Its default compression is LZX, not DISM's "fast", so the compression is always spelled out.
import type { CapturePlan, EngineCommand } from '../types';
import { entryOf, parseInfoBlocks, type ImageEntry } from './image-info';

const COMPRESS = { fast: 'XPRESS', max: 'LZX', none: 'none' } as const;

export function wimlibCaptureArgs(plan: Omit<CapturePlan, 'command'>): string[] {
  const r = plan.request;
  const args = [r.append ? 'append' : 'capture', `--config=${plan.configFile}`];
  // append keeps the file's compression (a different --compress would need a rebuild).
  if (!r.append) args.push(`--compress=${COMPRESS[r.compress]}`);
  if (r.checkIntegrity) args.push('--check');
  // Options first, then "--": wimlib reads an argument that begins with "-" as an option wherever it
  // stands, so a name such as "--dereference" (typed, or a ProductName from the disk) would make it
  // follow symlinks out of the source. After "--" every argument is positional.
  args.push('--', plan.source, plan.image, r.name);
  if (r.description !== null) args.push(r.description);
  return args;
}

export function wimlibInfoCommand(program: string, image: string, index: number | null): EngineCommand {
  return { engine: 'wimlib', program, args: index === null ? ['info', image] : ['info', image, String(index)] };
}

/** `wimlib-imagex info` output: "Index: 1", "Name: …", "File Count: …", "Total Bytes: …". */
export function parseWimlibInfo(text: string): ImageEntry[] {
  // The header block ("WIM Information") has no Index line, so it is not a block.
  return parseInfoBlocks(text).map((b) => entryOf(b, { bytes: 'total bytes', files: 'file count', directories: 'directory count' }));
}
