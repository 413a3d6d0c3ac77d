import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { VolumeFs } from '../../src/windows/volume-fs';
import { answerFileCandidates, findAnswerFiles, mapRegistryPointer, parseAnswerFile } from '../../src/windows/unattend';
import { cleanupVolumes, corpusDir, garbage, makeVolume, utf16le } from './temp-volume';

afterAll(cleanupVolumes);

const WHERE = { path: 'Windows\\Panther\\unattend.xml', precedence: 3, location: 'cached answer file (%WINDIR%\\Panther)' };

const SHELL = 'Microsoft-Windows-Shell-Setup';
const SETUP = 'Microsoft-Windows-Setup';
const ADMIN = { element: 'UserAccounts/AdministratorPassword', pass: 'oobeSystem', component: SHELL };
const LOCAL = { element: 'UserAccounts/LocalAccounts/LocalAccount/Password', pass: 'oobeSystem', component: SHELL };
const AUTOLOGON = { element: 'AutoLogon/Password', pass: 'oobeSystem', component: SHELL };
const KEY = { element: 'UserData/ProductKey', pass: 'windowsPE', component: SETUP };
const PASSES_A = ['windowsPE', 'offlineServicing', 'oobeSystem', 'specialize'];
const PASSES_B = ['windowsPE', 'specialize', 'oobeSystem', 'offlineServicing'];

// What the real answer files contain (read by hand from /work/shared/corpus/answer-files):
// packer-windows sets vagrant/vagrant in clear text for the Administrator, a local account and AutoLogon;
// the 10 and 8.1 files also carry an evaluation product key as <ProductKey> text (in the others the <Key>
// is commented out); win7-printing-sandbox stores its passwords with PlainText=false (base64).
const CORPUS_EXPECTATIONS: [string, string[], object[]][] = [
  ['packer-windows/10', PASSES_A, [KEY, ADMIN, LOCAL, AUTOLOGON]],
  ['packer-windows/11', PASSES_A, [ADMIN, LOCAL, AUTOLOGON]],
  ['packer-windows/81', PASSES_A, [KEY, ADMIN, LOCAL, AUTOLOGON]],
  ['packer-windows/7', PASSES_A, [ADMIN, LOCAL, AUTOLOGON]],
  ['packer-windows/2008_r2', PASSES_A, [ADMIN, LOCAL, AUTOLOGON]],
  ['packer-windows/2012_r2', PASSES_B, [AUTOLOGON, ADMIN, LOCAL]],
  ['packer-windows/2016', PASSES_B, [AUTOLOGON, ADMIN, LOCAL]],
  ['packer-windows/2019', PASSES_B, [AUTOLOGON, ADMIN, LOCAL]],
  ['packer-windows/2022', PASSES_B, [AUTOLOGON, ADMIN, LOCAL]],
  ['packer-windows/2022_core', PASSES_B, [AUTOLOGON, ADMIN, LOCAL]],
  ['packer-windows/2025', PASSES_B, [AUTOLOGON, ADMIN, LOCAL]],
  [
    'win7-printing-sandbox',
    ['windowsPE', 'oobeSystem', 'specialize', 'offlineServicing'],
    [
      { element: 'UserAccounts/LocalAccounts/LocalAccount/Password (obfuscated, reversible)', pass: 'oobeSystem', component: SHELL },
      { element: 'AutoLogon/Password (obfuscated, reversible)', pass: 'oobeSystem', component: SHELL },
    ],
  ],
];

const corpus = corpusDir();
if (!corpus) {
  const msg = 'answer-file corpus not found (../shared/corpus or PREFLIGHT_CORPUS): real answer-file tests skipped';
  if (process.env.CI) throw new Error(`${msg} — CI must provide it`);
  console.warn(msg);
}

