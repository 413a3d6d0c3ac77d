// The CLI as node runs it on Linux (dist/preflight.cjs): the same sources as the one-file bundle the executable
// embeds, split by esbuild into chunks, dist/cli/*.cjs: the CLI's core (the command table, the argument
// parser, failure reporting) and, per command, what it needs beyond that. A run reads and deserializes only
// the chunks its command imports: `hive stats` about a quarter of the code, `--version` a fifth.
//
// esbuild splits only ES modules; node's ESM loader has no code cache before Node 22. So each chunk is turned
// into CommonJS (its `import`s become `require`s of sibling chunks, its dynamic `import()`s a require inside
// a promise) and the loader runs each with V8's code cache made for it here (see build/bundle.mjs).
import { build, transform } from 'esbuild';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Builds the chunks into `outdir` (emptied first) with `options` (entry point, plugins, defines); their names. */
export async function buildChunks(outdir, options) {
  rmSync(outdir, { recursive: true, force: true });
  mkdirSync(outdir, { recursive: true });
  const result = await build({
    ...options,
    outdir,
    format: 'esm',
    splitting: true,
    write: false,
    metafile: true,
    entryNames: '[name]',
    chunkNames: '[name]-[hash]',
    outExtension: { '.js': '.cjs' },
  });
  assertNoCycle(result.metafile.outputs);
  assertNoMutableExport(Object.keys(result.metafile.inputs));
  const names = [];
  for (const file of result.outputFiles) {
    const cjs = await transform(file.text, {
      format: 'cjs',
      // import() of a chunk must stay inside the chunk loader (a require), not go to node's ESM loader.
      supported: { 'dynamic-import': false },
      minifyWhitespace: options.minifyWhitespace,
      minifySyntax: options.minifySyntax,
      logLevel: 'warning',
    });
    writeFileSync(file.path, wrapped(nodeModulesAsIs(exportsAtEnd(cjs.code, file.path), file.path)));
    names.push(basename(file.path));
  }
  return names.sort();
}

