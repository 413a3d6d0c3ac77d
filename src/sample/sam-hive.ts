// The SAM hive (domain.md §4.1; layouts as in a real Windows 10 SAM of ../shared/corpus).
import { binary, dword, none, pad4, pseudoRandomBytes, raw, sidToBytes, type Entries, utf16 } from './binary';
import { concat } from './bytes';
import { type KeySpec, defaultSecurityDescriptor, filetime, tree } from './hive-builder';
import { type Resolved } from './resolve-spec';

/**
 * SAM\Domains\Account\V: a table of 4 descriptors (offset relative to the data area, length, type)
 * then the data: a security descriptor and, last, the 24-byte machine SID that tools read from the
 * tail (regipy takes v[-24:]).
 */
function accountDomainV(machineSid: string): Uint8Array {
  const sd = defaultSecurityDescriptor();
  const sid = sidToBytes(machineSid);
  const table = new Uint8Array(48);
  const d = new DataView(table.buffer);
  const put = (i: number, offset: number, length: number, type: number) => {
    d.setUint32(12 * i, offset, true);
    d.setUint32(12 * i + 4, length, true);
    d.setUint32(12 * i + 8, type, true);
  };
  put(0, 0, sd.length, 0x00010003);
  put(1, sd.length, sid.length, 0);
  put(2, sd.length + sid.length, 0, 0);
  put(3, sd.length + sid.length, 0, 0);
  return concat([table, sd, sid]);
}

/** SAM\Domains\Account\F (0xF0 bytes): revision 3, times, password policy, next RID at 0x48, key data. */
function accountDomainF(r: Resolved, nextRid: number): Uint8Array {
  const out = new Uint8Array(0xf0);
  const d = new DataView(out.buffer);
  d.setUint16(0, 3, true);
  d.setUint16(2, 1, true);
  d.setBigUint64(8, filetime(r.os.sealed), true);
  d.setBigUint64(0x10, 1n, true);
  d.setBigInt64(0x18, -36288000000000n, true); // max password age 42 days
  d.setBigInt64(0x28, -0x8000000000000000n, true); // force logoff: never
  d.setBigInt64(0x30, -18000000000n, true); // lockout duration 30 min
  d.setBigInt64(0x38, -18000000000n, true); // lockout observation window
  d.setUint32(0x48, nextRid, true);
  d.setUint32(0x58, 1, true);
  d.setUint32(0x5c, 3, true);
  d.setUint32(0x68, 1, true);
  out.set(pseudoRandomBytes(0xf0 - 0x70, `syskey ${r.machineSid}`), 0x70);
  return out;
}

function userF(rid: number, acb: number, r: Resolved): Uint8Array {
  const out = new Uint8Array(0x50);
  const d = new DataView(out.buffer);
  d.setUint16(0, 3, true);
  d.setUint16(2, 1, true);
  d.setBigUint64(0x18, rid >= 1000 ? filetime(r.os.installed) : 0n, true); // password last set
  d.setBigUint64(0x20, 0x7fffffffffffffffn, true); // account expires: never
  d.setUint32(0x30, rid, true);
  d.setUint32(0x34, 513, true); // primary group: None
  d.setUint32(0x38, acb, true);
  return out;
}

/** User V: 17 descriptors (0xCC bytes) then data (security descriptor, name, comment, logon hours). */
function userV(name: string, comment: string): Uint8Array {
  const items: Uint8Array[] = Array.from({ length: 17 }, () => new Uint8Array(0));
  items[0] = defaultSecurityDescriptor();
  items[1] = utf16(name);
  items[3] = utf16(comment);
  items[11] = new Uint8Array(21).fill(0xff); // logon hours: always
  const table = new Uint8Array(17 * 12);
  const d = new DataView(table.buffer);
  const data: Uint8Array[] = [];
  let offset = 0;
  items.forEach((item, i) => {
    d.setUint32(12 * i, offset, true);
    d.setUint32(12 * i + 4, item.length, true);
    const padded = pad4(item);
    data.push(padded);
    offset += padded.length;
  });
  return concat([table, ...data]);
}

const BUILTIN_COMMENTS: Record<number, string> = {
  500: 'Built-in account for administering the computer/domain',
  501: 'Built-in account for guest access to the computer/domain',
  503: 'A user account managed by the system.',
  504: 'A user account managed and used by the system for Windows Defender Application Guard scenarios.',
};

export function samTree(r: Resolved): KeySpec {
  const accounts: [number, string, number][] = [
    [500, 'Administrator', 0x0211], // disabled, normal account, password never expires
    [501, 'Guest', 0x0215],
    ...r.os.extraAccounts.map(([rid, name]): [number, string, number] => [rid, name, 0x0211]),
    ...r.users.map((u): [number, string, number] => [u.rid, u.name, 0x0210]),
  ];
  const nextRid = Math.max(1000, ...r.users.map((u) => u.rid)) + 1;
  const hex = (rid: number) => rid.toString(16).toUpperCase().padStart(8, '0');
  const e: Entries = [
    ['SAM', [binary('C', pseudoRandomBytes(0x38, 'sam C'))]],
    ['SAM\\Domains\\Account', [binary('F', accountDomainF(r, nextRid)), binary('V', accountDomainV(r.machineSid))]],
    ['SAM\\Domains\\Account\\Aliases\\Members', null],
    ['SAM\\Domains\\Account\\Aliases\\Names', null],
    ['SAM\\Domains\\Account\\Groups\\00000201', [binary('C', pseudoRandomBytes(0x48, 'group 513'))]],
    ['SAM\\Domains\\Account\\Groups\\Names\\None', [raw('', 0x201, [])]],
    // The real Users key's default value is REG_DWORD with no data.
    ['SAM\\Domains\\Account\\Users', [raw('', 4, [])]],
  ];
  for (const [rid, name, acb] of accounts) {
    e.push([
      `SAM\\Domains\\Account\\Users\\${hex(rid)}`,
      [binary('F', userF(rid, acb, r)), binary('V', userV(name, BUILTIN_COMMENTS[rid] ?? ''))],
    ]);
  }
  // Names\<account>: the default value's TYPE is the RID, its data empty (as Windows stores it).
  for (const [rid, name] of accounts) e.push([`SAM\\Domains\\Account\\Users\\Names\\${name}`, [raw('', rid, [])]]);
  e.push(['SAM\\Domains\\Builtin', [binary('F', accountDomainF(r, 1000)), binary('V', accountDomainV('S-1-5-32'))]]);
  for (const [rid, name] of [
    [544, 'Administrators'],
    [545, 'Users'],
    [546, 'Guests'],
  ] as [number, string][]) {
    e.push([`SAM\\Domains\\Builtin\\Aliases\\${hex(rid)}`, [binary('C', pseudoRandomBytes(0x40, `alias ${rid}`))]]);
    e.push([`SAM\\Domains\\Builtin\\Aliases\\Names\\${name}`, [raw('', rid, [])]]);
  }
  e.push(['SAM\\Domains\\Builtin\\Users', [raw('', 4, [])]]);
  e.push(['SAM\\LastSkuUpgrade', [dword('', 0)]]);
  e.push(['SAM\\RXACT', [none('', [1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0])]]);
  return tree(r.os.rootNames.SAM, e);
}