describe.skipIf(!corpus)('real answer files from the corpus, placed where Windows caches them', () => {
  it.each(CORPUS_EXPECTATIONS)('%s', (dir, passes, secrets) => {
    const src = path.join(corpus!, 'answer-files', dir, 'Autounattend.xml');
    // Laid out as Windows would: the cached copy in %WINDIR%\Panther (lower-case name, as Setup writes it).
    const root = makeVolume({ 'Windows/Panther/unattend.xml': fs.readFileSync(src) });
    const facts = findAnswerFiles(new VolumeFs(root), 'Windows', null);
    expect(facts.files).toHaveLength(1);
    const f = facts.files[0];
    expect(f).toMatchObject({
      path: 'Windows\\Panther\\unattend.xml',
      precedence: 3,
      parseError: null,
      passes,
      persistAllDeviceInstalls: null,
      doNotCleanUpNonPresentDevices: null,
      resealMode: null,
      resealForceShutdownNow: null,
      copyProfile: null,
      skipRearm: null,
    });
    expect(f.clearTextSecrets).toEqual(secrets);
    // The secrets themselves never reach the facts.
    const json = JSON.stringify(facts);
    for (const secret of [
      'vagrant',
      '2FMYP-QCY43-QR9VK-WTVCK',
      'MHF9N-XY6XB-WVXMC-BTDCT-MKKG7',
      'dgBhAGcAcgBhAG4AdABQAGEAcwBzAHcAbwByAGQA',
    ]) {
      expect(json).not.toContain(secret);
    }
  });
});

const ns = 'xmlns="urn:schemas-microsoft-com:unattend" xmlns:wcm="http://schemas.microsoft.com/WMIConfig/2002/State"';
const comp = (name: string, body: string) =>
  `<component name="${name}" processorArchitecture="amd64" publicKeyToken="31bf3856ad364e35" language="neutral" versionScope="nonSxS">${body}</component>`;

/** A reference-image answer file with every setting the checks care about. */
const REFERENCE_IMAGE = `<?xml version="1.0" encoding="utf-8"?>
<unattend ${ns}>
  <settings pass="generalize">
    ${comp('Microsoft-Windows-PnpSysprep', '<PersistAllDeviceInstalls>true</PersistAllDeviceInstalls><DoNotCleanUpNonPresentDevices>true</DoNotCleanUpNonPresentDevices>')}
    ${comp('Microsoft-Windows-Security-SPP', '<SkipRearm>1</SkipRearm>')}
  </settings>
  <settings pass="specialize">
    ${comp('Microsoft-Windows-Shell-Setup', '<ComputerName>*</ComputerName><ProductKey>NPPR9-FWDCX-D2C8J-H872K-2YT43</ProductKey>')}
    ${comp('Microsoft-Windows-UnattendedJoin', '<Identification><Credentials><Domain>corp.example</Domain><Password>J0in!Secret</Password><Username>joiner</Username></Credentials><JoinDomain>corp.example</JoinDomain></Identification>')}
  </settings>
  <settings pass="oobeSystem">
    ${comp('Microsoft-Windows-Deployment', '<Reseal><Mode>Audit</Mode></Reseal>')}
    ${comp('Microsoft-Windows-Shell-Setup', '<UserAccounts><AdministratorPassword><Value></Value><PlainText>true</PlainText></AdministratorPassword><LocalAccounts><LocalAccount wcm:action="add"><Password><Value>UABAAHMAcwB3ADAAcgBkAFAAYQBzAHMAdwBvAHIAZAA=</Value><PlainText>false</PlainText></Password><Name>tech</Name></LocalAccount></LocalAccounts></UserAccounts><AutoLogon><Password><Value>Pl41n</Value></Password><Enabled>true</Enabled><LogonCount>1</LogonCount></AutoLogon>')}
  </settings>
</unattend>`;

