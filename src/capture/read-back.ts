// The capture read back by preflight's own WIM reader (src/wim) and judged again by the pipeline `check`
// runs (src/inspect): a capture is finished only when the image it produced holds, at its root, the Windows
// the gate checked. The engine's own read-back (verify.ts) says the file lists an image of that name; this
// says what is in it:
//   - each installation the gate judged is at the same folder directly under the image's root (a wrong
//     capture root puts it one level down, `\vol\Windows`, or nowhere), with the same machine SID, the same
//     generalization state and ImageState (registry and State.ini), and the same build;
//   - the image's verdict is no worse than the gate's (rule at verdictProblem);
//   - the image carries NTFS security descriptors, and the root, each Windows folder and its hive files
//     have one: an image without them (wimlib's directory capture on Linux, UNIX mode) does not deploy as
//     that Windows, so it does not verify.
// Bounded: the reader reads the header, XML, blob table and this image's metadata, then the hives and files
// the checks read (lazily, chunk by chunk) — not the image's file data. Only --verify reads every blob of
// the image whole, checking each against its SHA-1, a piece at a time (memory stays one piece).
import { createHash } from 'node:crypto';
import { verdictOf, worstVerdict } from '../checks/registry';
import type { Verdict } from '../checks/types';
import { inspectOpenImage } from '../inspect/open-image';
import type { Report, ReportFinding, ReportInstallation } from '../report/model';
import type { GeneralizationState } from '../windows/facts';
import { upcaseName } from '../windows/volume-fs';
import { Wim, WimError, type WimNode } from '../wim';
import { ZERO_HASH } from '../wim/blob-table';
import { NO_SECURITY_ID } from '../wim/dentry';
import { type GateOutcome, volumeFindings } from './gate';

/** One installation found directly under the image's root, as the image's report says it. */
export interface ReadBackInstallation {
  /** Its folder under the image's root, e.g. `Windows`. */
  windowsDir: string;
  productName: string | null;
  build: number | null;
  generalization: GeneralizationState;
  /** ImageState in the SOFTWARE hive, and in Windows\Setup\State\State.ini. */
  imageState: string | null;
  imageStateFile: string | null;
  machineSid: string | null;
  verdict: Verdict;
}

/** What preflight read back from the image it captured: `verification.readBack` in the capture record. */
export interface ReadBack {
  ok: boolean;
  problems: string[];
  /** The file and the image index read. */
  image: string;
  index: number;
  installations: ReadBackInstallation[];
  /** Windows folders found one level below the root instead (`vol\Windows`: the capture's root was wrong). */
  misplaced: string[];
  /** The image's verdict (its installations' and cross-installation findings, as the gate's), and the gate's. */
  verdict: Verdict | null;
  gateVerdict: Verdict;
  /** Ids of the image's warning and blocking findings. */
  findings: string[];
  securityDescriptors: number;
  /** Paths in the image (root, Windows folders, hive files) whose security id was checked, and those without one. */
  securityChecked: string[];
  withoutSecurity: string[];
  /** --verify: every blob of the image read whole and checked against its SHA-1; null when not asked. */
  blobs: { count: number; of: number; bytes: number } | null;
  /** What was verified, in one line for people (the text output, the guided result screen, the HTML, the log). */
  summary: string;
}

export interface ReadBackInput {
  file: string;
  index: number;
  gate: GateOutcome;
  toolVersion: string;
  /** --verify: also read every blob of the image and check its SHA-1. */
  hashBlobs: boolean;
  /** Stops the read-back as Ctrl+C does (the guided run reads Ctrl+C as a key); it then does not verify. */
  abort?: AbortSignal;
}

