// Answer files left on the volume (domain.md §7).
//
// Where Windows Setup looks, with the precedence numbers of §7.1 (1 = wins):
//   1  the registry pointer HKLM\SYSTEM\Setup\UnattendFile (read from the hive by the caller)
//   2  %WINDIR%\Panther\Unattend\Unattend.xml | Autounattend.xml  (embedded; replaces the cached file)
//   3  %WINDIR%\Panther\Unattend.xml | Autounattend.xml           (cached, annotated by Setup)
//   6  %WINDIR%\System32\Sysprep\Unattend.xml | Autounattend.xml  (passes other than windowsPE/offlineServicing)
//   7  %SYSTEMDRIVE%\Unattend.xml | Autounattend.xml              (the volume root)
// (4, 5 and 8 are removable media and the setup source: not on the inspected volume.)
//
// What is extracted (§7.2, §7.3): the passes present; Microsoft-Windows-PnpSysprep
// PersistAllDeviceInstalls / DoNotCleanUpNonPresentDevices; Microsoft-Windows-Deployment Reseal Mode;
// SkipRearm of Microsoft-Windows-Security-SPP (Vista: -Licensing-SLC); and every secret an image would
// carry: passwords (clear text, or base64 "PlainText=false" which is only obfuscation) and product keys.
// The secret's value never leaves this module — only where it is.
//
// Element names are matched namespace-agnostically (prefixes removed, `wcm:action` etc. ignored).
// A file that is not XML gives `parseError`, never a throw. Comments are not content: a commented-out
// <Key> is not a product key.

import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { AnswerFileFact, Evidence, UnattendFacts } from './facts';
import { FileTooLargeError, VolumeFs, errText, splitRelative } from './volume-fs';
import { decodeText } from './text-decode';

/** Real answer files are tens of KB; refuse to parse anything absurd. */
export const ANSWER_FILE_MAX = 4 * 1024 * 1024;
/**
 * Tags (`<` signs) an answer file may hold before it is refused unparsed: real ones hold
 * hundreds, and the parser's tree costs ~150 bytes per element, so this bounds its memory to a few MB.
 */
export const ANSWER_FILE_MAX_TAGS = 20_000;
/** A parse error names what is wrong, not the whole file (the validator's message can carry every open tag). */
const PARSE_ERROR_CAP = 300;

export interface AnswerFileCandidate {
  /** Volume-relative path (backslashes, as Windows names it). */
  path: string;
  precedence: number;
  location: string;
}

export const REGISTRY_POINTER_LOCATION = 'registry pointer (HKLM\\SYSTEM\\Setup\\UnattendFile)';

/** The implicit search locations of §7.1 on this volume, in precedence order. */
export function answerFileCandidates(windowsDir = 'Windows'): AnswerFileCandidate[] {
  const names = ['Unattend.xml', 'Autounattend.xml'];
  const places: [string, number, string][] = [
    [`${windowsDir}\\Panther\\Unattend`, 2, 'embedded answer file (%WINDIR%\\Panther\\Unattend)'],
    [`${windowsDir}\\Panther`, 3, 'cached answer file (%WINDIR%\\Panther)'],
    [`${windowsDir}\\System32\\Sysprep`, 6, 'Sysprep folder (%WINDIR%\\System32\\Sysprep)'],
    ['', 7, 'system drive root (%SYSTEMDRIVE%)'],
  ];
  return places.flatMap(([dir, precedence, location]) =>
    names.map((n) => ({ path: dir === '' ? n : `${dir}\\${n}`, precedence, location })),
  );
}

/**
 * Map the registry pointer (a path of the *installed* OS, e.g. `C:\Windows\Panther\unattend.xml`,
 * `%WINDIR%\Panther\unattend.xml`, `\??\C:\…`) onto this volume. The drive letter is dropped: the
 * pointer names the OS's own system drive, which is the volume being inspected (an assumption: a
 * pointer to another drive of the installed OS would be looked up here too — UNCONFIRMED that Setup
 * ever writes one). UNC and relative paths cannot be mapped → null.
 */
