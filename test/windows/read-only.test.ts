// The read-only contract (DESIGN.md): nothing under an inspected volume is written, renamed or created.
// Two checks: (1) run every reader against a realistic temp volume and compare a fingerprint of every
// entry (content hash, size, mode, mtime, and the directory listing) before and after; (2) an audit of
// the sources: no file-system call that can write appears in src/windows or src/host.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { findInstallations, looksLikeWindowsDir } from '../../src/windows/locate';
import { readPantherLogs } from '../../src/windows/panther-logs';
import { VolumeFs } from '../../src/windows/volume-fs';
import { readPendingFiles } from '../../src/windows/pending-files';
import { readStateIni, sysprepTag } from '../../src/windows/state-ini';
import { findAnswerFiles } from '../../src/windows/unattend';
import { classifyVolumeArgument, readHiberfil } from '../../src/windows/volume-state';
import { cleanupVolumes, fingerprint, garbage, makeVolume, utf16le } from './temp-volume';

afterAll(cleanupVolumes);

const ANSWER = `<?xml version="1.0" encoding="utf-8"?><unattend xmlns="urn:schemas-microsoft-com:unattend"><settings pass="oobeSystem"><component name="Microsoft-Windows-Shell-Setup"><AutoLogon><Password><Value>secret</Value><PlainText>true</PlainText></Password></AutoLogon></component></settings></unattend>`;

function realisticVolume(): string {
  return makeVolume({
    'Windows/System32/config/SYSTEM': garbage(8192, 1),
    'Windows/System32/config/SOFTWARE': garbage(8192, 2),
    'Windows/System32/config/SYSTEM.LOG1': garbage(4096, 3),
    'Windows/Setup/State/State.ini': utf16le('[State]\r\nImageState="IMAGE_STATE_COMPLETE"\r\n'),
    'Windows/System32/Sysprep/Sysprep_succeeded.tag': '',
    'Windows/System32/Sysprep/Panther/setupact.log': utf16le(
      '2023-07-20 10:12:25, Info                  SYSPRP ===          Beginning of a new sysprep run          ===\r\n',
    ),
    'Windows/System32/Sysprep/Panther/setuperr.log': utf16le(
      "2023-07-20 10:12:30, Error      [0x0f0073] SYSPRP RunExternalDlls:Not running DLLs; either the machine is in an invalid state or we couldn't update the recorded state, dwRet = 31\r\n",
    ),
    'Windows/Panther/setupact.log': 'x',
    'Windows/Panther/unattend.xml': ANSWER,
    'Windows/Panther/Unattend/Unattend.xml': garbage(100, 4),
    'Windows/System32/Sysprep/unattend.xml': '',
    'Autounattend.xml': ANSWER,
    'Windows/WinSxS/pending.xml': '<PendingTransaction/>',
    'hiberfil.sys': Buffer.concat([Buffer.from('HIBR'), Buffer.alloc(4092)]),
    'pagefile.sys': Buffer.alloc(4096),
    'Users/Public/Desktop': null,
  });
}

