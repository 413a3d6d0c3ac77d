// The SECURITY hive (domain.md §4.1; LSA attributes are default values typed REG_NONE).
import { binary, lsaAttr, lsaUnicodeString, none, pseudoRandomBytes, raw, sidToBytes, type Entries } from './binary';
import { type KeySpec, type ValueSpec, defaultSecurityDescriptor, tree } from './hive-builder';
import { type Resolved } from './resolve-spec';

export function securityTree(r: Resolved): KeySpec {
  const dom = r.domain;
  const e: Entries = [];
  const cache: ValueSpec[] = [binary('NL$Control', [4, 0, 1, 0, 10, 0, 0, 0])];
  for (let i = 1; i <= 10; i++) {
    const slot = new Uint8Array(0x60);
    slot.set([4, 0, 1, 0], 0x28);
    cache.push(binary(`NL$${i}`, slot));
  }
  e.push(['Cache', cache]);
  e.push(['Policy', [raw('', 1, [])]]);
  e.push(['Policy\\Accounts', lsaAttr()]);
  e.push(['Policy\\Accounts\\S-1-5-32-544', lsaAttr()]);
  e.push(['Policy\\Accounts\\S-1-5-32-544\\Sid', lsaAttr(sidToBytes('S-1-5-32-544'))]);
  e.push(['Policy\\CompletedPrivilegeUpdates', lsaAttr(pseudoRandomBytes(32, 'privupd'))]);
  e.push(['Policy\\DefQuota', lsaAttr(pseudoRandomBytes(48, 'defquota'))]);
  e.push(['Policy\\Domains', lsaAttr()]);
  e.push(['Policy\\LastPassCompleted', lsaAttr([2, 0, 0, 0])]);
  e.push(['Policy\\PolAcDmN', lsaAttr(lsaUnicodeString(r.computerName))]);
  e.push(['Policy\\PolAcDmS', lsaAttr(sidToBytes(r.securitySid))]);
  e.push(['Policy\\PolAdtEv', lsaAttr(pseudoRandomBytes(0x84, 'audit'))]);
  e.push(['Policy\\PolDnDDN', lsaAttr(dom ? lsaUnicodeString(dom.dnsName) : [])]);
  e.push(['Policy\\PolDnDmG', lsaAttr(dom ? pseudoRandomBytes(16, `domain guid ${dom.sid}`) : new Uint8Array(16))]);
  e.push(['Policy\\PolDnTrN', lsaAttr(dom ? lsaUnicodeString(dom.dnsName.split('.').slice(-2).join('.')) : [])]);
  e.push(['Policy\\PolEKList', lsaAttr(pseudoRandomBytes(0x9c, `ek ${r.machineSid}`))]);
  e.push(['Policy\\PolMachineAccountR', lsaAttr(dom ? [0x50, 0x04, 0, 0] : [])]);
  e.push(['Policy\\PolMachineAccountS', lsaAttr(dom ? sidToBytes(`${dom.sid}-1104`) : [])]);
  e.push(['Policy\\PolPrDmN', lsaAttr(lsaUnicodeString(dom ? dom.name : 'WORKGROUP'))]);
  e.push(['Policy\\PolPrDmS', lsaAttr(dom ? sidToBytes(dom.sid) : [])]);
  e.push(['Policy\\PolRevision', lsaAttr([0x12, 0, 1, 0])]);
  e.push(['Policy\\SecDesc', lsaAttr(defaultSecurityDescriptor())]);
  e.push(['Policy\\Secrets', lsaAttr()]);
  if (dom) {
    e.push(['Policy\\Secrets\\$MACHINE.ACC', lsaAttr()]);
    e.push(['Policy\\Secrets\\$MACHINE.ACC\\CurrVal', lsaAttr(pseudoRandomBytes(0x9c, `machine acc ${dom.sid}`))]);
  }
  e.push(['RXACT', [none('', [1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0])]]);
  return tree(r.os.rootNames.SECURITY, e);
}
