// Captures that must not produce a bad image, through the built CLI: a Windows folder as the source, a
// Windows volume mounted with an NTFS driver on Linux (a directory capture loses its ACLs), a DISM that
// exits 0 and writes nothing, a DISM append, names that an engine could read as options or that a
// terminal could not show, and the exact command line printed for the shell it is pasted into.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli, type CliResult } from '../support/cli';
import { NO_SECURITY_DESCRIPTORS, ntfsWim, ntfsWimAvailable } from '../support/ntfs-wim';
import { PROJECT_ROOT } from '../support/corpus';
import { treeHash } from '../support/tree-hash';
import { buildScenario } from '../../src/sample/windows-volume';
import { majorMinor } from '../../src/host/mounts';

const tmp = mkdtempSync(join(tmpdir(), 'preflight-capture-safety-'));
const STANDIN = join(PROJECT_ROOT, 'test', 'support', 'dism-standin.mjs');
const haveWimlib = !spawnSync('wimlib-imagex', ['--version']).error;
let n = 0;
const volume = () => buildScenario(join(tmp, `vol-${++n}`), 'generalized-win11')[0];
const destDir = () => {
  const d = join(tmp, `dest-${++n}`);
  mkdirSync(d, { recursive: true });
  return d;
};
const oneLine = (r: CliResult) => {
  expect(r.stderr.trim().split('\n')).toHaveLength(1);
  expect(r.stderr).not.toMatch(/\bat .*\.(c?js|ts):\d+/);
};

/** A mount table in /proc/self/mountinfo's format that says `dir`'s device is mounted with `fsType` from `device`. */
function mountTable(dir: string, fsType: string, device: string): string {
  const file = join(tmp, `mountinfo-${++n}`);
  const mm = majorMinor(statSync(dir).dev);
  writeFileSync(
    file,
    `22 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw\n98 22 ${mm} / ${dir.replace(/ /g, '\\040')} rw,relatime shared:50 - ${fsType} ${device} rw,uid=0\n`,
  );
  return file;
}

describe('capture refuses a source that would make an image that cannot deploy', () => {
  it('a Windows folder (D:\\Windows): exit 4, the volume named instead, nothing written', () => {
    const src = volume();
    const dest = destDir();
    const r = runCli(['capture', join(src, 'Windows'), '--image', join(dest, 'w.wim'), '--name', 'W']);
    expect(r.status).toBe(4);
    oneLine(r);
    expect(r.stderr).toContain(
      `is a Windows folder, not a volume: an image of it would have \\System32 at its root and never boot; capture the volume that holds it: preflight capture ${src} …`,
    );
    expect(readdirSync(dest)).toEqual([]);
  });

  it.each(['ntfs3', 'fuseblk', 'ntfs'])(
    'Linux, a Windows volume mounted with %s: refused with the exact NTFS-volume-capture commands, nothing written',
    (fsType) => {
      const src = volume();
      const dest = destDir();
      const before = treeHash(src);
      const image = join(dest, 'n.wim');
      for (const extra of [[], ['--dry-run']]) {
        const r = runCli(['capture', src, '--image', image, '--name', 'Win 11', ...extra], {
          PREFLIGHT_MOUNTINFO: mountTable(src, fsType, '/dev/sdz2'),
        });
        expect(r.status).toBe(4);
        oneLine(r);
        expect(r.stderr).toContain(
          `is an NTFS volume mounted with ${fsType} from /dev/sdz2: a directory capture of it keeps no ACLs (security descriptors), named streams, short names or Windows attributes`,
        );
        expect(r.stderr).toContain(`: umount ${src} && wimlib-imagex capture --compress=XPRESS -- /dev/sdz2 ${image} 'Win 11'\n`);
      }
      expect(readdirSync(dest)).toEqual([]);
      expect(treeHash(src)).toEqual(before);
    },
  );

  it.runIf(haveWimlib)(
    "the same source on a file system that is not NTFS (here: the test's own) is captured, in directory mode, and does not verify: no security descriptors (exit 3, image kept)",
    () => {
      const src = volume();
      const dest = destDir();
      const r = runCli(['capture', src, '--image', join(dest, 'e.wim'), '--name', 'E'], {
        PREFLIGHT_MOUNTINFO: mountTable(src, 'ext4', '/dev/sdz3'),
      });
      expect(r.stdout).toMatch(/^plan: capture to /m); // not refused as an NTFS mount: the engine ran
      expect(r.status).toBe(3);
      oneLine(r);
      expect(r.stderr).toMatch(NO_SECURITY_DESCRIPTORS);
      expect(existsSync(join(dest, 'e.wim'))).toBe(true);
    },
  );

  it('DISM exits 0 but writes no image: exit 3, "produced no image", no file named that is not there', () => {
    const src = volume();
    const dest = destDir();
    const image = join(dest, 'none.wim');
    const r = runCli(['capture', src, '--image', image, '--name', 'N', '--engine', 'dism'], {
      PREFLIGHT_DISM: STANDIN,
      DISM_STANDIN_NOTHING: '1',
    });
    expect(r.status).toBe(3);
    oneLine(r);
    expect(r.stderr).toContain(`capture failed: dism exited with 0 but produced no image: ${image} does not exist`);
    expect(r.stderr).not.toMatch(/kept for inspection|cannot be read back/);
  });

  it.runIf(haveWimlib)(
    'DISM --append: the plan warns that a failed DISM append can corrupt the .wim and counts the room for a copy',
    async () => {
      expect(await ntfsWimAvailable()).toBe(true);
      const src = volume();
      const dest = destDir();
      const image = join(dest, 'a.wim');
      // The first capture leaves a real WIM of the volume, which verifies (see capture-read-back.test.ts).
      const env = { PREFLIGHT_DISM: STANDIN, DISM_STANDIN_WIM: await ntfsWim(src, join(tmp, `first-${++n}.wim`), 'First') };
      expect(runCli(['capture', src, '--image', image, '--name', 'First', '--engine', 'dism'], env).status).toBeLessThan(2);
      const r = runCli(['capture', src, '--image', image, '--name', 'Second', '--engine', 'dism', '--append', '--dry-run'], env);
      expect(r.status).toBe(0);
      expect(r.stdout).toContain(
        `warning: DISM: running out of space while appending can corrupt the .wim and the images already in it (Microsoft); keep a copy of ${image} before it appends`,
      );
    },
  );
});

