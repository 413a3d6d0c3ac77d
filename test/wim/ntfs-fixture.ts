// Images wimlib captures from a real NTFS file system, for what a capture of a Linux directory cannot hold:
// named (alternate) data streams, short (8.3) names, reparse points (a symbolic link and a junction as NTFS
// stores them) and NTFS security descriptors. The volume is an image file made by mkntfs and written through
// the ntfs-3g FUSE driver (streams as `file:name`, short names and reparse data through its system.ntfs_*
// extended attributes); wimlib-imagex reads it back with libntfs-3g (its NTFS-3G capture mode). Its
// oracles are `wimlib-imagex dir --detailed` and wimlib's own NTFS-3G apply into a second image, read with
// ntfscat. Built once per machine and version of this file, like fixtures.ts.
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { wimlib } from '../support/wimlib';
import { moveIntoPlace, prng } from './fixtures';

export const NTFS_TOOLS_MISSING =
  'the NTFS fixtures need mkntfs, ntfs-3g and ntfscat (Debian ntfs-3g), setfattr (attr), /dev/fuse and root; ' +
  'PREFLIGHT_REQUIRE_CORPUS is set, so they may not be skipped';

/** Whether the NTFS fixtures can be built here; where PREFLIGHT_REQUIRE_CORPUS is set (CI) a missing tool fails. */
export function ntfsToolsAvailable(env: NodeJS.ProcessEnv = process.env): boolean {
  const runs = (cmd: string, args: string[]) => !spawnSync(cmd, args, { stdio: 'ignore' }).error;
  const found =
    existsSync('/dev/fuse') &&
    process.getuid?.() === 0 &&
    runs('mkntfs', ['--version']) &&
    runs('ntfs-3g', ['--help']) &&
    runs('ntfscat', ['--version']) &&
    runs('setfattr', ['--version']) &&
    runs('wimlib-imagex', ['--version']);
  if (!found && env.PREFLIGHT_REQUIRE_CORPUS) throw new Error(NTFS_TOOLS_MISSING);
  return found;
}

export interface NtfsEntry {
  /** Backslash path from the volume root. */
  path: string;
  dir?: boolean;
  data?: Buffer;
  shortName?: string;
  /** Named data streams: name → bytes. */
  streams?: Record<string, Buffer>;
  /** The whole REPARSE_DATA_BUFFER (8-byte header included), as FSCTL_GET_REPARSE_POINT returns it. */
  reparse?: Buffer;
}

/** A symbolic link's reparse buffer (IO_REPARSE_TAG_SYMLINK; flags 1 = relative). */
function symlinkReparse(target: string, relative: boolean): Buffer {
  const name = Buffer.from(target, 'utf16le');
  const body = Buffer.alloc(12);
  body.writeUInt16LE(0, 0); // substitute name offset
  body.writeUInt16LE(name.length, 2);
  body.writeUInt16LE(name.length, 4); // print name offset
  body.writeUInt16LE(name.length, 6);
  body.writeUInt32LE(relative ? 1 : 0, 8);
  return reparseBuffer(0xa000000c, Buffer.concat([body, name, name]));
}

/** A junction's reparse buffer (IO_REPARSE_TAG_MOUNT_POINT): NT path, then the printed path, each NUL-ended. */
function junctionReparse(ntPath: string, printed: string): Buffer {
  const sub = Buffer.from(`${ntPath}\0`, 'utf16le');
  const print = Buffer.from(`${printed}\0`, 'utf16le');
  const body = Buffer.alloc(8);
  body.writeUInt16LE(0, 0);
  body.writeUInt16LE(sub.length - 2, 2);
  body.writeUInt16LE(sub.length, 4);
  body.writeUInt16LE(print.length - 2, 6);
  return reparseBuffer(0xa0000003, Buffer.concat([body, sub, print]));
}

function reparseBuffer(tag: number, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32LE(tag, 0);
  head.writeUInt16LE(data.length, 4);
  return Buffer.concat([head, data]);
}

/** Bytes that compress but not to nothing, over several chunks of every codec. */
function records(n: number, seed: number): Buffer {
  const r = prng(seed);
  const b = Buffer.alloc(n);
  for (let i = 0; i + 8 <= n; i += 8) {
    b.writeUInt32LE(i, i);
    b.writeUInt32LE(r() % 1000, i + 4);
  }
  return b;
}

