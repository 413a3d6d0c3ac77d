#!/usr/bin/env node
// A stand-in for Dism.exe, used only by tests (never shipped): preflight reaches it through
// PREFLIGHT_DISM. It logs the exact argument list it received, then replays a recorded real DISM
// transcript from test/data/dism/ with that transcript's exit code. Environment:
//   DISM_STANDIN_ARGV      file to append one JSON line per call: the argv it received
//   DISM_STANDIN_REPLAY    transcript for /Capture-Image, /Append-Image and /Capture-Ffu (file name in test/data/dism)
//   DISM_STANDIN_HANG_MS   after the first bar frame, wait this long (for kill / Ctrl+C tests)
//   DISM_STANDIN_PID       file to write its process id to (so a test can signal it)
//   DISM_STANDIN_NAME      remember the image under this name instead of /Name (an image that will not verify)
//   DISM_STANDIN_PARTIAL   bytes to leave in /ImageFile when the replay is a failure (a half-written WIM)
//   DISM_STANDIN_NOTHING   report success but write no /ImageFile (a DISM that exits 0 and made nothing)
//   DISM_STANDIN_INDEX_FAILS  /Get-WimInfo with /Index answers DISM's "cannot find the file" error (a
//                          listing that did not run through, as a process that failed to start under load)
//   DISM_STANDIN_LIST_FAILS   every /Get-WimInfo answers that error (an image DISM cannot read back at all)
//   DISM_STANDIN_DATA      the folder of the recorded transcripts (default: test/data/dism beside this file)
//   DISM_STANDIN_WIM       a real WIM to leave as /ImageFile on success instead of the placeholder, copied
//                          over it whole: for /Append-Image the test gives the file as DISM would have left
//                          it after appending (every image, the new one last). preflight reads it back with
//                          its own reader, so the test decides what "DISM" captured: a good image with NTFS
//                          security descriptors (test/support/ntfs-wim.ts), one of the wrong folder, of
//                          another volume, or of a not-generalized copy.
// On a successful replay it writes a placeholder /ImageFile (or DISM_STANDIN_WIM) and remembers the image (name, description,
// file count of /CaptureDir minus the [ExclusionList] of /ConfigFile) in <ImageFile>.standin.json, so that
// /Get-WimInfo can answer from the recorded get-wiminfo templates with that image's values. /Capture-Ffu
// does the same with no file count (an FFU holds sectors), and /Get-ImageInfo /ImageFile: reads it back.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

// DISM_STANDIN_DATA: where test/data/dism is, for the Windows build of this stand-in (test/support/standin-exe.ts).
const DATA = process.env.DISM_STANDIN_DATA ?? path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'data', 'dism');
const manifest = JSON.parse(fs.readFileSync(path.join(DATA, 'transcripts.json'), 'utf8'));
const argv = process.argv.slice(2);
if (process.env.DISM_STANDIN_PID) fs.writeFileSync(process.env.DISM_STANDIN_PID, String(process.pid));
if (process.env.DISM_STANDIN_ARGV) fs.appendFileSync(process.env.DISM_STANDIN_ARGV, JSON.stringify(argv) + '\n');

