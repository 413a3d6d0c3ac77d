/**
 * Real WIMs that carry NTFS security descriptors, made in userspace from a test volume folder. A capture
 * is verified only when its image holds security descriptors (src/capture/read-back.ts), and wimlib's
 * directory capture on Linux (UNIX mode) writes none — rightly, a folder on ext4 has no ACLs. So the folder
 * goes through a real NTFS file system in a file: captured as a directory, applied to a fresh `mkntfs`
 * image (wimlib's NTFS-3G mode, which gives every file the default NTFS descriptor), then captured from that
 * NTFS image (NTFS-3G mode again, which reads the descriptors back). The result is what a capture of an
 * NTFS volume holds: `wimlib-imagex dir IMAGE 1 --detailed` shows `Security Descriptor = …` for each file.
 * Needs wimtools and ntfs-3g (mkntfs); .ci/run installs both. No root, no mount, no loop device.
 */
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runChild } from './child';
import { PROJECT_ROOT } from './corpus';

let mkntfsFound: boolean | undefined;

/** mkntfs can be run (Debian's ntfs-3g); where PREFLIGHT_REQUIRE_CORPUS is set (CI) a missing one fails. */
export async function ntfsWimAvailable(): Promise<boolean> {
  if (mkntfsFound === undefined) {
    mkntfsFound = await runChild('mkntfs', ['--version']).then(
      (r) => r.status === 0,
      () => false,
    );
  }
  if (!mkntfsFound && process.env.PREFLIGHT_REQUIRE_CORPUS) throw new Error('mkntfs is required but cannot be run: install ntfs-3g');
  return mkntfsFound;
}

async function run(cmd: string, args: string[]): Promise<void> {
  const r = await runChild(cmd, args, { timeoutMs: 120_000 });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}): ${r.stderr.trim()}`);
}

function bytesUnder(dir: string): number {
  let n = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) n += bytesUnder(p);
    else if (e.isFile()) n += statSync(p).size;
  }
  return n;
}

export interface NtfsWimOptions {
  /** Append the image to `out` (`wimlib-imagex append`) instead of writing a new file. */
  append?: boolean;
}

/**
 * Writes `out`, a WIM whose image `name` holds the folder `dir` at its root, with NTFS security descriptors
 * (or appends that image to `out`). Returns `out`.
 */
export async function ntfsWim(dir: string, out: string, name: string, o: NtfsWimOptions = {}): Promise<string> {
  const work = mkdtempSync(join(tmpdir(), 'preflight-ntfs-wim-'));
  try {
    const plain = join(work, 'dir.wim');
    const ntfs = join(work, 'ntfs.img');
    await run('wimlib-imagex', ['capture', dir, plain, 'plain']);
    // Sized to the folder: twice its bytes (MFT records, small-file clusters) and 16 MiB for the metadata files.
    writeFileSync(ntfs, Buffer.alloc(0));
    await run('truncate', ['-s', String(16 * 1024 * 1024 + 2 * bytesUnder(dir)), ntfs]);
    await run('mkntfs', ['-F', '-f', '-q', ntfs]);
    await run('wimlib-imagex', ['apply', plain, '1', ntfs]);
    await run('wimlib-imagex', [o.append ? 'append' : 'capture', ntfs, out, name]);
    return out;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/**
 * The one-line failure of a capture by wimlib's directory capture on Linux (UNIX mode): the engine wrote
 * the image, and preflight's read-back refused it for want of security descriptors; the image is kept.
 */
export const NO_SECURITY_DESCRIPTORS =
  /^preflight: capture failed: the image did not verify: the image holds no NTFS security descriptors .*\(kept for inspection\)/;

/**
 * The environment of a DISM capture by the stand-in (test/support/dism-standin.mjs) that leaves `wim` as
 * the image, replaying DISM 10.0.26100 (no "DISM older than the Windows" warning for the Windows 11 volumes).
 */
export function dismLeaving(wim: string): Record<string, string> {
  return {
    PREFLIGHT_DISM: join(PROJECT_ROOT, 'test', 'support', 'dism-standin.mjs'),
    DISM_STANDIN_REPLAY: 'capture-success-26100.txt',
    DISM_STANDIN_WIM: wim,
  };
}