/** The hive files whose security descriptor is checked (those the image holds). */
const HIVES = ['SYSTEM', 'SOFTWARE', 'SAM', 'SECURITY', 'DEFAULT'];
/** A blob is hashed this many bytes at a time; the event loop turns between pieces (Ctrl+C stays live). */
const PIECE = 4 * 1024 * 1024;
/** As while the engine runs (run-engine.ts): these end the read-back, which then does not verify (exit 3). */
const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/** Why the read-back was stopped (Ctrl+C, a stop signal, the caller's abort), or null while it may go on. */
interface Stop {
  why: string | null;
}

export async function readBack(input: ReadBackInput): Promise<ReadBack> {
  try {
    return await readBackOrThrow(input);
  } catch (e) {
    // Whatever else went wrong (a hive error the pipeline let through, a bug): the image was written and is
    // kept, so the capture must still end with its record and exit 3, not as an internal error without one.
    return finish({ ...emptyReadBack(input), problems: [`preflight could not read the image back: ${(e as Error).message}`] }, false);
  }
}

function emptyReadBack(input: ReadBackInput): ReadBack {
  return {
    ok: false,
    problems: [],
    image: input.file,
    index: input.index,
    installations: [],
    misplaced: [],
    verdict: null,
    gateVerdict: input.gate.verdict,
    findings: [],
    securityDescriptors: 0,
    securityChecked: [],
    withoutSecurity: [],
    blobs: null,
    summary: '',
  };
}

async function readBackOrThrow(input: ReadBackInput): Promise<ReadBack> {
  const rb = emptyReadBack(input);
  let wim: Wim;
  try {
    wim = Wim.open(input.file);
  } catch (e) {
    if (!(e instanceof WimError)) throw e;
    rb.problems.push(`preflight cannot read ${input.file} as a WIM: ${e.reason}`);
    return finish(rb, false);
  }
  // Ctrl+C and the stop signals end a long read-back (--verify reads every blob) as they end the engine:
  // the capture then fails (exit 3) and the image is kept, rather than the process dying without a record.
  const stop: Stop = { why: null };
  const onSignal = (signal: NodeJS.Signals) => {
    stop.why = signal === 'SIGINT' ? 'Ctrl+C' : signal;
  };
  const onAbort = () => {
    stop.why = 'stopped';
  };
  for (const s of STOP_SIGNALS) process.on(s, onSignal);
  input.abort?.addEventListener('abort', onAbort);
  if (input.abort?.aborted) onAbort();
  let opened = true;
  try {
    await judge(wim, input, rb, stop);
    // A signal that came while the reading was synchronous is handled now, before the listeners go.
    await new Promise((resolve) => setImmediate(resolve));
  } catch (e) {
    // The image's own structures (metadata, blob table) are damaged: that is a finding about the image.
    if (!(e instanceof WimError)) throw e;
    rb.problems.push(`image ${input.index} of ${input.file} cannot be read: ${e.message}`);
    // Not "holds no Windows, 0 security descriptors": nothing of it was read.
    opened = rb.securityDescriptors > 0 || rb.installations.length > 0;
  } finally {
    for (const s of STOP_SIGNALS) process.off(s, onSignal);
    input.abort?.removeEventListener('abort', onAbort);
    wim.close();
  }
  if (stop.why !== null) rb.problems.push(`interrupted (${stop.why}): the read-back was stopped before it ended`);
  return finish(rb, opened);
}

