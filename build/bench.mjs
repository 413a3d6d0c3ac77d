// `npm run bench`: preflight against hivexml (libhivex's C dumper) in the same run, as ratios of wall
// time, plus peak memory. Not a test: numbers vary by machine; the ratios are what to compare.
//   1. `hive stats` (walk every key, decode every value) vs `hivexml` on one real 15 MB SYSTEM hive.
//   2. a whole `check` of one installation vs `hivexml` dumping that installation's SYSTEM hive alone.
//   3. time and peak memory of `check` on the largest hostile volumes of test/support/hostile-volumes.ts.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const corpus = process.env.PREFLIGHT_CORPUS ?? join(root, '..', 'shared', 'corpus');
const cli = join(root, 'dist', 'preflight.cjs');
const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const TIME = '/usr/bin/time';

function need(path, what) {
  if (!existsSync(path)) {
    console.error(`bench: ${what} not found at ${path}`);
    process.exit(1);
  }
}
need(cli, 'the built CLI (npm run build)');
need(join(corpus, 'MANIFEST.md'), 'the corpus');
if (spawnSync('hivexml', ['--help'], { stdio: 'ignore' }).error) {
  console.error('bench: hivexml not found: apt-get install libhivex-bin');
  process.exit(1);
}

/** Runs a command RUNS times; returns median wall ms and max peak RSS (KiB, from GNU time when present). */
function measure(cmd, args, runs = RUNS) {
  const walls = [];
  let peak = null;
  const haveTime = existsSync(TIME);
  for (let i = 0; i < runs; i++) {
    const full = haveTime ? [TIME, ['-f', '%M', cmd, ...args]] : [cmd, args];
    const t0 = process.hrtime.bigint();
    const r = spawnSync(full[0], full[1], { stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 1 << 26 });
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    if (r.status !== 0 && !(cmd === process.execPath && r.status <= 2)) {
      throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}): ${r.stderr}`);
    }
    walls.push(ms);
    if (haveTime) {
      const kib = Number(r.stderr.toString().trim().split('\n').pop());
      if (Number.isFinite(kib)) peak = Math.max(peak ?? 0, kib);
    }
  }
  walls.sort((a, b) => a - b);
  return { ms: walls[Math.floor(walls.length / 2)], peakKiB: peak };
}

function row(label, ours, theirs) {
  const mib = (k) => (k === null ? 'n/a' : `${(k / 1024).toFixed(1)} MiB`);
  console.log(label);
  console.log(`  preflight  ${ours.ms.toFixed(1).padStart(8)} ms   peak ${mib(ours.peakKiB)}`);
  console.log(`  hivexml    ${theirs.ms.toFixed(1).padStart(8)} ms   peak ${mib(theirs.peakKiB)}`);
  console.log(`  ratio (preflight / hivexml wall time): ${(ours.ms / theirs.ms).toFixed(2)}   (aim: <= 1.00)`);
  console.log(`  ratio without preflight's start-up:    ${((ours.ms - startup.ms) / theirs.ms).toFixed(2)}`);
  return ours.ms / theirs.ms;
}

const system = join(corpus, 'regipy', 'SYSTEM_WIN_10_1709');
console.log(`median of ${RUNS} runs each; node ${process.version}\n`);
// What every preflight run pays before reading anything: starting node and loading the bundle.
const startup = measure(process.execPath, [cli, '--version']);
console.log(`0. start-up alone (preflight --version): ${startup.ms.toFixed(1)} ms\n`);
const r1 = row(
  `1. hive stats vs hivexml on regipy/SYSTEM_WIN_10_1709 (15 MB, 43,211 keys)`,
  measure(process.execPath, [cli, 'hive', 'stats', system]),
  measure('hivexml', [system]),
);

// 2. A realistic installation: the real Windows 10 SYSTEM hive above, real Windows 10 SAM and SECURITY
// (Belkasoft CTF image), and a SOFTWARE hive built with the project's builder (no public Windows 10
// SOFTWARE hive is small enough to ship in the corpus), filled with Windows Installer component keys to
// the size of a real one, so that a check that read more than it needs would show it.
const work = mkdtempSync(join(tmpdir(), 'preflight-bench-'));
try {
  const bundle = join(work, 'volume-builder.cjs');
  await build({ entryPoints: [join(root, 'test', 'support', 'windows-volume.ts')], bundle: true, platform: 'node', format: 'cjs', outfile: bundle, logLevel: 'error' });
  const { buildWindowsVolume, SCENARIOS } = await import(bundle);
  const base = Array.isArray(SCENARIOS['generalized-win11']) ? SCENARIOS['generalized-win11'][0] : SCENARIOS['generalized-win11'];
  const spec = { ...base, installations: base.installations.map((i) => ({ ...i, softwareBulkKeys: Number(process.env.BENCH_SOFTWARE_KEYS ?? 200000) })) };
  const volume = join(work, 'C');
  buildWindowsVolume(volume, spec);
  const config = join(volume, 'Windows', 'System32', 'config');
  cpSync(system, join(config, 'SYSTEM'));
  cpSync(join(corpus, 'dfirartifactmuseum', 'Registry', 'Win10', 'BelkasoftCTF_InsiderThreat', 'SAM'), join(config, 'SAM'));
  cpSync(join(corpus, 'dfirartifactmuseum', 'Registry', 'Win10', 'BelkasoftCTF_InsiderThreat', 'SECURITY'), join(config, 'SECURITY'));
  const softwareMiB = (statSync(join(config, 'SOFTWARE')).size / 1048576).toFixed(1);
  console.log('');
  const r2 = row(
    `2. check of one installation (SOFTWARE ${softwareMiB} MB) vs hivexml on its SYSTEM hive alone`,
    measure(process.execPath, [cli, 'check', volume, '--json']),
    measure('hivexml', [join(config, 'SYSTEM')]),
  );
  console.log(`\nsummary: stats ratio ${r1.toFixed(2)}, check ratio ${r2.toFixed(2)}`);

  // 3. Hostile disks (issue 7): peak memory and time of `check` on the largest hostile volumes — four
  // 40 MiB Panther logs (streamed, not read whole) and a setuperr.log of 150,000 decoded failures.
  const hostileBundle = join(work, 'hostile-volumes.cjs');
  await build({ entryPoints: [join(root, 'test', 'support', 'hostile-volumes.ts')], bundle: true, platform: 'node', format: 'cjs', outfile: hostileBundle, logLevel: 'error' });
  const { buildHostileVolume } = await import(hostileBundle);
  console.log('\n3. check on hostile volumes (median of 3 runs)');
  for (const name of ['panther-four-big-logs', 'setuperr-150k-failures', 'appx-50k-orphan-sids']) {
    const dir = join(work, name);
    buildHostileVolume(dir, name);
    const m = measure(process.execPath, [cli, 'check', dir, '--json'], 3);
    console.log(`  ${name.padEnd(24)} ${m.ms.toFixed(0).padStart(6)} ms   peak ${m.peakKiB === null ? 'n/a' : `${(m.peakKiB / 1024).toFixed(1)} MiB`}`);
    rmSync(dir, { recursive: true, force: true });
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
