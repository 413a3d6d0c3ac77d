// What dist/preflight.exe and dist/preflight-arm64.exe are as files: loadable on a base WinPE (only system
// DLLs every WinPE has), named preflight in Windows' file properties and Task Manager, and not too big for
// the stick. Needs no wine: the files are read as PE images.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import * as ResEdit from 'resedit';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../support/corpus';
import { peImports } from '../support/pe';

const PKG = JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as { version: string };
const RUNTIME = JSON.parse(readFileSync(join(PROJECT_ROOT, 'build', 'node-runtime.json'), 'utf8')) as { version: string };

// node.exe 22 links the C runtime statically; these are the DLLs it loads, all in a base WinPE image.
const WINPE_DLLS = [
  'kernel32.dll',
  'advapi32.dll',
  'user32.dll',
  'shell32.dll',
  'ole32.dll',
  'crypt32.dll',
  'ws2_32.dll',
  'iphlpapi.dll',
  'userenv.dll',
  'winmm.dll',
  'dbghelp.dll',
];

const EXES = [
  { file: 'preflight.exe', machine: 'x64' },
  { file: 'preflight-arm64.exe', machine: 'arm64' },
] as const;

describe.each(EXES)('dist/$file', ({ file, machine }) => {
  const path = join(PROJECT_ROOT, 'dist', file);
  const required = !!process.env.PREFLIGHT_REQUIRE_WINE;
  const present = existsSync(path);
  if (!present && required) throw new Error(`${path} is missing: npm test runs npm run build:exe first`);

  it.skipIf(!present)(`is a ${machine} program that imports only DLLs a base WinPE has`, () => {
    const pe = peImports(readFileSync(path));
    expect(pe.machine).toBe(machine);
    const all = [...pe.imports, ...pe.delayImports].map((d) => d.toLowerCase());
    expect(all).toContain('kernel32.dll');
    expect(all.filter((d) => !WINPE_DLLS.includes(d))).toEqual([]);
  });

  it.skipIf(!present)('carries its own version resource: product preflight, its version, a description', () => {
    const exe = ResEdit.NtExecutable.from(readFileSync(path));
    const [info] = ResEdit.Resource.VersionInfo.fromEntries(ResEdit.NtExecutableResource.from(exe).entries);
    const strings = info.getStringValues({ lang: 1033, codepage: 1200 });
    expect(strings).toMatchObject({
      ProductName: 'preflight',
      ProductVersion: PKG.version,
      OriginalFilename: file,
      InternalName: 'preflight',
    });
    expect(strings.FileDescription).toMatch(/^preflight/);
    expect(strings.Comments).toContain(`Node.js ${RUNTIME.version}`);
    // Node's own strings are gone, in every language the resource held.
    expect(JSON.stringify(info.getAllLanguagesForStringValues().map((l) => info.getStringValues(l)))).not.toMatch(
      /Node\.js JavaScript Runtime/,
    );
  });

  it.skipIf(!present)('carries the native-reg addon of its architecture, which needs only KERNEL32 and ADVAPI32', async () => {
    // The pinned tarball build:exe took it from (.cache, fetched by the build that made the exe).
    const sea = (await import(join(PROJECT_ROOT, 'build', 'sea.mjs'))) as {
      loadRuntime(): unknown;
      addonTarball(r: unknown, n: string): string;
      tarMember(t: string, m: string): Buffer;
    };
    const addon = sea.tarMember(sea.addonTarball(sea.loadRuntime(), 'native-reg'), `package/prebuilds/win32-${machine}/node.napi.node`);
    const pe = peImports(addon);
    expect(pe.machine).toBe(machine);
    expect(pe.imports.map((d) => d.toLowerCase())).toEqual(['kernel32.dll', 'advapi32.dll']);
    // N-API functions come from the process that loads it (delay-loaded "node.exe": preflight.exe itself).
    expect(pe.delayImports.map((d) => d.toLowerCase())).toEqual(['node.exe']);
    expect(readFileSync(path).indexOf(addon)).toBeGreaterThan(0);
  });

  it.skipIf(!present)('stays under 90 MB', () => {
    expect(statSync(path).size).toBeLessThan(90e6);
  });
});