// esbuild gives `import * as fs from 'node:fs'` in CommonJS as `fs=__toESM(require("node:fs"))`: a copy of the module
// with a getter made for each of its exports (about a hundred for fs), again in every chunk that imports it, at
// every start. Node's own modules are objects whose properties are what such a namespace holds, so each chunk
// takes the module itself. The copy differs only in its `default` (the module) and in being a copy: the build
// stops at a `.default` (a default import), and test/tree/node-namespaces.test.ts keeps every other use of such
// a namespace in src a read of one member by name. The build also stops if esbuild's form changes and a copy is
// left.
/** `code` with node's own modules required as they are, not copied by esbuild's __toESM. */
export function nodeModulesAsIs(code, file) {
  const out = code.replace(/([\w$]+)=__toESM\(require\("(node:[\w/]+)"\)\)/g, (_, name, id) => {
    if (new RegExp(`(^|[^\\w$])${name.replace(/\$/g, '\\$')}\\.default\\b`).test(code)) {
      throw new Error(`${file}: ${name}.default of ${id} needs esbuild's copy of the module`);
    }
    return `${name}=require("${id}")`;
  });
  if (/__toESM\(require\("node:/.test(out)) throw new Error(`${file}: a copy of one of node's modules is left (esbuild's form changed?)`);
  return out;
}

// Each chunk is stored as the function node's require would wrap a CommonJS module in, and the loader hands the
// file's text to V8 as it was read. Wrapping it at each start joined the wrapper and the source into a new string
// that V8 then copied flat before compiling: a second copy of every chunk (700 KB for a `check`) made and thrown
// away at each start, in the young generation that a few collections have to clear.
/** `code` (a CommonJS module) as a function expression of what node's require gives a module. */
function wrapped(code) {
  return `(function (exports, require, module, __filename, __dirname) {${code}\n});`;
}

// V8 keeps an all-ASCII source as a one-byte string; any other character makes the whole source two bytes a
// character, read, hashed against the code cache and scanned at every start. esbuild escapes what it can
// (its default charset is ASCII); the text of a tagged template it must keep as written (its raw form is
// visible), so a template there writes such a character as an escape (\u00b7).
/** Throws unless `file` is all ASCII. */
export function assertAscii(file) {
  const text = readFileSync(file, 'latin1');
  const at = text.search(/[^\x00-\x7f]/);
  if (at >= 0) throw new Error(`${file} is not all ASCII: ${JSON.stringify(text.slice(Math.max(0, at - 60), at + 20))}`);
}

// esbuild's CommonJS exports, at the top of each chunk, are `var stdin_exports={};__export(stdin_exports,{a:()=>a,…});
// module.exports=__toCommonJS(stdin_exports);`: getters defined one by one (past a few, V8 keeps such an object as a
// dictionary: slow properties, no inlined getter), on a copy whose every getter calls one of those. Each use of an
// import from another chunk, in the hive walk's inner loops as elsewhere, was two getter calls (about a tenth of
// `hive stats`). Instead each chunk's exports are made at its end, as one object literal of the final values (fast
// properties). That is sound because chunks import one another without cycles (checked in buildChunks), so a chunk
// runs to its end before any importer reads its exports, and because no exported binding changes after that: no
// module exports a `let` or `var` to reassign, and esbuild's lazy module wrappers (`__esm`, which would assign later)
// are refused.
const EXPORTS = /var stdin_exports=\{\};__export\(stdin_exports,\{([^}]*)\}\);module\.exports=__toCommonJS\(stdin_exports\);/;
function exportsAtEnd(code, file) {
  if (code.includes('__esm(')) throw new Error(`${file}: a lazily initialized module (__esm) cannot have its exports taken at the end`);
  const parts = code.split(EXPORTS);
  if (parts.length === 1) return code;
  if (parts.length !== 3) throw new Error(`${file}: esbuild's exports are not there once`);
  const entries = parts[1].split(',').map((entry) => {
    // A binding of its own, or one another chunk exports (`x:()=>import_chunk_N.x`, for a module that only
    // re-exports): that chunk ran to its end before this one, so its value is final too.
    const m = /^([A-Za-z_$][\w$]*):\(\)=>([A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)?)$/.exec(entry);
    if (!m) throw new Error(`${file}: unexpected export ${entry}`);
    return m[1] === m[2] ? m[1] : `${m[1]}:${m[2]}`;
  });
  // __esModule as esbuild marks it (not enumerable), for the __toESM of a dynamic import.
  return `${parts[0]}${parts[2]}\nmodule.exports=__defProp({${entries.join(',')}},"__esModule",{value:!0});\n`;
}

/**
 * Throws if a module of src/ exports a `let` or `var`: exportsAtEnd takes each chunk's exports once, when the
 * chunk has run, so a later assignment to an exported binding would be seen by the executable's one bundle and
 * not by the chunks. (`export { x }` of a `let` is not looked for; none of src/ is written that way.)
 */
function assertNoMutableExport(inputs) {
  const src = fileURLToPath(new URL('../src/', import.meta.url));
  for (const input of inputs.map((i) => resolve(i))) {
    if (!input.startsWith(src)) continue;
    const m = /^export\s+(?:let|var)\s+([\w$]+)/m.exec(readFileSync(input, 'utf8'));
    if (m)
      throw new Error(
        `${input}: exports the ${m[0].split(/\s+/)[1]} ${m[1]}; the chunks take exports once (build/chunks.mjs): make it a const, or export a function that reads it`,
      );
  }
}

/** Throws if the chunks' static imports (esbuild's metafile) form a cycle. */
function assertNoCycle(outputs) {
  const state = new Map();
  const visit = (file, trail) => {
    if (state.get(file) === 'done') return;
    if (state.get(file) === 'open') throw new Error(`chunks import one another in a cycle: ${[...trail, file].join(' -> ')}`);
    state.set(file, 'open');
    for (const i of outputs[file].imports) if (i.kind === 'import-statement' && outputs[i.path]) visit(i.path, [...trail, file]);
    state.set(file, 'done');
  };
  for (const file of Object.keys(outputs)) visit(file, []);
}
