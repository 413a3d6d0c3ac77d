// Text files: Panther logs, State.ini, answer files, pending.xml.
import { guid, prng, pseudoRandomBytes, utf16 } from './binary';
import { concat } from './bytes';
import { type Resolved } from './resolve-spec';
import { type HiberfilKind, type TextEncodingChoice } from './spec';

function stamp(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}`;
}

/**
 * One Panther log line in Windows' column layout: `2025-07-22 21:55:35, Info       [0x0f004d] SYSPRP …`
 * (level padded to 11, message id field 10 wide, component padded to 6).
 */
export function pantherLine(at: Date, level: 'Info' | 'Warning' | 'Error', id: string | null, component: string, message: string): string {
  return `${stamp(at)}, ${level.padEnd(11)}${(id ? `[${id}]` : '').padEnd(10)} ${component.padEnd(6)} ${message}`;
}

type LogStep = [seconds: number, level: 'Info' | 'Warning' | 'Error', id: string | null, message: string];

function renderLog(start: Date, steps: LogStep[]): string {
  let t = start.getTime();
  const lines = steps.map(([dt, level, id, msg]) => {
    t += dt * 1000;
    return pantherLine(new Date(t), level, id, 'SYSPRP', msg.replace(/\{now\}/g, stamp(new Date(t))));
  });
  return lines.join('\r\n') + '\r\n';
}

function runHeader(win: string, options: string[], tagExisted: boolean): LogStep[] {
  return [
    [0, 'Info', null, '========================================================'],
    [0, 'Info', null, '===          Beginning of a new sysprep run          ==='],
    [0, 'Info', null, '========================================================'],
    [0, 'Info', '0x0f004d', 'The time is now {now}'],
    [0, 'Info', '0x0f004e', `Initialized SysPrep log at ${win}\\System32\\Sysprep\\Panther`],
    [0, 'Info', '0x0f0054', 'ValidatePrivileges:User has required privileges to sysprep machine'],
    tagExisted
      ? [0, 'Info', '0x0f007c', `FCreateTagFile:Successfully deleted tag file ${win}\\System32\\Sysprep\\Sysprep_succeeded.tag`]
      : [
          0,
          'Info',
          '0x0f007e',
          `FCreateTagFile:Tag file ${win}\\System32\\Sysprep\\Sysprep_succeeded.tag does not already exist, no need to delete anything`,
        ],
    ...options.map((o): LogStep => [0, 'Info', '0x0f005f', `ParseCommands:Found supported command line option '${o}'`]),
  ];
}

function cleanupValidate(win: string): LogStep[] {
  return [
    [0, 'Info', '0x0f00d7', "WinMain:Pre-validing 'cleanup' internal providers."],
    [0, 'Info', null, 'RunDlls:Running platform actions specified in action file for phase 3'],
    [
      0,
      'Info',
      null,
      `SysprepSession::CreateSession: Successfully created instance with action file ${win}\\System32\\Sysprep\\ActionFiles\\Cleanup.xml, and mode <null>`,
    ],
    [0, 'Info', null, `SysprepSession::Validate: Beginning action execution from ${win}\\System32\\Sysprep\\ActionFiles\\Cleanup.xml`],
    [0, 'Info', null, 'SysprepSession::CreateXPathForSelection: Sysprep mode in registry is <null>'],
    [0, 'Info', null, `ActionPlatform::LaunchModule: Executing method 'Sysprep_Clean_Validate_Opk' from ${win}\\System32\\spopk.dll`],
    [0, 'Info', null, 'Sysprep_Clean_Validate_Opk: Successfully validated reserves state on the machine for entering audit mode.'],
    [0, 'Info', null, `ActionPlatform::LaunchModule: Successfully executed 'Sysprep_Clean_Validate_Opk' from ${win}\\System32\\spopk.dll`],
  ];
}

export interface SysprepLogOptions {
  windowsDir?: string;
  /** 'oobe' (default) or 'audit'. */
  mode?: 'oobe' | 'audit';
  /** Windows 7 layout: no AppX provider, the SPP rearm DLL. */
  win7?: boolean;
  /** The previous run left a tag behind (so this run deletes it first). */
  tagExisted?: boolean;
}

/** setupact.log of a successful `sysprep /generalize /oobe /shutdown` run. */
export function sysprepSuccessLog(start: Date, opts: SysprepLogOptions = {}): string {
  const win = `C:\\${opts.windowsDir ?? 'Windows'}`;
  const mode = opts.mode === 'audit' ? 'AUDIT' : 'OOBE';
  const gen = `${win}\\System32\\Sysprep\\ActionFiles\\Generalize.xml`;
  const steps: LogStep[] = [...runHeader(win, [mode, 'GENERALIZE', 'SHUTDOWN'], opts.tagExisted ?? false)];
  if (!opts.win7) {
    steps.push(...cleanupValidate(win));
    steps.push(
      [0, 'Info', '0x0f00d7', "WinMain:Pre-validing 'generalize' internal providers."],
      [0, 'Info', null, 'RunDlls:Running platform actions specified in action file for phase 1'],
      [0, 'Info', null, `SysprepSession::Validate: Beginning action execution from ${gen}`],
      [
        0,
        'Info',
        null,
        `ActionPlatform::LaunchModule: Executing method 'SysprepGeneralizeValidate' from ${win}\\System32\\AppxSysprep.dll`,
      ],
      [0, 'Info', null, 'Entering SysprepGeneralizeValidate (Appx) - validating whether all apps are also provisioned.'],
      [
        1,
        'Info',
        null,
        `ActionPlatform::LaunchModule: Successfully executed 'SysprepGeneralizeValidate' from ${win}\\System32\\AppxSysprep.dll`,
      ],
    );
  }
  steps.push(
    [2, 'Info', null, `SysprepSession::Execute: Beginning action execution from ${gen}`],
    [0, 'Info', null, 'SysprepSession::CreateXPathForSelection: Processor architecture in registry is AMD64'],
  );
  if (!opts.win7) {
    steps.push(
      [0, 'Info', null, `ActionPlatform::LaunchModule: Executing method 'SysprepGeneralize' from ${win}\\System32\\AppxSysprep.dll`],
      [6, 'Info', null, `ActionPlatform::LaunchModule: Successfully executed 'SysprepGeneralize' from ${win}\\System32\\AppxSysprep.dll`],
    );
  } else {
    steps.push(
      [
        1,
        'Info',
        null,
        `LaunchDll:Executing method 'SLReArmWindows' from ${win}\\System32\\slc.dll (SkipRearm is set: licensing state kept)`,
      ],
      [0, 'Info', null, `LaunchDll:Successfully executed '${win}\\System32\\slc.dll,SLReArmWindows' without error`],
    );
  }
  steps.push(
    [1, 'Info', null, `ActionPlatform::LaunchModule: Executing method 'Sysprep_Generalize_Bcd' from ${win}\\System32\\spbcd.dll`],
    [0, 'Info', null, 'GeneralizeBcdStore: Generalizing object {9dea862c-5cdd-4e70-acc1-f32b344d4795}'],
    [0, 'Info', null, 'GeneralizeBcdStore: Successfully generalized application device'],
    [0, 'Info', null, 'GeneralizeBcdStore: Successfully generalized OS device'],
    [0, 'Info', null, `ActionPlatform::LaunchModule: Successfully executed 'Sysprep_Generalize_Bcd' from ${win}\\System32\\spbcd.dll`],
    [3, 'Info', null, `SysprepSession::Execute: Completed action execution from ${gen}`],
    [0, 'Info', null, `FCreateTagFile:Successfully created tag file ${win}\\System32\\Sysprep\\Sysprep_succeeded.tag`],
    [0, 'Info', null, 'WinMain:The sysprep run completed successfully; the system is shutting down.'],
    [0, 'Info', '0x0f0052', 'Shutting down SysPrep log'],
    [0, 'Info', '0x0f004d', 'The time is now {now}'],
  );
  return renderLog(start, steps);
}

/**
 * setupact.log of a generalize run that fails on an AppX package installed for a user but not provisioned
 * for all users: the exact KB 2769827 cascade of domain.md §3.1 (setuperr.log = its Error lines).
 */
export function appxFailureLog(start: Date, packageFullName: string, opts: Omit<SysprepLogOptions, 'win7' | 'mode'> = {}): string {
  const win = `C:\\${opts.windowsDir ?? 'Windows'}`;
  const gen = `${win}\\System32\\Sysprep\\ActionFiles\\Generalize.xml`;
  const steps: LogStep[] = [
    ...runHeader(win, ['OOBE', 'GENERALIZE', 'SHUTDOWN'], opts.tagExisted ?? false),
    ...cleanupValidate(win),
    [1, 'Info', null, 'RunDlls:Running platform actions specified in action file for phase 1'],
    [0, 'Info', null, `SysprepSession::Execute: Beginning action execution from ${gen}`],
    [0, 'Info', null, `ActionPlatform::LaunchModule: Executing method 'SysprepGeneralize' from ${win}\\System32\\AppxSysprep.dll`],
    [
      1,
      'Error',
      null,
      `Package ${packageFullName} was installed for a user, but not provisioned for all users. This package will not function properly in the sysprep image.`,
    ],
    [0, 'Error', null, 'Failed to remove apps for the current user: 0x80073cf2.'],
    [0, 'Error', null, 'Exit code of RemoveAllApps thread was 0x3cf2.'],
    [
      0,
      'Error',
      '0x0f0082',
      `ActionPlatform::LaunchModule: Failure occurred while executing 'SysprepGeneralize' from ${win}\\System32\\AppxSysprep.dll; dwRet = 0x3cf2`,
    ],
    [0, 'Error', null, 'ActionPlatform::ExecuteAction: Error in executing action; dwRet = 0x3cf2'],
    [0, 'Error', null, 'ActionPlatform::ExecuteActionList: Error in execute actions; dwRet = 0x3cf2'],
    [0, 'Error', null, `SysprepSession::Execute: Error in executing actions from ${gen}; dwRet = 0x3cf2`],
    [0, 'Error', null, 'RunPlatformActions:Failed while executing SysprepSession actions; dwRet = 0x3cf2'],
    [
      0,
      'Error',
      '0x0f0070',
      'RunExternalDlls:An error occurred while running registry sysprep DLLs, halting sysprep execution. dwRet = 0x3cf2',
    ],
    [0, 'Error', '0x0f00a8', 'WinMain:Hit failure while processing sysprep generalize internal providers; hr = 0x80073cf2'],
    [0, 'Info', '0x0f0052', 'Shutting down SysPrep log'],
    [0, 'Info', '0x0f004d', 'The time is now {now}'],
  ];
  return renderLog(start, steps);
}

/** setuperr.log as Windows writes it: the Warning and Error lines of setupact.log (empty file when none). */
export function errorLinesOf(setupact: string): string {
  const lines = setupact.split(/\r?\n/).filter((l) => /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d, (Warning|Error)\b/.test(l));
  return lines.length === 0 ? '' : lines.join('\r\n') + '\r\n';
}

export function encodeText(text: string, encoding: TextEncodingChoice | 'ascii' | 'utf16le-bom'): Uint8Array {
  switch (encoding) {
    case 'utf8-bom':
      return concat([new Uint8Array([0xef, 0xbb, 0xbf]), new Uint8Array(Buffer.from(text, 'utf8'))]);
    case 'utf16le':
    case 'utf16le-bom':
      return concat([new Uint8Array([0xff, 0xfe]), utf16(text)]);
    default:
      return new Uint8Array(Buffer.from(text, 'utf8'));
  }
}

/** `[State]\r\nImageState="…"\r\n` (domain.md §1.1: the value is double-quoted). */
export function stateIniText(imageState: string): string {
  return `[State]\r\nImageState="${imageState}"\r\n`;
}

const COMPONENT_ATTRS =
  'processorArchitecture="amd64" publicKeyToken="31bf3856ad364e35" language="neutral" versionScope="nonSxS" ' +
  'xmlns:wcm="http://schemas.microsoft.com/WMIConfig/2002/State" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"';

/**
 * A cached answer file (Windows\Panther\unattend.xml) of a lab build: clear-text AdministratorPassword and
 * AutoLogon password, PersistAllDeviceInstalls=true (domain.md §7.3). The passwords are obviously fake.
 */
export function answerFileWithSecrets(): string {
  return `<?xml version="1.0" encoding="utf-8"?>
