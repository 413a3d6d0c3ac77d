// An installation read from an image: every report says which file and index it came from, what the WIM's XML
// says of that image, and that the disk-only facts (hibernation, BitLocker, disk placement) are not applicable —
// never "no" (ready by default), never "unknown".
import { readFileSync } from 'node:fs';
import Ajv from 'ajv';
import { describe, expect, it } from 'vitest';
import { summaryFocus, summaryScreen } from '../../src/cli/guided/summary';
import type { GuidedContext } from '../../src/cli/guided/state';
import { renderCmtrace } from '../../src/report/cmtrace';
import { renderHtml } from '../../src/report/html';
import { renderJson } from '../../src/report/json';
import { renderText } from '../../src/report/text';
import { IMAGE_FILE, facts, imageFacts } from '../checks/fixtures';
import { report } from './variants';

const schema = JSON.parse(readFileSync(new URL('../../schema/report.schema.json', import.meta.url), 'utf8'));
const validate = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true }).compile(schema);

const r = report([facts(), imageFacts({ editionId: 'Enterprise', flags: 'Enterprise' })]);
const IMAGE_LINE = `Image: ${IMAGE_FILE}:1 "Gold" (Reference build), build 26100, edition Enterprise, flags Enterprise`;
const NOT_APPLICABLE_LINE = 'Hibernation, BitLocker, disk placement: not applicable (image)';

describe('an installation read from an image, in every report', () => {
  it('JSON: `image` names the file, the index and the XML; null for a volume; the schema holds both', () => {
    const json = JSON.parse(renderJson(r));
    expect(json.installations[0].image).toBeNull();
    expect(json.installations[1].image).toEqual({
      file: IMAGE_FILE,
      index: 1,
      name: 'Gold',
      description: 'Reference build',
      flags: 'Enterprise',
      editionId: 'Enterprise',
      productName: 'Windows 11 Pro',
      build: 26100,
    });
    expect(json.installations[1].volumeState).toMatchObject({ hibernated: 'not-applicable', bitlocker: 'not-applicable' });
    expect(json.installations[1].volumeState.notApplicable).toMatch(/^read from the image /);
    expect(json.installations[0].volumeState.notApplicable).toBeNull();
    expect(validate(json)).toBe(true);
    const noIndex = structuredClone(json);
    delete noIndex.installations[1].image.index;
    expect(validate(noIndex)).toBe(false);
    const otherState = structuredClone(json);
    otherState.installations[1].volumeState.hibernated = 'n/a';
    expect(validate(otherState)).toBe(false);
  });

  it('text: the image line and the not-applicable line under the heading; none for a volume', () => {
    const lines = renderText(r, { color: false, width: 200 }).split('\n');
    const at = lines.indexOf(`${IMAGE_FILE}:1\\Windows  Windows 11 Pro 24H2 (26100.2314) x64  generalized  -> READY WITH WARNINGS`);
    expect(at).toBeGreaterThan(0);
    expect(lines.slice(at + 1, at + 4)).toEqual([
      '  computer REF-PC01, machine SID S-1-5-21-1957816478-2793074591-1041990146',
      `  ${IMAGE_LINE}`,
      `  ${NOT_APPLICABLE_LINE}`,
    ]);
    expect(renderText(report([facts()]), { color: false })).not.toMatch(/Image:|not applicable/);
  });

  it('CMTrace: an information line for the image and one for what is not applicable', () => {
    const lines = renderCmtrace(r, { bias: 0, thread: 1 }).split('\r\n');
    const messages = lines
      .map((l) => /^<!\[LOG\[(.*)\]LOG\]!><time="[^"]*" date="[^"]*" component="preflight" context="" type="(\d)"/.exec(l))
      .filter((m) => m !== null);
    const image = `${IMAGE_FILE}:1\\Windows`;
    expect(
      messages
        .filter((m) => m[1].startsWith(`[${image}] `))
        .slice(1, 3)
        .map((m) => [m[1], m[2]]),
    ).toEqual([
      [`[${image}] ${IMAGE_LINE}`, '1'],
      [`[${image}] ${NOT_APPLICABLE_LINE}`, '1'],
    ]);
    expect(messages.filter((m) => m[1].startsWith('[C:\\Windows] ')).map((m) => m[1])).toEqual([
      '[C:\\Windows] Windows 11 Pro 24H2 (26100.2314) x64, generalized, machine SID S-1-5-21-1957816478-2793074591-1041990146: READY (0 finding(s))',
    ]);
  });

  it('HTML: Image and Disk placement rows; BitLocker and Hibernation say "not applicable (image)", never "not encrypted"', () => {
    const page = renderHtml(r);
    const [volume, image] = page.split('<table class="facts">').slice(1);
    const row = (table: string, label: string) =>
      new RegExp(`<tr><th scope="row">${label}</th><td>(.*?)</td></tr>`).exec(table)?.[1] ?? null;
    expect(row(image, 'Image')).toBe(
      `<span class="mono">${IMAGE_FILE}:1 &quot;Gold&quot; (Reference build), build 26100, edition Enterprise, flags Enterprise</span>`,
    );
    expect(row(image, 'Disk placement')).toBe('not applicable (image)');
    expect(row(image, 'BitLocker')).toBe('not applicable (image)');
    expect(row(image, 'Hibernation')).toBe('not applicable (image); Fast Startup: on');
    expect(row(volume, 'Image')).toBeNull();
    expect(row(volume, 'BitLocker')).toBe('not encrypted');
  });

  it("the guided run's summary: a line under the image's row with its file:index and XML; the focus counts it", () => {
    const ctx: GuidedContext = {
      report: r,
      destinations: () => [],
      reportNote: 'Report: S:\\reports',
      isFolder: () => true,
      width: 120,
      height: 25,
    };
    const body = summaryScreen({ screen: 'summary', selected: 1 }, ctx).body.map((l) => l.text);
    const row = body.findIndex((l) => l.startsWith('> 2  '));
    expect(body[row + 1]).toBe('      image ref.wim:1: build 26100, edition Enterprise, flags Enterprise, "Gold" (Reference build)');
    expect(body[row - 1]).toMatch(/^ {2}1 {2}C: /);
    expect(summaryFocus({ screen: 'summary', selected: 1 }, ctx)).toBe(row);
    const imageFirst: GuidedContext = { ...ctx, report: report([imageFacts(), facts()]) };
    const rows = summaryScreen({ screen: 'summary', selected: 1 }, imageFirst).body.map((l) => l.text);
    expect(rows[summaryFocus({ screen: 'summary', selected: 1 }, imageFirst)]).toMatch(/^> 2 {2}C: /);
  });
});
