// Test helper: build a volume folder laid out as Windows would, and fingerprint it (read-only tests).
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runChecks } from '../../src/checks/registry';
import { buildWindowsVolume, type InstallationSpec, type VolumeSpec } from '../../src/sample/windows-volume';
import { inspectInstallation } from '../../src/windows/installation';
import { VolumeFs } from '../../src/windows/volume-fs';

const made: string[] = [];

/** Files keyed by volume-relative path with '/' (the case given is the case on disk). */
export function makeVolume(files: Record<string, string | Uint8Array | null>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'preflight-vol-'));
  made.push(root);
  for (const [rel, content] of Object.entries(files)) {
    const abs = path.join(root, ...rel.split('/'));
    if (content === null) {
      fs.mkdirSync(abs, { recursive: true });
      continue;
    }
    fs.mkdirSync(path.dirname(abs), { recursive: true });
    fs.writeFileSync(abs, content);
  }
  return root;
}

export function cleanupVolumes(): void {
  while (made.length > 0) fs.rmSync(made.pop()!, { recursive: true, force: true });
}

export function utf16le(text: string, bom = true): Buffer {
  const body = Buffer.from(text, 'utf16le');
  return bom ? Buffer.concat([Buffer.from([0xff, 0xfe]), body]) : body;
}

export function utf16be(text: string): Buffer {
  const le = Buffer.from(text, 'utf16le');
  const be = Buffer.alloc(le.length);
  for (let i = 0; i < le.length; i += 2) {
    be[i] = le[i + 1];
    be[i + 1] = le[i];
  }
  return Buffer.concat([Buffer.from([0xfe, 0xff]), be]);
}

export function utf8bom(text: string): Buffer {
  return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);
}

/** Deterministic pseudo-random bytes (binary garbage for robustness tests). */
export function garbage(n: number, seed = 1): Buffer {
  const b = Buffer.alloc(n);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    b[i] = x & 0xff;
  }
  return b;
}

/** Every entry under root: relative path → "dir" or sha256 + size + mtime. */
export function fingerprint(root: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (dir: string) => {
    for (const name of fs.readdirSync(dir).sort()) {
      const abs = path.join(dir, name);
      const rel = path.relative(root, abs);
      const st = fs.lstatSync(abs);
      if (st.isDirectory()) {
        out.set(rel, `dir mtime=${st.mtimeMs}`);
        walk(abs);
      } else {
        const hash = createHash('sha256').update(fs.readFileSync(abs)).digest('hex');
        out.set(rel, `${hash} size=${st.size} mtime=${st.mtimeMs} mode=${st.mode}`);
      }
    }
  };
  walk(root);
  return out;
}

/** The shared corpus (PREFLIGHT_CORPUS overrides), or null when it is not there. */
export function corpusDir(): string | null {
  const dir = process.env.PREFLIGHT_CORPUS ?? fileURLToPath(new URL('../../../shared/corpus/', import.meta.url));
  return fs.existsSync(dir) ? dir : null;
}

/**
 * A volume built with the project's builder (one installation, Fast Startup off unless the spec says), read by
 * the real extractors and judged by every check. Removed by cleanupVolumes().
 */
export function buildAndInspect(installation: InstallationSpec, volume: Partial<VolumeSpec> = {}) {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'preflight-built-'));
  made.push(root);
  buildWindowsVolume(root, { ...volume, installations: [{ hiberboot: 0, ...installation }] });
  const facts = inspectInstallation(new VolumeFs(root), root, 'Windows');
  const results = runChecks([facts], []);
  const findings = results.perInstallation.get(facts.id)!;
  return { root, facts, findings, ids: findings.map((f) => `${f.id}:${f.severity}`), verdict: results.verdict };
}
