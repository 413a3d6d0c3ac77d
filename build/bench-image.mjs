// Bench 8: `check IMAGE.wim` against `check` of the folder it was captured
// from (goal: <= 1.2x). The volume of bench 2 (real SYSTEM, SAM, SECURITY; a ~95 MB built SOFTWARE) beside
// BENCH_IMAGE_MB (default 1024) of half-compressible payload, captured by wimlib-imagex in each format of
// BENCH_IMAGE_FORMATS (default "xpress,lzx"). Both sides run interleaved, round by round; the ratio is taken per
// round (image / folder) and its median printed with /proc/loadavg, since a shared machine slows both alike only
// within a round. Also run alone: `BENCH_ONLY=8 npm run bench`.
import { spawnSync } from 'node:child_process';
import { randomFillSync } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const median = (xs) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)];

function loadavg() {
  return existsSync('/proc/loadavg') ? readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ') : 'n/a';
}

/**
 * The installation of bench 2, built into `volume`: the generalized-win11 scenario with a SOFTWARE hive of
 * BENCH_SOFTWARE_KEYS component keys, and the corpus's real Windows 10 SYSTEM, SAM and SECURITY hives.
 */
export function buildBenchVolume({ volume, corpus, buildWindowsVolume, SCENARIOS }) {
  const scenario = SCENARIOS['generalized-win11'];
  const base = Array.isArray(scenario) ? scenario[0] : scenario;
  const keys = Number(process.env.BENCH_SOFTWARE_KEYS ?? 200000);
  buildWindowsVolume(volume, { ...base, installations: base.installations.map((i) => ({ ...i, softwareBulkKeys: keys })) });
  const config = join(volume, 'Windows', 'System32', 'config');
  const belkasoft = join(corpus, 'dfirartifactmuseum', 'Registry', 'Win10', 'BelkasoftCTF_InsiderThreat');
  cpSync(join(corpus, 'regipy', 'SYSTEM_WIN_10_1709'), join(config, 'SYSTEM'));
  for (const hive of ['SAM', 'SECURITY']) cpSync(join(belkasoft, hive), join(config, hive));
  return config;
}

/** Writes `mb` files of 1 MiB under `volume`\Program Files\Payload: random bytes in every other 4 KiB block. */
export function writePayload(volume, mb) {
  const dir = join(volume, 'Program Files', 'Payload');
  mkdirSync(dir, { recursive: true });
  const buf = Buffer.alloc(1 << 20);
  for (let i = 0; i < mb; i++) {
    for (let off = 0; off < buf.length; off += 8192) randomFillSync(buf, off, 4096);
    writeFileSync(join(dir, `file${String(i).padStart(5, '0')}.bin`), buf);
  }
}

/**
 * Builds its volume in `work` (the sample builder bundled with `importTs`). `runOnce(cmd, args)` is the bench's
 * measuring helper ({ ms, cpuMs, peakKiB }). Returns { format: median ratio } or null when wimlib-imagex is missing.
 */
export async function benchImage({ root, cli, corpus, work, runOnce, importTs, runs = Number(process.env.BENCH_RUNS ?? 7) }) {
  if (spawnSync('wimlib-imagex', ['--version'], { stdio: 'ignore' }).error) {
    console.log('\n8. check IMAGE.wim: skipped (wimlib-imagex not found: apt-get install wimtools)');
    return null;
  }
  const { buildWindowsVolume, SCENARIOS } = await importTs(
    join(root, 'src', 'sample', 'windows-volume.ts'),
    join(work, 'image-volume-builder.cjs'),
  );
  const volume = join(work, 'image-C');
  buildBenchVolume({ volume, corpus, buildWindowsVolume, SCENARIOS });
  const mb = Number(process.env.BENCH_IMAGE_MB ?? 1024);
  const formats = (process.env.BENCH_IMAGE_FORMATS ?? 'xpress,lzx').split(',');
  writePayload(volume, mb);
  console.log(
    `\n8. check IMAGE.wim vs check of the folder it was captured from (${mb} MiB payload beside; ${runs} rounds, ratio per round)`,
  );
  const out = {};
  for (const format of formats) {
    const wim = join(work, `image-${format}.wim`);
    const c = spawnSync('wimlib-imagex', ['capture', volume, wim, 'Bench', `--compress=${format}`], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    if (c.status !== 0) throw new Error(`wimlib-imagex capture failed: ${c.stderr}`);
    const folder = [];
    const image = [];
    const ratios = [];
    const cpuRatios = [];
    const loads = [loadavg()];
    for (let i = 0; i < runs; i++) {
      const pair = i % 2 === 0 ? ['folder', 'image'] : ['image', 'folder'];
      const r = {};
      for (const side of pair) r[side] = runOnce(cli, ['check', side === 'folder' ? volume : wim, '--json']);
      folder.push(r.folder);
      image.push(r.image);
      ratios.push(r.image.ms / r.folder.ms);
      if (r.image.cpuMs && r.folder.cpuMs) cpuRatios.push(r.image.cpuMs / r.folder.cpuMs);
    }
    loads.push(loadavg());
    const mib = (rs) => (rs[0].peakKiB === null ? 'n/a' : `${(Math.max(...rs.map((x) => x.peakKiB)) / 1024).toFixed(1)} MiB`);
    const line = (rs) =>
      `${median(rs.map((x) => x.ms))
        .toFixed(0)
        .padStart(6)} ms wall${
        rs[0].cpuMs === null
          ? ''
          : `, ${median(rs.map((x) => x.cpuMs))
              .toFixed(0)
              .padStart(6)} ms CPU`
      }   peak ${mib(rs)}`;
    console.log(`  ${format} (${(statSync(wim).size / 1048576).toFixed(0)} MiB file)`);
    console.log(`    check folder      ${line(folder)}`);
    console.log(`    check IMAGE.wim   ${line(image)}`);
    console.log(
      `    ratio image/folder, median of per-round ratios: ${median(ratios).toFixed(2)} wall${cpuRatios.length ? `, ${median(cpuRatios).toFixed(2)} CPU` : ''}   (goal: <= 1.20)   per round: ${ratios.map((x) => x.toFixed(2)).join(' ')}`,
    );
    console.log(`    load average before, after: ${loads.join(' | ')}`);
    out[format] = median(ratios);
  }
  return out;
}
