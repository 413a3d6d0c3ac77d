// The SOFTWARE hive of a built installation.
import { dependenciesOf } from './appx-sets';
import {
  binary,
  dword,
  expandSz,
  guid,
  hoursBefore,
  prng,
  pseudoRandomBytes,
  qword,
  sidToBytes,
  sz,
  type Entries,
  unixTime,
} from './binary';
import { type KeySpec, type ValueSpec, filetime, tree } from './hive-builder';
import { type Resolved } from './resolve-spec';

let clsidCache: KeySpec | null = null;

/** 1500 CLSID-like keys under Classes\CLSID: more than one leaf holds, so an `ri` index is written. */
function clsidKey(): KeySpec {
  if (clsidCache) return clsidCache;
  const next = prng('CLSID');
  const subkeys: KeySpec[] = [];
  const seen = new Set<string>();
  while (subkeys.length < 1500) {
    const id = guid(next);
    if (seen.has(id)) continue;
    seen.add(id);
    const i = subkeys.length;
    subkeys.push({
      name: id,
      values: [sz('', i % 2 === 0 ? 'PSFactoryBuffer' : `Shell Extension ${i}`)],
      subkeys:
        i % 3 === 0
          ? [{ name: 'InprocServer32', values: [expandSz('', `%SystemRoot%\\System32\\shsvc${i % 97}.dll`), sz('ThreadingModel', 'Both')] }]
          : [],
    });
  }
  clsidCache = { name: 'CLSID', values: [], subkeys };
  return clsidCache;
}

function currentVersionValues(r: Resolved): ValueSpec[] {
  const o = r.os;
  const labEx = r.arch === 'x86' ? o.buildLabEx.replace('amd64fre', 'x86fre') : o.buildLabEx;
  const out: ValueSpec[] = [sz('SystemRoot', `C:\\${r.windowsDir}`), sz('BuildLab', o.buildLab), sz('BuildLabEx', labEx)];
  if (o.compositionEditionId) out.push(sz('CompositionEditionID', o.compositionEditionId));
  out.push(sz('CurrentBuild', String(o.build)), sz('CurrentBuildNumber', String(o.build)));
  if (o.major !== null) out.push(dword('CurrentMajorVersionNumber', o.major), dword('CurrentMinorVersionNumber', 0));
  out.push(sz('CurrentType', 'Multiprocessor Free'), sz('CurrentVersion', o.currentVersion));
  if (o.csdVersion) out.push(sz('CSDVersion', o.csdVersion), sz('CSDBuildNumber', '1130'));
  if (o.displayVersion) out.push(sz('DisplayVersion', o.displayVersion));
  out.push(sz('EditionID', o.editionId), dword('InstallDate', unixTime(o.installed)), sz('InstallationType', o.installationType));
  if (o.major !== null) out.push(qword('InstallTime', filetime(o.installed)));
  out.push(sz('PathName', `C:\\${r.windowsDir}`), sz('ProductId', o.productId), sz('ProductName', o.productName));
  out.push(sz('RegisteredOrganization', ''), sz('RegisteredOwner', 'Windows User'));
  if (o.releaseId) out.push(sz('ReleaseId', o.releaseId));
  out.push(sz('SoftwareType', 'System'));
  if (o.ubr !== null) out.push(dword('UBR', o.ubr));
  return out;
}

function profileValues(path: string, sid: string, flags: number, extra: ValueSpec[] = []): ValueSpec[] {
  return [expandSz('ProfileImagePath', path), dword('Flags', flags), dword('State', 0), binary('Sid', sidToBytes(sid)), ...extra];
}

