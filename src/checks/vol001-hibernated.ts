// VOL001: the installation is hibernated (or hiberfil.sys has an unknown header) (domain.md §6.2).
import type { CheckMeta, InstallationCheck } from './types';
import { cmd, evidenceFor, fileEvidence, finding } from './util';

const meta: CheckMeta = {
  id: 'VOL001',
  severity: 'block',
  title: 'Windows is hibernated',
  remedy:
    `Boot the machine (it resumes). In an elevated prompt turn hibernation off: ${cmd('powercfg /h off')}. ` +
    `Shut down fully: ${cmd('shutdown /s /t 0')}. Then boot WinPE again.`,
  docs: [
    'The first 4 bytes of `\\hiberfil.sys` are `hibr`/`HIBR` while Windows is hibernated, including the',
    '"shutdown" of Fast Startup; a zeroed header means a clean start. A hibernated volume keeps state in the',
    'hibernation file that is not on disk (even registry writes are delayed up to an hour), so a capture is',
    'inconsistent: block. Other headers (`wake`, `RSTR`) are reported but their meaning is UNCONFIRMED: the',
    'state is then unknown and this check warns. Sources: ntfs-3g; regf specification.',
  ].join('\n'),
};

export const vol001: InstallationCheck = {
  meta,
  scope: 'installation',
  run(facts) {
    const v = facts.volumeState;
    const header = v.hiberfilSignature === null ? 'header not recognised' : `header "${v.hiberfilSignature}"`;
    const evidence = evidenceFor(v.evidence, ['hiberfil.sys'], fileEvidence('hiberfil.sys', header));
    if (v.hibernated === true) {
      return [
        finding(meta, {
          message:
            `hiberfil.sys starts with "${v.hiberfilSignature ?? 'hibr'}": Windows is hibernated ` +
            '(or was shut down with Fast Startup); its last state is not on disk.',
          evidence,
        }),
      ];
    }
    if (v.hiberfilPresent && v.hibernated === null) {
      const sig = v.hiberfilSignature === null ? 'an unreadable header' : `the header "${v.hiberfilSignature}"`;
      return [
        finding(meta, {
          severity: 'warn',
          message: `hiberfil.sys has ${sig}: whether Windows is hibernated is unknown.`,
          evidence,
        }),
      ];
    }
    return [];
  },
};
