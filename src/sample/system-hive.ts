// The SYSTEM hive of a built installation.
import { binary, dword, expandSz, guid, multiSz, prng, pseudoRandomBytes, sz, type Entries } from './binary';
import { type ValueSpec } from './hive-builder';
import { type Resolved } from './resolve-spec';

export function service(
  cs: string,
  name: string,
  start: number,
  imagePath: string,
  display: string,
  objectName = 'LocalSystem',
  type = 0x20,
): Entries {
  return [
    [
      `${cs}\\Services\\${name}`,
      [
        dword('Type', type),
        dword('Start', start),
        dword('ErrorControl', 1),
        expandSz('ImagePath', imagePath),
        sz('DisplayName', display),
        sz('ObjectName', objectName),
      ],
    ],
  ];
}

function controlSet(r: Resolved, cs: string): Entries {
  const p = r.pending;
  const sm = `${cs}\\Control\\Session Manager`;
  const smValues: ValueSpec[] = [
    dword('AutoChkTimeout', 8),
    multiSz('BootExecute', ['autocheck autochk *']),
    dword('CriticalSectionTimeout', 2592000),
    multiSz('ExcludeFromKnownDlls', []),
    dword('GlobalFlag', 0),
    dword('HeapDeCommitFreeBlockThreshold', 0),
    dword('NumberOfInitialSessions', 2),
    multiSz('ObjectDirectories', ['\\Windows', '\\RPC Control']),
    dword('ProcessorControl', 2),
    dword('ProtectionMode', 1),
    multiSz('SETUPEXECUTE', []),
    dword('ResourceTimeoutCount', 648000),
  ];
  if (p.fileRenames && p.fileRenames.length > 0) {
    const nt = (s: string) => (s.startsWith('\\??\\') || s === '' ? s : `\\??\\${s}`);
    // Source/target pairs; an empty target means "delete at reboot" (domain.md §6.1).
    const list = p.fileRenames.flatMap((e) => (typeof e === 'string' ? [nt(e), ''] : [nt(e[0]), nt(e[1])]));
    smValues.push(multiSz('PendingFileRenameOperations', list));
  }
  const power: ValueSpec[] = [dword('HBFlagsSwitch', 1)];
  if (r.hiberboot !== null) power.push(dword('HiberbootEnabled', r.hiberboot));
  power.push(dword('PowerSettingProfile', 0), dword('WatchdogResumeTimeout', 120), dword('WatchdogSleepTimeout', 300));
  const x86 = r.arch === 'x86';
  const win = `C:\\${r.windowsDir}`;
  const joined = r.domain !== null;
  return [
    [
      `${cs}\\Control`,
      [
        sz('CurrentUser', 'USERNAME'),
        sz('SystemStartOptions', ' NOEXECUTE=OPTIN  FVEBOOT=2564096'),
        sz('WaitToKillServiceTimeout', '5000'),
      ],
    ],
    [`${cs}\\Control\\ComputerName\\ComputerName`, [sz('', 'mnmsrvc'), sz('ComputerName', r.computerName)]],
    [`${cs}\\Control\\Nls\\CodePage`, [sz('ACP', '1252'), sz('OEMCP', '437'), sz('MACCP', '10000')]],
    [`${cs}\\Control\\Power`, [dword('HibernateEnabled', r.hiberfil ? 1 : 0), dword('HibernateEnabledDefault', r.os.server ? 0 : 1)]],
    [sm, smValues],
    [
      `${sm}\\Environment`,
      [
        expandSz('ComSpec', '%SystemRoot%\\system32\\cmd.exe'),
        sz('DriverData', `${win}\\System32\\Drivers\\DriverData`),
        sz('OS', 'Windows_NT'),
        expandSz(
          'Path',
          '%SystemRoot%\\system32;%SystemRoot%;%SystemRoot%\\System32\\Wbem;%SYSTEMROOT%\\System32\\WindowsPowerShell\\v1.0\\;%SYSTEMROOT%\\System32\\OpenSSH\\',
        ),
        sz('PATHEXT', '.COM;.EXE;.BAT;.CMD;.VBS;.VBE;.JS;.JSE;.WSF;.WSH;.MSC'),
        sz('PROCESSOR_ARCHITECTURE', r.arch),
        expandSz('PSModulePath', '%ProgramFiles%\\WindowsPowerShell\\Modules;%SystemRoot%\\system32\\WindowsPowerShell\\v1.0\\Modules'),
        expandSz('TEMP', '%SystemRoot%\\TEMP'),
        expandSz('TMP', '%SystemRoot%\\TEMP'),
        sz('USERNAME', 'SYSTEM'),
        expandSz('windir', '%SystemRoot%'),
        sz('NUMBER_OF_PROCESSORS', '4'),
        sz('PROCESSOR_LEVEL', '6'),
        sz(
          'PROCESSOR_IDENTIFIER',
          x86 ? 'x86 Family 6 Model 158 Stepping 13, GenuineIntel' : 'Intel64 Family 6 Model 158 Stepping 13, GenuineIntel',
        ),
        sz('PROCESSOR_REVISION', '9e0d'),
      ],
    ],
    [
      `${sm}\\Memory Management`,
      [multiSz('PagingFiles', ['?:\\pagefile.sys']), dword('ClearPageFileAtShutdown', 0), dword('LargeSystemCache', 0)],
    ],
    [`${sm}\\Power`, power],
    [
      `${cs}\\Control\\TimeZoneInformation`,
      [dword('Bias', -60), sz('TimeZoneKeyName', 'W. Europe Standard Time'), dword('DynamicDaylightTimeDisabled', 0)],
    ],
    [
      `${cs}\\Control\\Windows`,
      [dword('CSDVersion', r.os.csdVersion ? 0x100 : 0), expandSz('Directory', '%SystemRoot%'), dword('ErrorMode', 0)],
    ],
    ...service(
      cs,
      'AppXSvc',
      3,
      '%SystemRoot%\\system32\\svchost.exe -k wsappx -p',
      '@%systemroot%\\system32\\appxdeploymentserver.dll,-1',
    ),
    ...service(cs, 'BITS', 3, '%SystemRoot%\\System32\\svchost.exe -k netsvcs -p', '@%SystemRoot%\\system32\\qmgr.dll,-1000'),
    ...service(
      cs,
      'Dhcp',
      2,
      '%SystemRoot%\\system32\\svchost.exe -k LocalServiceNetworkRestricted -p',
      '@%SystemRoot%\\system32\\dhcpcore.dll,-100',
      'NT Authority\\LocalService',
    ),
    ...service(
      cs,
      'EventLog',
      2,
      '%SystemRoot%\\System32\\svchost.exe -k LocalServiceNetworkRestricted -p',
      '@%SystemRoot%\\system32\\wevtsvc.dll,-200',
      'NT AUTHORITY\\LocalService',
    ),
    ...service(cs, 'LanmanServer', 2, '%SystemRoot%\\system32\\svchost.exe -k smbsvcs', '@%systemroot%\\system32\\srvsvc.dll,-100'),
    ...service(
      cs,
      'Netlogon',
      joined ? 2 : 3,
      '%systemroot%\\system32\\lsass.exe',
      '@%SystemRoot%\\System32\\netlogon.dll,-102',
      'LocalSystem',
      0x20,
    ),
    ...service(
      cs,
      'sppsvc',
      2,
      '%SystemRoot%\\system32\\sppsvc.exe',
      '@%SystemRoot%\\system32\\sppsvc.exe,-101',
      'NT AUTHORITY\\NetworkService',
      0x10,
    ),
    [
      `${cs}\\Services\\Tcpip\\Parameters`,
      [
        sz('Hostname', r.computerName),
        sz('NV Hostname', r.computerName),
        sz('Domain', joined ? r.domain!.dnsName : ''),
        sz('NV Domain', joined ? r.domain!.dnsName : ''),
        expandSz('DataBasePath', '%SystemRoot%\\System32\\drivers\\etc'),
      ],
    ],
    ...service(
      cs,
      'TrustedInstaller',
      3,
      '%SystemRoot%\\servicing\\TrustedInstaller.exe',
      '@%SystemRoot%\\servicing\\TrustedInstaller.exe,-100',
      'localSystem',
      0x10,
    ),
    ...service(
      cs,
      'W32Time',
      3,
      '%SystemRoot%\\system32\\svchost.exe -k LocalService',
      '@%SystemRoot%\\system32\\w32time.dll,-200',
      'NT AUTHORITY\\LocalService',
    ),
    ...service(cs, 'wuauserv', 3, '%systemroot%\\system32\\svchost.exe -k netsvcs -p', '@%systemroot%\\system32\\wuaueng.dll,-105'),
    [`${cs}\\Control\\ProductOptions`, [sz('ProductType', r.productType), multiSz('ProductSuite', [])]],
    ...r.roleServices.flatMap((name) => service(cs, name, 2, `%SystemRoot%\\system32\\${name.toLowerCase()}.exe`, name)),
    ...(r.wdsRootFolder === null
      ? []
      : ([[`${cs}\\Services\\WDSServer\\Providers\\WDSTFTP`, [sz('RootFolder', r.wdsRootFolder)]]] as Entries)),
    ...cloudDomainJoin(r, cs),
    ...(r.configMgr ? service(cs, 'CcmExec', 2, '%SystemRoot%\\CCM\\CcmExec.exe', 'SMS Agent Host', 'LocalSystem', 0x10) : []),
  ];
}