describe('parseAnswerFile', () => {
  it('an auditUser Deployment\\Generalize setting: the answer file runs Sysprep /generalize itself (domain.md §7.3)', () => {
    const xml = `<?xml version="1.0" encoding="utf-8"?>
<unattend xmlns="urn:schemas-microsoft-com:unattend">
  <settings pass="auditUser">
    <component name="Microsoft-Windows-Deployment" processorArchitecture="amd64" publicKeyToken="31bf3856ad364e35" language="neutral" versionScope="nonSxS">
      <Generalize><Mode>OOBE</Mode><ForceShutdownNow>true</ForceShutdownNow></Generalize>
    </component>
  </settings>
</unattend>`;
    expect(parseAnswerFile(xml, WHERE)).toMatchObject({
      passes: ['auditUser'],
      generalize: { mode: 'OOBE', forceShutdownNow: true },
      generalizePassComponents: [],
    });
  });

  it('extracts generalize settings, Reseal, SkipRearm and every secret (never the values)', () => {
    const f = parseAnswerFile(Buffer.from(REFERENCE_IMAGE), WHERE);
    expect(f).toMatchObject({
      parseError: null,
      passes: ['generalize', 'specialize', 'oobeSystem'],
      persistAllDeviceInstalls: true,
      doNotCleanUpNonPresentDevices: true,
      resealMode: 'Audit (oobeSystem)',
      skipRearm: 1,
      generalize: null,
    });
    expect(f.generalizePassComponents).toEqual(['Microsoft-Windows-PnpSysprep', 'Microsoft-Windows-Security-SPP']);
    expect(f.clearTextSecrets).toEqual([
      { element: 'ProductKey', pass: 'specialize', component: 'Microsoft-Windows-Shell-Setup' },
      { element: 'Identification/Credentials/Password', pass: 'specialize', component: 'Microsoft-Windows-UnattendedJoin' },
      // the empty AdministratorPassword is not a leak
      {
        element: 'UserAccounts/LocalAccounts/LocalAccount/Password (obfuscated, reversible)',
        pass: 'oobeSystem',
        component: 'Microsoft-Windows-Shell-Setup',
      },
      // no PlainText element: reported as clear text
      { element: 'AutoLogon/Password', pass: 'oobeSystem', component: 'Microsoft-Windows-Shell-Setup' },
    ]);
    const json = JSON.stringify(f);
    for (const secret of ['NPPR9', 'J0in!Secret', 'UABAAHMA', 'Pl41n']) expect(json).not.toContain(secret);
  });

  it.each<[string, string, Partial<ReturnType<typeof parseAnswerFile>>]>([
    [
      'Vista SLC SkipRearm',
      `<unattend ${ns}><settings pass="generalize">${comp('Microsoft-Windows-Security-Licensing-SLC', '<SkipRearm>1</SkipRearm>')}</settings></unattend>`,
      { skipRearm: 1 },
    ],
    [
      'SPP-UX is another component',
      `<unattend ${ns}><settings pass="specialize">${comp('Microsoft-Windows-Security-SPP-UX', '<SkipAutoActivation>true</SkipAutoActivation><SkipRearm>1</SkipRearm>')}</settings></unattend>`,
      { skipRearm: null },
    ],
    [
      'PersistAllDeviceInstalls false',
      `<unattend ${ns}><settings pass="generalize">${comp('Microsoft-Windows-PnpSysprep', '<PersistAllDeviceInstalls>false</PersistAllDeviceInstalls>')}</settings></unattend>`,
      { persistAllDeviceInstalls: false, doNotCleanUpNonPresentDevices: null },
    ],
    [
      'Reseal OOBE',
      `<unattend ${ns}><settings pass="auditSystem">${comp('Microsoft-Windows-Deployment', '<Reseal><ForceShutdownNow>true</ForceShutdownNow><Mode>OOBE</Mode></Reseal>')}</settings></unattend>`,
      { resealMode: 'OOBE (auditSystem)', resealForceShutdownNow: true },
    ],
    [
      'Deployment without Reseal',
      `<unattend ${ns}><settings pass="specialize">${comp('Microsoft-Windows-Deployment', '<RunSynchronous/>')}</settings></unattend>`,
      { resealMode: null },
    ],
    [
      'prefixed element names',
      `<u:unattend xmlns:u="urn:schemas-microsoft-com:unattend"><u:settings u:pass="generalize"><u:component u:name="Microsoft-Windows-Security-SPP"><u:SkipRearm>1</u:SkipRearm></u:component></u:settings></u:unattend>`,
      { passes: ['generalize'], skipRearm: 1 },
    ],
    [
      '<Key> inside <ProductKey> (Setup)',
      `<unattend ${ns}><settings pass="windowsPE">${comp('Microsoft-Windows-Setup', '<UserData><ProductKey><Key>W269N-WFGWX-YVC9B-4J6C9-T83GX</Key><WillShowUI>Never</WillShowUI></ProductKey></UserData>')}</settings></unattend>`,
      { clearTextSecrets: [{ element: 'UserData/ProductKey/Key', pass: 'windowsPE', component: 'Microsoft-Windows-Setup' }] },
    ],
    [
      'empty <Key/> and MetaData <Key> are not product keys',
      `<unattend ${ns}><settings pass="windowsPE">${comp('Microsoft-Windows-Setup', '<UserData><ProductKey><Key></Key></ProductKey></UserData><ImageInstall><OSImage><InstallFrom><MetaData wcm:action="add"><Key>/IMAGE/NAME</Key><Value>Windows 10 Pro</Value></MetaData></InstallFrom></OSImage></ImageInstall>')}</settings></unattend>`,
      { clearTextSecrets: [] },
    ],
    [
      "Setup's *SENSITIVE*DATA*DELETED* placeholder in a cached answer file is not a secret",
      `<unattend ${ns}><settings pass="oobeSystem">${comp('Microsoft-Windows-Shell-Setup', '<UserAccounts><AdministratorPassword><Value>*SENSITIVE*DATA*DELETED*</Value><PlainText>true</PlainText></AdministratorPassword></UserAccounts><AutoLogon><Password><Value>*SENSITIVE*DATA*DELETED*</Value></Password></AutoLogon>')}</settings><settings pass="specialize">${comp('Microsoft-Windows-Shell-Setup', '<ProductKey>*SENSITIVE*DATA*DELETED*</ProductKey>')}${comp('Microsoft-Windows-UnattendedJoin', '<Identification><Credentials><Password>*SENSITIVE*DATA*DELETED*</Password></Credentials></Identification>')}</settings></unattend>`,
      { clearTextSecrets: [] },
    ],
    [
      'CopyProfile true in specialize',
      `<unattend ${ns}><settings pass="specialize">${comp('Microsoft-Windows-Shell-Setup', '<CopyProfile>true</CopyProfile><ComputerName>*</ComputerName>')}</settings></unattend>`,
      { copyProfile: true },
    ],
    [
      'Reseal Audit without ForceShutdownNow',
      `<unattend ${ns}><settings pass="oobeSystem">${comp('Microsoft-Windows-Deployment', '<Reseal><Mode>Audit</Mode></Reseal>')}</settings></unattend>`,
      { resealMode: 'Audit (oobeSystem)', resealForceShutdownNow: null },
    ],
    [
      'commented-out secrets are not secrets',
      `<unattend ${ns}><settings pass="oobeSystem">${comp('Microsoft-Windows-Shell-Setup', '<!-- <AutoLogon><Password><Value>x</Value></Password></AutoLogon> -->')}</settings></unattend>`,
      { clearTextSecrets: [] },
    ],
  ])('%s', (_n, xml, expected) => {
    expect(parseAnswerFile(xml, WHERE)).toMatchObject({ parseError: null, ...expected });
  });

  it('reads UTF-16LE answer files (with BOM and encoding="utf-16")', () => {
    const xml = REFERENCE_IMAGE.replace('encoding="utf-8"', 'encoding="utf-16"');
    expect(parseAnswerFile(utf16le(xml), WHERE)).toMatchObject({ parseError: null, skipRearm: 1, resealMode: 'Audit (oobeSystem)' });
  });

  it.each<[string, Uint8Array | string, RegExp]>([
    ['empty file', Buffer.alloc(0), /empty/],
    ['whitespace only', '   \r\n', /empty/],
    ['binary garbage', garbage(5000, 3), /XML/],
    ['truncated XML', REFERENCE_IMAGE.slice(0, 400), /XML/],
    ['HTML error page', '<html><body>404</body></html>', /root element is <html>/],
    ['NUL bytes', Buffer.alloc(300), /XML|empty/],
  ])('%s → parseError, no throw', (_n, data, re) => {
    const f = parseAnswerFile(data, WHERE);
    expect(f.parseError).toMatch(re);
    expect(f).toMatchObject({ path: WHERE.path, precedence: 3, passes: [], clearTextSecrets: [] });
  });

  it('entity expansion bombs do not hang or throw', () => {
    const lol = `<?xml version="1.0"?><!DOCTYPE unattend [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;"><!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;">]><unattend ${ns}><settings pass="specialize">${comp('Microsoft-Windows-Shell-Setup', '<ComputerName>&e;&e;&e;&e;&e;&e;&e;&e;</ComputerName>')}</settings></unattend>`;
    const t0 = Date.now();
    expect(() => parseAnswerFile(lol, WHERE)).not.toThrow();
    expect(Date.now() - t0).toBeLessThan(5000);
  });
});

