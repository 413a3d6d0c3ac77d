// Mutated small WIMs (deterministic seed, bounded iterations): opening, walking every image and reading
// every file either succeeds or throws a WimError — never another exception, a hang or a huge allocation.
// Mutations hit the header, the tables, the metadata and the compressed chunks of every codec.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { Wim, WimError } from '../../src/wim';
import { wimlib, wimlibAvailable } from '../support/wimlib';
import { prng } from './fixtures';

const ready = wimlibAvailable();
const ITERATIONS = 60; // per codec: about a second each
const MAX_MS_PER_CASE = 2000;

describe.skipIf(!ready)('fuzzed WIMs', () => {
  let dir = '';
  const wims = new Map<string, Buffer>();
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'preflight-wim-fuzz-'));
    const src = join(dir, 'src');
    mkdirSync(join(src, 'sub'), { recursive: true });
    const r = prng(5);
    writeFileSync(join(src, 'text.txt'), Array.from({ length: 3000 }, (_, i) => `row ${i} ${r() % 50}\n`).join(''));
    const code = Buffer.alloc(40_000);
    for (let i = 0; i < code.length; i++) code[i] = i % 7 === 0 ? 0xe8 : r() & 0x0f;
    writeFileSync(join(src, 'sub', 'code.bin'), code);
    writeFileSync(join(src, 'sub', 'small'), 'small');
    for (const c of ['none', 'xpress', 'lzx', 'lzms']) {
      wimlib(['capture', src, join(dir, `${c}.wim`), 'img', `--compress=${c}`]);
      wims.set(c, readFileSync(join(dir, `${c}.wim`)));
    }
    wimlib(['capture', src, join(dir, 'solid.wim'), 'img', '--solid']);
    wims.set('solid', readFileSync(join(dir, 'solid.wim')));
  });

  for (const codec of ['none', 'xpress', 'lzx', 'lzms', 'solid']) {
    it(`${codec}: ${ITERATIONS} mutations end in success or a WimError`, () => {
      const original = wims.get(codec)!;
      const rand = prng(0x5eed + codec.length * 977 + codec.charCodeAt(0));
      const outcomes = { ok: 0, typed: 0 };
      for (let iter = 0; iter < ITERATIONS; iter++) {
        const b = Buffer.from(original);
        const edits = 1 + (rand() % 8);
        for (let k = 0; k < edits; k++) {
          // Half the edits in the first 4 KiB and the last 2 KiB (header, tables, XML, metadata), half anywhere.
          const zone = rand() % 4;
          const at =
            zone === 0
              ? rand() % Math.min(4096, b.length)
              : zone === 1
                ? b.length - 1 - (rand() % Math.min(2048, b.length))
                : rand() % b.length;
          b[at] = rand() & 1 ? rand() & 0xff : b[at] ^ (1 << (rand() % 8));
        }
        const p = join(dir, `m-${codec}.wim`);
        writeFileSync(p, b);
        const started = Date.now();
        let w: Wim | null = null;
        try {
          w = Wim.open(p);
          for (let i = 1; i <= w.imageCount; i++) {
            const stack = [w.image(i).root];
            while (stack.length) {
              const n = stack.pop()!;
              for (const c of n.children ?? []) stack.push(c);
              if (!n.children && !n.reparse) w.readBlob(n.dataHash, 1 << 24);
            }
          }
          outcomes.ok++;
        } catch (e) {
          if (!(e instanceof WimError)) throw new Error(`iteration ${iter}: ${(e as Error).stack}`);
          outcomes.typed++;
        } finally {
          w?.close();
        }
        expect(Date.now() - started, `iteration ${iter}`).toBeLessThan(MAX_MS_PER_CASE);
      }
      // The mutations must actually break things (a fuzzer that never fails proves nothing).
      expect(outcomes.typed).toBeGreaterThan(ITERATIONS / 4);
    });
  }
});
