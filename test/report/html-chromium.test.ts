// The HTML report as an engineer opens it: `check --out` on scenario volumes through the built CLI, then
// the page loaded in headless Chromium with every host name unresolvable — its DOM, a screenshot, an A4
// PDF (read back with pdftotext) and Chromium's net log, which must show no request made by the page.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Report, ReportFinding } from '../../src/report/model';
import { CHROMIUM_MISSING, chromiumAvailable, chromiumUsable, pageRequests, renderPage } from '../support/chromium';
import { runCli } from '../support/cli';
import { SCENARIO_INTENT, buildScenario, buildWindowsVolume, type ScenarioName } from '../../src/sample/windows-volume';

const tmp = mkdtempSync(join(tmpdir(), 'preflight-html-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const available = await chromiumAvailable();
const VERDICT_WORD = { ready: 'READY', warnings: 'READY WITH WARNINGS', blocked: 'BLOCKED' } as const;
const VERDICT_MEANING = {
  ready: 'may be captured',
  warnings: 'may be captured; read the warnings first',
  blocked: 'do not capture',
} as const;
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
/** A4 in PostScript points, as Chromium writes it (210 x 297 mm). */
const A4_MEDIA_BOX = /MediaBox \[0 0 594\.9\d* 841\.9\d*\]/;

const oneLine = (s: string) => s.replace(/\s+/g, ' ');
const allFindings = (r: Report): ReportFinding[] => [
  ...r.installations.flatMap((i) => i.findings),
  ...r.unreadableVolumes.flatMap((v) => v.findings),
  ...r.findings,
];

/** `check --out` on a scenario: the run folder's HTML page and the JSON report written beside it. */
function checkOut(name: ScenarioName): { page: string; report: Report } {
  const volumes = buildScenario(join(tmp, 'volumes', name), name);
  const out = join(tmp, 'out', name);
  const r = runCli(['check', ...volumes, '--out', out]);
  expect(r.stderr).toContain('report written to');
  const [run] = readdirSync(out);
  return {
    page: join(out, run, 'preflight-report.html'),
    report: JSON.parse(readFileSync(join(out, run, 'preflight-report.json'), 'utf8')) as Report,
  };
}

it('a missing chromium skips locally but fails where PREFLIGHT_REQUIRE_CORPUS is set (CI)', () => {
  expect(chromiumUsable(true, {})).toBe(true);
  expect(chromiumUsable(false, { PREFLIGHT_REQUIRE_CORPUS: '' })).toBe(false);
  expect(() => chromiumUsable(false, { PREFLIGHT_REQUIRE_CORPUS: '1' })).toThrow(CHROMIUM_MISSING);
});

// One Chromium run per test: about 30 s at load 17 on 2 cores, so a deadline well above the project's 60 s.
describe.skipIf(!available)('the page in headless Chromium', { timeout: 300_000 }, () => {
  it.each(['generalized-win11', 'pending-reboot', 'appx-sysprep-failed', 'two-installations-one-sid'] as const)(
    '%s: verdict and every finding on screen and in the A4 PDF; no network request',
    async (name) => {
      const { page, report: r } = checkOut(name);
      expect(r.verdict).toBe(SCENARIO_INTENT[name].verdict);
      const shown = await renderPage(page);

      expect(shown.pageRequests).toEqual([]);
      expect(shown.dom).not.toMatch(/<script|<link|<img|<iframe/i);
      expect(shown.dom).toContain(`<h1>${VERDICT_WORD[r.verdict]} <span class="meaning">`);

      expect(shown.screenshot.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
      expect(shown.screenshot.length).toBeGreaterThan(30_000);
      expect(shown.pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      expect(shown.pdf.length).toBeGreaterThan(20_000);
      expect(shown.pdf.toString('latin1')).toMatch(A4_MEDIA_BOX);

      const text = oneLine(shown.pdfText);
      expect(text).toContain(`${VERDICT_WORD[r.verdict]} ${VERDICT_MEANING[r.verdict]}`);
      const findings = allFindings(r);
      expect(findings.length > 0).toBe(r.verdict !== 'ready' || SCENARIO_INTENT[name].info.length > 0);
      for (const f of findings) {
        expect(text).toContain(f.id);
        expect(text).toContain(oneLine(f.title));
      }
      for (const c of findings.flatMap((f) => f.commands)) {
        // A long command wraps at the paper's edge (paper cannot scroll); its words are all there, in order.
        expect(text.replace(/\s/g, '')).toContain(c.replace(/\s/g, ''));
      }
    },
  );

  it('a crafted computer name read from the disk stays text in the browser: no element, no request', async () => {
    // Through the whole chain: hive value, facts, report, page, browser.
    const hostile = '<script>document.title="pwned"</script><img src="http://example.invalid/x.png">\u202Eexe';
    const volume = join(tmp, 'volumes', 'hostile');
    buildWindowsVolume(volume, { installations: [{ hiberboot: 0, computerName: hostile }] });
    const out = join(tmp, 'out', 'hostile');
    runCli(['check', volume, '--out', out]);
    const [run] = readdirSync(out);
    const shown = await renderPage(join(out, run, 'preflight-report.html'));
    expect(shown.pageRequests).toEqual([]);
    expect(shown.dom).not.toMatch(/<script|<img/i);
    expect(shown.dom).toContain('&lt;script&gt;document.title="pwned"&lt;/script&gt;');
    expect(oneLine(shown.pdfText)).toContain('<script>document.title="pwned"</script>');
    expect(shown.pdfText).toContain('[U+202E]exe');
    expect(shown.pdfText).not.toContain('\u202E');
  });

  it('the net log check sees a page that does fetch (control)', async () => {
    const file = join(tmp, 'fetching.html');
    writeFileSync(
      file,
      '<!DOCTYPE html><html lang="en"><head><link rel="stylesheet" href="https://fonts.example.invalid/a.css"></head>' +
        '<body><img src="http://example.invalid/x.png" alt=""></body></html>',
    );
    expect((await renderPage(file)).pageRequests.sort()).toEqual(['http://example.invalid/x.png', 'https://fonts.example.invalid/a.css']);
  });
});

it('pageRequests keeps only what the page asked for, and reads a net log cut short', () => {
  const log = (events: object[], closed = true) => {
    const text = JSON.stringify({ constants: { logEventTypes: { URL_REQUEST_START_JOB: 7 } }, events });
    return closed ? text : `${text.slice(0, -2)},\n`;
  };
  const events = [
    { type: 7, params: { url: 'https://update.googleapis.com/x', network_isolation_key: 'null null' } },
    { type: 7, params: { url: 'http://a.invalid/', network_isolation_key: 'file:// [internally: file://] file://' } },
    { type: 3, params: { url: 'http://b.invalid/', network_isolation_key: 'file://' } },
  ];
  expect(pageRequests(log(events))).toEqual(['http://a.invalid/']);
  expect(pageRequests(log(events, false))).toEqual(['http://a.invalid/']);
});
