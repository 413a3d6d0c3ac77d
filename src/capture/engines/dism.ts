// Dism.exe's argument lists, built element by element and spawned without a shell: a path with spaces,
// quotes or non-ASCII letters is one element, and Node quotes it for CreateProcess. Syntax: domain.md 8.1
// and 8.3. /English keeps the output parseable on localized WinPE; /LogPath keeps the log off X:.
import type { CapturePlan, EngineCommand } from '../types';
import { entryOf, parseInfoBlocks, type ImageEntry } from './image-info';

const COMPRESS = { fast: 'fast', max: 'max', none: 'none' } as const;

/** DISM reads "C:\" as a root but a folder with a trailing backslash can end up escaping a quote. */
function dirArg(p: string): string {
  return /^[A-Za-z]:\\$/.test(p) ? p : p.replace(/[\\/]+$/, '');
}

export function dismCaptureArgs(plan: Omit<CapturePlan, 'command'>): string[] {
  const r = plan.request;
  const args = [
    r.append ? '/Append-Image' : '/Capture-Image',
    `/ImageFile:${plan.image}`,
    `/CaptureDir:${dirArg(plan.source)}`,
    `/Name:${r.name}`,
  ];
  if (r.description !== null) args.push(`/Description:${r.description}`);
  args.push(`/ConfigFile:${plan.configFile}`);
  // /Append-Image takes the file's existing compression; /Compress is only for a new file.
  if (!r.append) args.push(`/Compress:${COMPRESS[r.compress]}`);
  if (r.checkIntegrity) args.push('/CheckIntegrity');
  args.push(`/ScratchDir:${dirArg(plan.scratchDir)}`, `/LogPath:${plan.engineLog}`, '/English');
  return args;
}

/**
 * `Dism /Capture-Ffu /ImageFile:<file> /CaptureDrive:\\.\PhysicalDriveN /Name:<name> [/Description:<text>]
 * [/Compress:{Default|None}]` (DISM image management reference; domain.md 8.1). Default is
 * Xpress-Huffman, what --compress fast asks for; None for an FFU that will be split. The global options
 * (/ScratchDir, /LogPath, /English) as for a WIM: the log beside the image, never on X:.
 */
export function dismFfuArgs(plan: Omit<CapturePlan, 'command'>): string[] {
  const r = plan.request;
  const args = ['/Capture-Ffu', `/ImageFile:${plan.image}`, `/CaptureDrive:${plan.source}`, `/Name:${r.name}`];
  if (r.description !== null) args.push(`/Description:${r.description}`);
  args.push(`/Compress:${r.compress === 'none' ? 'None' : 'Default'}`);
  args.push(`/ScratchDir:${dirArg(plan.scratchDir)}`, `/LogPath:${plan.engineLog}`, '/English');
  return args;
}

/**
 * An FFU is read back with `/Get-ImageInfo /ImageFile:` (the generic imaging command; /Get-WimInfo is the
 * WIM-only spelling of older DISMs): one image, under the name given to /Capture-Ffu.
 */
export function dismFfuInfoCommand(program: string, image: string): EngineCommand {
  return { engine: 'dism', program, args: ['/Get-ImageInfo', `/ImageFile:${image}`, '/English'] };
}

export function dismInfoCommand(program: string, image: string, index: number | null): EngineCommand {
  const args = ['/Get-WimInfo', `/WimFile:${image}`];
  if (index !== null) args.push(`/Index:${index}`);
  args.push('/English');
  return { engine: 'dism', program, args };
}

/** `Dism /Get-WimInfo` output: "Index : 1", "Name : …", "Size : 15,297,491,328 bytes", with /Index also "Files : …". */
export function parseDismInfo(text: string): ImageEntry[] {
  return parseInfoBlocks(text).map((b) => entryOf(b, { bytes: 'size', files: 'files', directories: 'directories' }));
}