async function judge(wim: Wim, input: ReadBackInput, rb: ReadBack, stop: Stop): Promise<void> {
  const parsed = wim.image(input.index);
  // The whole tree, before anything is judged: an image just written is read back in full (its metadata
  // resource's SHA-1 checked, every directory parsed), and damage anywhere in it fails the read-back as an
  // image that cannot be read (check reads and parses only what it looks up).
  parsed.parseAll();
  rb.securityDescriptors = parsed.security.descriptors.length;
  const { report, withoutWindows } = inspectOpenImage(wim, input.index, input.gate.report.host, input.toolVersion);
  for (const u of report.unreadableVolumes) rb.problems.push(`the image cannot be judged: ${u.detail}`);
  rb.installations = report.installations.map(installationOf);
  if (withoutWindows) rb.misplaced = windowsOneLevelDown(parsed.root);

  compareInstallations(input.gate, report, rb);
  const findings = volumeFindings(report);
  rb.verdict = report.installations.length > 0 || report.unreadableVolumes.length > 0 ? verdictOf(findings) : null;
  rb.findings = findings.filter((f) => f.severity !== 'info').map((f) => f.id);
  // No verdict (no Windows and nothing unreadable in the image): compareInstallations says so.
  const worse = rb.verdict === null ? null : verdictProblem(input.gate, rb.verdict, findings);
  if (worse) rb.problems.push(worse);

  checkSecurity(
    parsed.root,
    parsed.security.descriptors.length,
    report.installations.map((i) => i.windowsDir),
    rb,
  );
  if (input.hashBlobs) rb.blobs = await hashBlobs(wim, parsed.root, rb.problems, stop);
}

function installationOf(i: ReportInstallation): ReadBackInstallation {
  return {
    windowsDir: i.windowsDir,
    productName: i.os.productName,
    build: i.os.build,
    generalization: i.generalization.state,
    imageState: i.generalization.imageStateRegistry,
    imageStateFile: i.generalization.imageStateFile,
    machineSid: i.machineSid,
    verdict: i.verdict,
  };
}

const same = (a: string | null, b: string | null) => (a ?? '').toUpperCase() === (b ?? '').toUpperCase();
const shown = (v: string | number | null) => (v === null ? 'none' : String(v));

/** Each installation of the gate's volume must be at the same folder of the image's root, and be the same Windows. */
function compareInstallations(gate: GateOutcome, report: Report, rb: ReadBack): void {
  if (report.installations.length === 0 && gate.report.installations.length === 0)
    rb.problems.push('the image holds no Windows at its root');
  const found = new Map(report.installations.map((i) => [upcaseName(i.windowsDir), i]));
  for (const g of gate.report.installations) {
    const i = found.get(upcaseName(g.windowsDir));
    found.delete(upcaseName(g.windowsDir));
    if (!i) {
      const elsewhere = rb.misplaced.length
        ? `; Windows is at ${rb.misplaced.map((m) => `\\${m}`).join(', ')} instead (the capture's root is wrong)`
        : '';
      rb.problems.push(`the image holds no Windows at \\${g.windowsDir} of its root, where the gate checked one${elsewhere}`);
      continue;
    }
    const at = `\\${g.windowsDir}`;
    if (!same(i.machineSid, g.machineSid))
      rb.problems.push(`${at}: machine SID ${shown(i.machineSid)} in the image, ${shown(g.machineSid)} at the gate (another Windows)`);
    if (i.generalization.state !== g.generalization.state)
      rb.problems.push(`${at}: ${i.generalization.state} in the image, ${g.generalization.state} at the gate`);
    if (!same(i.generalization.imageStateRegistry, g.generalization.imageStateRegistry))
      rb.problems.push(
        `${at}: ImageState ${shown(i.generalization.imageStateRegistry)} in the image, ${shown(g.generalization.imageStateRegistry)} at the gate`,
      );
    if (!same(i.generalization.imageStateFile, g.generalization.imageStateFile))
      rb.problems.push(
        `${at}: State.ini ImageState ${shown(i.generalization.imageStateFile)} in the image, ${shown(g.generalization.imageStateFile)} at the gate`,
      );
    if (i.os.build !== g.os.build) rb.problems.push(`${at}: build ${shown(i.os.build)} in the image, ${shown(g.os.build)} at the gate`);
    // Two unknowns are not a match: with neither the machine SID nor the build read, nothing shows that the
    // image holds the Windows the gate checked (a forced capture of unreadable hives).
    if (g.machineSid === null && g.os.build === null && i.machineSid === null && i.os.build === null)
      rb.problems.push(
        `${at}: neither the machine SID nor the build could be read, at the gate or in the image: not shown to be the same Windows`,
      );
  }
  for (const extra of found.values()) rb.problems.push(`the image holds a Windows at \\${extra.windowsDir} that the gate did not check`);
}