/**
 * Control\CloudDomainJoin: present and empty on Windows 10+ that never joined; JoinInfo\<thumbprint> and
 * TenantInfo\<TenantId> after a Microsoft Entra join (domain.md §14.4).
 */
function cloudDomainJoin(r: Resolved, cs: string): Entries {
  if (r.os.major === null) return [];
  const base = `${cs}\\Control\\CloudDomainJoin`;
  const j = r.entraJoin;
  if (!j) return [[base, []]];
  const thumbprint =
    j.thumbprint ??
    Buffer.from(pseudoRandomBytes(20, `entra ${j.tenantId} ${r.computerName}`))
      .toString('hex')
      .toUpperCase();
  return [
    [
      `${base}\\JoinInfo\\${thumbprint}`,
      [
        sz('IdpDomain', 'login.windows.net'),
        sz('TenantId', j.tenantId),
        sz('UserEmail', j.userEmail),
        sz('AttestationLevel', '0'),
        dword('TransportKeyStatus', 0),
      ],
    ],
    [
      `${base}\\TenantInfo\\${j.tenantId}`,
      [
        sz('DisplayName', j.tenantName),
        sz('MdmEnrollmentUrl', 'https://enrollment.manage.microsoft.com/enrollmentserver/discovery.svc'),
        sz('MdmTermsOfUseUrl', 'https://portal.manage.microsoft.com/TermsofUse.aspx'),
      ],
    ],
  ];
}