describe('read-only contract', () => {
  it('no reader changes any byte, name or timestamp of the volume', () => {
    const root = realisticVolume();
    const before = fingerprint(root);
    const vol = new VolumeFs(root);
    for (const inst of findInstallations(root)) {
      readStateIni(vol, inst.windowsDir);
      sysprepTag(vol, inst.windowsDir);
      readPantherLogs(vol, inst.windowsDir, { maxBytes: 64 });
      readPantherLogs(vol, inst.windowsDir);
      findAnswerFiles(vol, inst.windowsDir, 'C:\\Windows\\Panther\\unattend.xml');
      readPendingFiles(vol, inst.windowsDir);
    }
    looksLikeWindowsDir(root);
    readHiberfil(vol);
    classifyVolumeArgument(root, 'linux');
    classifyVolumeArgument(path.join(root, 'hiberfil.sys'), 'linux');
    vol.list('Windows/System32');
    vol.readTail('pagefile.sys', 10);
    const after = fingerprint(root);
    expect([...after.keys()]).toEqual([...before.keys()]);
    expect(after).toEqual(before);
  });

  it('the readers really read this volume (the test is not vacuous)', () => {
    const vol = new VolumeFs(realisticVolume());
    expect(readStateIni(vol).imageState).toBe('IMAGE_STATE_COMPLETE');
    expect(readPantherLogs(vol).failures.map((f) => f.cause)).toEqual(['invalid-state']);
    expect(findAnswerFiles(vol).files.map((f) => f.precedence)).toEqual([2, 3, 6, 7]);
    expect(readHiberfil(vol).hibernated).toBe(true);
    expect(readPendingFiles(vol).pendingXml).toBe(true);
  });

  it('works on a volume whose files are read-only (0444) and directories 0555', () => {
    const root = realisticVolume();
    const chmodAll = (dir: string, fileMode: number, dirMode: number) => {
      for (const name of fs.readdirSync(dir)) {
        const abs = path.join(dir, name);
        if (fs.statSync(abs).isDirectory()) {
          chmodAll(abs, fileMode, dirMode);
          fs.chmodSync(abs, dirMode);
        } else fs.chmodSync(abs, fileMode);
      }
    };
    chmodAll(root, 0o444, 0o555);
    try {
      const vol = new VolumeFs(root);
      expect(readStateIni(vol).imageState).toBe('IMAGE_STATE_COMPLETE');
      expect(readPantherLogs(vol).lastRunFailed).toBe(true);
      expect(findAnswerFiles(vol).files).toHaveLength(4);
    } finally {
      chmodAll(root, 0o644, 0o755);
    }
  });

  it('source audit: src/windows, src/hive, src/host and src/wim use only reading file-system calls', () => {
    const srcRoot = fileURLToPath(new URL('../../src/', import.meta.url));
    const files = ['windows', 'hive', 'host', 'wim'].flatMap((d) =>
      fs
        .readdirSync(path.join(srcRoot, d))
        .filter((f) => f.endsWith('.ts'))
        .map((f) => path.join(srcRoot, d, f)),
    );
    expect(files.length).toBeGreaterThan(20);
    // An allowlist: whatever these modules take from node:fs must be a reading call (statfsSync asks a
    // file system for its size and free space: host/file-system.ts, for the capture destination).
    const allowed = new Set([
      'readFileSync',
      'readdirSync',
      'statSync',
      'lstatSync',
      'fstatSync',
      'statfsSync',
      'openSync',
      'readSync',
      'closeSync',
      'existsSync',
      'realpathSync',
      'constants',
      'Stats',
    ]);
    // One exception, for one reason: an N-API addon can only be loaded from a file, so the one preflight.exe
    // carries is written to a fresh folder in the temporary folder (WinPE: X:, the RAM disk) — and nowhere else.
    const tempWriters: Record<string, string[]> = { 'host/native-registry.ts': ['writeFileSync', 'mkdtempSync', 'rmSync'] };
    for (const file of files) {
      const where = path.relative(srcRoot, file);
      const extra = new Set(tempWriters[where] ?? []);
      if (extra.size > 0) {
        const code = fs.readFileSync(file, 'utf8');
        expect(code, where).toMatch(/parent: string = tmpdir\(\)/);
        expect(
          [...code.matchAll(/\b(writeFileSync|mkdtempSync|rmSync)\((\w+)/g)].map((m) => `${m[1]}(${m[2]}`),
          where,
        ).toEqual(['rmSync(join', 'mkdtempSync(join', 'writeFileSync(file']);
        expect(code, where).toMatch(/mkdtempSync\(join\(parent, PRIVATE_PREFIX\)\)/);
        expect(code, where).toMatch(/rmSync\(join\(parent, old\)/);
      }
      // The console: console-output.ts's writes go to the descriptors of stdout and stderr (1 and 2), never to a path.
      if (where === 'host/console-output.ts') {
        const code = fs.readFileSync(file, 'utf8');
        expect(
          [...code.matchAll(/\bwriteSync\((\w+)/g)].map((m) => m[1]),
          where,
        ).toEqual(['fd']);
        expect(code, where).toMatch(/writeAll\(1, /);
        expect(
          [...code.matchAll(/writeAll\((\w+),/g)].map((m) => m[1]).every((fd) => fd === '1' || fd === '2' || fd === 'fd'),
          where,
        ).toBe(true);
        extra.add('writeSync');
      }
      const code = fs
        .readFileSync(file, 'utf8')
        .replace(/\/\/.*$/gm, '')
        .replace(/\/\*[\s\S]*?\*\//g, '');
      expect(code, where).not.toMatch(/from '(?:node:)?fs\/promises'|require\('(?:node:)?fs/);
      for (const m of code.matchAll(/import\s*\{([^}]*)\}\s*from '(?:node:)?fs'/g)) {
        for (const name of m[1]
          .split(',')
          .map(
            (n) =>
              n
                .trim()
                .replace(/^type\s+/, '')
                .split(/\s+as\s+/)[0],
          )
          .filter(Boolean)) {
          expect(allowed.has(name) || extra.has(name), `${where} imports ${name} from node:fs`).toBe(true);
        }
      }
      for (const m of code.matchAll(/\bfs\.(\w+)/g)) expect(allowed.has(m[1]), `${where} calls fs.${m[1]}`).toBe(true);
      // Opens are read-only: the 'r' flag, or O_RDONLY (possibly with O_NONBLOCK) and nothing that writes.
      for (const m of code.matchAll(/openSync\(([^;]*?)\);/g)) {
        expect(m[1], `${where}: ${m[0]}`).toMatch(/,\s*'r'\s*$|O_RDONLY/);
        expect(m[1], `${where}: ${m[0]}`).not.toMatch(/O_WRONLY|O_RDWR|O_CREAT|O_TRUNC|O_APPEND|'[wa+]|r\+/);
      }
    }
  });
});
