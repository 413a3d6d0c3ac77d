// Bundles the CLI into one CommonJS file, dist/preflight.bundle.cjs. The Windows executable (Node SEA) embeds
// exactly this file, so nothing here may depend on reading the package's own files at run time.
//
// On Linux (and wherever the package runs in plain node) `bin` is dist/preflight.cjs, a loader of a few
// lines that runs the same sources split into chunks, dist/cli/*.cjs (build/chunks.mjs), so that a command
// loads only its own code, each chunk compiled with V8's code cache made here, dist/cli/*.cjs.v8cache: the
// start skips compiling the top level (about half of what `--version` costs). V8 checks that a cache was
// made by the same V8 version with the same flags for this very source and otherwise rejects it; the loader
// then just compiles the source, as node would have.
import { build } from 'esbuild';
import { assertAscii, buildChunks, nodeModulesAsIs } from './chunks.mjs';
import { importTs } from './import-ts.mjs';
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

/** The commit `--version` names, "+dirty" when tracked files differ from it; "unknown" outside a git checkout. */
function gitCommit() {
  const git = (...args) =>
    execFileSync('git', args, { cwd: new URL('..', import.meta.url), encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  try {
    const commit = git('rev-parse', '--short=12', 'HEAD');
    return git('status', '--porcelain', '--untracked-files=no') === '' ? commit : `${commit}+dirty`;
  } catch {
    return 'unknown';
  }
}

const BUNDLE = fileURLToPath(new URL('../dist/preflight.bundle.cjs', import.meta.url));
const LOADER = fileURLToPath(new URL('../dist/preflight.cjs', import.meta.url));
const CHUNKS = fileURLToPath(new URL('../dist/cli', import.meta.url));

const options = {
  entryPoints: [new URL('../src/cli/main.ts', import.meta.url).pathname],
  bundle: true,
  platform: 'node',
  target: 'node20',
  define: { __PREFLIGHT_VERSION__: JSON.stringify(pkg.version), __PREFLIGHT_COMMIT__: JSON.stringify(gitCommit()) },
  legalComments: 'none',
  // Whitespace and syntax only: identifiers stay readable in --debug stack traces; parse time drops.
  minifyWhitespace: true,
  minifySyntax: true,
  logLevel: 'warning',
};

// The one file the executable embeds (build/exe.mjs).
await build({ ...options, outfile: BUNDLE, format: 'cjs' });
writeFileSync(BUNDLE, nodeModulesAsIs(readFileSync(BUNDLE, 'latin1'), BUNDLE), 'latin1');
assertAscii(BUNDLE);

// The chunks dist/preflight.cjs loads (build/chunks.mjs), and V8's code cache of each beside it.
const chunks = await buildChunks(CHUNKS, options);
for (const name of chunks) assertAscii(join(CHUNKS, name));

// The loader's first line starts node with glibc's malloc asking the kernel for transparent huge pages
// (glibc.malloc.hugetlb=1, glibc 2.35 and later; other C libraries and older glibc ignore the variable).
// Node allocates Buffer and ArrayBuffer memory with malloc, and a hive is read whole into one: first
// touches of fresh memory fault one 4 KiB page at a time, and a 15 MB hive read into 4 KiB pages cost
// about ten times what it costs in 2 MiB ones (60 ms against 6 ms measured on a small VM, where each
// fault is dear). \`env -S\` splits the line and expands \${GLIBC_TUNABLES} (GNU coreutils 8.30 and later,
// the BSDs and macOS; BusyBox env has no -S, and a system with it runs \`node dist/preflight.cjs\`).
// Started as \`node dist/preflight.cjs\`, the line is a comment and nothing changes but the speed.
// The heap itself (what malloc takes with brk) is madvised too, and MALLOC_TOP_PAD_ (glibc's own name for
// the tunable glibc.malloc.top_pad, shorter on a line that must stay short) grows it 64 MiB at a time
// instead of 128 KiB: node's and V8's own smaller allocations (code caches, sources, compiler zones) then
// sit in huge pages and are reused once freed, where each growth of the heap was fresh 4 KiB pages (8 MiB
// measured a tenth slower on \`hive stats\`). A top_pad in the caller's GLIBC_TUNABLES still wins: glibc
// takes GLIBC_TUNABLES over the old names whatever their order. With top_pad glibc serves even a large
// zero-filled allocation from that heap, writing zeros over all of it; the hive sources allocate their
// buffers unfilled (src/hive/source.ts), so a lookup in a 100 MB hive still touches only what it reads.
// Measured on the 2-core VM: \`hive stats\` of a 15 MB SYSTEM hive, page faults 6,300 to 2,800 and a
// quarter less CPU time; \`check\` of one installation, faults 4,800 to 3,600; resident memory 6 to 20 MB more.
// NODE_EXTRA_CA_CERTS is emptied: node reads and parses that certificate file before any of preflight
// runs, for TLS preflight never makes. Where it is set (as on the machine that runs our CI, to the system's
// 140 certificates) that cost 40 ms of every start, and a FIFO or a slow share named there hung every
// command before it could say anything.
// The whole line must stay within 127 bytes (what kernels before Linux 5.1 read of it).
const HUGE_PAGES = 'glibc.malloc.hugetlb=1';
const TOP_PAD = '67108864';

// The chunks' texts, one after another, are also written into one file, dist/cli/chunks.text, which the loader
// reads once and slices. Node keeps a Latin-1 text of 0xFBEE9 bytes or more (its EXTERN_APEX) outside V8's
// heap, as an external string, and a slice of a string is a view V8 does not copy: so the ~850 KB of sources a
// check compiles no longer fill the young generation, whose collections at start were copying them, and no
// longer take fresh heap pages (`check` 2-8 ms and `hive stats` 2-11 ms faster, pinned A/B on both CPUs of the
// 2-core VM). The file is padded with spaces to 1 MiB when the texts are shorter. A loader that cannot read it
// whole reads each chunk's own file instead (dist/cli/NAME.cjs, which stack traces name).
const TEXTS_FILE = 'chunks.text';
const TEXTS_MIN = 1 << 20;
/** Writes dist/cli/chunks.text; each chunk's [offset, length] in it, and its size. */
function writeTexts(names) {
  const at = {};
  const parts = [];
  let size = 0;
  for (const name of names) {
    const text = readFileSync(join(CHUNKS, name));
    at[name] = [size, text.length];
    parts.push(text);
    size += text.length;
  }
  if (size < TEXTS_MIN) {
    parts.push(Buffer.alloc(TEXTS_MIN - size, 0x20));
    size = TEXTS_MIN;
  }
  writeFileSync(join(CHUNKS, TEXTS_FILE), Buffer.concat(parts));
  return { at, size };
}

// V8 checks that a cache fits its version, its flags and the source's length, not that its bytes are sound:
// a damaged cache can crash it. The loader takes a chunk's cache only when its length and CRC-32 are the ones
// written here (zlib.crc32 exists from Node 20.15 and 22.2; an older node compiles without the cache).
// The loader computes that CRC-32 with zlib's own function through node's zlib binding, which zlib.crc32
// calls after checking its arguments: loading node:zlib loads node's stream modules, 3-6 ms of every start
// (pinned A/B: check 128.5 to 122.2 and 140.7 to 136.4 ms, --version 3-4 ms), which nothing else a check
// needs (src/disk/crc32.ts is the GPT's). Only on the node majors whose binding crc32(data, value) is known
// (20 and 22), never where deprecations are made loud (process.binding is DEP0111, a warning with
// --pending-deprecation); there, and if the binding fails, it takes node:zlib's crc32.
function writeLoader(caches, texts) {
  const line = `#!/usr/bin/env -S NODE_EXTRA_CA_CERTS= MALLOC_TOP_PAD_=${TOP_PAD} GLIBC_TUNABLES=${HUGE_PAGES}:\${GLIBC_TUNABLES} node`;
  if (line.length > 127) throw new Error(`the loader's first line is ${line.length} bytes, more than old kernels read`);
  writeFileSync(
    LOADER,
    `${line}
'use strict';
// preflight: runs the chunks of dist/cli (main.cjs, and what it requires) each from the V8 code cache made
// with it by build/bundle.mjs, when that cache is intact and this node's V8 accepts it (same V8, same flags);
// otherwise V8 compiles the chunk. The first line asks glibc for transparent huge pages and a larger heap
// growth, and keeps node from loading certificates (see build/bundle.mjs); the caller's tunables follow
// ours, so theirs win. The programs preflight runs get the caller's GLIBC_TUNABLES back as they were, and
// neither our MALLOC_TOP_PAD_ nor the emptied NODE_EXTRA_CA_CERTS (a caller's own values of those two are
// lost: the first line replaced them before any of this ran).
{
  const env = process.env;
  const t = env.GLIBC_TUNABLES;
  if (t === '${HUGE_PAGES}:') delete env.GLIBC_TUNABLES;
  else if (t?.startsWith('${HUGE_PAGES}:')) env.GLIBC_TUNABLES = t.slice(${HUGE_PAGES.length + 1});
  if (env.MALLOC_TOP_PAD_ === '${TOP_PAD}') delete env.MALLOC_TOP_PAD_;
  if (env.NODE_EXTRA_CA_CERTS === '') delete env.NODE_EXTRA_CA_CERTS;
}
const { readFileSync } = require('node:fs');
const Module = require('node:module');
const { join } = require('node:path');
const { Script } = require('node:vm');
// zlib's CRC-32 of the caches, through node's zlib binding where that is known to be safe (build/bundle.mjs).
function cacheCrc32() {
  const major = Number(process.versions.node.split('.')[0]);
  const flags = \`\${process.env.NODE_OPTIONS ?? ''} \${process.execArgv.join(' ')}\`;
  if ((major === 20 || major === 22) && !flags.includes('deprecation') && !process.env.NODE_PENDING_DEPRECATION) {
    try {
      const binding = process.binding('zlib');
      if (typeof binding.crc32 === 'function') return (bytes) => binding.crc32(bytes, 0);
    } catch {}
  }
  try {
    return require('node:zlib').crc32;
  } catch {
    return undefined;
  }
}
const crc32 = cacheCrc32();
// Each chunk's code cache: [length, CRC-32].
const CACHES = ${JSON.stringify(caches)};
const dir = join(__dirname, 'cli');
// Each chunk's [offset, length] in ${TEXTS_FILE}, read once: node keeps that text outside V8's heap, and a
// slice of it is not copied (build/bundle.mjs). Unread or not whole, each chunk's own file is read instead.
const TEXTS = ${JSON.stringify(texts.at)};
let texts = null;
try {
  texts = readFileSync(join(dir, '${TEXTS_FILE}'), 'latin1');
  if (texts.length !== ${texts.size}) texts = null;
} catch {
  texts = null;
}
const nodeRequire = Module.createRequire(join(dir, 'main.cjs'));
const loaded = new Map();
// A chunk requires its siblings as './NAME' (build/chunks.mjs) and node's own modules by name.
const chunkRequire = (id) => (id.startsWith('./') ? load(id.slice(2)) : nodeRequire(id));
function load(name) {
  const known = loaded.get(name);
  if (known) return known.exports;
  const file = join(dir, name);
  let cachedData;
  try {
    const [length, crc] = CACHES[name];
    cachedData = readFileSync(file + '.v8cache');
    if (cachedData.length !== length || typeof crc32 !== 'function' || crc32(cachedData) !== crc) cachedData = undefined;
  } catch {
    cachedData = undefined;
  }
  const chunk = new Module(file, module);
  chunk.filename = file;
  chunk.paths = Module._nodeModulePaths(dir);
  // Before it runs, as node's require does: chunks that require each other get the exports made so far.
  loaded.set(name, chunk);
  // Each chunk is already the function node's require would wrap it in (build/chunks.mjs).
  const at = texts === null ? undefined : TEXTS[name];
  const text = at === undefined ? readFileSync(file, 'latin1') : texts.slice(at[0], at[0] + at[1]);
  new Script(text, { filename: file, cachedData })
    .runInThisContext()
    .call(chunk.exports, chunk.exports, chunkRequire, chunk, file, dir);
  return chunk.exports;
}
load('main.cjs');
`,
  );
  // `bin` points here: executable, so `./dist/preflight.cjs` runs as it is.
  chmodSync(LOADER, 0o755);
}

// The caches are V8's for the chunks as the loader compiles them, taken in a node of its own that runs the
// loader (with no caches yet) and writes each chunk's cache when it exits: first for the help (output dropped)
// and the short commands, which load their chunks and run what every start runs (the command table, the
// argument parser); then for the work of the commands a technician runs most, on the built-in sample volume:
// `hive stats` of its SYSTEM hive and `check` of the volume, each writing the caches of the chunks it loaded
// (the last run to load a chunk gives its cache). A cache taken after running holds the bytecode of every
// function that ran, which V8 would otherwise compile at each start: the hive reader, the fact readers, the
// checks, the report (`check` of one installation: CPU 219 to 208 ms, medians of 25 interleaved runs on the
// loaded 2-core VM; `--version`: about a fifth fewer instructions than a cache taken before running).
const WARM = `
const { writeFileSync } = require('node:fs');
const vm = require('node:vm');
const [loader, ...args] = process.argv.slice(1);
const scripts = [];
vm.Script = class extends vm.Script {
  constructor(source, options) {
    super(source, options);
    scripts.push([options.filename, this]);
  }
};
process.argv = [process.argv[0], loader, ...args];
process.on('exit', () => {
  for (const [file, script] of scripts) writeFileSync(file + '.v8cache', script.createCachedData());
});
require(loader);
`;
// The image reader (src/wim, and the scanning of an image's installations) is a chunk of its own, which only a
// check of an image loads: its cache is taken from a check of the sample volume captured by wimlib-imagex,
// once with XPRESS and once with LZX compression (the two decoders technicians' images use), where wimlib is
// installed. Without it the build goes on with a warning, and that chunk's cache holds only what compiling it
// compiles: a check of an image then compiles the reader's functions at each run.
/** The sample volume captured into WIM files under `dir`; none where wimlib-imagex is absent. */
function sampleImages(volume, dir) {
  if (spawnSync('wimlib-imagex', ['--version'], { stdio: 'ignore' }).error) {
    console.warn("build: wimlib-imagex not found: the image reader's code cache is of its compilation alone (apt-get install wimtools)");
    return [];
  }
  return ['XPRESS', 'LZX'].map((compress) => {
    const wim = join(dir, `sample-${compress}.wim`);
    const r = spawnSync('wimlib-imagex', ['capture', volume, wim, 'sample', `--compress=${compress}`], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`capturing the sample volume for the code caches failed: ${r.stderr}`);
    return wim;
  });
}

// The cache of each chunk named, compiled as the loader compiles it and not run, in a node as the loader's.
const COMPILE_ONLY = `
const { readFileSync, writeFileSync } = require('node:fs');
const { Script } = require('node:vm');
for (const file of process.argv.slice(1)) {
  writeFileSync(file + '.v8cache', new Script(readFileSync(file, 'latin1'), { filename: file }).createCachedData());
}
`;

const texts = writeTexts(chunks);
writeLoader({}, texts);
const sampleDir = mkdtempSync(join(tmpdir(), 'preflight-build-'));
try {
  const { buildScenario } = await importTs(
    fileURLToPath(new URL('../src/sample/windows-volume.ts', import.meta.url)),
    join(sampleDir, 'volume-builder.cjs'),
  );
  const [volume] = buildScenario(join(sampleDir, 'volumes'), 'generalized-win11');
  const images = sampleImages(volume, sampleDir);
  const runs = [
    { args: ['--help'], ok: [0] },
    { args: ['capture', '--help'], ok: [0] },
    { args: ['bcd', '--help'], ok: [0] },
    { args: ['checks'], ok: [0] },
    { args: ['explain', 'GEN001'], ok: [0] },
    { args: ['hive', 'stats', join(volume, 'Windows', 'System32', 'config', 'SYSTEM')], ok: [0] },
    // Exit 0 to 2 are verdicts (ready, warnings, blocked): the check ran to its end. The check of the images
    // comes before the check of the folder, so that the chunks both load keep the folder's cache.
    ...(images.length > 0 ? [{ args: ['check', ...images, '--json'], ok: [0, 1, 2] }] : []),
    { args: ['check', volume, '--json'], ok: [0, 1, 2] },
  ];
  for (const { args, ok } of runs) {
    const warm = spawnSync(process.execPath, ['-e', WARM, LOADER, ...args], {
      stdio: ['ignore', 'ignore', 'pipe'],
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1' },
    });
    if (!ok.includes(warm.status)) throw new Error(`making the code caches (preflight ${args.join(' ')}) failed: ${warm.stderr}`);
  }
  // A chunk no run loaded (the guided screens, which need a console; the image reader where wimlib-imagex is
  // absent) gets the cache of its compilation alone: its outer functions, as V8 compiles them eagerly.
  const untrained = chunks.filter((name) => !existsSync(join(CHUNKS, `${name}.v8cache`))).map((name) => join(CHUNKS, name));
  const compiled = spawnSync(process.execPath, ['-e', COMPILE_ONLY, ...untrained], {
    stdio: ['ignore', 'ignore', 'pipe'],
    encoding: 'utf8',
  });
  if (compiled.status !== 0) throw new Error(`making the code caches of ${untrained.join(', ')} failed: ${compiled.stderr}`);
} finally {
  rmSync(sampleDir, { recursive: true, force: true });
}
const caches = {};
for (const name of chunks) {
  const cache = readFileSync(join(CHUNKS, `${name}.v8cache`));
  caches[name] = [cache.length, zlib.crc32(cache)];
}
writeLoader(caches, texts);
