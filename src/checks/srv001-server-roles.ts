// SRV001: server roles that Sysprep does not support (Microsoft "Sysprep support for server roles").
import type { CheckMeta, InstallationCheck, Severity } from './types';
import { finding } from './finding';
import { RUN_SYSPREP, cmd } from './remedy-phrases';

const meta: CheckMeta = {
  id: 'SRV001',
  severity: 'block',
  title: 'Server role that Sysprep does not support',
  remedy:
    'Image the server without the role: remove it (Server Manager > Remove Roles and Features), generalize, ' +
    'capture, and add and configure the role on each deployed server afterwards.',
  get docs() {
    return [
      'Microsoft "Sysprep support for server roles": roles without Sysprep support "may stop working after the',
      'imaging and deployment process", so they must be enabled and configured after deployment. Its table',
      'lists as not supported: Active Directory Certificate Services (AD CS), Domain Services (AD DS), Federation',
      'Services (AD FS), Lightweight Directory Services (AD LDS), Rights Management Services (AD RMS), DHCP',
      'Server (since Windows Server 2008 R2), Network Policy and Access Services (NPAS), Windows Server Update',
      'Services (WSUS) and an initialised Windows Deployment Services (WDS) server.',
      '',
      'Read offline: `ProductOptions\\\\ProductType` = `LanmanNT` is a domain controller — block: AD DS is not',
      'supported by Sysprep, and a clone would be a second copy of that DC (its directory database, its',
      'machine account). Removing the role is not enough: the server must first be demoted',
      "(`Uninstall-ADDSDomainController`, which also removes it from the domain's replication topology). The other roles are recognised by their services (`CertSvc`, `adfssrv`, `ADAM_<instance>`,",
      '`DHCPServer`, `IAS`, `WsusService`, `WDSServer`; the service-to-role mapping is practitioner knowledge,',
      'UNCONFIRMED against one Microsoft page) — warn: Sysprep runs, the role breaks on deployed machines.',
      'WDS counts as initialised when `WDSServer\\\\Providers\\\\WDSTFTP` has a `RootFolder` (UNCONFIRMED); an',
      'installed but uninitialised WDS is info. AD RMS has no service of its own and is not detected.',
      'Sources: Microsoft "Sysprep support for server roles"',
      '(https://learn.microsoft.com/windows-hardware/manufacture/desktop/sysprep-support-for-server-roles);',
      'Microsoft "Sysprep (System Preparation) overview"; Microsoft "Uninstall-ADDSDomainController" (ADDSDeployment).',
    ].join('\n');
  },
};

export const srv001: InstallationCheck = {
  meta,
  scope: 'installation',
  run(facts) {
    const s = facts.serverRoles;
    return (s.roles ?? []).map((r) => {
      const dc = r.by === 'ProductType LanmanNT';
      const severity: Severity = dc ? 'block' : r.role === 'WDS' && r.initialised !== true ? 'info' : 'warn';
      const effect = dc
        ? 'this is a domain controller: Sysprep does not run on one, and a clone would be a copy of the DC'
        : severity === 'info'
          ? 'installed but not initialised, which Sysprep supports; initialise it only after deployment'
          : 'Microsoft lists it as not supported by Sysprep: it may stop working on deployed servers';
      return finding(meta, {
        severity,
        ...(dc
          ? {
              remedy:
                `Demote the domain controller first, in elevated PowerShell on it: ${cmd('Uninstall-ADDSDomainController')} ` +
                `(add -LastDomainControllerInDomain -RemoveApplicationPartitions only if it is the last DC of its domain), restart, remove the AD DS role ` +
                `(${cmd('Uninstall-WindowsFeature AD-Domain-Services -IncludeManagementTools')}), then ${RUN_SYSPREP}. Promote the deployed servers afterwards.`,
            }
          : {}),
        message: `${r.role}${r.role === 'WDS' && r.initialised === true ? ' (initialised)' : ''}, recognised by ${dc ? r.by : `the ${r.by} service`}: ${effect}.`,
        evidence: s.evidence.filter(
          (e) => e.source === 'registry' && (e.key.toLowerCase().includes(r.by.toLowerCase()) || (dc && e.value === 'ProductType')),
        ),
      });
    });
  },
};
