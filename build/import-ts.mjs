// Loads one TypeScript module of the project from a build script (the sample, the bench): esbuild bundles it
// with what it imports into one CommonJS file at `outfile`, which is then imported.
import { build } from 'esbuild';

export async function importTs(entry, outfile) {
  await build({ entryPoints: [entry], bundle: true, platform: 'node', format: 'cjs', outfile, logLevel: 'error' });
  return import(outfile);
}