/** The volume's contents, in creation order (parents first). */
export const NTFS_TREE: NtfsEntry[] = [
  {
    path: 'report.txt',
    data: Buffer.from('report body\r\n'),
    streams: {
      'Zone.Identifier': Buffer.from('[ZoneTransfer]\r\nZoneId=3\r\n'),
      big: records(300_000, 1), // many chunks: read through the codec like any blob
    },
  },
  { path: 'Long File Name.txt', data: Buffer.from('a long name'), shortName: 'LONGFI~1.TXT' },
  { path: 'Program Files', dir: true, shortName: 'PROGRA~1' },
  {
    path: 'Program Files\\Application Settings.dat',
    data: records(70_000, 2),
    shortName: 'APPLIC~1.DAT',
    streams: { empty: Buffer.alloc(0), meta: Buffer.from('stream beside a short name') },
  },
  { path: 'folder', dir: true, streams: { 'on-a-directory': Buffer.from('a directory holds a named stream') } },
  { path: 'link.txt', reparse: symlinkReparse('report.txt', true) },
  { path: 'absolute-link', reparse: symlinkReparse('\\??\\C:\\Windows\\System32\\config\\SOFTWARE', false) },
  { path: 'Users', dir: true },
  { path: 'Documents and Settings', dir: true, reparse: junctionReparse('\\??\\C:\\Users', 'C:\\Users') },
];

export interface NtfsFixture {
  name: string;
  wim: string;
  /** wimlib's NTFS-3G apply of image 1 into a fresh NTFS image (for ntfscat). */
  applied: string;
}

const VARIANTS: { name: string; args: string[] }[] = [
  { name: 'lzx', args: ['--compress=lzx'] },
  { name: 'xpress', args: ['--compress=xpress'] },
  { name: 'solid', args: ['--solid'] },
];

const IMAGE_BYTES = 32 * 1024 * 1024;