function softwareEntries(r: Resolved): Entries {
  const e: Entries = [];
  const add = (path: string, values: ValueSpec[] | null = null) => e.push([path, values]);
  const o = r.os;
  const x64 = r.arch === 'AMD64';
  const modern = o.major !== null;

  add('Classes\\.txt', [sz('', 'txtfile'), sz('Content Type', 'text/plain'), sz('PerceivedType', 'text')]);
  add('Classes\\.txt\\ShellNew', [expandSz('ItemName', '@%SystemRoot%\\system32\\notepad.exe,-470'), sz('NullFile', '')]);
  add('Classes\\txtfile', [sz('', 'Text Document'), expandSz('FriendlyTypeName', '@%SystemRoot%\\system32\\notepad.exe,-469')]);
  add('Classes\\txtfile\\shell\\open\\command', [expandSz('', '%SystemRoot%\\system32\\NOTEPAD.EXE %1')]);
  add('Clients\\StartMenuInternet', [sz('', modern ? 'Microsoft Edge' : 'IEXPLORE.EXE')]);
  add('Microsoft\\Cryptography', [
    sz(
      'MachineGuid',
      guid(prng(`machine ${r.machineSid}`))
        .slice(1, -1)
        .toLowerCase(),
    ),
  ]);

  // Windows NT\CurrentVersion (domain.md §2.4)
  const nt = 'Microsoft\\Windows NT\\CurrentVersion';
  add(nt, currentVersionValues(r));
  add(`${nt}\\Fonts`, [
    sz('Arial (TrueType)', 'arial.ttf'),
    sz('Consolas (TrueType)', 'consola.ttf'),
    sz('Segoe UI (TrueType)', 'segoeui.ttf'),
  ]);
  add(`${nt}\\Image File Execution Options`, []);
  const pl = `${nt}\\ProfileList`;
  add(pl, [
    expandSz('Default', '%SystemDrive%\\Users\\Default'),
    expandSz('ProfilesDirectory', '%SystemDrive%\\Users'),
    expandSz('ProgramData', '%SystemDrive%\\ProgramData'),
    expandSz('Public', '%SystemDrive%\\Users\\Public'),
  ]);
  add(`${pl}\\S-1-5-18`, profileValues('%systemroot%\\system32\\config\\systemprofile', 'S-1-5-18', 12, [dword('RefCount', 1)]));
  add(`${pl}\\S-1-5-19`, profileValues('%systemroot%\\ServiceProfiles\\LocalService', 'S-1-5-19', 0));
  add(`${pl}\\S-1-5-20`, profileValues('%systemroot%\\ServiceProfiles\\NetworkService', 'S-1-5-20', 0));
  const loaded = filetime(hoursBefore(o.sealed, 2));
  const userProfile = (sid: string, name: string) =>
    add(
      `${pl}\\${sid}`,
      profileValues(`C:\\Users\\${name}`, sid, 0, [
        dword('FullProfile', 1),
        dword('LocalProfileLoadTimeLow', Number(loaded & 0xffffffffn)),
        dword('LocalProfileLoadTimeHigh', Number(loaded >> 32n)),
      ]),
    );
  for (const u of r.users) userProfile(`${r.machineSid}-${u.rid}`, u.name);
  for (const u of r.domain?.users ?? []) userProfile(`${r.domain!.sid}-${u.rid}`, u.name);

  const spp: ValueSpec[] = [
    dword('InactivityShutdownDelay', 300),
    binary('ServiceSessionId', pseudoRandomBytes(16, `spp ${r.machineSid}`)),
  ];
  if (r.skipRearm !== null) spp.push(dword('SkipRearm', r.skipRearm));
  add(`${nt}\\SoftwareProtectionPlatform`, spp);
  add(`${nt}\\Winlogon`, [
    sz('AutoAdminLogon', '0'),
    sz('Shell', 'explorer.exe'),
    sz('Userinit', `C:\\${r.windowsDir}\\system32\\userinit.exe,`),
    sz('DefaultUserName', ''),
  ]);

  // Windows\CurrentVersion
  const cv = 'Microsoft\\Windows\\CurrentVersion';
  const cvValues: ValueSpec[] = [
    sz('CommonFilesDir', 'C:\\Program Files\\Common Files'),
    expandSz('DevicePath', '%SystemRoot%\\inf'),
    sz('MediaPathUnexpanded', '%SystemRoot%\\Media'),
    sz('ProgramFilesDir', 'C:\\Program Files'),
    expandSz('ProgramFilesPath', '%ProgramFiles%'),
  ];
  if (x64)
    cvValues.push(
      sz('ProgramFilesDir (x86)', 'C:\\Program Files (x86)'),
      sz('CommonFilesDir (x86)', 'C:\\Program Files (x86)\\Common Files'),
    );
  add(cv, cvValues);
  add(`${cv}\\App Paths\\wordpad.exe`, [expandSz('', '"%ProgramFiles%\\Windows NT\\Accessories\\WORDPAD.EXE"')]);
  add(`${cv}\\Applets\\Paint`, []);

  // AppX (domain.md §3.4)
  if (r.appx) {
    const a = r.appx;
    add(`${cv}\\Appx`, [expandSz('PackageRoot', 'C:\\Program Files\\WindowsApps'), dword('AllUserStoreVersion', 2)]);
    const store = `${cv}\\Appx\\AppxAllUserStore`;
    add(store, []);
    add(`${store}\\Applications`, []);
    for (const full of a.provisioned) {
      const manifest = full.includes('_~_') ? 'AppxMetadata\\AppxBundleManifest.xml' : 'AppxManifest.xml';
      add(`${store}\\Applications\\${full}`, [sz('Path', `C:\\Program Files\\WindowsApps\\${full}\\${manifest}`)]);
      for (const dep of dependenciesOf(full, a.provisioned)) add(`${store}\\Applications\\${full}\\${dep}`, []);
    }
    add(`${store}\\Deprovisioned`, []);
    for (const fam of a.deprovisioned) add(`${store}\\Deprovisioned\\${fam}`, []);
    add(`${store}\\EndOfLife`, []);
    add(`${store}\\InboxApplications`, []);
    for (const full of a.inbox) {
      const parts = full.split('_');
      add(`${store}\\InboxApplications\\${full}`, [
        sz('Path', `C:\\${r.windowsDir}\\SystemApps\\${parts[0]}_${parts[4]}\\AppxManifest.xml`),
      ]);
    }
    add(`${store}\\Staged`, []);
    for (const full of a.staged) {
      const parts = full.split('_');
      add(`${store}\\Staged\\${parts[0]}_${parts[4]}\\${full}`, [sz('Path', `C:\\Program Files\\WindowsApps\\${full}\\AppxManifest.xml`)]);
    }
    for (const [sid, list] of a.perUser) {
      add(`${store}\\${sid}`, []);
      for (const full of list) add(`${store}\\${sid}\\${full}`, []);
    }
  }

  // Servicing (domain.md §6.1)
  const cbs = `${cv}\\Component Based Servicing`;
  const p = r.pending;
  const rollup = `Package_for_RollupFix~31bf3856ad364e35~${x64 ? 'amd64' : 'x86'}~~${o.build}.${o.ubr ?? 24546}.1.10`;
  add(cbs, []);
  add(`${cbs}\\Packages\\${rollup}`, [dword('CurrentState', 0x70), sz('InstallName', `${rollup}.mum`), dword('Visibility', 1)]);
  if (p.packagesPending)
    add(`${cbs}\\PackagesPending`, [
      dword(
        rollup.replace(/\.(\d+)\.1\.10$/, (_m, n: string) => `.${Number(n) + 140}.1.10`),
        1,
      ),
    ]);
  if (p.cbsRebootPending) add(`${cbs}\\RebootPending`, [dword(rollup, 1)]);
  add(`${cbs}\\SessionsPending`, [dword('Exclusive', p.cbsRebootPending ? 1 : 0), dword('TotalSessionPhases', p.cbsRebootPending ? 2 : 0)]);
  add(`${cbs}\\Version`, [
    expandSz(
      o.servicingStack,
      `%SystemRoot%\\WinSxS\\${x64 ? 'amd64' : 'x86'}_microsoft-windows-servicingstack_31bf3856ad364e35_${o.servicingStack}_none_0f8a7b3c2d1e4f56`,
    ),
  ]);

  add(`${cv}\\Explorer`, [dword('GlobalAssocChangedCounter', 17)]);
  add(`${cv}\\Policies\\System`, [dword('ConsentPromptBehaviorAdmin', 5), dword('EnableLUA', 1), dword('PromptOnSecureDesktop', 1)]);
  add(`${cv}\\Run`, modern ? [expandSz('SecurityHealth', '%windir%\\system32\\SecurityHealthSystray.exe')] : []);
  add(`${cv}\\RunOnce`, []);
  add(`${cv}\\Setup`, [sz('BootDir', 'C:\\'), sz('SourcePath', 'D:\\'), expandSz('SourcePath_', '%SystemDrive%\\')]);
  add(
    `${cv}\\Setup\\OOBE`,
    r.generalized ? [dword('MediaBootInstall', 1)] : [dword('MediaBootInstall', 1), dword('SetupDisplayedEula', 1)],
  );
  add(`${cv}\\Setup\\State`, r.imageState === null ? [] : [sz('ImageState', r.imageState)]);
  add(`${cv}\\Uninstall\\{90160000-008C-0000-1000-0000000FF1CE}`, [
    sz('DisplayName', 'Office 16 Click-to-Run Extensibility Component'),
    sz('Publisher', 'Microsoft Corporation'),
  ]);
  add(`${cv}\\WindowsUpdate\\Auto Update`, [dword('AUOptions', 4)]);
  if (p.wuRebootRequired) add(`${cv}\\WindowsUpdate\\Auto Update\\RebootRequired`, [dword(guid(prng('wu')).slice(1, -1).toLowerCase(), 1)]);
  if (modern)
    add('Microsoft\\Windows Defender', [
      dword('IsServiceRunning', 1),
      expandSz('InstallLocation', 'C:\\ProgramData\\Microsoft\\Windows Defender\\Platform\\4.18.24090.11-0\\'),
    ]);
  add('Policies\\Microsoft\\Windows\\WindowsUpdate', []);
  enrollments(r, add);
  if (r.configMgr) {
    add('Microsoft\\CCM', [sz('SMSSLP', ''), dword('HttpsState', 0)]);
    add('Microsoft\\CCM\\CcmEval', [sz('LastEvalTime', '2025-07-20T08:00:00Z')]);
    add('Microsoft\\SMS\\Mobile Client', [sz('ProductVersion', '5.00.9128.1007'), sz('AssignedSiteCode', 'PS1')]);
  }
  add('RegisteredApplications', [sz('Windows Search', 'Software\\Microsoft\\Windows Search\\Capabilities')]);
  if (x64) add('WOW6432Node\\Microsoft\\Windows\\CurrentVersion', [sz('ProgramFilesDir', 'C:\\Program Files (x86)')]);
  return e;
}

