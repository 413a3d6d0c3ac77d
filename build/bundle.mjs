// Bundles the CLI into one CommonJS file. The Windows executable (Node SEA) embeds exactly this file, so
// nothing here may depend on reading the package's own files at run time.
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { chmodSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

// yargs uses node:assert for two internal sanity checks; loading node:assert (and its colour and
// AssertionError machinery) costs ~10 ms at every start. This shim gives yargs the same two functions.
const assertShim = {
  name: 'assert-shim',
  setup(b) {
    b.onResolve({ filter: /^(node:)?assert$/ }, () => ({ path: 'assert', namespace: 'assert-shim' }));
    b.onLoad({ filter: /.*/, namespace: 'assert-shim' }, () => ({
      loader: 'js',
      contents: `
        function fail(message, actual, expected) {
          const err = new Error(message || 'assertion failed: ' + String(actual) + ' vs ' + String(expected));
          err.name = 'AssertionError';
          throw err;
        }
        exports.strictEqual = (actual, expected, message) => { if (!Object.is(actual, expected)) fail(message, actual, expected); };
        exports.notStrictEqual = (actual, expected, message) => { if (Object.is(actual, expected)) fail(message, actual, expected); };
      `,
    }));
  },
};

// yargs' ESM build (picked for an `import`) takes cliui's ESM build, whose wrap cuts words at the column
// edge ("preflig ht.log"). Its CommonJS build wraps on word boundaries with wrap-ansi: use that one.
const cliuiWordWrap = {
  name: 'cliui-word-wrap',
  setup(b) {
    b.onResolve({ filter: /^cliui$/ }, () => ({ path: fileURLToPath(new URL('../node_modules/cliui/build/index.cjs', import.meta.url)) }));
  },
};

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

/** The commit `--version` names, "+dirty" when tracked files differ from it; "unknown" outside a git checkout. */
function gitCommit() {
  const git = (...args) => execFileSync('git', args, { cwd: new URL('..', import.meta.url), encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  try {
    const commit = git('rev-parse', '--short=12', 'HEAD');
    return git('status', '--porcelain', '--untracked-files=no') === '' ? commit : `${commit}+dirty`;
  } catch {
    return 'unknown';
  }
}

await build({
  entryPoints: [new URL('../src/cli/main.ts', import.meta.url).pathname],
  outfile: new URL('../dist/preflight.cjs', import.meta.url).pathname,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  banner: { js: '#!/usr/bin/env node' },
  define: { __PREFLIGHT_VERSION__: JSON.stringify(pkg.version), __PREFLIGHT_COMMIT__: JSON.stringify(gitCommit()) },
  legalComments: 'none',
  plugins: [assertShim, cliuiWordWrap],
  // Whitespace and syntax only: identifiers stay readable in --debug stack traces; parse time drops.
  minifyWhitespace: true,
  minifySyntax: true,
  logLevel: 'warning',
});

// `bin` points here: executable, so `./dist/preflight.cjs` runs as it is.
chmodSync(new URL('../dist/preflight.cjs', import.meta.url), 0o755);