function newNtfsImage(path: string): void {
  closeSync(openSync(path, 'w'));
  execFileSync('truncate', ['-s', String(IMAGE_BYTES), path]);
  execFileSync('mkntfs', ['-F', '-f', '-q', path], { stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Writes NTFS_TREE into the NTFS image `img` through a FUSE mount, waiting for ntfs-3g to exit after unmounting. */
function writeTree(img: string, work: string): void {
  const staging = join(work, 'staging');
  mkdirSync(staging);
  const mnt = join(work, 'mnt');
  mkdirSync(mnt);
  const q = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
  const lines: string[] = [];
  NTFS_TREE.forEach((e, i) => {
    const target = q(join(mnt, ...e.path.split('\\')));
    if (e.dir) lines.push(`mkdir ${target}`);
    else {
      writeFileSync(join(staging, `${i}`), e.data ?? Buffer.alloc(0));
      lines.push(`cp ${q(join(staging, `${i}`))} ${target}`);
    }
    for (const [name, bytes] of Object.entries(e.streams ?? {})) {
      const file = join(staging, `${i}-${Buffer.from(name).toString('hex')}`);
      writeFileSync(file, bytes);
      // streams_interface=windows: `file:stream` names a named data stream.
      lines.push(`cat ${q(file)} > ${q(`${join(mnt, ...e.path.split('\\'))}:${name}`)}`);
    }
    if (e.shortName) lines.push(`setfattr -n system.ntfs_dos_name -v ${q(e.shortName)} ${target}`);
    if (e.reparse) lines.push(`setfattr -n system.ntfs_reparse_data -v 0x${e.reparse.toString('hex')} ${target}`);
  });
  const script = [
    'set -eu',
    `ntfs-3g ${q(img)} ${q(mnt)} -o streams_interface=windows,no_detach >/dev/null 2>&1 &`,
    'pid=$!',
    // Unmount and wait for the driver to finish writing the image, whatever happens below.
    `trap 'umount ${q(mnt)} 2>/dev/null || true; wait $pid || true' EXIT`,
    `i=0; until mountpoint -q ${q(mnt)}; do i=$((i+1)); [ $i -lt 300 ] || { echo "ntfs-3g did not mount" >&2; exit 1; }; sleep 0.1; done`,
    ...lines,
  ].join('\n');
  execFileSync('sh', ['-c', script], { stdio: ['ignore', 'pipe', 'pipe'] });
  rmSync(staging, { recursive: true });
  rmSync(mnt, { recursive: true });
}

/** The NTFS images, built once per machine and version of this file (see fixtures()). */
export function ntfsFixtures(): { dir: string; fixtures: NtfsFixture[] } {
  const version = createHash('sha1')
    .update(readFileSync(fileURLToPath(import.meta.url)))
    .digest('hex')
    .slice(0, 12);
  const dir = join(tmpdir(), `preflight-wim-ntfs-${version}`);
  if (!existsSync(join(dir, 'done'))) {
    const work = mkdtempSync(`${dir}-build-`);
    const img = join(work, 'volume.img');
    newNtfsImage(img);
    writeTree(img, work);
    for (const v of VARIANTS) {
      const wim = join(work, `${v.name}.wim`);
      // --norpfix: the reparse data is stored as NTFS holds it (no fix-up of absolute targets).
      wimlib(['capture', img, wim, 'NTFS', '--norpfix', ...v.args]);
      const applied = join(work, `${v.name}.applied.img`);
      newNtfsImage(applied);
      wimlib(['apply', wim, '1', applied]);
    }
    writeFileSync(join(work, 'done'), '');
    moveIntoPlace(work, dir);
  }
  return {
    dir,
    fixtures: VARIANTS.map((v) => ({ name: v.name, wim: join(dir, `${v.name}.wim`), applied: join(dir, `${v.name}.applied.img`) })),
  };
}

/** `ntfscat` of one attribute of a file in an NTFS image: 0x80 a data stream (named or not), 0xC0 the reparse point. */
export function ntfscat(img: string, path: string, type: 0x80 | 0xc0, name?: string): Buffer {
  const args = ['-a', `0x${type.toString(16)}`, ...(name ? ['-n', name] : []), img, `/${path.replace(/\\/g, '/')}`];
  return execFileSync('ntfscat', args, { maxBuffer: 1 << 26, stdio: ['ignore', 'pipe', 'pipe'] });
}

export interface DetailedEntry {
  path: string;
  shortName: string;
  attributes: number;
  reparseTag: number | null;
  /** '' = the unnamed data stream, '::reparse' = the reparse point stream, else a named stream. */
  streams: Map<string, { hash: string; size: number }>;
}

export const REPARSE_STREAM = '::reparse';

/** `wimlib-imagex dir --detailed` of image 1, one entry per path (backslash paths, '' for the root). */
export function wimlibDetailed(wim: string): Map<string, DetailedEntry> {
  const out = new Map<string, DetailedEntry>();
  const text = wimlib(['dir', wim, '1', '--detailed']).toString('utf8');
  for (const block of text.split(/^-{20,}$/m)) {
    const path = /^Full Path\s+= "(.*)"$/m.exec(block);
    if (!path) continue;
    const e: DetailedEntry = {
      path: path[1].replace(/^\//, '').replace(/\//g, '\\'),
      shortName: /^Short Name\s+= "(.*)"$/m.exec(block)![1],
      attributes: Number(/^Attributes\s+= (0x[0-9a-f]+)$/m.exec(block)![1]),
      reparseTag: /^Reparse Tag\s+= (0x[0-9a-f]+)$/m.test(block) ? Number(/^Reparse Tag\s+= (0x[0-9a-f]+)$/m.exec(block)![1]) : null,
      streams: new Map(),
    };
    const streamRe =
      /^\t(Unnamed data stream|Named data stream "(.*)"|Reparse point stream):\nHash\s+= 0x([0-9a-f]{40})\nUncompressed size = (\d+) bytes/gm;
    for (let m = streamRe.exec(block); m; m = streamRe.exec(block)) {
      const key = m[1] === 'Unnamed data stream' ? '' : m[1] === 'Reparse point stream' ? REPARSE_STREAM : m[2];
      e.streams.set(key, { hash: m[3], size: Number(m[4]) });
    }
    out.set(e.path, e);
  }
  return out;
}
