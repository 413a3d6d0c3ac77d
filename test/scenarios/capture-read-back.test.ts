// A capture is verified by reading the image it produced with preflight's own reader and judging it again
// (src/capture/read-back.ts). DISM cannot run here, so the DISM stand-in replays a real DISM transcript and
// leaves a real WIM as /ImageFile (DISM_STANDIN_WIM): one with NTFS security descriptors made from the very
// volume (test/support/ntfs-wim.ts) verifies; one of the wrong folder, of another volume, of a volume that
// judges worse, or one without security descriptors (wimlib's real directory capture on Linux) does not —
// exit 3, the image kept, the record saying why.
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliAsync, type CliResult } from '../support/cli';
import { dismLeaving, ntfsWim, ntfsWimAvailable } from '../support/ntfs-wim';
import { wimlibAvailable } from '../support/wimlib';
import { buildScenario, buildWindowsVolume, DEFAULT_MACHINE_SID, type ScenarioName } from '../../src/sample/windows-volume';

const tmp = mkdtempSync(join(tmpdir(), 'preflight-read-back-'));
const EXIT = { ready: 0, captureFailed: 3 };
const usable = wimlibAvailable() && (await ntfsWimAvailable());
const GENERALIZED = 'IMAGE_STATE_GENERALIZE_RESEAL_TO_OOBE';

let n = 0;
const volume = (name: ScenarioName, dir = join(tmp, `${name}-${++n}`)) => buildScenario(dir, name)[0];
const fresh = (label: string) => {
  const d = join(tmp, `${label}-${++n}`);
  mkdirSync(d, { recursive: true });
  return d;
};
const record = (file: string) => JSON.parse(readFileSync(file, 'utf8'));
/** A DISM capture (the stand-in, DISM 26100 so no age warning) that leaves `wim` as the image. */
const dismCapture = (src: string, image: string, name: string, wim: string, extra: string[] = []): Promise<CliResult> =>
  runCliAsync(['capture', src, '--image', image, '--name', name, '--engine', 'dism', ...extra], dismLeaving(wim));

/** The one-line failure of a capture that did not verify: exit 3, the image kept and said to be. */
function expectNotVerified(r: CliResult, image: string, problem: RegExp): void {
  expect(r.status, r.stderr).toBe(EXIT.captureFailed);
  expect(r.stderr.trim().split('\n')).toHaveLength(1);
  expect(r.stderr).toMatch(/^preflight: capture failed: the image did not verify: /);
  expect(r.stderr).toMatch(problem);
  expect(r.stderr).toContain('(kept for inspection)');
  expect(existsSync(image)).toBe(true);
}