export function systemEntries(r: Resolved): Entries {
  const win7 = r.osId === 'win7-sp1';
  const e: Entries = [];
  const mounted = r.mountedDevices ?? { C: pseudoRandomBytes(12, `disk ${r.machineSid} ${r.computerName}`) };
  e.push(['MountedDevices', Object.entries(mounted).map(([letter, value]) => binary(`\\DosDevices\\${letter.toUpperCase()}:`, value))]);
  // Windows 7 kept two control sets (LastKnownGood = 2); Windows 8+ keeps one.
  e.push(['Select', [dword('Current', 1), dword('Default', 1), dword('Failed', 0), dword('LastKnownGood', win7 ? 2 : 1)]]);
  e.push(...controlSet(r, 'ControlSet001'));
  if (win7) e.push(...controlSet(r, 'ControlSet002'));
  if (!win7) e.push(['DriverDatabase', [sz('Architecture', r.arch === 'x86' ? 'x86' : 'amd64'), dword('Version', 0x0a000000)]]);
  e.push(['HardwareConfig', [sz('LastConfig', guid(prng(`hw ${r.computerName}`)))]]);

  const s = r.setup;
  const setup: ValueSpec[] = [sz('CmdLine', s.CmdLine ?? '')];
  if (s.OOBEInProgress !== undefined) setup.push(dword('OOBEInProgress', s.OOBEInProgress));
  setup.push(sz('OsLoaderPath', '\\'));
  if (!r.generalized) setup.push(sz('RespecializeCmdLine', 'Sysprep\\sysprep.exe /respecialize /quiet'), dword('SetupPhase', 0));
  setup.push(dword('SetupSupported', 1));
  if (s.SetupType !== undefined) setup.push(dword('SetupType', s.SetupType));
  setup.push(sz('SystemPartition', '\\Device\\HarddiskVolume1'));
  if (s.SystemSetupInProgress !== undefined) setup.push(dword('SystemSetupInProgress', s.SystemSetupInProgress));
  if (s.AuditInProgress !== undefined) setup.push(dword('AuditInProgress', s.AuditInProgress));
  setup.push(multiSz('CloneTag', [r.os.installed.toUTCString().replace(/^(\w+), (\d+) (\w+) (\d+) (.*) GMT$/, '$1 $3 $2 $5 $4')]));
  setup.push(dword('Upgrade', 0), sz('WorkingDirectory', `C:\\${r.windowsDir}\\Panther`));
  if (s.UnattendFile !== undefined) setup.push(sz('UnattendFile', s.UnattendFile));
  e.push(['Setup', setup]);
  if (r.upgradedFrom) {
    // What a feature update or in-place upgrade keeps of the installation it replaced (practitioner-observed layout).
    const u = r.upgradedFrom;
    e.push([
      `Setup\\Source OS (Updated on ${u.date})`,
      [
        sz('ProductName', u.productName),
        sz('CurrentBuild', String(u.build)),
        sz('CurrentBuildNumber', String(u.build)),
        sz('EditionID', 'Professional'),
      ],
    ]);
  }
  if (!r.generalized)
    e.push(['Setup\\Status\\ChildCompletion', [dword('setup.exe', 3), dword('oobeldr.exe', 3), dword('SetupFinalTasks', 3)]]);
  const st: ValueSpec[] = [];
  if (r.sysprepStatus.GeneralizationState !== undefined) st.push(dword('GeneralizationState', r.sysprepStatus.GeneralizationState));
  if (r.sysprepStatus.CleanupState !== undefined) st.push(dword('CleanupState', r.sysprepStatus.CleanupState));
  e.push(['Setup\\Status\\SysprepStatus', st]);
  e.push(['Setup\\Status\\UnattendPasses', r.generalized ? [] : [dword('oobeSystem', 2)]]);
  return e;
}
