import { describe, expect, it } from 'vitest';
import { escapeHtml, html } from '../../src/report/html-escape';
import { renderHtml, type CaptureRecordView } from '../../src/report/html';
import type { Report, ReportFinding } from '../../src/report/model';
import { NOT_GENERALIZED, facts } from '../checks/fixtures';
import { report, variants } from './variants';

/** A name as a crafted disk could carry it: markup, quotes, an entity, a right-to-left override, controls. */
const HOSTILE = `<script>alert("pwned")</script>&amp;'\u202Egpj.exe\x1b[2J\x07<img src=x onerror=alert(1)>`;
const HOSTILE_SHOWN =
  '&lt;script&gt;alert(&quot;pwned&quot;)&lt;/script&gt;&amp;amp;&#39;[U+202E]gpj.exe?[2J?&lt;img src=x onerror=alert(1)&gt;';

interface Tag {
  name: string;
  attributes: Map<string, string>;
}

/**
 * The page's start tags with their attributes. Data never carries a raw `<` or `"` (that is what is
 * tested), so every `<` in the page opens markup the renderer wrote, and a plain scan reads it exactly;
 * a `<` the scan cannot read as a tag fails the test.
 */
function tagsOf(page: string): Tag[] {
  const tags: Tag[] = [];
  const body = page.replace(/^<!DOCTYPE html>\n/, '');
  for (const m of body.matchAll(/<([^>]*)>/g)) {
    const inside = m[1];
    if (/^\/[a-z0-9]+$/.test(inside)) continue;
    const tag = /^([a-z0-9]+)((?:\s+[a-z-]+(?:="[^"<>]*")?)*)\s*$/.exec(inside);
    if (!tag) throw new Error(`not a tag the renderer writes: <${inside}>`);
    const attributes = new Map<string, string>();
    for (const a of tag[2].matchAll(/([a-z-]+)(?:="([^"]*)")?/g)) attributes.set(a[1], a[2] ?? '');
    tags.push({ name: tag[1], attributes });
  }
  // No stray `<` outside the tags read above.
  expect(body.split('<').length - 1).toBe([...body.matchAll(/<([^>]*)>/g)].length);
  return tags;
}

const ELEMENTS = new Set(
  'html head meta title style body header main footer section article div h1 h2 h3 h4 p span strong br dl dt dd table caption thead tbody tr th td pre code ul li a'.split(
    ' ',
  ),
);
const ATTRIBUTES = new Set('lang charset http-equiv name content class id href scope aria-labelledby aria-label'.split(' '));

/** Nothing in the page can fetch or run anything: known elements and attributes, links inside the page only. */
function expectSelfContained(page: string): void {
  for (const tag of tagsOf(page)) {
    expect(ELEMENTS, `<${tag.name}>`).toContain(tag.name);
    for (const [name, value] of tag.attributes) {
      expect(ATTRIBUTES, `${tag.name} ${name}`).toContain(name);
      if (name === 'href') expect(value).toMatch(/^#[a-z0-9-]+$/);
    }
  }
  // The markup and the style sheet (not the text, where a crafted name may say anything, escaped).
  const markup = [...page.matchAll(/<[^>]*>/g)].map((m) => m[0]).join('\n') + /<style>([\s\S]*?)<\/style>/.exec(page)![1];
  expect(markup).not.toMatch(/https?:|\/\/|<link|<script|<img|<iframe|<object|@import|url\(|src=/i);
  // Nothing fetched even if something slipped through: the page forbids it to the browser.
  expect(page).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;;`);
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const allFindings = (r: Report): ReportFinding[] => [
  ...r.installations.flatMap((i) => i.findings),
  ...r.unreadableVolumes.flatMap((v) => v.findings),
  ...r.findings,
  ...r.disks.flatMap((d) => d.findings),
];

describe('escapeHtml', () => {
  it.each([
    ['markup', '<b>&"\'</b>', '&lt;b&gt;&amp;&quot;&#39;&lt;/b&gt;'],
    ['bidi override shown as its code point', 'abc\u202Eexe.txt', 'abc[U+202E]exe.txt'],
    ['bidi isolate and zero-width space', 'a\u2066b\u200Bc', 'a[U+2066]b[U+200B]c'],
    ['line breaks are spaces, other controls ?', 'a\r\nb\x1b\x00\u009b', 'a  b???'],
    ['plain text unchanged', 'Windows 11 Pro (26100.2314) x64', 'Windows 11 Pro (26100.2314) x64'],
  ])('%s', (_, input, expected) => {
    expect(escapeHtml(input)).toBe(expected);
  });

  it('the html tag escapes every interpolation unless it is already Html', () => {
    const name = '<i>x</i>';
    expect(html`<p>${name} ${html`<b>${name}</b>`} ${3} ${null} ${[name, false]}</p>`.markup).toBe(
      '<p>&lt;i&gt;x&lt;/i&gt; <b>&lt;i&gt;x&lt;/i&gt;</b> 3  &lt;i&gt;x&lt;/i&gt;</p>',
    );
  });
});

describe('renderHtml', () => {
  it.each(variants().map((v) => [v.name, v.report] as const))('%s: every finding with its commands; self-contained', (_, r) => {
    const page = renderHtml(r);
    expectSelfContained(page);
    // Nor does any text of a report of our own checks name anything on the network.
    expect(page).not.toMatch(/https?:|\/\//i);
    expect(page).toMatch(/^<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">/);
    // The verdict first, as a heading.
    const word = { ready: 'READY', warnings: 'READY WITH WARNINGS', blocked: 'BLOCKED' }[r.verdict];
    expect(page.indexOf(`<h1>${word} `)).toBeLessThan(page.indexOf('<main>'));
    for (const f of allFindings(r)) {
      expect(page).toMatch(
        new RegExp(
          `<h[34] class="title"><span class="badge s-\\w+">\\w+</span> <span class="id">${f.id}</span> ${escapeRegExp(escapeHtml(f.title))}</h[34]>`,
        ),
      );
      expect(page).toContain(escapeHtml(f.message));
      // Each command whole, in a block of its own.
      for (const c of f.commands) expect(page).toContain(`<pre class="command"><code>${escapeHtml(c)}</code></pre>`);
    }
    for (const i of r.installations) {
      expect(page).toContain(escapeHtml(i.id));
      if (i.machineSid) expect(page).toContain(i.machineSid);
    }
    for (const _v of r.unreadableVolumes) expect(page).toContain('NOT INSPECTED');
    for (const s of r.scannedVolumes) expect(page).toContain(escapeHtml(s));
    expect(page).toContain(`preflight ${r.tool.version}`);
    // No disk table or capture record unless given.
    if (r.disks.length === 0) expect(page).not.toContain('id="disks"');
    else for (const d of r.disks) for (const row of d.rows) if (row.partition) expect(page).toContain(`<td>${row.partition.number}</td>`);
    expect(page).not.toContain('id="capture"');
  });

  it('the facts table names the provider and code the last Sysprep run failed in', () => {
    const r = variants().find((v) => v.name.startsWith('blocked'))!.report;
    expect(renderHtml(r)).toContain('failed in AppxSysprep.dll, SysprepGeneralize (0x80073cf2)');
  });

  it('severity is a word on every finding, not a colour alone', () => {
    const r = variants().find((v) => v.name.startsWith('blocked'))!.report;
    const page = renderHtml(r);
    const words = { block: 'BLOCK', warn: 'WARN', info: 'INFO' } as const;
    const badges = [...page.matchAll(/<span class="badge s-(block|warn|info)">(\w+)<\/span> <span class="id">/g)];
    expect(badges.map((b) => b[2])).toEqual(allFindings(r).map((f) => words[f.severity]));
    expect(page).toContain('<p class="blocked-by">Blocked by: ');
  });

  it('hostile names from the disk are shown as text, never as markup', () => {
    const r = report([facts(NOT_GENERALIZED, { os: { computerName: HOSTILE, productName: HOSTILE } })], [], [`E:\\${HOSTILE}`]);
    const command = `Remove-AppxPackage -Package '${HOSTILE}' -AllUsers`;
    r.installations[0].findings[0] = {
      ...r.installations[0].findings[0],
      title: HOSTILE,
      message: HOSTILE,
      remedy: `In PowerShell: ${command}. Then ${HOSTILE}.`,
      commands: [command],
      evidence: [
        { source: 'file', path: `Windows\\${HOSTILE}`, detail: HOSTILE },
        { source: 'registry', hive: 'SOFTWARE', key: `Microsoft\\${HOSTILE}`, value: HOSTILE, data: HOSTILE },
      ],
    };
    const page = renderHtml(r);
    expectSelfContained(page);
    expect(page).not.toMatch(/[\u202E\x1b\x07]/u);
    expect(page).not.toContain('alert("pwned")');
    expect(page).toContain(`<pre class="command"><code>Remove-AppxPackage -Package &#39;${HOSTILE_SHOWN}&#39; -AllUsers</code></pre>`);
    expect(page).toContain(`<span class="id">GEN001</span> ${HOSTILE_SHOWN}</h4>`);
    expect(page).toContain(`<title>preflight: BLOCKED - ${HOSTILE_SHOWN} - 2025-03-14 10:22:31 UTC</title>`);
    expect(page.split(HOSTILE_SHOWN).length - 1).toBeGreaterThanOrEqual(10);
  });

  it('the disk table and the capture record appear only when given, escaped like everything else', () => {
    expect(renderHtml(report([facts()]))).not.toContain('id="disks"');
    const r = structuredClone(variants().find((v) => v.name.startsWith('a whole disk'))!.report);
    // A boot entry's description comes from the disk: hostile text must stay text.
    r.disks[0].rows[1].bootEntries[0].description = HOSTILE;
    const capture: CaptureRecordView = {
      ok: false,
      source: 'D:\\',
      image: `E:\\images\\${HOSTILE}.wim`,
      name: HOSTILE,
      description: null,
      index: null,
      engine: { name: 'wimlib', version: '1.14.4' },
      verdict: 'blocked',
      overriddenFindings: [{ id: 'GEN001', title: 'Not generalized' }],
      forced: 'FORCED: captured although check said BLOCKED (do not capture); overridden: GEN001 Not generalized',
      warnings: [],
      imageBytes: null,
      sha256: null,
      // The read-back's line names the image file, text from the technician: escaped like the rest.
      verification: { readBack: { summary: `Read back: image 1 of E:\\images\\${HOSTILE}.wim holds no Windows at its root` } },
      failure: 'engine exited 2',
    };
    const page = renderHtml(r, { capture });
    expectSelfContained(page);
    expect(page).toContain('<h2 id="disks-h">Disks</h2>');
    expect(page).toContain(
      '<thead><tr><th scope="col">#</th><th scope="col">partition</th><th scope="col">boot entries</th><th scope="col">Windows</th><th scope="col">OS</th><th scope="col">generalization</th><th scope="col">machine SID</th></tr></thead>',
    );
    expect(page).toContain(`<td>${HOSTILE_SHOWN}</td>`);
    // Every disk finding is on the page.
    for (const f of r.disks[0].findings) expect(page).toContain(`<span class="id">${f.id}</span>`);
    expect(page).toContain('<h2 id="capture-h">Capture</h2>');
    expect(page).toContain('<strong>FAILED</strong>: engine exited 2');
    expect(page).toContain(`<span class="mono">E:\\images\\${HOSTILE_SHOWN}.wim</span>`);
    expect(page).toContain(
      `<tr><th scope="row">Read back</th><td>Read back: image 1 of E:\\images\\${HOSTILE_SHOWN}.wim holds no Windows at its root</td></tr>`,
    );
    expect(page).not.toMatch(/[\u202E\x1b]/u);
    // A failed capture made no image: the headline does not speak of one.
    expect(page).not.toContain('class="blocked-by forced"');
  });

  it('a forced capture: the headline keeps BLOCKED and says beside it that the image was captured anyway, and what was overridden', () => {
    const r = structuredClone(variants().find((v) => v.report.verdict === 'blocked')!.report);
    const forced = 'FORCED: captured although check said BLOCKED (do not capture); overridden: GEN001 Not generalized';
    const capture: CaptureRecordView = {
      ok: true,
      source: 'D:\\',
      image: 'E:\\w.wim',
      name: 'W',
      description: null,
      index: 1,
      engine: { name: 'dism', version: '10.0' },
      verdict: 'blocked',
      overriddenFindings: [{ id: 'GEN001', title: 'Not generalized' }],
      forced,
      warnings: [],
      imageBytes: 1,
      sha256: null,
      failure: null,
    };
    const page = renderHtml(r, { capture });
    const header = page.slice(page.indexOf('<header'), page.indexOf('</header>'));
    expect(header).toMatch(/<h1>BLOCKED /);
    expect(header).toContain(`<p class="blocked-by forced"><strong>${forced}</strong></p>`);
    expect(renderHtml(r, { capture: { ...capture, forced: null } })).not.toContain('class="blocked-by forced"');
  });

  it('prints on A4 without splitting a finding', () => {
    const page = renderHtml(report([facts()]));
    expect(page).toMatch(/@page \{\s+size: A4;/);
    expect(page).toContain('content: "page " counter(page) " of " counter(pages);');
    expect(page).toMatch(/@media print \{[\s\S]*\.finding[^{]*\{ break-inside: avoid;/);
  });
});