describe('where answer files are looked for (domain.md §7.1)', () => {
  it('lists the implicit locations in precedence order', () => {
    expect(answerFileCandidates('Windows').map((c) => `${c.precedence} ${c.path}`)).toEqual([
      '2 Windows\\Panther\\Unattend\\Unattend.xml',
      '2 Windows\\Panther\\Unattend\\Autounattend.xml',
      '3 Windows\\Panther\\Unattend.xml',
      '3 Windows\\Panther\\Autounattend.xml',
      '6 Windows\\System32\\Sysprep\\Unattend.xml',
      '6 Windows\\System32\\Sysprep\\Autounattend.xml',
      '7 Unattend.xml',
      '7 Autounattend.xml',
    ]);
  });

  it.each<[string, string | null]>([
    ['C:\\Windows\\Panther\\unattend.xml', 'Windows\\Panther\\unattend.xml'],
    ['c:/windows/system32/sysprep/unattend.xml', 'windows\\system32\\sysprep\\unattend.xml'],
    ['%WINDIR%\\Panther\\Unattend\\unattend.xml', 'Windows\\Panther\\Unattend\\unattend.xml'],
    ['%SystemDrive%\\Autounattend.xml', 'Autounattend.xml'],
    ['"D:\\deploy\\my answers.xml"', 'deploy\\my answers.xml'],
    ['\\??\\C:\\Windows\\Panther\\unattend.xml', 'Windows\\Panther\\unattend.xml'],
    ['\\\\server\\share\\unattend.xml', null],
    ['unattend.xml', null],
    ['%TEMP%\\unattend.xml', null],
    ['C:\\..\\unattend.xml', null],
    ['', null],
  ])('mapRegistryPointer(%s) = %s', (pointer, expected) => expect(mapRegistryPointer(pointer, 'Windows')).toBe(expected));

  it('finds every place with its precedence; the registry pointer wins and is not listed twice', () => {
    const minimal = (pass: string) => `<unattend ${ns}><settings pass="${pass}"/></unattend>`;
    const root = makeVolume({
      'Windows/Panther/unattend.xml': minimal('oobeSystem'),
      'Windows/Panther/Unattend/Unattend.xml': minimal('specialize'),
      'Windows/System32/Sysprep/unattend.xml': minimal('generalize'),
      'Autounattend.xml': minimal('windowsPE'),
      'Windows/Panther/UnattendGC/setupact.log': 'not an answer file',
    });
    const facts = findAnswerFiles(new VolumeFs(root), 'Windows', 'C:\\Windows\\Panther\\unattend.xml');
    expect(facts.registryPointer).toBe('C:\\Windows\\Panther\\unattend.xml');
    expect(facts.files.map((f) => [f.precedence, f.path, f.passes.join()])).toEqual([
      [1, 'Windows\\Panther\\unattend.xml', 'oobeSystem'],
      [2, 'Windows\\Panther\\Unattend\\Unattend.xml', 'specialize'],
      [6, 'Windows\\System32\\Sysprep\\unattend.xml', 'generalize'],
      [7, 'Autounattend.xml', 'windowsPE'],
    ]);
    expect(facts.files[0].location).toMatch(/registry pointer/);
    expect(facts.evidence[0]).toEqual({
      source: 'registry',
      hive: 'SYSTEM',
      key: 'Setup',
      value: 'UnattendFile',
      data: 'C:\\Windows\\Panther\\unattend.xml',
    });
  });

  it('a pointer to a missing or unmappable file is evidence, not a file', () => {
    const root = makeVolume({ 'Windows/System32/config/SYSTEM': 'r' });
    expect(findAnswerFiles(new VolumeFs(root), 'Windows', 'C:\\Windows\\Panther\\unattend.xml')).toMatchObject({
      files: [],
      evidence: [{ source: 'registry' }, { source: 'file', detail: expect.stringContaining('not present') }],
    });
    expect(findAnswerFiles(new VolumeFs(root), 'Windows', '\\\\wds\\reminst\\unattend.xml').evidence[1]).toMatchObject({
      detail: expect.stringContaining('cannot be mapped'),
    });
    expect(findAnswerFiles(new VolumeFs(root), 'Windows', null)).toEqual({ registryPointer: null, files: [], evidence: [] });
  });

  it('a broken or oversized answer file is reported with parseError', () => {
    const root = makeVolume({ 'Windows/Panther/unattend.xml': garbage(2000), 'Windows/System32/Sysprep/unattend.xml': '' });
    const facts = findAnswerFiles(new VolumeFs(root));
    expect(facts.files.map((f) => [f.precedence, f.parseError !== null])).toEqual([
      [3, true],
      [6, true],
    ]);
  });
});
