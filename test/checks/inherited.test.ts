// Checks of what every deployed machine would inherit: Microsoft Entra join/registration (IDN001), MDM
// enrollment (IDN002), ConfigMgr client identity (IDN003), EFS keys (EFS001), WinRE outside the image
// (REC001) and upgraded installations on Windows versions whose Sysprep refuses them (UPG001).
import { expect, it } from 'vitest';
import { efs001 } from '../../src/checks/efs001-efs-keys';
import { idn001 } from '../../src/checks/idn001-entra-joined';
import { idn002 } from '../../src/checks/idn002-mdm-enrolled';
import { idn003 } from '../../src/checks/idn003-configmgr-identity';
import { rec001 } from '../../src/checks/rec001-winre-outside-image';
import { upg001 } from '../../src/checks/upg001-upgraded-installation';
import { SYSPREP_GENERALIZE } from '../../src/checks/remedy-phrases';
import { remedyText } from '../../src/checks/remedy-markup';
import { NOT_GENERALIZED, USER_SID, baseFacts, facts } from './fixtures';
import { checkTable } from './tester';

const SYSTEM = 'Windows\\System32\\config\\SYSTEM';
const SOFTWARE = 'Windows\\System32\\config\\SOFTWARE';
const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const THUMB = '7E41032CFA915F219FA6A24BF74163BFD01AFE37';
const identity = (patch: Partial<ReturnType<typeof baseFacts>['deviceIdentity']>) => ({
  deviceIdentity: { ...baseFacts().deviceIdentity, ...patch },
});
const joined = identity({
  entraJoins: [{ thumbprint: THUMB, tenantId: TENANT, tenantName: 'Contoso', userEmail: 'tech@contoso.com' }],
  evidence: [
    {
      source: 'registry',
      hive: SYSTEM,
      key: `ControlSet001\\Control\\CloudDomainJoin\\JoinInfo\\${THUMB}`,
      value: 'TenantId',
      data: TENANT,
    },
  ],
});
const userHive = (efsKey: boolean, workplaceJoins: number) => ({
  userHives: {
    read: [{ sid: USER_SID, path: 'Users\\tech\\NTUSER.DAT', efsKey, workplaceJoins }],
    unread: [],
    overLimit: 0,
    evidence: [
      ...(efsKey
        ? [
            {
              source: 'registry' as const,
              hive: 'Users\\tech\\NTUSER.DAT',
              key: 'Software\\Microsoft\\Windows NT\\CurrentVersion\\EFS\\CurrentKeys',
              value: 'CertificateHash',
              data: '20 bytes',
            },
          ]
        : []),
      ...(workplaceJoins
        ? [
            {
              source: 'registry' as const,
              hive: 'Users\\tech\\NTUSER.DAT',
              key: 'Software\\Microsoft\\Windows NT\\CurrentVersion\\WorkplaceJoin\\JoinInfo',
              data: '1 subkeys',
            },
          ]
        : []),
    ],
  },
});

checkTable(idn001, {
  valid: [
    { name: 'clean generalized image (empty CloudDomainJoin means nothing: no JoinInfo subkey)', input: facts() },
    { name: 'SYSTEM unreadable: unknown, nothing claimed', input: facts(identity({ entraJoins: null })) },
    { name: 'a user hive without WorkplaceJoin', input: facts(userHive(false, 0)) },
  ],
  invalid: [
    {
      name: 'Entra joined',
      input: facts(joined),
      findings: [{ severity: 'warn', message: ['Microsoft Entra joined to Contoso (72f988bf-', THUMB], remedy: ['dsregcmd /leave'] }],
    },
    {
      name: 'hybrid joined (domain member as well)',
      input: facts(joined, NOT_GENERALIZED, { volumeState: { domainJoined: true, domainName: 'CORP' } }),
      findings: [{ severity: 'warn', message: ['hybrid joined (also a member of CORP)'] }],
    },
    {
      name: 'registered by a user (WorkplaceJoin in NTUSER.DAT)',
      input: facts(userHive(false, 1)),
      findings: [{ severity: 'warn', message: ['Registered with Microsoft Entra ID by 1 user profile', USER_SID] }],
    },
  ],
});