describe('--image names a file system cannot hold', () => {
  it('an image name of 250 characters: refused by the plan (exit 4) before anything is written, not exit 6 half-way', () => {
    const src = volume();
    const dest = destDir();
    const image = join(dest, `${'Windows 11 Pro '.repeat(17).slice(0, 250)}.wim`);
    for (const extra of [[], ['--dry-run']]) {
      const r = runCli(['capture', src, '--image', image, '--name', 'Long', ...extra]);
      expect(r.status).toBe(4);
      oneLine(r);
      expect(r.stderr).toMatch(
        /a file beside it would be named with 265 bytes \(Windows 11 Pro .*\), more than a file system takes \(255\); choose a shorter image name/,
      );
    }
    expect(readdirSync(dest)).toEqual([]);
  });
});

describe('names: never an engine option, never a control character', () => {
  it("--name '' and names with escapes or line breaks: usage error (exit 5), nothing written", () => {
    const src = volume();
    const dest = destDir();
    const cases = [
      ['--name', ''],
      ['--name', '   '],
      ['--name', 'a\x1b[2Jb'],
      ['--name', 'two\nlines'],
      ['--description', 'bidi \u202e txt'],
      ['--name', 'twice'],
    ];
    for (const [opt, value] of cases) {
      const r = runCli([
        'capture',
        src,
        '--image',
        join(dest, 'x.wim'),
        ...(opt === '--name' && value !== 'twice' ? [] : ['--name', 'X']),
        `${opt}=${value}`,
      ]);
      expect(r.status, `${opt} ${JSON.stringify(value)}`).toBe(5);
      oneLine(r);
      expect(r.stderr).not.toMatch(/[\x1b\u202e]/u);
    }
    expect(readdirSync(dest)).toEqual([]);
  });

  it.runIf(haveWimlib)('a name "--dereference" is the image\'s name, not wimlib\'s option: a symlink in the source is not followed', () => {
    const src = volume();
    const outside = join(tmp, `host-secret-${++n}`);
    writeFileSync(outside, 'a file of the host, not of the volume');
    symlinkSync(outside, join(src, 'Users', 'link'));
    const dest = destDir();
    const image = join(dest, 'd.wim');
    const r = runCli(['capture', src, '--image', image, '--name=--dereference', '--description=--unix-data']);
    // wimlib wrote the image (a directory capture, which does not verify here: no security descriptors).
    expect(r.status).toBe(3);
    expect(r.stderr).toMatch(NO_SECURITY_DESCRIPTORS);
    const info = spawnSync('wimlib-imagex', ['info', image, '1'], { encoding: 'utf8' }).stdout;
    expect(info).toMatch(/^Name:\s+--dereference$/m);
    expect(info).toMatch(/^Description:\s+--unix-data$/m);
    const dir = spawnSync('wimlib-imagex', ['dir', image, '1', '--path=/Users/link', '--detailed'], { encoding: 'utf8' }).stdout;
    // Stored as a link (a reparse point), not as the host file it points to.
    expect(dir).toMatch(/FILE_ATTRIBUTE_REPARSE_POINT is set/);
    expect(dir).not.toMatch(/Uncompressed size = 37 bytes/);
  });
});

afterAll(() => rmSync(tmp, { recursive: true, force: true }));
