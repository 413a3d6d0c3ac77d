// The mount a path lies on, from Linux's /proc/self/mountinfo (proc(5)): its mount point, file-system
// type and source device. The mount is found by device number (st_dev against the "major:minor" field),
// so a bind mount or a second mount of a volume is the same mount as the volume itself.
// PREFLIGHT_MOUNTINFO (tests only, like PREFLIGHT_DISM; never set it in WinPE) names another file to read.
import * as fs from 'node:fs';

export interface MountEntry {
  mountPoint: string;
  fsType: string;
  /** The mount source: a block device (/dev/sdb2) or whatever the file system put there. */
  device: string;
}

/** mountinfo escapes space, tab, newline and backslash as \040, \011, \012 and \134. */
const unescapeMountField = (s: string) => s.replace(/\\([0-7]{3})/g, (_, o: string) => String.fromCharCode(parseInt(o, 8)));

/** Linux's dev_t → "major:minor" (glibc's gnu_dev_major/minor). */
export function majorMinor(dev: number): string {
  const d = BigInt(dev);
  const major = ((d >> 8n) & 0xfffn) | ((d >> 32n) & ~0xfffn);
  const minor = (d & 0xffn) | ((d >> 12n) & ~0xffn);
  return `${major}:${minor}`;
}

/** The entries of a mountinfo text whose "major:minor" is `devId`; the last one is the topmost. */
export function mountsOfDevice(mountinfo: string, devId: string): MountEntry[] {
  const out: MountEntry[] = [];
  for (const line of mountinfo.split('\n')) {
    const sep = line.indexOf(' - ');
    if (sep < 0) continue;
    const left = line.slice(0, sep).split(' ');
    const right = line.slice(sep + 3).split(' ');
    if (left.length < 5 || right.length < 2 || left[2] !== devId) continue;
    out.push({ mountPoint: unescapeMountField(left[4]), fsType: right[0], device: unescapeMountField(right[1]) });
  }
  return out;
}

/** The mount `p` lies on (Linux only), or null when it cannot be told. */
export function mountOf(
  p: string,
  env: Record<string, string | undefined> = process.env,
  platform: NodeJS.Platform = process.platform,
): MountEntry | null {
  if (platform !== 'linux') return null;
  try {
    const dev = fs.statSync(p).dev;
    const text = fs.readFileSync(env.PREFLIGHT_MOUNTINFO || '/proc/self/mountinfo', 'utf8');
    return mountsOfDevice(text, majorMinor(dev)).at(-1) ?? null;
  } catch {
    return null;
  }
}

/**
 * File systems that hold an NTFS volume: the kernel's ntfs3 and old ntfs drivers, and ntfs-3g, which FUSE
 * lists as fuseblk (a FUSE file system on a block device; Windows is never installed on exFAT).
 */
export function isNtfsMount(m: MountEntry): boolean {
  return /^(ntfs|ntfs3|fuseblk|fuse\.ntfs-3g|fuse\.lowntfs-3g|ntfs-3g)$/.test(m.fsType);
}
