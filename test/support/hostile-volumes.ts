/**
 * Hostile disks: volumes whose logs, answer files and AppX store are built to make a careless
 * reader crash, run in quadratic time or exhaust memory. Each case is a normal generalized Windows 11
 * volume plus one hostile ingredient, written into a folder by `buildHostileVolume`. Used by
 * test/scenarios/hostile-disks.test.ts and by `npm run bench` (peak memory of `check` on the largest).
 */
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_MACHINE_SID, IMAGE_STATE, buildWindowsVolume, pantherLine, type InstallationSpec } from '../../src/sample/windows-volume';

const MS = '8wekyb3d8bbwe';
const AT = new Date(Date.UTC(2025, 6, 22, 21, 55, 35));
const SYSPREP_PANTHER = ['Windows', 'System32', 'Sysprep', 'Panther'];
const NOT_GENERALIZED: InstallationSpec = {
  imageState: IMAGE_STATE.COMPLETE,
  setup: { CmdLine: '', SetupType: 0, SystemSetupInProgress: 0, OOBEInProgress: 0 },
  pantherSysprep: null,
};

export type HostileCase =
  | 'setuperr-150k-failures'
  | 'setuperr-20k-same-second'
  | 'answer-million-unclosed'
  | 'answer-150k-passes'
  | 'answer-100k-generalize-components'
  | 'appx-10k-unprovisioned'
  | 'appx-50k-orphan-sids'
  | 'setuperr-error-before-tail'
  | 'setuperr-nul-tail'
  | 'panther-four-big-logs';

export const HOSTILE_CASES: HostileCase[] = [
  'setuperr-150k-failures',
  'setuperr-20k-same-second',
  'answer-million-unclosed',
  'answer-150k-passes',
  'answer-100k-generalize-components',
  'appx-10k-unprovisioned',
  'appx-50k-orphan-sids',
  'setuperr-error-before-tail',
  'setuperr-nul-tail',
  'panther-four-big-logs',
];

function lines(n: number, line: (i: number) => string): string {
  const out: string[] = [];
  for (let i = 0; i < n; i++) out.push(line(i));
  return out.join('\r\n') + '\r\n';
}

const unprovisioned = (i: number) => `Contoso.App${i}_1.0.${i}.0_x64__${MS}`;

/** setuperr.log text: `n` AppX failures, each its own package, one second apart (or all in one second). */
export function appxFailureLines(n: number, sameSecond: boolean): string {
  return lines(n, (i) =>
    pantherLine(
      new Date(AT.getTime() + (sameSecond ? 0 : i * 1000)),
      'Error',
      null,
      'SYSPRP',
      `Package ${unprovisioned(i)} was installed for a user, but not provisioned for all users. This package will not function properly in the sysprep image.`,
    ),
  );
}

/** `<settings pass=…>` repeated, or `<component name=…>` in one generalize pass: XML of a few MB. */
function answerFile(body: string): string {
  return `<?xml version="1.0" encoding="utf-8"?>\r\n<unattend xmlns="urn:schemas-microsoft-com:unattend">${body}</unattend>\r\n`;
}

/** Builds the hostile volume `name` in `dir` (created); returns the volume root. */
export function buildHostileVolume(dir: string, name: HostileCase): string {
  const sysprepLogs = (setuperr: string): InstallationSpec => ({ ...NOT_GENERALIZED, pantherSysprep: { setupact: '', setuperr } });
  switch (name) {
    case 'setuperr-150k-failures':
      buildWindowsVolume(dir, { installations: [sysprepLogs(appxFailureLines(150_000, false))] });
      break;
    case 'setuperr-20k-same-second':
      buildWindowsVolume(dir, { installations: [sysprepLogs(appxFailureLines(20_000, true))] });
      break;
    case 'answer-million-unclosed':
      // Nothing is ever closed: an XML validator's "unclosed" message can list every open tag.
      buildWindowsVolume(dir, {
        installations: [{ hiberboot: 0, answerFiles: { 'Windows\\Panther\\unattend.xml': `<unattend>${'<a>'.repeat(1_000_000)}` } }],
      });
      break;
    case 'answer-150k-passes':
      buildWindowsVolume(dir, {
        installations: [
          {
            hiberboot: 0,
            answerFiles: { 'Windows\\Panther\\unattend.xml': answerFile(lines(150_000, (i) => `<settings pass="p${i}"/>`)) },
          },
        ],
      });
      break;
    case 'answer-100k-generalize-components':
      buildWindowsVolume(dir, {
        installations: [
          {
            hiberboot: 0,
            answerFiles: {
              'Windows\\Panther\\unattend.xml': answerFile(
                `<settings pass="generalize">${lines(100_000, (i) => `<component name="C${i}"/>`)}</settings>`,
              ),
            },
          },
        ],
      });
      break;
    case 'appx-10k-unprovisioned':
      buildWindowsVolume(dir, {
        installations: [
          {
            ...NOT_GENERALIZED,
            appx: { perUser: { [`${DEFAULT_MACHINE_SID}-1001`]: Array.from({ length: 10_000 }, (_, i) => unprovisioned(i)) } },
          },
        ],
      });
      break;
    case 'appx-50k-orphan-sids': {
      const perUser: Record<string, string[]> = {};
      for (let i = 0; i < 50_000; i++) perUser[`S-1-5-21-1-2-3-${2000 + i}`] = [];
      buildWindowsVolume(dir, { installations: [{ ...NOT_GENERALIZED, appx: { perUser } }] });
      break;
    }
    case 'setuperr-error-before-tail': {
      // The only Error line lies before the last 32 MiB of setuperr.log: 33 MiB of Info lines follow it.
      buildWindowsVolume(dir, { installations: [sysprepLogs(appxFailureLines(1, false))] });
      const info =
        pantherLine(AT, 'Info', null, 'SYSPRP', 'ActionPlatform::LaunchModule: Successfully executed filler'.padEnd(200, '.')) + '\r\n';
      const chunk = info.repeat(Math.ceil((1 << 20) / info.length));
      const file = join(dir, ...SYSPREP_PANTHER, 'setuperr.log');
      for (let i = 0; i < 33; i++) appendFileSync(file, chunk);
      break;
    }
    case 'setuperr-nul-tail': {
      // An Error line, then 33 MiB of NUL bytes (a log preallocated or cut off by a crash).
      buildWindowsVolume(dir, { installations: [sysprepLogs(appxFailureLines(1, false))] });
      const file = join(dir, ...SYSPREP_PANTHER, 'setuperr.log');
      const zeros = Buffer.alloc(1 << 20);
      for (let i = 0; i < 33; i++) appendFileSync(file, zeros);
      break;
    }
    case 'panther-four-big-logs': {
      // setupact.log and setuperr.log in both Panther folders, 40 MiB each: more than the 32 MiB tail.
      buildWindowsVolume(dir, { installations: [sysprepLogs('')] });
      const info =
        pantherLine(AT, 'Info', null, 'SYSPRP', 'ActionPlatform::LaunchModule: Successfully executed filler'.padEnd(200, '.')) + '\r\n';
      const chunk = Buffer.from(info.repeat(Math.ceil((1 << 20) / info.length)));
      for (const file of [
        join(dir, ...SYSPREP_PANTHER, 'setupact.log'),
        join(dir, ...SYSPREP_PANTHER, 'setuperr.log'),
        join(dir, 'Windows', 'Panther', 'setupact.log'),
        join(dir, 'Windows', 'Panther', 'setuperr.log'),
      ]) {
        for (let i = 0; i < 40; i++) appendFileSync(file, chunk);
      }
      break;
    }
  }
  return dir;
}