checkTable(idn002, {
  valid: [
    { name: 'only the Enrollments entries Windows makes itself (no ProviderID: not listed)', input: facts() },
    { name: 'SOFTWARE unreadable', input: facts(identity({ mdmEnrollments: null, omadmAccounts: null })) },
  ],
  invalid: [
    {
      name: 'enrolled in Intune',
      input: facts(
        identity({
          mdmEnrollments: [
            {
              id: '19D18E77-2BF0-4578-9937-86BB5E2430D9',
              providerId: 'MS DM Server',
              upn: 'tech@contoso.com',
              enrollmentType: 6,
              enrollmentState: 1,
            },
          ],
          omadmAccounts: ['19D18E77-2BF0-4578-9937-86BB5E2430D9'],
          evidence: [
            {
              source: 'registry',
              hive: SOFTWARE,
              key: 'Microsoft\\Enrollments\\19D18E77-2BF0-4578-9937-86BB5E2430D9',
              value: 'ProviderID',
              data: 'MS DM Server',
            },
          ],
        }),
      ),
      findings: [
        {
          severity: 'warn',
          message: ['MDM enrolled with MS DM Server for tech@contoso.com'],
          remedy: ['Access work or school', 'Disconnect'],
        },
      ],
    },
    {
      name: 'an OMA-DM account left without its enrollment entry',
      input: facts(
        identity({
          omadmAccounts: ['ABC'],
          evidence: [{ source: 'registry', hive: SOFTWARE, key: 'Microsoft\\Provisioning\\OMADM\\Accounts\\ABC', data: 'OMA-DM account' }],
        }),
      ),
      findings: [{ severity: 'warn', message: ['1 OMA-DM account(s) (ABC)'] }],
    },
  ],
});

checkTable(idn003, {
  valid: [
    { name: 'no client', input: facts() },
    {
      name: 'client prepared for capture (installed, no SMSCFG.ini identity)',
      input: facts(identity({ configMgr: { smsUniqueId: null, clientInstalled: true } })),
    },
  ],
  invalid: [
    {
      name: 'client with its identity',
      input: facts(
        identity({
          configMgr: { smsUniqueId: 'GUID:1B2C3D4E-0000-1111-2222-333344445555', clientInstalled: true },
          evidence: [
            { source: 'file', path: 'Windows\\SMSCFG.ini', detail: 'SMS Unique Identifier=GUID:1B2C3D4E-0000-1111-2222-333344445555' },
          ],
        }),
      ),
      findings: [
        {
          severity: 'warn',
          message: ['"GUID:1B2C3D4E-0000-1111-2222-333344445555"', 'client installed'],
          remedy: ['Prepare ConfigMgr Client for Capture'],
        },
      ],
    },
  ],
});

checkTable(efs001, {
  valid: [
    { name: 'no user hive', input: facts() },
    { name: 'a user hive without EFS key', input: facts(userHive(false, 0)) },
  ],
  invalid: [
    {
      name: 'generalized: the encrypted files are already unreadable',
      input: facts(userHive(true, 0)),
      findings: [{ severity: 'warn', message: ['Users\\tech\\NTUSER.DAT', 'now unreadable'] }],
    },
    {
      name: 'not generalized, some profiles not read: Sysprep would make them unreadable; unknown ones counted',
      input: facts(NOT_GENERALIZED, userHive(true, 0), { userHives: { overLimit: 3 } }),
      findings: [
        {
          severity: 'warn',
          message: ['Sysprep would make any file they encrypted unreadable', '3 other profile(s) were not read (unknown)'],
        },
      ],
    },
  ],
});

const recovery = (patch: Partial<ReturnType<typeof baseFacts>['recovery']>) => ({ recovery: { ...baseFacts().recovery, ...patch } });
checkTable(rec001, {
  valid: [
    { name: 'Winre.wim in the image (disabled, moved back)', input: facts() },
    {
      name: 'enabled, Winre.wim on this volume (\\Recovery\\WindowsRE)',
      input: facts(recovery({ enabled: true, winreLocation: '\\Recovery\\WindowsRE', winreWim: 'Recovery\\WindowsRE\\Winre.wim' })),
    },
    {
      name: 'no ReAgent.xml: unknown, nothing claimed',
      input: facts(recovery({ reagentXml: null, enabled: null, winreWim: null, evidence: [] })),
    },
  ],
  invalid: [
    {
      name: 'enabled on a recovery partition, Winre.wim not in the image',
      input: facts(recovery({ enabled: true, winreLocation: '\\Recovery\\WindowsRE', winreWim: null })),
      findings: [
        {
          severity: 'warn',
          message: ['enabled at \\Recovery\\WindowsRE', 'no recovery environment'],
          remedy: ['reagentc /disable', 'reagentc /enable'],
        },
      ],
    },
  ],
});

const upgraded = (patch: Parameters<typeof facts>[0] = {}) =>
  facts(
    {
      upgrade: {
        upgraded: true,
        sources: [{ key: 'Source OS (Updated on 3/4/2015 10:11:12)', productName: 'Windows 8.1 Pro', build: 9600 }],
        upgradeValue: 0,
        evidence: [
          {
            source: 'registry',
            hive: SYSTEM,
            key: 'Setup\\Source OS (Updated on 3/4/2015 10:11:12)',
            value: 'ProductName',
            data: 'Windows 8.1 Pro',
          },
        ],
      },
    },
    patch,
  );