<unattend xmlns="urn:schemas-microsoft-com:unattend">
    <settings pass="generalize">
        <component name="Microsoft-Windows-PnpSysprep" ${COMPONENT_ATTRS}>
            <PersistAllDeviceInstalls>true</PersistAllDeviceInstalls>
        </component>
    </settings>
    <settings pass="specialize">
        <component name="Microsoft-Windows-Shell-Setup" ${COMPONENT_ATTRS}>
            <ComputerName>*</ComputerName>
            <TimeZone>W. Europe Standard Time</TimeZone>
        </component>
    </settings>
    <settings pass="oobeSystem">
        <component name="Microsoft-Windows-International-Core" ${COMPONENT_ATTRS}>
            <InputLocale>de-DE</InputLocale>
            <SystemLocale>de-DE</SystemLocale>
            <UILanguage>de-DE</UILanguage>
            <UserLocale>de-DE</UserLocale>
        </component>
        <component name="Microsoft-Windows-Shell-Setup" ${COMPONENT_ATTRS}>
            <AutoLogon>
                <Password>
                    <Value>LabBuild-2024!</Value>
                    <PlainText>true</PlainText>
                </Password>
                <Enabled>true</Enabled>
                <LogonCount>1</LogonCount>
                <Username>Administrator</Username>
            </AutoLogon>
            <OOBE>
                <HideEULAPage>true</HideEULAPage>
                <HideOnlineAccountScreens>true</HideOnlineAccountScreens>
                <HideWirelessSetupInOOBE>true</HideWirelessSetupInOOBE>
                <ProtectYourPC>3</ProtectYourPC>
            </OOBE>
            <UserAccounts>
                <AdministratorPassword>
                    <Value>LabBuild-2024!</Value>
                    <PlainText>true</PlainText>
                </AdministratorPassword>
            </UserAccounts>
        </component>
    </settings>
