// Writing a volume to disk: hives, text files, markers and hiberfil.sys.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { hoursBefore } from './binary';
import { hiveFiles } from './hives';
import { resolve } from './resolve-spec';
import { HIVE_NAMES, type HiberfilKind, type InstallationSpec, type VolumeSpec } from './spec';
import {
  MZ_STUB,
  encodeText,
  errorLinesOf,
  hiberfilBytes,
  pendingXml,
  reagentXml,
  smsCfgIni,
  stateIniText,
  sysprepSuccessLog,
} from './text-files';
import { binary, dword, pseudoRandomBytes, sz } from './binary';
import { buildHive, tree } from './hive-builder';
import { type Resolved } from './resolve-spec';
import { type UserSpec } from './spec';

/** A user's NTUSER.DAT: a few everyday keys, the EFS key and the Entra registration when the spec says so. */
function userHive(r: Resolved, u: UserSpec): Uint8Array {
  const nt = 'Software\\Microsoft\\Windows NT\\CurrentVersion';
  const entries: [string, ReturnType<typeof sz>[] | null][] = [
    ['Control Panel\\Desktop', [sz('Wallpaper', `C:\\${r.windowsDir}\\web\\wallpaper\\Windows\\img0.jpg`), sz('ScreenSaveActive', '1')]],
    ['Environment', [sz('TEMP', '%USERPROFILE%\\AppData\\Local\\Temp'), sz('TMP', '%USERPROFILE%\\AppData\\Local\\Temp')]],
    ['Software\\Microsoft\\Windows\\CurrentVersion\\Explorer', [dword('ShellState', 0x24)]],
    [`${nt}\\Winlogon`, [sz('ExcludeProfileDirs', 'AppData\\LocalLow;$Recycle.Bin;OneDrive;Work Folders')]],
  ];
  if (u.efs) entries.push([`${nt}\\EFS\\CurrentKeys`, [binary('CertificateHash', pseudoRandomBytes(20, `efs ${r.machineSid} ${u.rid}`))]]);
  if (u.registered) {
    const thumb = Buffer.from(pseudoRandomBytes(20, `wpj ${r.machineSid} ${u.rid}`))
      .toString('hex')
      .toUpperCase();
    entries.push([
      `${nt}\\WorkplaceJoin\\JoinInfo\\${thumb}`,
      [sz('TenantId', '72f988bf-86f1-41af-91ab-2d7cd011db47'), sz('UserEmail', `${u.name}@contoso.com`)],
    ]);
  }
  return buildHive(tree('CMI-CreateHive{D43B12B8-09B5-40DB-B4F6-F6DFEB78DAEC}', entries), {
    minorVersion: r.os.hiveMinor,
    lastWritten: r.os.sealed,
    fileName: '\\??\\C:\\Users\\' + u.name + '\\ntuser.dat',
  });
}

function writeRel(root: string, rel: string, data: string | Uint8Array | null, lower: boolean): void {
  const parts = rel.split(/[\\/]+/).filter((p) => p !== '');
  const abs = join(root, ...(lower ? parts.map((p) => p.toLowerCase()) : parts));
  if (data === null) {
    mkdirSync(abs, { recursive: true });
    return;
  }
  mkdirSync(dirname(abs), { recursive: true });
  writeFileSync(abs, data);
}

function writeInstallation(root: string, spec: InstallationSpec): void {
  const r = resolve(spec);
  const lower = spec.lowerCasePaths ?? false;
  const w = r.windowsDir;
  const put = (rel: string, data: string | Uint8Array | null) => writeRel(root, rel, data, lower);

  const hives = hiveFiles(spec, r);
  for (const name of HIVE_NAMES) {
    put(`${w}\\System32\\config\\${name}`, hives[name].primary);
    put(`${w}\\System32\\config\\${name}.LOG1`, hives[name].log1);
    put(`${w}\\System32\\config\\${name}.LOG2`, hives[name].log2);
  }
  put(`${w}\\System32\\config\\systemprofile`, null);
  if (r.stateIni !== null) put(`${w}\\Setup\\State\\State.ini`, encodeText(stateIniText(r.stateIni), spec.stateIniEncoding ?? 'ascii'));
  put(`${w}\\System32\\Sysprep\\sysprep.exe`, MZ_STUB);
  if (r.sysprepTag) put(`${w}\\System32\\Sysprep\\Sysprep_succeeded.tag`, new Uint8Array(0));

  let panther = spec.pantherSysprep;
  if (panther === undefined && r.generalized) {
    panther = {
      setupact: sysprepSuccessLog(hoursBefore(r.os.sealed, 0.01), {
        windowsDir: w,
        win7: r.osId === 'win7-sp1',
        mode: /AUDIT$/i.test(r.imageState ?? '') ? 'audit' : 'oobe',
      }),
    };
  }
  if (panther) {
    const enc = panther.encoding ?? 'utf8';
    const act = panther.setupact ?? '';
    const err = panther.setuperr ?? errorLinesOf(act);
    put(`${w}\\System32\\Sysprep\\Panther\\setupact.log`, encodeText(act, enc));
    put(`${w}\\System32\\Sysprep\\Panther\\setuperr.log`, err === '' ? new Uint8Array(0) : encodeText(err, enc));
  }
  put(`${w}\\WinSxS`, null);
  if (r.pending.pendingXml) put(`${w}\\WinSxS\\pending.xml`, pendingXml(r));
  put(`${w}\\Panther`, null);
  for (const [rel, xml] of Object.entries(spec.answerFiles ?? {})) put(rel, xml);
  for (const name of ['Default', 'Public', ...(r.domain?.users ?? []).map((u) => u.name)]) put(`Users\\${name}`, null);
  for (const u of r.users) put(`Users\\${u.name}\\NTUSER.DAT`, userHive(r, u));
  const winre = spec.winre ?? 'in-image';
  if (winre !== 'none') put(`${w}\\System32\\Recovery\\ReAgent.xml`, reagentXml(winre === 'recovery-partition', r.os.build));
  if (winre === 'in-image') put(`${w}\\System32\\Recovery\\Winre.wim`, Uint8Array.from(Buffer.from('MSWIM\0\0\0', 'latin1')));
  if (r.configMgr?.smsUniqueId) put(`${w}\\SMSCFG.ini`, smsCfgIni(r.configMgr.smsUniqueId));
}

/** Writes one volume (its root = `dir`, created) with every installation of the spec. */
export function buildWindowsVolume(dir: string, spec: VolumeSpec): void {
  mkdirSync(dir, { recursive: true });
  const kinds = [spec.hiberfil, ...spec.installations.map((i) => i.hiberfil)].filter(
    (k): k is Exclude<HiberfilKind, null> => k !== undefined && k !== null,
  );
  if (new Set(kinds).size > 1) throw new Error(`windows-volume: conflicting hiberfil.sys kinds ${[...new Set(kinds)].join(', ')}`);
  if (kinds.length > 0) writeRel(dir, 'hiberfil.sys', hiberfilBytes(kinds[0]), false);
  for (const inst of spec.installations) writeInstallation(dir, { ...inst, hiberfil: kinds[0] ?? inst.hiberfil });
  for (const [rel, data] of Object.entries(spec.extraFiles ?? {})) writeRel(dir, rel, data, false);
}
