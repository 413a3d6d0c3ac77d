// `npm start`: builds the built-in sample — an offline Windows 11 volume made with the project's own hive
// builder (src/sample/) at .preflight-sample/C — then runs `preflight check` on it
// and exits with check's exit code. `node build/sample.mjs <scenario>` builds another scenario of
// src/sample/scenarios.ts (e.g. appx-sysprep-failed); extra arguments go to `check`.
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { importTs } from './import-ts.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, '.preflight-sample');
rmSync(out, { recursive: true, force: true });
const bundle = join(out, 'volume-builder.cjs');
const { buildScenario, SCENARIO_NAMES } = await importTs(join(root, 'src', 'sample', 'windows-volume.ts'), bundle);
const [scenario = 'generalized-win11', ...checkArgs] = process.argv.slice(2);
if (!SCENARIO_NAMES.includes(scenario)) {
  process.stderr.write(`sample: unknown scenario ${JSON.stringify(scenario)}; one of: ${SCENARIO_NAMES.join(', ')}\n`);
  process.exit(5);
}
const volumes = buildScenario(join(out, 'volumes'), scenario);
process.stdout.write(`sample (${scenario}): ${volumes.join(' ')}\n\n`);
const run = spawnSync(process.execPath, [join(root, 'dist', 'preflight.cjs'), 'check', ...volumes, ...checkArgs], { stdio: 'inherit' });
process.exitCode = run.status ?? 1;