/**
 * The rule: the image's verdict, from the same findings the gate judges a volume on (gate.ts
 * volumeFindings), may not rank above the gate's (ready < warnings < blocked). Better is accepted: facts an
 * image cannot carry (BitLocker, the place on a disk, a live hiberfil.sys the exclusions leave out) are
 * 'not-applicable' in the image and their checks stay silent there (docs/wim-reader.md), so a finding on
 * them at the gate disappears without the capture having hidden anything — and the gate's verdict, not the
 * image's, is what the capture was allowed on. Those checks cannot make the image worse either, as they do
 * not fire. Worse means the image holds something the volume did not (another or a damaged Windows, an
 * engine's XML that lies about the edition: IMG001): the problem names the findings that were not at the
 * gate.
 */
function verdictProblem(gate: GateOutcome, image: Verdict, imageFindings: ReportFinding[]): string | null {
  // A finding the gate did not have (or had milder) is something the image holds that the volume did not,
  // even under an equal verdict: a forced capture's gate is BLOCKED already, and a new block must not hide
  // behind it.
  const rank = { info: 0, warn: 1, block: 2 } as const;
  const atGate = new Map<string, number>();
  for (const f of volumeFindings(gate.report)) atGate.set(f.id, Math.max(atGate.get(f.id) ?? -1, rank[f.severity]));
  const fresh = imageFindings.filter((f) => f.severity !== 'info' && (atGate.get(f.id) ?? -1) < rank[f.severity]);
  const named = [...new Set(fresh.map((f) => `${f.id} ${f.title}`))].join('; ');
  if (worstVerdict([image, gate.verdict]) !== gate.verdict)
    return `the image's verdict is ${image.toUpperCase()}, worse than the gate's ${gate.verdict.toUpperCase()}: ${named || 'findings differ'}`;
  return fresh.length > 0 ? `the image has findings the gate did not: ${named}` : null;
}

/** A child of `dir` by name, case-insensitively as on NTFS. */
function child(dir: WimNode, name: string): WimNode | null {
  const want = upcaseName(name);
  return dir.children?.find((c) => c.name === name) ?? dir.children?.find((c) => upcaseName(c.name) === want) ?? null;
}

function at(root: WimNode, path: string[]): WimNode | null {
  let n: WimNode | null = root;
  for (const p of path) n = n ? child(n, p) : null;
  return n;
}

/** `X\Windows` for each folder X of the root holding a Windows (System32\config\SYSTEM): a capture of the parent. */
function windowsOneLevelDown(root: WimNode): string[] {
  const out: string[] = [];
  for (const dir of root.children ?? []) {
    if (!dir.children) continue;
    for (const w of dir.children) if (w.children && at(w, ['System32', 'config', 'SYSTEM'])) out.push(`${dir.name}\\${w.name}`);
  }
  return out;
}

/** The root, each Windows folder and its hive files must point at one of the image's security descriptors. */
function checkSecurity(root: WimNode, descriptors: number, windowsDirs: string[], rb: ReadBack): void {
  const checked: [string, WimNode][] = [['\\', root]];
  for (const w of windowsDirs) {
    const dir = at(root, [w]);
    if (dir) checked.push([`\\${w}`, dir]);
    for (const h of HIVES) {
      const hive = at(root, [w, 'System32', 'config', h]);
      if (hive) checked.push([`\\${w}\\System32\\config\\${h}`, hive]);
    }
  }
  rb.securityChecked = checked.map(([p]) => p);
  rb.withoutSecurity = checked.filter(([, n]) => n.securityId === NO_SECURITY_ID || n.securityId >= descriptors).map(([p]) => p);
  if (descriptors === 0) {
    rb.problems.push(
      "the image holds no NTFS security descriptors (no ACLs: a directory capture such as wimlib's on Linux); applied, it will not be this Windows",
    );
  } else if (rb.withoutSecurity.length > 0) {
    rb.problems.push(`no security descriptor for ${rb.withoutSecurity.join(', ')}`);
  }
}

