import { sid001 } from '../../src/checks/sid001-sid-sources-disagree';
import { sid002 } from '../../src/checks/sid002-sid-unreadable';
import { xin001 } from '../../src/checks/xin001-duplicate-machine-sid';
import { xin002 } from '../../src/checks/xin002-other-installation-not-generalized';
import { xin003 } from '../../src/checks/xin003-no-installation';
import { MACHINE_SID, NOT_GENERALIZED, OTHER_SID, UNKNOWN_STATE, facts, otherFacts } from './fixtures';
import { checkTable } from './tester';

const noSid = { sid: { machineSid: null, samSid: null, securitySid: null, sourcesAgree: null, evidence: [] } } as const;

checkTable(sid001, {
  valid: [
    { name: 'both agree', input: facts() },
    { name: 'only SAM readable', input: facts({ sid: { securitySid: null, sourcesAgree: null } }) },
  ],
  invalid: [
    {
      name: 'SAM and PolAcDmS differ',
      input: facts({ sid: { securitySid: OTHER_SID, sourcesAgree: false } }),
      findings: [{ severity: 'warn', message: [MACHINE_SID, OTHER_SID, 'PolAcDmS'] }],
    },
  ],
});

checkTable(sid002, {
  valid: [
    { name: 'SID read', input: facts() },
    { name: 'one source is enough', input: facts({ sid: { samSid: null, sourcesAgree: null } }) },
  ],
  invalid: [
    {
      name: 'unreadable, generalized: info',
      input: facts(noSid),
      findings: [{ severity: 'info', message: ['No machine SID'], noEvidence: true }],
    },
    {
      name: 'unreadable, not generalized: warn',
      input: facts(NOT_GENERALIZED, noSid),
      findings: [{ severity: 'warn', message: ['duplicate SIDs'], noEvidence: true }],
    },
  ],
});

const clone = (patch = {}) => facts({ id: 'D:\\Windows', volume: 'D:' }, patch);

checkTable(xin001, {
  valid: [
    { name: 'one installation', input: [facts()] },
    { name: 'different SIDs', input: [facts(), otherFacts()] },
    { name: 'SIDs unknown are not equal', input: [facts(noSid), clone(noSid)] },
  ],
  invalid: [
    {
      name: 'clone not generalized: block',
      input: [facts(), clone(NOT_GENERALIZED)],
      findings: [
        {
          severity: 'block',
          message: [MACHINE_SID, 'D:\\Windows is not generalized'],
          // One story: generalize the original and capture that; rebuild the clones - never "run Sysprep"
          // on them and then "that is not enough".
          remedy: ['the original, not a clone', 'rebuild them from the generalized image'],
          notRemedy: ['not enough'],
          installations: ['C:\\Windows', 'D:\\Windows'],
        },
      ],
    },
    {
      name: 'clone with unknown state: block',
      input: [facts(), clone(UNKNOWN_STATE)],
      findings: [{ severity: 'block', message: [MACHINE_SID] }],
    },
    {
      name: 'all generalized: warn',
      input: [facts(), clone(), otherFacts()],
      findings: [
        {
          severity: 'warn',
          message: ['C:\\Windows and D:\\Windows share the machine SID', MACHINE_SID],
          installations: ['C:\\Windows', 'D:\\Windows'],
        },
      ],
    },
  ],
});

checkTable(xin002, {
  valid: [
    { name: 'single non-generalized installation (GEN001 covers it)', input: [facts(NOT_GENERALIZED)] },
    { name: 'both generalized', input: [facts(), otherFacts()] },
  ],
  invalid: [
    {
      name: 'the other one is not generalized',
      input: [facts(), facts({ id: 'D:\\Windows', volume: 'D:' }, NOT_GENERALIZED)],
      findings: [
        {
          severity: 'info',
          message: ['D:\\Windows is not generalized', 'C:\\Windows'],
          installations: ['D:\\Windows', 'C:\\Windows'],
        },
      ],
    },
  ],
});

checkTable(xin003, {
  valid: [{ name: 'one installation', input: [facts()] }],
  invalid: [
    {
      name: 'none',
      input: [],
      findings: [{ severity: 'block', message: ['No Windows installation'], noEvidence: true, installations: [] }],
    },
  ],
});
