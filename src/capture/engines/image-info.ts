// What an engine says an image file holds, parsed from `wimlib-imagex info` and `dism /Get-WimInfo`:
// both print "Key : value" lines, one block per image.

export interface ImageEntry {
  index: number;
  name: string;
  description: string | null;
  /** Uncompressed bytes of the image's files. */
  totalBytes: number | null;
  files: number | null;
  directories: number | null;
}

/** "Key: value" / "Key : value" lines into blocks that start at each "Index". */
export function parseInfoBlocks(text: string): Record<string, string>[] {
  const blocks: Record<string, string>[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const m = /^\s*([A-Za-z][A-Za-z ]*?)\s*:\s?(.*)$/.exec(raw);
    if (!m) continue;
    const key = m[1].toLowerCase();
    if (key === 'index') blocks.push({});
    if (blocks.length > 0 && !(key in blocks[blocks.length - 1])) blocks[blocks.length - 1][key] = m[2].trim();
  }
  return blocks;
}

/** "15,297,491,328 bytes" / "3000003" → number; null when absent or not a number. */
export function parseCount(v: string | undefined): number | null {
  if (v === undefined) return null;
  const digits = v.replace(/[,.\s]|bytes$/gi, '');
  return /^\d+$/.test(digits) ? Number(digits) : null;
}

export function entryOf(block: Record<string, string>, keys: { bytes: string; files: string; directories: string }): ImageEntry {
  const description = block.description;
  return {
    index: Number(block.index),
    name: block.name ?? '',
    description: description && description !== '<none>' ? description : null,
    totalBytes: parseCount(block[keys.bytes]),
    files: parseCount(block[keys.files]),
    directories: parseCount(block[keys.directories]),
  };
}
