/**
 * Headless Chromium (Debian's `chromium`) as the browser the HTML report is opened in: one run loads a
 * page from a file:// URL and leaves its DOM, a screenshot, an A4 PDF and Chromium's net log, with every
 * host name resolving to nothing. poppler-utils' pdftotext reads the PDF's text back. Both are awaited child
 * processes (test/support/child.ts): a browser run is long on a busy machine, too long for a blocked worker.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { runChild } from './child';

export const CHROMIUM_MISSING =
  'chromium and pdftotext are required (PREFLIGHT_REQUIRE_CORPUS is set) but cannot be run: install the Debian ' +
  'packages chromium and poppler-utils';

/**
 * Whether the browser tests may run, given whether chromium and pdftotext were found. Where
 * PREFLIGHT_REQUIRE_CORPUS is set (CI) a missing browser is a failure, never a silent skip (as hivex.ts).
 */
export function chromiumUsable(isFound: boolean, env: NodeJS.ProcessEnv = process.env): boolean {
  if (!isFound && env.PREFLIGHT_REQUIRE_CORPUS) throw new Error(CHROMIUM_MISSING);
  return isFound;
}

/** True when chromium and pdftotext can be run; throws when they are required but absent. */
export async function chromiumAvailable(): Promise<boolean> {
  // Not started (ENOENT) or hung: null. pdftotext -v exits 99 on some versions, so only chromium's status counts.
  const runs = (cmd: string, args: string[]) => runChild(cmd, args, { timeoutMs: 120_000 }).catch(() => null);
  const found = (await runs('chromium', ['--version']))?.status === 0 && (await runs('pdftotext', ['-v'])) !== null;
  return chromiumUsable(found);
}

export interface PageRender {
  /** The DOM after load, serialized (--dump-dom). */
  dom: string;
  screenshot: Buffer;
  pdf: Buffer;
  /** The PDF's text (pdftotext -layout). */
  pdfText: string;
  /** URLs the page itself asked the network for (see pageRequests). Must stay empty for a report. */
  pageRequests: string[];
}

/**
 * Flags for a run that is quiet and isolated: its own profile folder, no background services, and
 * every host name mapped to "not found", so that even a page that asks for something fetches nothing.
 */
function flags(profile: string): string[] {
  return [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    `--user-data-dir=${profile}`,
    '--host-resolver-rules=MAP * ~NOTFOUND',
  ];
}

/** Loads `htmlFile` once and keeps everything the tests look at. Throws when Chromium fails. */
export async function renderPage(htmlFile: string, size = { width: 1100, height: 1600 }): Promise<PageRender> {
  const work = mkdtempSync(join(tmpdir(), 'preflight-chromium-'));
  try {
    const png = join(work, 'page.png');
    const pdf = join(work, 'page.pdf');
    const netLog = join(work, 'net-log.json');
    const r = await runChild(
      'chromium',
      [
        ...flags(join(work, 'profile')),
        `--window-size=${size.width},${size.height}`,
        '--hide-scrollbars',
        `--screenshot=${png}`,
        `--print-to-pdf=${pdf}`,
        '--no-pdf-header-footer',
        `--log-net-log=${netLog}`,
        '--dump-dom',
        pathToFileURL(htmlFile).href,
      ],
      { timeoutMs: 240_000 },
    );
    if (r.status !== 0) throw new Error(`chromium exited ${r.status ?? r.signal}: ${r.stderr.slice(-2000)}`);
    const text = await runChild('pdftotext', ['-layout', pdf, '-'], { timeoutMs: 120_000 });
    if (text.status !== 0) throw new Error(`pdftotext exited ${text.status}: ${text.stderr}`);
    return {
      dom: r.stdout,
      screenshot: readFileSync(png),
      pdf: readFileSync(pdf),
      pdfText: text.stdout,
      pageRequests: pageRequests(readFileSync(netLog, 'utf8')),
    };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

interface NetLog {
  constants: { logEventTypes: Record<string, number> };
  events: { type: number; params?: { url?: string; network_isolation_key?: string } }[];
}

/**
 * The URLs of network requests made on behalf of a file:// page, from a Chromium net log. Chromium itself
 * asks Google's update and time services even with background networking off; those requests carry
 * another network isolation key (null, or google.com), while everything a page loads is keyed by the
 * page's site, file://. The page's own file:// load is not a network request and never appears.
 */
export function pageRequests(netLogJson: string): string[] {
  // A run cut short leaves the log's closing brackets unwritten; the events written are still read.
  const log = JSON.parse(closeNetLog(netLogJson)) as NetLog;
  const start = log.constants.logEventTypes.URL_REQUEST_START_JOB;
  return log.events
    .filter((e) => e.type === start && (e.params?.network_isolation_key ?? '').startsWith('file://'))
    .map((e) => e.params?.url ?? '?');
}

function closeNetLog(text: string): string {
  const trimmed = text.trimEnd();
  if (trimmed.endsWith('}')) return trimmed;
  return `${trimmed.replace(/,\s*$/, '')}]}`;
}
