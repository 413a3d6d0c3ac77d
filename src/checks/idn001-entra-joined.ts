// IDN001: the installation is joined to (or registered with) Microsoft Entra ID: every clone would carry the
// same device identity (domain.md §14.4).
import type { CheckMeta, InstallationCheck } from './types';
import { RUN_SYSPREP, cmd } from './remedy-phrases';
import { finding, matchingEvidence } from './finding';

const meta: CheckMeta = {
  id: 'IDN001',
  severity: 'warn',
  title: 'Joined to or registered with Microsoft Entra ID',
  remedy:
    `On the reference machine, in an elevated prompt, leave Microsoft Entra ID: ${cmd('dsregcmd /leave')} ` +
    '(a hybrid-joined machine also leaves the domain), remove work or school accounts under Settings > Accounts > ' +
    `Access work or school, delete the device object in the Entra admin center, then ${RUN_SYSPREP}. ` +
    'Build reference images in a workgroup, never joined or enrolled.',
  get docs() {
    return [
      'Read offline as `dsregcmd /status` reads it: a subkey of SYSTEM `<control set>\\Control\\CloudDomainJoin\\',
      'JoinInfo` (named by the thumbprint of the device certificate, with `TenantId` and `UserEmail`) and',
      '`TenantInfo\\<TenantId>` (`DisplayName`) mean the device is Microsoft Entra joined; with a domain',
      'membership as well it is hybrid joined. The `CloudDomainJoin` key alone, empty, exists on machines that',
      "never joined and means nothing. A user's `NTUSER.DAT` `Software\\Microsoft\\Windows NT\\CurrentVersion\\",
      'WorkplaceJoin\\JoinInfo` subkey is a Microsoft Entra registration of the device by that user.',
      '',
      'Sysprep does not remove a join (Microsoft documents no such step): every deployed machine would present',
      'the same device, certificate and tenant, which leaves stale or duplicate device objects and failing',
      'sign-ins after re-imaging. Microsoft answers on Q&A that reference images must not be joined, hybrid',
      'joined, registered or MDM-enrolled; that answer is not a documentation page, so this warns.',
      'Sources: Microsoft "Troubleshoot devices by using the dsregcmd command" (join states, device details);',
      'Microsoft Entra "Plan your Microsoft Entra join deployment"; Microsoft Q&A on imaging joined devices.',
      'URL: https://learn.microsoft.com/entra/identity/devices/troubleshoot-device-dsregcmd',
    ].join('\n');
  },
};

export const idn001: InstallationCheck = {
  meta,
  scope: 'installation',
  run(facts) {
    const joins = facts.deviceIdentity.entraJoins ?? [];
    const registered = facts.userHives.read.filter((u) => u.workplaceJoins > 0);
    const out = [];
    if (joins.length > 0) {
      const hybrid = facts.volumeState.domainJoined === true;
      const tenants = joins.map((j) => `${j.tenantName ?? 'tenant'} (${j.tenantId ?? 'tenant id unknown'})`).join(', ');
      out.push(
        finding(meta, {
          message:
            `${hybrid ? `Microsoft Entra hybrid joined (also a member of ${facts.volumeState.domainName ?? 'a domain'})` : 'Microsoft Entra joined'} ` +
            `to ${tenants}, device certificate ${joins.map((j) => j.thumbprint).join(', ')}: every deployed machine would present this same device.`,
          evidence: matchingEvidence(facts.deviceIdentity.evidence, 'CloudDomainJoin'),
        }),
      );
    }
    if (registered.length > 0) {
      out.push(
        finding(meta, {
          message: `Registered with Microsoft Entra ID by ${registered.length} user profile(s) (${registered.map((u) => u.sid).join(', ')}): the registration would be cloned with the profile.`,
          evidence: matchingEvidence(facts.userHives.evidence, 'WorkplaceJoin'),
        }),
      );
    }
    return out;
  },
};