</unattend>
`;
}

/** Windows 7 Sysprep answer file (Windows\System32\Sysprep\unattend.xml) with SkipRearm=1 (domain.md §7.3). */
export function win7SkipRearmAnswerFile(): string {
  return `<?xml version="1.0" encoding="utf-8"?>
<unattend xmlns="urn:schemas-microsoft-com:unattend">
    <settings pass="generalize">
        <component name="Microsoft-Windows-Security-SPP" ${COMPONENT_ATTRS}>
            <SkipRearm>1</SkipRearm>
        </component>
    </settings>
    <settings pass="specialize">
        <component name="Microsoft-Windows-Shell-Setup" ${COMPONENT_ATTRS}>
            <ComputerName>*</ComputerName>
        </component>
    </settings>
    <settings pass="oobeSystem">
        <component name="Microsoft-Windows-Shell-Setup" ${COMPONENT_ATTRS}>
            <OOBE>
                <HideEULAPage>true</HideEULAPage>
                <NetworkLocation>Work</NetworkLocation>
                <ProtectYourPC>1</ProtectYourPC>
            </OOBE>
        </component>
    </settings>
</unattend>
`;
}

export function pendingXml(r: Resolved): string {
  const id = guid(prng(`pending ${r.computerName}`))
    .slice(1, -1)
    .toLowerCase();
  return (
    `<?xml version='1.0' encoding='utf-8'?>\r\n` +
    `<PendingTransaction Version="3.1" WcpVersion="${r.os.servicingStack}" LastError="0" TransactionId="{${id}}">` +
    `<Checkpoint/><DeleteFile path="\\SystemRoot\\WinSxS\\Temp\\PendingDeletes\\$$DeleteMe.cbscore.dll.01db3b2a"/>` +
    `<POQ postAction="reboot"/></PendingTransaction>\r\n`
  );
}

/** A 64-byte MZ stub standing in for sysprep.exe (only its presence matters). */
export const MZ_STUB = (() => {
  const b = new Uint8Array(64);
  b[0] = 0x4d;
  b[1] = 0x5a;
  b[60] = 0x40;
  return b;
})();

export function hiberfilBytes(kind: Exclude<HiberfilKind, null>): Uint8Array {
  const out = new Uint8Array(16384);
  if (kind !== 'zero') {
    out.set(Buffer.from(kind, 'latin1'), 0);
    out.set(pseudoRandomBytes(4096 - 4, 'hiberfil'), 4);
  }
  return out;
}

const NO_GUID = '{00000000-0000-0000-0000-000000000000}';

/**
 * Windows\System32\Recovery\ReAgent.xml as reagentc writes it (Windows 10/11 layout): enabled on a recovery
 * partition (InstallState 1, WinreLocation naming it), or disabled with Winre.wim back in System32\Recovery.
 */
export function reagentXml(enabled: boolean, build: number, partitionGuid = '{5c8ad6f4-3bd8-4f9a-9c3b-8a0f2e6d41b7}'): string {
  const loc = enabled
    ? `path="\\Recovery\\WindowsRE" id="0" offset="1048576" guid="${partitionGuid}"`
    : `path="" id="0" offset="0" guid="${NO_GUID}"`;
  return [
    "<?xml version='1.0' encoding='utf-8'?>",
    '',
    '<WindowsRE version="2.0">',
    `  <WinreBCD id="${enabled ? '{6f2a7c1e-59d2-11ef-8a3c-9c2dcd0a6b41}' : NO_GUID}"/>`,
    `  <WinreLocation ${loc}/>`,
    `  <ImageLocation path="" id="0" offset="0" guid="${NO_GUID}"/>`,
    `  <PBRImageLocation path="" id="0" offset="0" guid="${NO_GUID}" index="0"/>`,
    `  <InstallState state="${enabled ? 1 : 0}"/>`,
    '  <OsInstallAvailable state="0"/>',
    '  <CustomImageAvailable state="0"/>',
    '  <IsAutoRepairOn state="1"/>',
    '  <WinREStaged state="0"/>',
    '  <OperationParam path=""/>',
    `  <OsBuildVersion path="${build}.1.amd64fre.ge_release.240331-1435"/>`,
    '  <OemTool state="0"/>',
    '  <IsServer state="0"/>',
    `  <DownlevelWinreLocation path="" id="0" offset="0" guid="${NO_GUID}"/>`,
    '  <IsWimBoot state="0"/>',
    '  <ScheduledOperation state="4"/>',
    '</WindowsRE>',
    '',
  ].join('\r\n');
}

/** %WINDIR%\SMSCFG.ini of a ConfigMgr client (the client's identity). */
export function smsCfgIni(smsUniqueId: string): string {
  return [
    '[Configuration - Client Properties]',
    `SMS Unique Identifier=${smsUniqueId}`,
    'Previous SMSUID=',
    'Last SMSUID Change Date=07/20/2025 08:00:00',
    '',
  ].join('\r\n');
}

/** An answer file whose oobeSystem Reseal (Mode=OOBE, ForceShutdownNow=true) shuts every clone down before OOBE ends. */
export function resealLoopAnswerFile(): string {
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<unattend xmlns="urn:schemas-microsoft-com:unattend">',
    '  <settings pass="oobeSystem">',
    '    <component name="Microsoft-Windows-Deployment" processorArchitecture="amd64" publicKeyToken="31bf3856ad364e35" language="neutral" versionScope="nonSxS">',
    '      <Reseal>',
    '        <Mode>OOBE</Mode>',
    '        <ForceShutdownNow>true</ForceShutdownNow>',
    '      </Reseal>',
    '    </component>',
    '  </settings>',
    '</unattend>',
    '',
  ].join('\r\n');
}
