import { gen001 } from '../../src/checks/gen001-not-generalized';
import { gen002 } from '../../src/checks/gen002-generalization-unknown';
import { gen003 } from '../../src/checks/gen003-imagestate-disagree';
import { gen004 } from '../../src/checks/gen004-sysprep-tag-missing';
import { gen005 } from '../../src/checks/gen005-generalized-to-audit';
import { describe, expect, it } from 'vitest';
import { xin002 } from '../../src/checks/xin002-other-installation-not-generalized';
import { NOT_GENERALIZED, UNKNOWN_STATE, facts, otherFacts } from './fixtures';
import { checkTable } from './tester';

const AUDIT = 'IMAGE_STATE_GENERALIZE_RESEAL_TO_AUDIT';
const OOBE = 'IMAGE_STATE_GENERALIZE_RESEAL_TO_OOBE';
/** The registry holds a value nobody documents; State.ini's IMAGE_STATE_COMPLETE decided (generalization.ts). */
const REGISTRY_UNRECOGNISED = facts(NOT_GENERALIZED, {
  generalization: { imageStateRegistry: 'IMAGE_STATE_FROBNICATED', imageStateFile: 'IMAGE_STATE_COMPLETE', sourcesAgree: false },
});

checkTable(gen001, {
  valid: [
    { name: 'generalized to OOBE', input: facts() },
    {
      name: 'generalized to audit',
      input: facts({ generalization: { imageStateRegistry: AUDIT, imageStateFile: AUDIT } }),
    },
    { name: 'state unknown is GEN002, not GEN001', input: facts(UNKNOWN_STATE) },
  ],
  invalid: [
    {
      name: 'IMAGE_STATE_COMPLETE in registry and State.ini',
      input: facts(NOT_GENERALIZED),
      findings: [
        {
          severity: 'block',
          message: [
            'IMAGE_STATE_COMPLETE',
            'SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Setup\\State',
            'State.ini',
            'has since run specialize and OOBE',
          ],
          remedy: ['sysprep.exe /generalize /oobe /shutdown', 'Ctrl+Shift+F3', 'audit mode'],
        },
      ],
    },
    {
      name: 'UNDEPLOYABLE asks for a rebuild',
      input: facts(NOT_GENERALIZED, {
        generalization: { imageStateRegistry: 'IMAGE_STATE_UNDEPLOYABLE', imageStateFile: 'IMAGE_STATE_UNDEPLOYABLE' },
      }),
      findings: [{ severity: 'block', message: ['IMAGE_STATE_UNDEPLOYABLE', 'never be deployable'], remedy: ['Rebuild'] }],
    },
    {
      name: "registry value unrecognised: names State.ini's value, which decided",
      input: REGISTRY_UNRECOGNISED,
      findings: [
        { severity: 'block', message: ['ImageState is IMAGE_STATE_COMPLETE in Windows\\Setup\\State\\State.ini', 'never generalized'] },
      ],
    },
    {
      name: "the doc's IMG_UNDEPLOYABLE spelling asks for a rebuild too",
      input: facts(NOT_GENERALIZED, { generalization: { imageStateRegistry: null, imageStateFile: 'IMG_UNDEPLOYABLE' } }),
      findings: [{ severity: 'block', message: ['IMG_UNDEPLOYABLE', 'never be deployable'], remedy: ['Rebuild'] }],
    },
    {
      name: 'specialized, only State.ini readable',
      input: facts(NOT_GENERALIZED, {
        generalization: { imageStateRegistry: null, imageStateFile: 'IMAGE_STATE_SPECIALIZE_RESEAL_TO_OOBE' },
      }),
      findings: [
        {
          severity: 'block',
          message: ['IMAGE_STATE_SPECIALIZE_RESEAL_TO_OOBE', 'in Windows\\Setup\\State\\State.ini'],
        },
      ],
    },
  ],
});

checkTable(gen002, {
  valid: [
    { name: 'generalized', input: facts() },
    { name: 'not generalized is GEN001', input: facts(NOT_GENERALIZED) },
  ],
  invalid: [
    {
      name: 'no ImageState anywhere',
      input: facts(UNKNOWN_STATE),
      findings: [
        {
          severity: 'block',
          message: ['Cannot confirm', 'SOFTWARE hive could not be read'],
          remedy: ['type "C:\\Windows\\Setup\\State\\State.ini"', 'Do not boot'],
          notRemedy: ['reg query'],
          noEvidence: true,
        },
      ],
    },
  ],
});

