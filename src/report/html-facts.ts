// An installation's facts as table rows for the HTML report: what an imaging engineer compares between
// machines (OS, build, computer name, generalization, machine SID, domain, hives read…). Values are shown
// as the model holds them; "unknown" is always said, never left blank.
import { html, type Html } from './html-escape';
import { NOT_APPLICABLE_TEXT, imageLabel, osLabel, stateLabel } from './labels';
import type { ReportInstallation } from './model';

type Tristate = boolean | null;

/** An unknown value, said (never a blank cell). */
export const UNKNOWN = html`<span class="unknown">unknown</span>`;

const orUnknown = (v: string | number | null): Html | string | number => (v === null ? UNKNOWN : v);
const yesNo = (v: Tristate, yes = 'yes', no = 'no'): Html | string => (v === null ? UNKNOWN : v ? yes : no);

export interface FactRow {
  label: string;
  value: Html | string | number;
}

function bitlockerText(v: ReportInstallation['volumeState']['bitlocker']): Html | string {
  switch (v) {
    case 'locked':
      return 'locked (encrypted, unreadable)';
    case 'encrypted-readable':
      return 'encrypted, unlocked';
    case 'none':
      return 'not encrypted';
    case 'unknown':
      return UNKNOWN;
    case 'not-applicable':
      return NOT_APPLICABLE_TEXT;
  }
}

function domainText(vs: ReportInstallation['volumeState']): Html | string {
  if (vs.domainJoined === null) return UNKNOWN;
  if (!vs.domainJoined) return 'not joined';
  return vs.domainName === null ? 'joined' : `joined to ${vs.domainName}`;
}

function pendingText(p: ReportInstallation['pending']): Html | string {
  const known = [p.cbsRebootPending, p.cbsPackagesPending, p.windowsUpdateRebootRequired, p.pendingFileRenames];
  const pending = [
    p.cbsRebootPending ? 'servicing reboot' : '',
    p.cbsPackagesPending ? 'servicing packages' : '',
    p.windowsUpdateRebootRequired ? 'Windows Update reboot' : '',
    p.pendingFileRenames ? `${p.pendingFileRenames} file rename(s)` : '',
    p.pendingXml ? 'pending.xml' : '',
  ].filter((s) => s !== '');
  if (pending.length > 0) return pending.join(', ');
  return known.every((k) => k === null) ? UNKNOWN : 'none';
}

function hibernationText(vs: ReportInstallation['volumeState']): Html {
  if (vs.hibernated === 'not-applicable') return html`${NOT_APPLICABLE_TEXT}; Fast Startup: ${yesNo(vs.fastStartupEnabled, 'on', 'off')}`;
  const file = vs.hiberfilPresent
    ? `hiberfil.sys present${vs.hiberfilSignature === null ? '' : ` (${vs.hiberfilSignature})`}`
    : 'no hiberfil.sys';
  return html`${file}; hibernated: ${yesNo(vs.hibernated)}; Fast Startup: ${yesNo(vs.fastStartupEnabled, 'on', 'off')}`;
}

function imageStateText(g: ReportInstallation['generalization']): Html {
  return html`registry ${orUnknown(g.imageStateRegistry)}, State.ini ${orUnknown(g.imageStateFile)}`;
}

function accountsText(a: ReportInstallation['accounts']): Html | string {
  if (a.users === null) return UNKNOWN;
  if (a.users.length === 0) return 'none besides the built-in ones';
  return a.users.map((u) => `${u.name ?? '(unnamed)'} (RID ${u.rid})`).join(', ');
}

function appxText(a: ReportInstallation['appx']): string {
  if (!a.storePresent) return 'no AppX state store';
  return `${a.provisioned.length} provisioned, ${a.userSids.length} user(s) with packages, ` + `${a.problems.length} package problem(s)`;
}

function answerFilesText(u: ReportInstallation['unattend']): Html | string {
  if (u.files.length === 0) return 'none';
  return html`${u.files.map((f, i) => html`${i > 0 ? html`<br>` : ''}<span class="mono">${f.path}</span> <span class="muted">(${f.location})</span>`)}`;
}

function sysprepRunText(p: ReportInstallation['panther']): Html | string {
  if (p.lastRunFailed === null) return html`${UNKNOWN} <span class="muted">(no Sysprep log)</span>`;
  if (!p.lastRunFailed) return 'no error logged';
  const f = p.failures[0];
  return f ? `failed in ${f.dll ?? 'a step that names no provider'}${f.code ? ` (${f.code})` : ''}` : 'failed';
}

/** The rows of one installation's facts table, in reading order. */
export function factRows(i: ReportInstallation): FactRow[] {
  const os = i.os;
  const g = i.generalization;
  const image: FactRow[] =
    i.image === null
      ? []
      : [
          { label: 'Image', value: html`<span class="mono">${imageLabel(i.image)}</span>` },
          { label: 'Disk placement', value: NOT_APPLICABLE_TEXT },
        ];
  return [
    ...image,
    { label: 'Operating system', value: osLabel(os) },
    {
      label: 'Edition',
      value: html`${orUnknown(os.edition)}${os.installationType === 'unknown' ? '' : html` <span class="muted">(${os.installationType})</span>`}`,
    },
    { label: 'Build', value: os.build === null ? UNKNOWN : `${os.build}${os.ubr === null ? '' : `.${os.ubr}`}` },
    { label: 'Computer name', value: orUnknown(os.computerName) },
    { label: 'Generalization', value: html`<strong>${stateLabel(g.state)}</strong> \u2014 ${g.reason}` },
    { label: 'ImageState', value: imageStateText(g) },
    { label: 'Machine SID', value: i.machineSid === null ? UNKNOWN : html`<span class="mono">${i.machineSid}</span>` },
    { label: 'SAM and SECURITY SIDs agree', value: yesNo(i.sid.sourcesAgree) },
    { label: 'Domain', value: domainText(i.volumeState) },
    { label: 'BitLocker', value: bitlockerText(i.volumeState.bitlocker) },
    { label: 'Hibernation', value: hibernationText(i.volumeState) },
    { label: 'Pending operations', value: pendingText(i.pending) },
    { label: 'Last Sysprep run', value: sysprepRunText(i.panther) },
    { label: 'Local accounts', value: accountsText(i.accounts) },
    { label: 'User profiles', value: String(i.profiles.profiles.length) },
    { label: 'AppX packages', value: appxText(i.appx) },
    { label: 'Answer files', value: answerFilesText(i.unattend) },
    { label: 'Windows folder', value: html`<span class="mono">${i.windowsDir}</span>` },
  ];
}

/** "read", "read; dirty, recovered from SYSTEM.LOG1 (12 entries)", "unreadable: <error>". */
export function hiveStatus(h: ReportInstallation['hives'][number]): string {
  if (!h.readable) return `unreadable${h.error === null ? '' : `: ${h.error}`}`;
  if (!h.dirty) return 'read, clean';
  if (!h.recovered) return 'read; dirty, not recovered';
  const logs = h.logsApplied.length > 0 ? ` from ${h.logsApplied.join(', ')}` : '';
  return `read; dirty, recovered in memory${logs} (${h.entriesApplied} log entries)`;
}