const opt = (name) => {
  const a = argv.find((x) => x.toLowerCase().startsWith(`/${name.toLowerCase()}:`));
  return a === undefined ? null : a.slice(name.length + 2);
};
const has = (name) => argv.some((x) => x.toLowerCase() === `/${name.toLowerCase()}`);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function countFiles(root, excluded) {
  let files = 0,
    dirs = 0,
    bytes = 0;
  const walk = (rel) => {
    for (const e of fs.readdirSync(path.join(root, rel), { withFileTypes: true })) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (excluded.has('\\' + r.replace(/\//g, '\\').toLowerCase())) continue;
      if (e.isDirectory()) {
        dirs++;
        walk(r);
      } else {
        files++;
        bytes += e.isFile() ? fs.statSync(path.join(root, r)).size : 0;
      }
    }
  };
  walk('');
  return { files, dirs, bytes };
}

function exclusionsOf(ini) {
  if (!ini || !fs.existsSync(ini)) return new Set();
  const out = new Set();
  let section = '';
  for (const line of fs.readFileSync(ini, 'utf8').split(/\r?\n/)) {
    const t = line.trim();
    if (/^\[.*\]$/.test(t)) section = t.toLowerCase();
    else if (section === '[exclusionlist]' && t.startsWith('\\')) out.add(t.toLowerCase());
  }
  return out;
}

const stateFile = (image) => `${image}.standin.json`;
const readState = (image) => (fs.existsSync(stateFile(image)) ? JSON.parse(fs.readFileSync(stateFile(image), 'utf8')) : { images: [] });

/** Replays the transcript (DISM_STANDIN_REPLAY, else `fallback`); returns its exit code. */
async function replay(fallback, image) {
  const name = process.env.DISM_STANDIN_REPLAY ?? fallback;
  const exit = manifest[name].exit;
  const text = fs.readFileSync(path.join(DATA, name), 'utf8');
  // Replay: everything up to the first bar frame, then (maybe) hang, then the rest.
  const bar = text.indexOf('[');
  const cut = bar < 0 ? text.length : text.indexOf('%', bar) + 1 + text.slice(text.indexOf('%', bar) + 1).indexOf(']') + 1;
  process.stdout.write(text.slice(0, cut));
  if (exit !== 0 && process.env.DISM_STANDIN_PARTIAL && image)
    fs.appendFileSync(image, Buffer.alloc(Number(process.env.DISM_STANDIN_PARTIAL), 0x5a));
  if (process.env.DISM_STANDIN_HANG_MS) await sleep(Number(process.env.DISM_STANDIN_HANG_MS));
  process.stdout.write(text.slice(cut));
  return exit;
}

/** Remembers one more image in the file, for /Get-WimInfo and /Get-ImageInfo. */
function remember(image, values) {
  const state = readState(image);
  state.images.push({ name: process.env.DISM_STANDIN_NAME ?? opt('Name'), description: opt('Description') ?? opt('Name'), ...values });
  // A real WIM is left whole (a byte more would be a WIM with trailing garbage); the placeholder grows a line.
  if (process.env.DISM_STANDIN_WIM) fs.copyFileSync(process.env.DISM_STANDIN_WIM, image);
  else fs.appendFileSync(image, Buffer.from(`standin image ${state.images.length}\n`));
  fs.writeFileSync(stateFile(image), JSON.stringify(state));
}

async function capture() {
  const image = opt('ImageFile');
  const exit = await replay('capture-success-19041.txt', image);
  if (exit === 0 && image && !process.env.DISM_STANDIN_NOTHING)
    remember(image, countFiles(opt('CaptureDir'), exclusionsOf(opt('ConfigFile'))));
  return exit;
}

/** /Capture-Ffu: an FFU holds sectors, not files; its "size" is the drive's when the drive is a file here. */
async function captureFfu() {
  const image = opt('ImageFile');
  const exit = await replay('capture-ffu-success-26100.txt', image);
  const drive = opt('CaptureDrive');
  const bytes = drive && fs.existsSync(drive) ? fs.statSync(drive).size : 0;
  if (exit === 0 && image) remember(image, { files: 0, dirs: 0, bytes });
  return exit;
}

function wimInfo() {
  const image = opt('WimFile') ?? opt('ImageFile');
  if (!image || !fs.existsSync(image) || process.env.DISM_STANDIN_LIST_FAILS || (process.env.DISM_STANDIN_INDEX_FAILS && opt('Index'))) {
    process.stdout.write(
      '\r\nDeployment Image Servicing and Management tool\r\nVersion: 10.0.19041.844\r\n\r\n\r\nError: 2\r\n\r\nThe system cannot find the file specified.\r\n\r\n',
    );
    return 2;
  }
  const { images } = readState(image);
  const index = opt('Index');
  const template = fs.readFileSync(path.join(DATA, index ? 'get-wiminfo-index.txt' : 'get-wiminfo-list.txt'), 'utf8').split('\r\n');
  const head = template.slice(
    0,
    template.findIndex((l) => l.startsWith('Index :')),
  );
  const block = template.slice(
    head.length,
    template.findIndex((l, i) => i > head.length && l === ''),
  );
  const chosen = index
    ? [images[Number(index) - 1]].filter(Boolean).map((img) => [Number(index), img])
    : images.map((img, i) => [i + 1, img]);
  const fill = ([i, img]) =>
    block
      .map((l) => {
        const key = l.split(' : ')[0];
        const value = {
          Index: i,
          Name: img.name,
          Description: img.description,
          Size: `${img.bytes.toLocaleString('en-US')} bytes`,
          Directories: img.dirs,
          Files: img.files,
        }[key];
        return value === undefined ? l : `${key} : ${value}`;
      })
      .join('\r\n');
  const details = head.map((l) => (l.startsWith('Details for image') ? `Details for image : ${image}` : l)).join('\r\n');
  process.stdout.write(`${details}\r\n${chosen.map(fill).join('\r\n\r\n')}\r\n\r\nThe operation completed successfully.\r\n`);
  return 0;
}

// No top-level await: the Windows build of this stand-in is a CommonJS bundle (test/support/standin-exe.ts).
async function main() {
  if (has('Capture-Image') || has('Append-Image')) return capture();
  if (has('Capture-Ffu')) return captureFfu();
  if (has('Get-WimInfo') || has('Get-ImageInfo')) return wimInfo();
  process.stdout.write('\r\nError: 87\r\n\r\nThe option is unknown to this stand-in.\r\n');
  return 87;
}
// DISM exits with Win32 codes or HRESULTs (0xC1420117): on Windows the whole 32 bits reach the caller;
// POSIX keeps only the low 8.
void main().then((code) => {
  process.exitCode = code > 0x7fffffff ? code - 0x100000000 : code;
});
