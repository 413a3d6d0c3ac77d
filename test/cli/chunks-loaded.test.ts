// Which chunks of dist/cli a run reads (build/chunks.mjs): a check of a folder never reads the WIM reader,
// which is a chunk of its own that only a run naming an image loads (src/inspect/image-scanning.ts); a check
// of an image reads it and judges the image as before. Each run is the built CLI under a node that records
// every chunk whose file or code cache the loader reads.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ExitCode } from '../../src/cli/exit-codes';
import { buildScenario } from '../../src/sample/windows-volume';
import { CLI } from '../support/cli';
import { wimlib, wimlibAvailable } from '../support/wimlib';

const ready = wimlibAvailable();
const dir = mkdtempSync(join(tmpdir(), 'preflight-chunks-'));
// Loaded with --require before the loader: it takes fs.readFileSync as patched here.
const recorder = join(dir, 'record-reads.cjs');
writeFileSync(
  recorder,
  `const fs = require('node:fs');
const read = fs.readFileSync;
const seen = [];
fs.readFileSync = function (file, ...rest) {
  // The loader reads each chunk's code cache, and its text from chunks.text (or, without that, its own file).
  const m = typeof file === 'string' ? /^(.*[\\\\/]cli[\\\\/][^\\\\/]+\\.cjs)(?:\\.v8cache)?$/.exec(file) : null;
  if (m && !seen.includes(m[1])) seen.push(m[1]);
  return read.call(this, file, ...rest);
};
process.on('exit', () => fs.writeFileSync(process.env.CHUNKS_READ, seen.join('\\n')));
`,
);

/** The run's status and stdout, and the chunks it read (names). */
function runRecorded(args: string[]): { status: number | null; stdout: string; chunks: string[] } {
  const list = join(dir, `read-${Math.random().toString(36).slice(2)}.txt`);
  const r = spawnSync(process.execPath, ['--require', recorder, CLI, ...args], {
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', CHUNKS_READ: list },
  });
  const chunks = readFileSync(list, 'utf8').split('\n').filter(Boolean);
  return { status: r.status, stdout: r.stdout, chunks };
}

/** Whether a chunk holds the WIM reader: its header check names the magic "MSWIM" (src/wim/header.ts). */
const holdsWimReader = (chunk: string) => readFileSync(chunk, 'latin1').includes('MSWIM');

describe.skipIf(!ready)('the chunks a run reads', () => {
  const [volume] = ready ? buildScenario(join(dir, 'volumes'), 'generalized-win11') : [''];
  const wim = join(dir, 'gold.wim');
  if (ready) wimlib(['capture', volume, wim, 'Gold', '--compress=xpress']);

  it('a check of a folder does not read the WIM reader; a check of an image does, and judges it as the folder', () => {
    const folder = runRecorded(['check', volume, '--json']);
    expect(folder.status).toBe(ExitCode.READY);
    expect(folder.chunks.map((c) => basename(c))).toContain('main.cjs');
    expect(folder.chunks.filter(holdsWimReader)).toEqual([]);

    const image = runRecorded(['check', wim, '--json']);
    expect(image.status).toBe(ExitCode.READY);
    expect(image.chunks.filter(holdsWimReader)).toHaveLength(1);
    // The same installation, judged the same: only where it was read from differs.
    const judged = (stdout: string) => {
      const report = JSON.parse(stdout);
      return { verdict: report.verdict, findings: report.findings.map((f: { id: string }) => f.id) };
    };
    expect(judged(image.stdout)).toEqual(judged(folder.stdout));
  });

  it('a guided run without a console (a check) reads it only when an image is named', () => {
    // The guided run (no command) without a console is a check: of an image here.
    expect(runRecorded([wim, '--json']).chunks.filter(holdsWimReader)).toHaveLength(1);
    expect(runRecorded([volume, '--json']).chunks.filter(holdsWimReader)).toEqual([]);
  });
});