export function mapRegistryPointer(pointer: string, windowsDir = 'Windows'): string | null {
  let p = pointer.trim().replace(/^"(.*)"$/, '$1');
  if (p === '') return null;
  p = p.replace(/^\\\?\?\\/, '').replace(/^\\\\\?\\/, '');
  p = p.replace(/%(SystemRoot|WinDir)%/gi, `\\${windowsDir}`).replace(/%SystemDrive%/gi, '');
  if (p.startsWith('\\\\')) return null; // UNC
  if (/%[^%]+%/.test(p)) return null; // another environment variable
  const drive = /^[A-Za-z]:(.*)$/.exec(p);
  if (drive) p = drive[1];
  else if (!p.startsWith('\\') && !p.startsWith('/')) return null; // relative to an unknown directory
  const parts = splitRelative(p);
  if (parts === null || parts.length === 0) return null;
  return parts.join('\\');
}

// ---------------------------------------------------------------------------------------------------
// XML → a small element tree.

interface XNode {
  name: string;
  attrs: Record<string, string>;
  /** Direct text content (all text children joined, trimmed). */
  text: string;
  children: XNode[];
}

type OrderedEntry = Record<string, unknown>;

function toTree(entries: unknown): XNode[] {
  if (!Array.isArray(entries)) return [];
  const out: XNode[] = [];
  for (const e of entries as OrderedEntry[]) {
    if (!e || typeof e !== 'object') continue;
    const name = Object.keys(e).find((k) => k !== ':@');
    if (!name || name === '#text' || name.startsWith('?')) continue;
    const rawAttrs = (e[':@'] ?? {}) as Record<string, unknown>;
    const attrs: Record<string, string> = {};
    for (const [k, v] of Object.entries(rawAttrs)) attrs[k] = String(v);
    const body = e[name];
    const texts: string[] = [];
    if (Array.isArray(body))
      for (const c of body as OrderedEntry[]) if (c && typeof c === 'object' && '#text' in c) texts.push(String(c['#text']));
    out.push({ name: localName(name), attrs, text: texts.join(' ').trim(), children: toTree(body) });
  }
  return out;
}

function localName(n: string): string {
  const i = n.indexOf(':');
  return i >= 0 ? n.slice(i + 1) : n;
}

const eq = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();
const child = (n: XNode, name: string) => n.children.find((c) => eq(c.name, name));
const attr = (n: XNode, name: string): string | null => {
  for (const [k, v] of Object.entries(n.attrs)) if (eq(localName(k), name)) return v;
  return null;
};

function parseBool(s: string | undefined): boolean | null {
  const v = s?.trim().toLowerCase();
  return v === 'true' ? true : v === 'false' ? false : null;
}

// ---------------------------------------------------------------------------------------------------
// Secrets (§7.1 "Preflight checks that follow": plaintext <Password>/<AdministratorPassword>/<ProductKey>/
// domain-join credentials).

type Secret = AnswerFileFact['clearTextSecrets'][number];

/** Password-like element names: Password, AdministratorPassword, MachinePassword, OfflineAdministratorPassword… */
const PASSWORD_NAME = /password$/i;

/**
 * What Windows Setup writes over a secret when it caches an answer file in %WINDIR%\Panther (the
 * "annotated" copy): the secret is gone, so this is not one. Seen in cached answer files published by
 * practitioners, e.g. <Value>*SENSITIVE*DATA*DELETED*</Value>.
 */
export const SENSITIVE_DATA_DELETED = '*SENSITIVE*DATA*DELETED*';
const isSecretText = (text: string): boolean => text !== '' && text.trim() !== SENSITIVE_DATA_DELETED;

function findSecrets(node: XNode, trail: string[], pass: string | null, component: string | null, out: Secret[]): void {
  const here = [...trail, node.name];
  const where = here.join('/');
  if (PASSWORD_NAME.test(node.name)) {
    const value = child(node, 'Value');
    if (value) {
      if (isSecretText(value.text)) {
        const plain = child(node, 'PlainText');
        // PlainText=false: base64 of UTF-16LE(password + element name) as WSIM writes it (practitioner-known) —
        // obfuscation, trivially reversible.
        // PlainText absent: treated as clear text (the schema default is UNCONFIRMED here; err on reporting).
        const obfuscated = plain !== undefined && parseBool(plain.text) === false;
        out.push({ element: obfuscated ? `${where} (obfuscated, reversible)` : where, pass, component });
      }
      return;
    }
    // <Credentials><Password>secret</Password>, <MachinePassword>secret</MachinePassword>
    if (node.children.length === 0 && isSecretText(node.text) && parseBool(node.text) === null) {
      out.push({ element: where, pass, component });
    }
    return;
  }
  if (eq(node.name, 'ProductKey')) {
    // <ProductKey>XXXXX-…</ProductKey> (Shell-Setup) or <ProductKey><Key>XXXXX-…</Key></ProductKey> (Setup)
    if (isSecretText(node.text)) out.push({ element: where, pass, component });
    else if (node.text === '' && isSecretText(child(node, 'Key')?.text ?? '')) out.push({ element: `${where}/Key`, pass, component });
    return;
  }
  for (const c of node.children) findSecrets(c, here, pass, component, out);
}