checkTable(gen003, {
  valid: [
    { name: 'both agree', input: facts() },
    {
      name: 'only one source (agreement unknown)',
      input: facts({ generalization: { imageStateFile: null, sourcesAgree: null } }),
    },
  ],
  invalid: [
    {
      name: 'registry generalized, State.ini complete',
      input: facts({ generalization: { imageStateFile: 'IMAGE_STATE_COMPLETE', sourcesAgree: false } }),
      findings: [{ severity: 'warn', message: ['IMAGE_STATE_GENERALIZE_RESEAL_TO_OOBE', 'IMAGE_STATE_COMPLETE', 'State.ini'] }],
    },
  ],
});

checkTable(gen004, {
  valid: [
    { name: 'generalized with the tag', input: facts() },
    { name: 'not generalized without the tag: GEN001 says it all', input: facts(NOT_GENERALIZED) },
    { name: 'unknown without the tag: GEN002 says it all', input: facts(UNKNOWN_STATE) },
  ],
  invalid: [
    {
      name: 'generalized, tag missing',
      input: facts({ generalization: { sysprepTagPresent: false } }),
      findings: [
        {
          severity: 'warn',
          message: ['Windows\\System32\\Sysprep\\Sysprep_succeeded.tag', 'IMAGE_STATE_GENERALIZE_RESEAL_TO_OOBE'],
        },
      ],
    },
  ],
});

checkTable(gen005, {
  valid: [
    { name: 'generalized to OOBE', input: facts() },
    { name: 'not generalized', input: facts(NOT_GENERALIZED) },
  ],
  invalid: [
    {
      name: 'generalized to audit',
      input: facts({ generalization: { imageStateRegistry: AUDIT, imageStateFile: AUDIT } }),
      findings: [{ severity: 'warn', message: [AUDIT, 'will boot into audit mode', 'built-in Administrator'] }],
    },
    {
      name: 'only State.ini says audit (registry OOBE): may boot into audit mode',
      input: facts({ generalization: { imageStateRegistry: OOBE, imageStateFile: AUDIT, sourcesAgree: false } }),
      findings: [{ severity: 'warn', message: [`${AUDIT} in Windows\\Setup\\State\\State.ini`, 'may boot into audit mode'] }],
    },
    {
      name: 'only State.ini readable, says audit',
      input: facts({ generalization: { imageStateRegistry: null, imageStateFile: AUDIT } }),
      findings: [{ severity: 'warn', message: [AUDIT, 'will boot into audit mode', 'built-in Administrator'] }],
    },
  ],
});

describe('the ImageState named is the one that decided (never an unrecognised copy)', () => {
  it('GEN001 does not name the unrecognised registry value', () => {
    const [f] = gen001.run(REGISTRY_UNRECOGNISED);
    expect(f.message).not.toContain('IMAGE_STATE_FROBNICATED');
    expect(f.message).not.toContain('registry');
  });

  it('XIN002 names the deciding value', () => {
    const other = otherFacts();
    const [f] = xin002.run([REGISTRY_UNRECOGNISED, other]).filter((x) => x.installations?.[0] === REGISTRY_UNRECOGNISED.id);
    expect(f.evidence[0]).toMatchObject({ detail: expect.stringContaining('ImageState IMAGE_STATE_COMPLETE') });
  });
});

describe("paths below %WINDIR% follow the installation's Windows directory, not a hard-coded Windows\\", () => {
  const winnt = { windowsDir: 'WINNT', id: 'C:\\WINNT' } as const;

  it('GEN001 names State.ini under that directory', () => {
    const f = facts(NOT_GENERALIZED, winnt, { generalization: { imageStateRegistry: null } });
    expect(gen001.run(f)[0].message).toContain('IMAGE_STATE_COMPLETE in WINNT\\Setup\\State\\State.ini');
  });

  it('GEN002 remedy names that State.ini', () => {
    const [f] = gen002.run(facts(UNKNOWN_STATE, winnt));
    expect(f.remedy).toContain('WINNT\\Setup\\State\\State.ini');
    expect(f.remedy).not.toContain('Windows\\Setup');
  });

  it('GEN003 names that State.ini', () => {
    const [f] = gen003.run(facts(winnt, { generalization: { imageStateFile: 'IMAGE_STATE_COMPLETE', sourcesAgree: false } }));
    expect(f.message).toContain('WINNT\\Setup\\State\\State.ini says IMAGE_STATE_COMPLETE');
  });

  it('GEN004 names the tag and the log under that directory', () => {
    const [f] = gen004.run(facts(winnt, { generalization: { sysprepTagPresent: false } }));
    expect(f.message).toContain('WINNT\\System32\\Sysprep\\Sysprep_succeeded.tag');
    expect(f.remedy).toContain('WINNT\\System32\\Sysprep\\Panther\\setupact.log');
  });
});
