// IDN003: a Configuration Manager client with its identity: every clone reports as the same client
// (domain.md §14.4).
import type { CheckMeta, InstallationCheck } from './types';
import { RUN_SYSPREP, cmd } from './remedy-phrases';
import { finding, matchingEvidence } from './finding';

const meta: CheckMeta = {
  id: 'IDN003',
  severity: 'warn',
  title: 'ConfigMgr client captured with its identity',
  remedy:
    'Capture with the task sequence step "Prepare ConfigMgr Client for Capture" (it removes the client\'s ' +
    'identity and certificates and leaves the client to re-register), or by hand on the reference machine, ' +
    `elevated: ${cmd('net stop ccmexec')}, ${cmd('del %WINDIR%\\SMSCFG.ini')}, then in PowerShell ` +
    `${cmd('Remove-Item Cert:\\LocalMachine\\SMS\\*')}, then ${RUN_SYSPREP}.`,
  get docs() {
    return [
      'A ConfigMgr client keeps its identity in `%WINDIR%\\SMSCFG.ini` ("SMS Unique Identifier=GUID:…") and',
      "its certificates in the machine's `SMS` certificate store; the client itself is SOFTWARE `Microsoft\\CCM`",
      'and the `CcmExec` service. Cloned with the identity, every deployed machine reports as the same client:',
      'duplicate or flapping records in the site. Microsoft ships the task-sequence step "Prepare ConfigMgr',
      'Client for Capture" for exactly this (it removes the identity and certificates). Reported when',
      'SMSCFG.ini holds an identifier; a client without one (already prepared) is not reported. Warn.',
      "The manual steps (stop CcmExec, delete SMSCFG.ini and the SMS store's certificates) are what practitioners",
      'report;',
      'Microsoft documents the task-sequence step, not the manual equivalent.',
      'Sources: Microsoft "Task sequence steps" (Prepare ConfigMgr Client for Capture); Microsoft "How to',
      'create OS images" (ConfigMgr).',
      'URL: https://learn.microsoft.com/mem/configmgr/osd/understand/task-sequence-steps#BKMK_PrepareConfigMgrClientforCapture',
    ].join('\n');
  },
};

export const idn003: InstallationCheck = {
  meta,
  scope: 'installation',
  run(facts) {
    const c = facts.deviceIdentity.configMgr;
    if (c.smsUniqueId === null) return [];
    return [
      finding(meta, {
        message: `ConfigMgr client identity "${c.smsUniqueId}" is in SMSCFG.ini${c.clientInstalled ? ' (client installed)' : ''}: every deployed machine would report as this one client.`,
        evidence: matchingEvidence(facts.deviceIdentity.evidence, 'SMSCFG', 'CCM', 'CcmExec'),
      }),
    ];
  },
};