// ---------------------------------------------------------------------------------------------------

const PARSER = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  removeNSPrefix: true,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
  processEntities: { enabled: true, maxEntityCount: 20, maxTotalExpansions: 200, maxExpandedLength: 100_000 },
});

/** An answer file before its settings are read: every setting unknown (null), no pass, no secret. */
export function emptyAnswerFile(
  where: Pick<AnswerFileCandidate, 'path' | 'precedence' | 'location'>,
  parseError: string | null,
): AnswerFileFact {
  return {
    path: where.path,
    precedence: where.precedence,
    location: where.location,
    parseError,
    passes: [],
    persistAllDeviceInstalls: null,
    doNotCleanUpNonPresentDevices: null,
    resealMode: null,
    resealForceShutdownNow: null,
    copyProfile: null,
    generalizePassComponents: [],
    generalize: null,
    skipRearm: null,
    clearTextSecrets: [],
  };
}

/** How often `needle` occurs in `text`, counting no further than `limit` + 1. */
function countOf(text: string, needle: string, limit: number): number {
  let n = 0;
  for (let i = text.indexOf(needle); i >= 0 && n <= limit; i = text.indexOf(needle, i + 1)) n++;
  return n;
}

function capText(t: string): string {
  return t.length > PARSE_ERROR_CAP ? `${t.slice(0, PARSE_ERROR_CAP)}… (${t.length} characters)` : t;
}

/** Parse one answer file's bytes. Never throws. */
export function parseAnswerFile(data: Uint8Array | string, where: AnswerFileCandidate): AnswerFileFact {
  let text: string;
  if (typeof data === 'string') text = data.replace(/^\uFEFF/, '');
  else {
    if (data.length === 0) return emptyAnswerFile(where, 'empty file');
    text = decodeText(data).text;
  }
  if (text.trim() === '') return emptyAnswerFile(where, 'empty file');

  const tags = countOf(text, '<', ANSWER_FILE_MAX_TAGS);
  if (tags > ANSWER_FILE_MAX_TAGS) {
    return emptyAnswerFile(where, `too many tags to be an answer file (more than ${ANSWER_FILE_MAX_TAGS}); not parsed`);
  }
  let roots: XNode[];
  try {
    const valid = XMLValidator.validate(text);
    if (valid !== true) {
      const err = valid.err;
      return emptyAnswerFile(
        where,
        `not well-formed XML: ${capText(err.msg)} (line ${err.line}${err.col !== undefined ? `, column ${err.col}` : ''})`,
      );
    }
    roots = toTree(PARSER.parse(text));
  } catch (e) {
    return emptyAnswerFile(where, `not parseable as XML: ${capText(errText(e))}`);
  }
  const root = roots[0];
  if (!root || !eq(root.name, 'unattend')) return emptyAnswerFile(where, `root element is <${root?.name ?? '?'}>, not <unattend>`);

  const fact = emptyAnswerFile(where, null);
  const secrets: Secret[] = [];
  // Sets beside the arrays: `includes` on a growing array is quadratic in a hostile file's size.
  const passes = new Set<string>();
  const generalizeComponents = new Set<string>();
  for (const settings of root.children.filter((c) => eq(c.name, 'settings'))) {
    const pass = attr(settings, 'pass');
    if (pass && !passes.has(pass)) {
      passes.add(pass);
      fact.passes.push(pass);
    }
    for (const comp of settings.children.filter((c) => eq(c.name, 'component'))) {
      const name = attr(comp, 'name');
      const n = name?.toLowerCase() ?? '';
      if (name && pass?.toLowerCase() === 'generalize' && !generalizeComponents.has(name)) {
        generalizeComponents.add(name);
        fact.generalizePassComponents.push(name);
      }
      if (n === 'microsoft-windows-pnpsysprep') {
        const persist = parseBool(child(comp, 'PersistAllDeviceInstalls')?.text);
        if (persist !== null && fact.persistAllDeviceInstalls !== true) fact.persistAllDeviceInstalls = persist;
        const keep = parseBool(child(comp, 'DoNotCleanUpNonPresentDevices')?.text);
        if (keep !== null && fact.doNotCleanUpNonPresentDevices !== true) fact.doNotCleanUpNonPresentDevices = keep;
      }
      const generalize = n === 'microsoft-windows-deployment' ? child(comp, 'Generalize') : undefined;
      if (generalize && fact.generalize === null) {
        const mode = child(generalize, 'Mode')?.text;
        fact.generalize = { mode: mode ? mode : null, forceShutdownNow: parseBool(child(generalize, 'ForceShutdownNow')?.text) };
      }
      if (n === 'microsoft-windows-deployment' && fact.resealMode === null) {
        const reseal = child(comp, 'Reseal');
        const mode = reseal ? child(reseal, 'Mode') : undefined;
        // "Mode (pass)", e.g. "Audit (oobeSystem)": Reseal's meaning depends on the pass (§7.3).
        if (mode && mode.text !== '') {
          fact.resealMode = `${mode.text} (${pass ?? 'no pass'})`;
          fact.resealForceShutdownNow = parseBool(reseal ? child(reseal, 'ForceShutdownNow')?.text : undefined);
        }
      }
      if (n === 'microsoft-windows-shell-setup' && fact.copyProfile !== true) {
        const copy = parseBool(child(comp, 'CopyProfile')?.text);
        if (copy !== null) fact.copyProfile = copy;
      }
      if (n === 'microsoft-windows-security-spp' || n === 'microsoft-windows-security-licensing-slc') {
        const raw = child(comp, 'SkipRearm')?.text;
        if (raw !== undefined && /^\d+$/.test(raw.trim())) {
          const v = Number(raw.trim());
          fact.skipRearm = fact.skipRearm === null ? v : Math.max(fact.skipRearm, v);
        }
      }
      for (const c of comp.children) findSecrets(c, [], pass, name, secrets);
    }
  }
  fact.clearTextSecrets = secrets;
  return fact;
}

