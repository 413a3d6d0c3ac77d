// Seeded mutations of a real hive's bytes, for the reader's robustness tests: bit flips, a cut, a zeroed run,
// a copied run; they land mostly in the first bins, where the root and its lists live.
import { prng } from '../../src/sample/bytes';

export type Mutation = 'flip' | 'truncate' | 'zero' | 'copy';

export function mutateHive(original: Buffer, seed: number): { bytes: Buffer; kind: Mutation } {
  const rnd = prng(seed);
  const int = (n: number) => Math.floor(rnd() * n);
  const kinds: Mutation[] = ['flip', 'truncate', 'zero', 'copy'];
  const kind: Mutation = kinds[int(kinds.length)];
  let bytes = Buffer.from(original);
  // Mutations land mostly in the first bins, where the root and its lists live, and sometimes in the base block.
  const hot = () => (rnd() < 0.15 ? int(4096) : 4096 + int(Math.min(bytes.length - 4096, 65536)));
  switch (kind) {
    case 'flip':
      for (let i = 0, n = 1 + int(16); i < n; i++) bytes[hot()] ^= 1 << int(8);
      break;
    case 'truncate':
      bytes = bytes.subarray(0, int(bytes.length));
      break;
    case 'zero': {
      const at = hot();
      bytes.fill(0, at, Math.min(bytes.length, at + 1 + int(512)));
      break;
    }
    case 'copy': {
      const from = hot();
      const to = hot();
      const len = 1 + int(1024);
      bytes.copy(bytes, to, from, Math.min(bytes.length, from + len));
      break;
    }
  }
  return { bytes, kind };
}
