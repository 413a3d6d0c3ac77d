// Bench 7: decompression throughput of preflight's WIM reader against
// `wimlib-imagex extract` of the same hive, per format (none, XPRESS, LZX, LZMS, solid LZMS). Both read
// the whole hive and check its SHA-1. Also run alone: `node build/bench-wim.mjs [HIVE]`.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

// The reader side: open the WIM, read the file whole (hash-checked) RUNS times, print the median ms.
const READER = `
import { Wim } from ${JSON.stringify(join(root, 'src', 'wim', 'wim.ts'))};
import { ImageFs } from ${JSON.stringify(join(root, 'src', 'windows', 'image-fs.ts'))};
const [wimPath, rel, runs] = process.argv.slice(2);
const times = [];
for (let i = 0; i < Number(runs); i++) {
  const t0 = process.hrtime.bigint();
  const wim = Wim.open(wimPath, { cacheBytes: 1 });
  const data = new ImageFs(wim, 1).readFile(rel, 1 << 30);
  wim.close();
  times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  if (!data) throw new Error('missing');
}
times.sort((a, b) => a - b);
console.log(times[Math.floor(times.length / 2)]);
`;

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** Returns { format: ratio } (preflight ms / wimlib ms) or null when wimlib-imagex is missing. */
export async function benchWim({ hive, runs = 5 }) {
  if (spawnSync('wimlib-imagex', ['--version'], { stdio: 'ignore' }).error) {
    console.log('\n7. WIM decompression: skipped (wimlib-imagex not found: apt-get install wimtools)');
    return null;
  }
  const work = mkdtempSync(join(tmpdir(), 'preflight-bench-wim-'));
  try {
    // CommonJS, as the CLI's chunks are: the reader loads node:crypto with require() at its first large hash
    // (src/wim/sha1.ts), which an ES module bundle refuses (esbuild's "Dynamic require is not supported").
    const reader = join(work, 'reader.cjs');
    const entry = join(work, 'reader-entry.ts');
    (await import('node:fs')).writeFileSync(entry, READER);
    await build({ entryPoints: [entry], bundle: true, platform: 'node', format: 'cjs', outfile: reader, logLevel: 'error' });
    const src = join(work, 'src', 'Windows', 'System32', 'config');
    mkdirSync(src, { recursive: true });
    copyFileSync(hive, join(src, 'SOFTWARE'));
    const mib = statSync(hive).size / 1048576;
    console.log(
      `\n7. WIM decompression of one ${mib.toFixed(1)} MiB hive: preflight's reader vs wimlib-imagex extract (median of ${runs}; both hash-check)`,
    );
    const ratios = {};
    for (const [name, args] of [
      ['none', ['--compress=none']],
      ['xpress', ['--compress=xpress']],
      ['lzx', ['--compress=lzx']],
      ['lzms', ['--compress=lzms']],
      ['solid', ['--solid']],
    ]) {
      const wim = join(work, `${name}.wim`);
      spawnSync('wimlib-imagex', ['capture', join(work, 'src'), wim, 'bench', ...args], { stdio: 'ignore' });
      const theirs = [];
      for (let i = 0; i < runs; i++) {
        const t0 = process.hrtime.bigint();
        const r = spawnSync('wimlib-imagex', ['extract', wim, '1', '/Windows/System32/config/SOFTWARE', '--to-stdout'], {
          stdio: ['ignore', 'ignore', 'ignore'],
        });
        if (r.status !== 0) throw new Error(`wimlib-imagex extract failed on ${wim}`);
        theirs.push(Number(process.hrtime.bigint() - t0) / 1e6);
      }
      const r = spawnSync(process.execPath, [reader, wim, 'Windows\\System32\\config\\SOFTWARE', String(runs)], { encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`reader failed on ${wim}: ${r.stderr}`);
      const ours = Number(r.stdout.trim());
      const w = median(theirs);
      ratios[name] = ours / w;
      console.log(
        `  ${name.padEnd(7)} preflight ${ours.toFixed(0).padStart(6)} ms (${(mib / (ours / 1000)).toFixed(0).padStart(4)} MiB/s)   wimlib-imagex extract ${w.toFixed(0).padStart(6)} ms (process included)   ratio ${(ours / w).toFixed(2)}`,
      );
    }
    return ratios;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const corpus = process.env.PREFLIGHT_CORPUS ?? join(root, '..', 'shared', 'corpus');
  await benchWim({ hive: process.argv[2] ?? join(corpus, 'regipy', 'SYSTEM_WIN_10_1709'), runs: Number(process.env.BENCH_RUNS ?? 5) });
}
