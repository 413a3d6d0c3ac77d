// ImageState against SYSTEM\Setup: a generalized ImageState with Setup disarmed is unknown, never
// ready. Volumes come from the project's builder; the facts from the real extractor.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runChecks } from '../../src/checks/registry';
import { inspectInstallation } from '../../src/windows/installation';
import { VolumeFs } from '../../src/windows/volume-fs';
import { IMAGE_STATE, buildWindowsVolume, type SetupSpec } from '../../src/sample/windows-volume';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function inspect(imageState: string, setup?: Partial<SetupSpec>) {
  const root = mkdtempSync(join(tmpdir(), 'preflight-gen-'));
  dirs.push(root);
  buildWindowsVolume(root, { installations: [{ hiberboot: 0, imageState, setup }] });
  return inspectInstallation(new VolumeFs(root), root, 'Windows');
}

describe('setup-state consistency', () => {
  it.each<[string, string, Partial<SetupSpec> | undefined, string, RegExp | null]>([
    ['generalized, Setup armed (windeploy, in progress 1)', IMAGE_STATE.GENERALIZE_RESEAL_TO_OOBE, undefined, 'generalized', null],
    ['generalized to audit, Setup armed', IMAGE_STATE.GENERALIZE_RESEAL_TO_AUDIT, undefined, 'generalized', null],
    [
      'generalized, CmdLine empty',
      IMAGE_STATE.GENERALIZE_RESEAL_TO_OOBE,
      { CmdLine: '' },
      'unknown',
      /CmdLine is "", not oobe\\windeploy\.exe/,
    ],
    [
      'generalized, CmdLine something else',
      IMAGE_STATE.GENERALIZE_RESEAL_TO_OOBE,
      { CmdLine: 'setup.exe' },
      'unknown',
      /CmdLine is "setup\.exe"/,
    ],
    [
      'generalized, SystemSetupInProgress 0',
      IMAGE_STATE.GENERALIZE_RESEAL_TO_OOBE,
      { SystemSetupInProgress: 0 },
      'unknown',
      /SystemSetupInProgress is 0/,
    ],
    ['not generalized stays not generalized', IMAGE_STATE.COMPLETE, undefined, 'not-generalized', null],
  ])('%s', (_name, imageState, setup, state, reason) => {
    const facts = inspect(imageState, setup);
    expect(facts.generalization.state).toBe(state);
    if (reason) expect(facts.generalization.reason).toMatch(reason);
    const results = runChecks([facts], []);
    if (state === 'unknown') {
      expect(results.verdict).toBe('blocked');
      expect(results.perInstallation.get(facts.id)?.map((f) => f.id)).toContain('GEN002');
    }
  });
});
