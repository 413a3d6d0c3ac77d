// Every engine command preflight prints for cmd, pasted into the real cmd (wine's) with hostile image
// names, descriptions and paths: the program must receive exactly the arguments preflight meant, and
// nothing else may run (no file written by an `& echo` that escaped its quotes). A name cmd cannot carry
// (", %, !) gets no command at all. The stand-in program prints the argv it received (CommandLineToArgvW,
// the rules Dism.exe uses).
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { displayCommand } from '../../src/capture/result';
import { dismCaptureArgs } from '../../src/capture/engines/dism';
import { wimlibCaptureArgs } from '../../src/capture/engines/wimlib';
import { cmdQuote } from '../../src/checks/shell-quote';
import type { CapturePlan } from '../../src/capture/types';
import { captureRequest } from '../support/capture-request';
import { HOSTILE_ASCII } from '../support/hostile-names';
import { buildStandin, mapDrives, runWine, wineSetup, type WineSetup } from '../support/wine';

const setup = wineSetup();
const tmp = mkdtempSync(join(tmpdir(), 'preflight-paste-exe-'));
const NOT_SHOWN = /^\(not shown: .* cannot be quoted safely for cmd;/;

function plan(name: string, description: string): Omit<CapturePlan, 'command'> {
  const request = captureRequest({
    source: 'D:\\',
    image: `E:\\images\\${name.replace(/[\\/:*?"<>|%!]/g, '_')}.wim`,
    name,
    description,
    engine: 'dism',
  });
  return {
    request,
    source: 'D:\\',
    image: request.image,
    imageExisted: false,
    imageSizeBefore: 0,
    configFile: 'E:\\images\\w & x.WimScript.ini',
    writesConfig: true,
    index: 1,
    scratchDir: 'E:\\images\\scratch dir',
    engineLog: 'E:\\images\\w.1.dism.log',
    cmtraceLog: 'E:\\images\\w.1.preflight.log',
    recordFile: 'E:\\images\\w.1.capture.json',
    space: {
      sourceBytes: 1,
      sourceFiles: 1,
      excludedFiles: 0,
      excludedBytes: 0,
      neededBytes: 1,
      estimate: '',
      freeBytes: 1,
      fileSystem: 'ntfs',
      largestFileBytes: 1,
    },
  };
}

/** What the stand-in prints for one argument: each UTF-16 code unit as four hex digits. */
const hex = (s: string) => Array.from({ length: s.length }, (_, i) => s.charCodeAt(i).toString(16).padStart(4, '0')).join('');

describe.skipIf(!setup)('printed commands pasted into cmd under wine', () => {
  const wine = setup as WineSetup;
  const stick = join(tmp, 'stick');
  beforeAll(async () => {
    mkdirSync(stick, { recursive: true });
    await buildStandin('echo-args', stick);
    mapDrives(wine, { S: stick });
  });

  it('DISM and wimlib command lines, and a quoted remedy argument, with every hostile ASCII name', async () => {
    const lines: { line: string; args: string[] }[] = [];
    let notShown = 0;
    for (const name of HOSTILE_ASCII) {
      const p = plan(name, `about ${name}`);
      for (const args of [dismCaptureArgs(p), wimlibCaptureArgs(p), [name]]) {
        const line = displayCommand({ engine: 'dism', program: 'S:\\echo-args.exe', args }, 'win32');
        if (NOT_SHOWN.test(line)) {
          expect(name).toMatch(/["%!\t]/);
          notShown++;
          continue;
        }
        lines.push({ line, args });
      }
      const remedy = cmdQuote(name);
      if (remedy !== null) lines.push({ line: `S:\\echo-args.exe ${remedy}`, args: [name] });
    }
    expect(notShown).toBeGreaterThan(0);
    // One batch file, one command a line, each followed by a separator the stand-in's output is split on.
    const script = ['@echo off', ...lines.flatMap(({ line }) => [line, 'echo ----'])].join('\r\n') + '\r\n';
    writeFileSync(join(stick, 'paste.cmd'), script, 'latin1');
    const r = await runWine(wine, 'cmd', ['/c', 'S:\\paste.cmd'], { cwd: 'S:\\', env: { PREFLIGHT_FUZZ: 'EXPANDED' } });
    expect(r.status, r.stderr).toBe(0);
    const outputs = r.stdout.replace(/\r/g, '').split('----\n');
    expect(outputs).toHaveLength(lines.length + 1);
    lines.forEach(({ line, args }, i) => {
      expect(outputs[i].split('\n').filter(Boolean), line).toEqual(args.map(hex));
    });
    expect(existsSync(join(stick, 'pwned.txt'))).toBe(false);
  });
});

afterAll(() => rmSync(tmp, { recursive: true, force: true }));