/**
 * Microsoft\\Enrollments: on Windows 10+ Windows makes entries by itself (no ProviderID, no UPN) on every
 * machine; an MDM enrollment adds Enrollments\\<id> with ProviderID ("MS DM Server" for Intune) and UPN, and
 * Provisioning\\OMADM\\Accounts\\<id> (domain.md §14.4).
 */
function enrollments(r: Resolved, add: (path: string, values?: ValueSpec[] | null) => void): void {
  if (r.os.major === null) return;
  const base = 'Microsoft\\Enrollments';
  add(base, [dword('FeatureFlags', 0)]);
  add(`${base}\\Context`, []);
  add(`${base}\\Ownership`, []);
  add(`${base}\\Status`, []);
  add(`${base}\\ValidNodePaths`, []);
  add(
    `${base}\\${guid(prng(`enrollment self ${r.machineSid}`))
      .slice(1, -1)
      .toUpperCase()}`,
    [dword('EnrollmentState', 1), dword('EnrollmentType', 0), dword('IsFederated', 0)],
  );
  r.mdmEnrollments.forEach((m, i) => {
    const id = guid(prng(`enrollment ${i} ${m.upn}`))
      .slice(1, -1)
      .toUpperCase();
    add(`${base}\\${id}`, [
      sz('ProviderID', m.providerId ?? 'MS DM Server'),
      sz('UPN', m.upn),
      dword('EnrollmentState', 1),
      dword('EnrollmentType', 6),
      sz('DiscoveryServiceFullURL', 'https://enrollment.manage.microsoft.com/enrollmentserver/discovery.svc'),
    ]);
    add(`Microsoft\\Provisioning\\OMADM\\Accounts\\${id}`, [
      sz('Addr', 'https://r.manage.microsoft.com/devicegatewayproxy/cimhandler.ashx'),
      sz('ServerID', m.providerId ?? 'MS DM Server'),
    ]);
  });
}

export function softwareTree(r: Resolved): KeySpec {
  const root = tree(r.os.rootNames.SOFTWARE, softwareEntries(r));
  const classes = root.subkeys!.find((k) => k.name === 'Classes')!;
  (classes.subkeys ??= []).push(clsidKey());
  if (r.softwareBulkKeys > 0) classes.subkeys.push({ name: 'Installer', subkeys: [installerComponents(r.softwareBulkKeys)] });
  return root;
}

/** Windows Installer component keys: a packed GUID name, one value per product (packed GUID → path). */
function installerComponents(count: number): KeySpec {
  const next = prng('Components');
  const packed = () => guid(next).replace(/[{}-]/g, '');
  const subkeys: KeySpec[] = [];
  const seen = new Set<string>();
  while (subkeys.length < count) {
    const name = packed();
    if (seen.has(name)) continue;
    seen.add(name);
    const i = subkeys.length;
    subkeys.push({
      name,
      values: [
        sz(packed(), `C:\\Program Files\\Common Files\\Vendor${i % 53}\\Shared\\component${i}.dll`),
        sz(packed(), `02:\\SOFTWARE\\Vendor${i % 53}\\Product\\Settings\\Item${i}`),
      ],
    });
  }
  return { name: 'Components', subkeys };
}