/** --verify: every blob the image refers to, read whole a piece at a time and checked against its SHA-1. */
async function hashBlobs(wim: Wim, root: WimNode, problems: string[], stop: Stop): Promise<NonNullable<ReadBack['blobs']>> {
  const hashes = new Set<string>();
  const stack = [root];
  while (stack.length > 0) {
    const n = stack.pop()!;
    for (const h of [n.dataHash, n.reparse?.hash ?? ZERO_HASH, ...n.namedStreams.map((s) => s.hash)]) if (h !== ZERO_HASH) hashes.add(h);
    // One at a time: a spread of a directory of 150,000 entries overflows the call stack.
    if (n.children) for (const c of n.children) stack.push(c);
  }
  let bytes = 0;
  let count = 0;
  const bad: string[] = [];
  blobs: for (const hash of hashes) {
    try {
      const r = wim.openBlob(hash);
      const sha = createHash('sha1');
      for (let p = 0; p < r.size; p += PIECE) {
        sha.update(r.read(p, Math.min(PIECE, r.size - p)));
        await new Promise((resolve) => setImmediate(resolve));
        // Stopped: what was checked so far is said as such, with any mismatch already found.
        if (stop.why !== null) break blobs;
      }
      bytes += r.size;
      count++;
      const got = sha.digest('hex');
      if (got !== hash) bad.push(`blob ${hash}: SHA-1 of its ${r.size} bytes is ${got}`);
    } catch (e) {
      if (!(e instanceof WimError)) throw e;
      bad.push(`blob ${hash}: ${e.reason}`);
    }
  }
  if (bad.length > 0)
    problems.push(
      `${bad.length} of ${hashes.size} blobs do not match their SHA-1: ${bad.slice(0, 3).join('; ')}${bad.length > 3 ? '; ...' : ''}`,
    );
  return { count, of: hashes.size, bytes };
}

function finish(rb: ReadBack, opened: boolean): ReadBack {
  rb.ok = rb.problems.length === 0;
  rb.summary = opened ? summaryOf(rb) : `Read back: image ${rb.index} of ${rb.image}: ${rb.problems[0]}`;
  return rb;
}

/** `Read back: image 1 of D:\out.wim holds Windows 11 Pro build 26100 at \Windows of its root, generalized (…), SID …, verdict READY, 312 security descriptors`. */
function summaryOf(rb: ReadBack): string {
  const head = `Read back: image ${rb.index} of ${rb.image}`;
  const windows =
    rb.installations.length > 0
      ? rb.installations
          .map(
            (i) =>
              `${i.productName ?? 'Windows'} build ${shown(i.build)} at \\${i.windowsDir} of its root, ${i.generalization}${i.imageState ? ` (${i.imageState})` : ''}, SID ${shown(i.machineSid)}`,
          )
          .join('; and ')
      : `no Windows at its root${rb.misplaced.length ? ` (found at ${rb.misplaced.map((m) => `\\${m}`).join(', ')})` : ''}`;
  const verdict = rb.verdict === null ? '' : `, verdict ${rb.verdict.toUpperCase()} (check said ${rb.gateVerdict.toUpperCase()})`;
  const hashed =
    rb.blobs === null
      ? ''
      : rb.blobs.count === rb.blobs.of
        ? `; every blob's SHA-1 checked (${rb.blobs.count} blobs, ${rb.blobs.bytes} bytes)`
        : `; SHA-1 checked for ${rb.blobs.count} of ${rb.blobs.of} blobs (${rb.blobs.bytes} bytes) before it stopped`;
  return `${head} holds ${windows}${verdict}, ${rb.securityDescriptors} security descriptors${hashed}`;
}