const win10_1511 = { os: { productName: 'Windows 10 Pro', family: 'Windows 10', build: 10586, displayVersion: null } } as const;
checkTable(upg001, {
  valid: [
    { name: 'clean install', input: facts() },
    { name: 'upgraded Windows 11 24H2 (1607 and later: supported)', input: upgraded() },
    { name: 'upgraded Windows Server 2016 (build 14393)', input: upgraded({ os: { build: 14393 } }) },
  ],
  invalid: [
    {
      name: 'upgraded Windows 10 1511, not generalized: Sysprep will fail',
      input: upgraded({ ...NOT_GENERALIZED, ...win10_1511 }),
      findings: [
        { severity: 'warn', message: ['Upgraded in place from Windows 8.1 Pro', 'build 10586', 'Sysprep will not run on an upgraded OS'] },
      ],
    },
    {
      name: 'upgraded Windows 10 1511, generalized anyway: unsupported',
      input: upgraded(win10_1511),
      findings: [{ severity: 'warn', message: ['forced past that check (unsupported)'] }],
    },
    {
      name: 'version unknown: info, not a verdict',
      input: upgraded({ os: { build: null } }),
      findings: [{ severity: 'info', message: ['cannot be told'] }],
    },
  ],
});

it('every new remedy reads as typed (exact text)', () => {
  const sysprep = `run ${SYSPREP_GENERALIZE}`;
  expect(remedyText(idn001.meta.remedy)).toBe(
    'On the reference machine, in an elevated prompt, leave Microsoft Entra ID: dsregcmd /leave (a hybrid-joined machine also leaves the domain), ' +
      'remove work or school accounts under Settings > Accounts > Access work or school, delete the device object in the Entra admin center, ' +
      `then ${sysprep}. Build reference images in a workgroup, never joined or enrolled.`,
  );
  expect(remedyText(idn003.meta.remedy)).toContain(
    'elevated: net stop ccmexec, del %WINDIR%\\SMSCFG.ini, then in PowerShell Remove-Item Cert:\\LocalMachine\\SMS\\*, then ',
  );
  expect(remedyText(efs001.meta.remedy)).toContain('cipher /d /s:%SystemDrive%\\Users');
  expect(remedyText(rec001.meta.remedy)).toContain('elevated: reagentc /disable (it moves Winre.wim back to %WINDIR%\\System32\\Recovery');
});

it('remedies that did harm before read right now (exact text)', async () => {
  const { prf001 } = await import('../../src/checks/prf001-user-accounts');
  const { srv001 } = await import('../../src/checks/srv001-server-roles');
  const { vol007 } = await import('../../src/checks/vol007-upgrade-leftovers');
  const { MACHINE_SID } = await import('./fixtures');
  const sysprep = `run ${SYSPREP_GENERALIZE}`;
  // PRF001: the user's packages first, then the profile and the account, with the SID and name filled in.
  const prf = prf001.run(
    facts({
      accounts: {
        users: [{ rid: 1001, name: 'tech' }],
        evidence: [{ source: 'registry', hive: 'SAM', key: 'SAM\\Domains\\Account\\Users\\000003E9' }],
      },
      profiles: {
        profiles: [
          ...baseFacts().profiles.profiles,
          { sid: `${MACHINE_SID}-1001`, path: 'C:\\Users\\tech', localAccount: true, backup: false },
        ],
        evidence: baseFacts().profiles.evidence,
      },
    }),
  );
  expect(remedyText(prf[0].remedy)).toBe(
    "On the reference machine, booted as the built-in Administrator, for each user to remove: first remove the user's app packages, in elevated PowerShell " +
      `Get-AppxPackage -User '${MACHINE_SID}-1001' | Remove-AppxPackage -User '${MACHINE_SID}-1001' (deleting a profile leaves its packages registered, the APX001/APX002 situation), ` +
      `then delete the profile (System Properties > Advanced > User Profiles > Delete) and the account: net user tech /delete; then ${sysprep}.`,
  );
  // SRV001: a domain controller is demoted, not just stripped of a role.
  const dc = srv001.run(
    facts({
      serverRoles: {
        productType: 'LanmanNT',
        roles: [{ role: 'AD DS (domain controller)', by: 'ProductType LanmanNT', initialised: null }],
        evidence: [],
      },
    }),
  );
  expect(remedyText(dc[0].remedy)).toBe(
    'Demote the domain controller first, in elevated PowerShell on it: Uninstall-ADDSDomainController (add -LastDomainControllerInDomain -RemoveApplicationPartitions only if it is the last DC of its domain), ' +
      `restart, remove the AD DS role (Uninstall-WindowsFeature AD-Domain-Services -IncludeManagementTools), then ${sysprep}. Promote the deployed servers afterwards.`,
  );
  expect(srv001.meta.docs).not.toContain('830958');
  expect(prf001.meta.docs).not.toContain('830958');
  // VOL007: remove first; a config of one's own keeps the defaults.
  const v7 = remedyText(vol007.meta.remedy);
  expect(v7.startsWith('First, on the reference machine before Sysprep, remove them with Disk Cleanup')).toBe(true);
  expect(v7).toContain(
    'start from the <image>.WimScript.ini preflight writes next to an image and add \\Windows.old, \\$Windows.~BT and \\$WINDOWS.~WS under [ExclusionList]',
  );
  expect(v7).toContain(
    "with wimlib also wimlib's defaults (pagefile.sys, hiberfil.sys and System Volume Information would then be captured)",
  );
});