describe.runIf(usable)('capture read back by preflight and judged again', () => {
  let good: { src: string; wim: string };
  beforeAll(async () => {
    const src = volume('generalized-win11');
    good = { src, wim: await ntfsWim(src, join(tmp, 'good.wim'), 'good') };
  });

  it('an image of the volume with its security descriptors: exit 0, the read-back line on screen, in the record and the log', async () => {
    const dest = fresh('good');
    const image = join(dest, 'g.wim');
    const r = await dismCapture(good.src, image, 'G', good.wim);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(EXIT.ready);
    const line = new RegExp(
      `^Read back: image 1 of ${image.replace(/[.\\/]/g, '\\$&')} holds Windows 11 Pro build 26100 at \\\\Windows of its root, generalized \\(${GENERALIZED}\\), SID ${DEFAULT_MACHINE_SID}, verdict READY \\(check said READY\\), (\\d+) security descriptors$`,
      'm',
    );
    expect(r.stdout).toMatch(line);
    expect(Number(line.exec(r.stdout)![1])).toBeGreaterThan(0);
    expect(r.stdout).toMatch(/^captured .* index 1 "G": \d+ files, .*\nRead back: /m);
    const rec = record(join(dest, 'g.1.capture.json'));
    expect(rec.ok).toBe(true);
    expect(rec.verification.readBack).toMatchObject({
      ok: true,
      problems: [],
      image,
      index: 1,
      installations: [
        {
          windowsDir: 'Windows',
          build: 26100,
          generalization: 'generalized',
          imageState: GENERALIZED,
          imageStateFile: GENERALIZED,
          machineSid: DEFAULT_MACHINE_SID,
          verdict: 'ready',
        },
      ],
      misplaced: [],
      verdict: 'ready',
      gateVerdict: 'ready',
      withoutSecurity: [],
      blobs: null,
    });
    expect(rec.verification.readBack.securityChecked).toEqual(
      expect.arrayContaining(['\\', '\\Windows', '\\Windows\\System32\\config\\SYSTEM', '\\Windows\\System32\\config\\SOFTWARE']),
    );
    expect(readFileSync(join(dest, 'g.1.preflight.log'), 'utf8')).toContain(`Read back: image 1 of ${image} holds Windows 11 Pro`);
  });

  it('--json: the result event carries the read-back', async () => {
    const dest = fresh('json');
    const r = await dismCapture(good.src, join(dest, 'j.wim'), 'J', good.wim, ['--json']);
    expect(r.status, r.stderr).toBe(EXIT.ready);
    const last = JSON.parse(r.stdout.trim().split('\n').at(-1)!);
    expect(last).toMatchObject({
      event: 'result',
      ok: true,
      index: 1,
      verification: { ok: true, readBack: { ok: true, index: 1, installations: [{ machineSid: DEFAULT_MACHINE_SID }] } },
    });
    expect(last.verification.readBack.summary).toMatch(/^Read back: image 1 of .* verdict READY/);
  });

  it('--verify checks every blob of the image against its SHA-1: a flipped byte in a file no check reads passes without it, fails with it', async () => {
    const src = volume('generalized-win11');
    const payload = randomBytes(256 * 1024); // does not compress: stored as is, so its bytes are found in the WIM
    writeFileSync(join(src, 'Users', 'Public', 'payload.bin'), payload);
    const wim = await ntfsWim(src, join(tmp, `payload-${++n}.wim`), 'p');
    const ok = await dismCapture(src, join(fresh('hash-ok'), 'h.wim'), 'H', wim, ['--verify']);
    expect(ok.status, ok.stderr).toBe(EXIT.ready);
    expect(ok.stdout).toMatch(/security descriptors; every blob's SHA-1 checked \(\d+ blobs, \d+ bytes\)$/m);

    const bytes = readFileSync(wim);
    const at = bytes.indexOf(payload.subarray(100_000, 100_064));
    expect(at).toBeGreaterThan(0);
    bytes[at] ^= 0xff;
    const bad = join(tmp, `payload-bad-${++n}.wim`);
    writeFileSync(bad, bytes);
    const unhashed = await dismCapture(src, join(fresh('hash-skip'), 'h.wim'), 'H', bad);
    expect(unhashed.status, unhashed.stderr).toBe(EXIT.ready); // not read: the read-back reads what the checks read
    const dest = fresh('hash-bad');
    const hashed = await dismCapture(src, join(dest, 'h.wim'), 'H', bad, ['--verify']);
    expectNotVerified(hashed, join(dest, 'h.wim'), /1 of \d+ blobs do not match their SHA-1: blob [0-9a-f]{40}: /);
    expect(record(join(dest, 'h.1.capture.json')).verification.readBack.blobs.count).toBeGreaterThan(1);
  });

  it("a wrong capture root (the volume's parent folder: Windows under \\vol\\Windows): exit 3, kept, the record says where Windows is", async () => {
    const parent = fresh('parent');
    const src = volume('generalized-win11', join(parent, 'vol'));
    const wim = await ntfsWim(parent, join(tmp, `parent-${n}.wim`), 'parent');
    const dest = fresh('wrong-root');
    const image = join(dest, 'w.wim');
    const r = await dismCapture(src, image, 'W', wim);
    expectNotVerified(
      r,
      image,
      /the image holds no Windows at \\Windows of its root, where the gate checked one; Windows is at \\vol\\Windows instead \(the capture's root is wrong\)/,
    );
    // What was read back in the kept image, on stdout beside the plan.
    expect(r.stdout).toMatch(
      /^Read back: image 1 of .*w\.wim holds no Windows at its root \(found at \\vol\\Windows\), \d+ security descriptors$/m,
    );
    const rec = record(join(dest, 'w.1.capture.json'));
    expect(rec).toMatchObject({
      ok: false,
      verification: { ok: false, readBack: { ok: false, installations: [], misplaced: ['vol\\Windows'] } },
    });
    expect(rec.failure).toMatch(/Windows is at \\vol\\Windows instead/);
    expect(readFileSync(join(dest, 'w.1.preflight.log'), 'utf8')).toMatch(/capture FAILED: the image did not verify/);
  });

  it('an image of another volume (another machine SID): exit 3, kept, the record names both SIDs', async () => {
    const other = join(tmp, `other-${++n}`);
    const otherSid = 'S-1-5-21-1111111111-2222222222-3333333333';
    buildWindowsVolume(other, { installations: [{ hiberboot: 0, machineSid: otherSid }] });
    const wim = await ntfsWim(other, join(tmp, `other-${n}.wim`), 'other');
    const dest = fresh('other');
    const image = join(dest, 'o.wim');
    const r = await dismCapture(good.src, image, 'O', wim);
    expectNotVerified(
      r,
      image,
      new RegExp(`\\\\Windows: machine SID ${otherSid} in the image, ${DEFAULT_MACHINE_SID} at the gate \\(another Windows\\)`),
    );
    expect(record(join(dest, 'o.1.capture.json')).verification.readBack.problems).toHaveLength(1);
  });

  it.each([
    // Same SID, ImageState and build: only the verdict differs (an unattend.xml that reseals in a loop).
    ['reseal-loop', /the image's verdict is BLOCKED, worse than the gate's READY: UNA005 /, 1],
    // A not-generalized copy: its state and ImageState differ, and it judges BLOCKED (GEN001).
    [
      'not-generalized-win11',
      /\\Windows: not-generalized in the image, generalized at the gate; .*worse than the gate's READY: GEN001 /,
      4,
    ],
  ] as const)(
    'an image that judges worse than the gate (%s): exit 3, kept, the record names the findings',
    async (scenario, problem, count) => {
      const wim = await ntfsWim(volume(scenario), join(tmp, `${scenario}-${++n}.wim`), scenario);
      const dest = fresh('worse');
      const image = join(dest, 'x.wim');
      const r = await dismCapture(good.src, image, 'X', wim);
      expectNotVerified(r, image, problem);
      const back = record(join(dest, 'x.1.capture.json')).verification.readBack;
      expect(back).toMatchObject({ ok: false, verdict: 'blocked', gateVerdict: 'ready' });
      expect(back.problems).toHaveLength(count);
    },
  );

  it("an image without security descriptors (wimlib's real directory capture on Linux): exit 3, kept, the record says so", async () => {
    const dest = fresh('no-sd');
    const image = join(dest, 'u.wim');
    const r = await runCliAsync(['capture', good.src, '--image', image, '--name', 'U']);
    expectNotVerified(r, image, /the image holds no NTFS security descriptors/);
    const rec = record(join(dest, 'u.1.capture.json'));
    expect(rec).toMatchObject({
      ok: false,
      verification: {
        ok: false,
        image: { files: rec.space.sourceFiles },
        readBack: { securityDescriptors: 0, verdict: 'ready', installations: [{ machineSid: DEFAULT_MACHINE_SID }] },
      },
    });
    expect(rec.verification.readBack.withoutSecurity).toEqual(rec.verification.readBack.securityChecked);
    // The same image through the DISM stand-in: what is judged is the file, not the engine that wrote it.
    const dest2 = fresh('no-sd-dism');
    const copy = join(tmp, `unix-${++n}.wim`);
    copyFileSync(image, copy);
    expectNotVerified(await dismCapture(good.src, join(dest2, 'u.wim'), 'U', copy), join(dest2, 'u.wim'), /no NTFS security descriptors/);
  });

  it('--append: the appended image (index 2) is the one read back and judged', async () => {
    const second = volume('server-core');
    const dest = fresh('append');
    const image = join(dest, 'multi.wim');
    expect((await dismCapture(good.src, image, 'First', good.wim)).status).toBe(EXIT.ready);
    // The file as DISM leaves it after /Append-Image: the first image, then the second.
    const appended = join(tmp, `appended-${++n}.wim`);
    copyFileSync(good.wim, appended);
    await ntfsWim(second, appended, 'second', { append: true });
    const r = await dismCapture(second, image, 'Second', appended, ['--append']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(EXIT.ready);
    expect(r.stdout).toMatch(/^Read back: image 2 of .* holds Windows Server 2022 .*build 20348 at \\Windows of its root/m);
    expect(record(join(dest, 'multi.2.capture.json')).verification.readBack).toMatchObject({
      ok: true,
      index: 2,
      installations: [{ build: 20348 }],
    });

    // An append whose new image is not the volume checked (the first volume again) is caught at index 3.
    const wrong = join(tmp, `appended-wrong-${++n}.wim`);
    copyFileSync(appended, wrong);
    await ntfsWim(good.src, wrong, 'again', { append: true });
    const w = await dismCapture(volume('server-core'), image, 'Third', wrong, ['--append']);
    expectNotVerified(w, image, /\\Windows: build 26100 in the image, 20348 at the gate/);
    expect(record(join(dest, 'multi.3.capture.json')).verification.readBack.index).toBe(3);
  });
});

afterAll(() => {
  rmSync(tmp, { recursive: true, force: true });
});
