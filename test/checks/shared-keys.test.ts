// Registry keys and helpers are defined once, in the module that reads them (src/windows), and the checks
// and reports use that definition: a key spelled twice can drift apart silently.
import { describe, expect, it } from 'vitest';
import { appxEvidence } from '../../src/checks/appx';
import { sys003 } from '../../src/checks/sys003-skiprearm-registry';
import * as english from '../../src/checks/english';
import * as imageState from '../../src/checks/image-state';
import * as labels from '../../src/report/labels';
import { APPX_STORE_KEY } from '../../src/windows/appx';
import { IMAGE_STATE_KEY } from '../../src/windows/generalization';
import { SPP_KEY } from '../../src/windows/sysprep-limit';
import { USER_SID, facts } from './fixtures';

describe('one definition per key', () => {
  it("ImageState key: checks use windows/generalization's", () => {
    expect(IMAGE_STATE_KEY).toBe('Microsoft\\Windows\\CurrentVersion\\Setup\\State');
    expect(imageState.IMAGE_STATE_KEY).toBe(IMAGE_STATE_KEY);
  });

  it("AppxAllUserStore: the AppX checks' fallback evidence uses windows/appx's key", () => {
    expect(APPX_STORE_KEY).toBe('Microsoft\\Windows\\CurrentVersion\\Appx\\AppxAllUserStore');
    const [e] = appxEvidence({ ...facts().appx, evidence: [] }, USER_SID);
    expect(e).toMatchObject({ source: 'registry', key: `${APPX_STORE_KEY}\\${USER_SID}` });
  });

  it("SoftwareProtectionPlatform: SYS003 uses windows/sysprep-limit's key", () => {
    expect(SPP_KEY).toBe('Microsoft\\Windows NT\\CurrentVersion\\SoftwareProtectionPlatform');
    const [f] = sys003.run(facts({ sysprepLimit: { skipRearm: 1, evidence: [] } }));
    expect(f.evidence[0]).toMatchObject({ key: SPP_KEY, value: 'SkipRearm' });
    expect(f.remedy).toContain(`HKLM\\SOFTWARE\\${SPP_KEY}`);
  });

  it('plural lives in checks/english only (the report imports it)', () => {
    expect(typeof english.plural).toBe('function');
    expect(labels).not.toHaveProperty('plural');
  });
});
