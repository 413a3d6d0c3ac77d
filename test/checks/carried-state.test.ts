// Checks of what an image carries besides its generalization state: upgrade leftovers (VOL007), user accounts and
// profiles (PRF001), server roles (SRV001), Sysprep /mode:vm (SYS004).
import { prf001 } from '../../src/checks/prf001-user-accounts';
import { srv001 } from '../../src/checks/srv001-server-roles';
import { sys004 } from '../../src/checks/sys004-sysprep-mode-vm';
import { vol007 } from '../../src/checks/vol007-upgrade-leftovers';
import { MACHINE_SID, NOT_GENERALIZED, baseFacts, facts } from './fixtures';
import { checkTable } from './tester';

const leftovers = (...folders: string[]) => ({
  leftovers: { folders, evidence: folders.map((f) => ({ source: 'file' as const, path: f, detail: 'folder at the volume root' })) },
});

checkTable(vol007, {
  valid: [{ name: 'clean volume root', input: facts() }],
  invalid: [
    {
      name: 'Windows.old and $Windows.~BT',
      input: facts(leftovers('Windows.old', '$Windows.~BT')),
      findings: [
        {
          severity: 'warn',
          message: ['\\Windows.old', '\\$Windows.~BT', 'captures them silently'],
          remedy: ['cleanmgr', '[ExclusionList]'],
        },
      ],
    },
    {
      name: '$WINDOWS.~WS alone',
      input: facts(leftovers('$WINDOWS.~WS')),
      findings: [{ severity: 'warn', message: ['\\$WINDOWS.~WS is'] }],
    },
  ],
});

const tech = {
  accounts: {
    users: [{ rid: 1001, name: 'tech' }],
    evidence: [{ source: 'registry' as const, hive: 'SAM', key: 'SAM\\Domains\\Account\\Users\\000003E9', data: 'RID 1001 (tech)' }],
  },
};
const techProfile = {
  profiles: {
    profiles: [
      ...baseFacts().profiles.profiles,
      { sid: `${MACHINE_SID}-1001`, path: 'C:\\Users\\tech', localAccount: true, backup: false },
    ],
    evidence: baseFacts().profiles.evidence,
  },
};
const copyProfile = { unattend: { files: [{ ...baseFacts().unattend.files[0], copyProfile: true }] } };

checkTable(prf001, {
  valid: [
    { name: 'generalized, only built-in accounts and the Administrator profile', input: facts() },
    { name: 'not generalized: GEN001 says it (accounts are part of preparing it)', input: facts(NOT_GENERALIZED, tech, techProfile) },
    { name: 'SAM unreadable: unknown, nothing claimed', input: facts({ accounts: { users: null, evidence: [] } }) },
    { name: 'CopyProfile with only the Administrator profile', input: facts(copyProfile) },
  ],
  invalid: [
    {
      name: 'generalized with a local account and its profile',
      input: facts(tech, techProfile),
      findings: [{ severity: 'warn', message: ['1 local user account', 'tech (RID 1001)', '1 user profile', 'C:\\Users\\tech'] }],
    },
    {
      name: 'generalized with a domain profile only',
      input: facts({
        profiles: {
          profiles: [
            ...baseFacts().profiles.profiles,
            { sid: 'S-1-5-21-1004336348-1177238915-682003330-1107', path: 'C:\\Users\\jdoe', localAccount: false, backup: false },
          ],
          evidence: baseFacts().profiles.evidence,
        },
      }),
      findings: [{ severity: 'warn', message: ['C:\\Users\\jdoe'] }],
    },
    {
      name: 'CopyProfile=true with several profiles: hedged warning (UNCONFIRMED)',
      input: facts(NOT_GENERALIZED, copyProfile, techProfile),
      findings: [
        { severity: 'warn', message: ['CopyProfile=true', '2 user profiles', 'practitioners report it; Microsoft does not document it'] },
      ],
    },
  ],
});

const roles = (productType: string | null, ...list: { role: string; by: string; initialised: boolean | null }[]) => ({
  serverRoles: {
    productType,
    roles: list,
    evidence: [
      {
        source: 'registry' as const,
        hive: 'SYSTEM',
        key: 'ControlSet001\\Control\\ProductOptions',
        value: 'ProductType',
        data: productType ?? '',
      },
      ...list.map((r) => ({
        source: 'registry' as const,
        hive: 'SYSTEM',
        key: `ControlSet001\\Services\\${r.by}`,
        data: 'service present',
      })),
    ],
  },
});

checkTable(srv001, {
  valid: [
    { name: 'client', input: facts() },
    { name: 'SYSTEM unreadable: unknown', input: facts({ serverRoles: { productType: null, roles: null, evidence: [] } }) },
  ],
  invalid: [
    {
      name: 'domain controller (ProductType LanmanNT): block',
      input: facts(roles('LanmanNT', { role: 'AD DS (domain controller)', by: 'ProductType LanmanNT', initialised: null })),
      findings: [{ severity: 'block', message: ['domain controller', 'LanmanNT'] }],
    },
    {
      name: 'AD CS, DHCP and an AD LDS instance: warn each',
      input: facts(
        roles(
          'ServerNT',
          { role: 'AD CS', by: 'CertSvc', initialised: null },
          { role: 'DHCP Server', by: 'DHCPServer', initialised: null },
          { role: 'AD LDS', by: 'ADAM_Contoso', initialised: null },
        ),
      ),
      findings: [
        { severity: 'warn', message: ['AD CS', 'CertSvc', 'not supported by Sysprep'] },
        { severity: 'warn', message: ['DHCP Server'] },
        { severity: 'warn', message: ['AD LDS', 'ADAM_Contoso'] },
      ],
    },
    {
      name: 'WDS initialised: warn; not initialised: info',
      input: facts(roles('ServerNT', { role: 'WDS', by: 'WDSServer', initialised: true })),
      findings: [{ severity: 'warn', message: ['WDS (initialised)'] }],
    },
    {
      name: 'WDS installed, not initialised: info',
      input: facts(roles('ServerNT', { role: 'WDS', by: 'WDSServer', initialised: false })),
      findings: [{ severity: 'info', message: ['not initialised'] }],
    },
  ],
});

checkTable(sys004, {
  valid: [
    { name: 'options without MODE', input: facts() },
    { name: 'no log: unknown, nothing claimed', input: facts({ sysprepRun: { options: null, modeVm: null, evidence: [] } }) },
  ],
  invalid: [
    {
      name: '/mode:vm in the last run',
      input: facts({
        sysprepRun: {
          options: ['GENERALIZE', 'OOBE', 'MODE'],
          modeVm: true,
          evidence: [{ source: 'file', path: 'Windows\\System32\\Sysprep\\Panther\\setupact.log', detail: "line 9: ... option 'MODE'" }],
        },
      }),
      findings: [{ severity: 'warn', message: ['/mode:vm', 'same hypervisor'], remedy: ['sysprep.exe /generalize /oobe /shutdown'] }],
    },
  ],
});
