// Bundles the CLI into one CommonJS file. The Windows executable (Node SEA) embeds exactly this file, so
// nothing here may depend on reading the package's own files at run time.
import { build } from 'esbuild';
import { chmodSync, readFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

await build({
  entryPoints: [new URL('../src/cli/main.ts', import.meta.url).pathname],
  outfile: new URL('../dist/preflight.cjs', import.meta.url).pathname,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  banner: { js: '#!/usr/bin/env node' },
  define: { __PREFLIGHT_VERSION__: JSON.stringify(pkg.version) },
  legalComments: 'none',
  // Whitespace and syntax only: identifiers stay readable in --debug stack traces; parse time drops.
  minifyWhitespace: true,
  minifySyntax: true,
  logLevel: 'warning',
});

// `bin` points here: executable, so `./dist/preflight.cjs` runs as it is.
chmodSync(new URL('../dist/preflight.cjs', import.meta.url), 0o755);
