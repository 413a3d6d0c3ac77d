// Test images written by wimlib from a small tree that exercises what the reader must handle: files
// spanning many chunks, x86 code (LZX E8 and LZMS x86 translation), repetitive text (long matches, LZMS
// delta matches on structured data), hard links, a symbolic link (a reparse point), empty files and
// directories, names differing only in case, non-ASCII names and a path longer than MAX_PATH.
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, symlinkSync, linkSync, writeFileSync, readFileSync, existsSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { wimlib } from '../support/wimlib';
import { prng as textPrng, pseudoRandomBytes } from '../../src/sample/binary';

/** Deterministic numbers from a numeric seed. */
export const prng = (seed: number): (() => number) => textPrng(`wim-${seed}`);

function randomBytes(n: number, seed: number): Buffer {
  return Buffer.from(pseudoRandomBytes(n, `wim-${seed}`));
}

/** Structured records (a table of u32 counters and fixed-width fields): the kind LZMS codes with delta matches. */
function structured(n: number): Buffer {
  const b = Buffer.alloc(n);
  for (let i = 0; i + 16 <= n; i += 16) {
    b.writeUInt32LE(i * 3, i);
    b.writeUInt32LE(0x10000 + i, i + 4);
    b.writeUInt16LE(i & 0xffff, i + 8);
    b.write('REC', i + 10, 'latin1');
  }
  return b;
}

/** x86-like code: CALL/JMP rel32 and RIP-relative LEA/MOV, with some randomness between. */
function x86ish(n: number, seed: number): Buffer {
  const r = prng(seed);
  const b = Buffer.alloc(n);
  let i = 0;
  while (i + 8 < n) {
    const k = r() % 6;
    if (k === 0) {
      b[i] = 0xe8;
      b.writeInt32LE((r() % 4000) - 2000, i + 1);
      i += 5;
    } else if (k === 1) {
      b[i] = 0x48;
      b[i + 1] = 0x8d;
      b[i + 2] = 0x05;
      b.writeInt32LE((r() % 60000) - 30000, i + 3);
      i += 7;
    } else if (k === 2) {
      b[i] = 0xff;
      b[i + 1] = 0x15;
      b.writeInt32LE(r() % 5000, i + 2);
      i += 6;
    } else {
      b[i++] = [0x55, 0x89, 0xe5, 0xc3, 0x90][r() % 5];
    }
  }
  return b;
}

export function buildTree(root: string): void {
  const text = Array.from(
    { length: 15000 },
    (_, i) => `line ${i}: HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion value=${(i * 7919) % 1000}\r\n`,
  ).join('');
  mkdirSync(join(root, 'Windows', 'System32', 'config'), { recursive: true });
  mkdirSync(join(root, 'Windows', 'Panther'), { recursive: true });
  writeFileSync(join(root, 'Windows', 'System32', 'config', 'SOFTWARE'), text); // ~1.2 MB, 37 chunks of 32 KiB
  writeFileSync(join(root, 'Windows', 'System32', 'kernel.dll'), x86ish(350_000, 7));
  writeFileSync(join(root, 'Windows', 'System32', 'table.dat'), structured(150_000));
  writeFileSync(join(root, 'Windows', 'Panther', 'setupact.log'), text.slice(0, 200_000));
  writeFileSync(join(root, 'random.bin'), randomBytes(150_000, 3)); // incompressible: chunks stored raw
  writeFileSync(join(root, 'empty.txt'), '');
  writeFileSync(join(root, 'one.txt'), 'x');
  writeFileSync(join(root, 'Case.txt'), 'upper');
  writeFileSync(join(root, 'case.txt'), 'lower');
  writeFileSync(join(root, 'Ünïcødé €.txt'), 'unicode name');
  mkdirSync(join(root, 'emptydir'));
  mkdirSync(join(root, 'links'));
  linkSync(join(root, 'random.bin'), join(root, 'links', 'hard1.bin'));
  linkSync(join(root, 'random.bin'), join(root, 'links', 'hard2.bin'));
  symlinkSync('../one.txt', join(root, 'links', 'sym.txt'));
  let deep = root;
  for (let i = 0; i < 12; i++) deep = join(deep, `a-rather-long-directory-name-${i}`); // > 260 characters
  mkdirSync(deep, { recursive: true });
  writeFileSync(join(deep, 'deep.txt'), 'at the bottom');
}

export interface Fixture {
  name: string;
  wim: string;
  images: number;
}

const VARIANTS: { name: string; args: string[] }[] = [
  { name: 'none', args: ['--compress=none'] },
  { name: 'xpress', args: ['--compress=xpress'] },
  { name: 'xpress-4k', args: ['--compress=xpress', '--chunk-size=4096'] },
  { name: 'xpress-64k', args: ['--compress=xpress', '--chunk-size=65536'] },
  { name: 'lzx', args: ['--compress=lzx'] },
  { name: 'lzx-256k', args: ['--compress=lzx', '--chunk-size=262144'] },
  { name: 'lzms', args: ['--compress=lzms'] },
  { name: 'solid', args: ['--solid'] },
  { name: 'solid-lzx-small', args: ['--solid', '--solid-compress=lzx', '--solid-chunk-size=32768'] },
  { name: 'solid-xpress', args: ['--solid', '--solid-compress=xpress', '--solid-chunk-size=65536'] },
];

/**
 * Every variant with two images (the second one after a change to the tree). Built once per machine and
 * fixtures.ts version into a shared folder under the temp dir (test files run in parallel processes:
 * each builds into its own folder and the first to finish renames it into place).
 */
export function fixtures(): { dir: string; src: string; fixtures: Fixture[] } {
  const version = createHash('sha1')
    .update(readFileSync(fileURLToPath(import.meta.url)))
    .digest('hex')
    .slice(0, 12);
  const dir = join(tmpdir(), `preflight-wim-fixtures-${version}`);
  if (!existsSync(join(dir, 'done'))) {
    const work = mkdtempSync(`${dir}-build-`);
    const src = join(work, 'src');
    const src2 = join(work, 'src2');
    buildTree(src);
    buildTree(src2);
    writeFileSync(join(src2, 'second-image-only.txt'), 'image 2');
    for (const v of VARIANTS) {
      const wim = join(work, `${v.name}.wim`);
      wimlib(['capture', src, wim, 'First', 'the first image', ...v.args]);
      wimlib(['append', src2, wim, 'Second', ...v.args.filter((a) => !a.startsWith('--chunk-size') && !a.startsWith('--compress'))]);
    }
    writeFileSync(join(work, 'done'), '');
    moveIntoPlace(work, dir);
  }
  return { dir, src: join(dir, 'src'), fixtures: VARIANTS.map((v) => ({ name: v.name, wim: join(dir, `${v.name}.wim`), images: 2 })) };
}

export function moveIntoPlace(work: string, dest: string): void {
  try {
    renameSync(work, dest);
  } catch {
    rmSync(work, { recursive: true, force: true }); // another process put its copy there first
  }
}

/** Extract one image with wimlib (once per machine) and return the directory. */
export function extracted(f: Fixture, index: number): string {
  const dest = `${f.wim}.x${index}`;
  if (!existsSync(dest)) {
    const work = mkdtempSync(`${dest}-`);
    wimlib(['extract', f.wim, String(index), `--dest-dir=${join(work, 'x')}`, '--no-acls']);
    moveIntoPlace(join(work, 'x'), dest);
    rmSync(work, { recursive: true, force: true });
  }
  return dest;
}