/** Every answer file the volume holds in the places of §7.1 (plus the registry pointer's target). */
export function findAnswerFiles(vol: VolumeFs, windowsDir = 'Windows', registryPointer: string | null = null): UnattendFacts {
  const evidence: Evidence[] = [];
  const files: AnswerFileFact[] = [];
  const seen = new Set<string>();

  const candidates: AnswerFileCandidate[] = [];
  if (registryPointer !== null && registryPointer.trim() !== '') {
    evidence.push({ source: 'registry', hive: 'SYSTEM', key: 'Setup', value: 'UnattendFile', data: registryPointer });
    const mapped = mapRegistryPointer(registryPointer, windowsDir);
    if (mapped === null) {
      evidence.push({
        source: 'file',
        path: registryPointer,
        detail: 'registry pointer cannot be mapped onto this volume (UNC, relative or unknown variable)',
      });
    } else {
      candidates.push({ path: mapped, precedence: 1, location: REGISTRY_POINTER_LOCATION });
    }
  }
  candidates.push(...answerFileCandidates(windowsDir));

  for (const cand of candidates) {
    const abs = vol.resolve(cand.path);
    if (abs === null || !vol.isFile(cand.path)) {
      if (cand.precedence === 1)
        evidence.push({ source: 'file', path: vol.displayPath(cand.path), detail: 'registry pointer target not present on this volume' });
      continue;
    }
    if (seen.has(abs)) continue; // the pointer usually names the cached file itself
    seen.add(abs);
    const where = { ...cand, path: vol.displayPath(cand.path) };
    let fact: AnswerFileFact;
    try {
      const data = vol.readFile(cand.path, ANSWER_FILE_MAX);
      fact = data === null ? emptyAnswerFile(where, 'vanished while reading') : parseAnswerFile(data, where);
    } catch (e) {
      fact = emptyAnswerFile(
        where,
        e instanceof FileTooLargeError ? `too large to be an answer file (${e.size} bytes)` : `unreadable: ${errText(e)}`,
      );
    }
    files.push(fact);
    const bits = [`precedence ${fact.precedence}: ${fact.location}`];
    if (fact.parseError) bits.push(`parse error: ${fact.parseError}`);
    else {
      bits.push(`passes ${fact.passes.join(', ') || 'none'}`);
      if (fact.clearTextSecrets.length > 0) bits.push(`${fact.clearTextSecrets.length} secret(s)`);
    }
    evidence.push({ source: 'file', path: where.path, detail: bits.join('; ') });
  }
  return { registryPointer, files, evidence };
}
