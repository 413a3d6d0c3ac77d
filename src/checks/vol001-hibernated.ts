// VOL001: the installation is hibernated (or hiberfil.sys has an unknown header) (domain.md §6.2).
import type { CheckMeta, InstallationCheck } from './types';
import { cmd } from './remedy-phrases';
import { evidenceFor, fileEvidence, finding } from './finding';

const meta: CheckMeta = {
  id: 'VOL001',
  severity: 'block',
  title: 'Windows is hibernated',
  remedy:
    'Boot the machine from its disk (it resumes), then shut it down fully — a plain shutdown hibernates ' +
    `again when Fast Startup is on: ${cmd('shutdown /s /t 0')}. Then boot WinPE again.`,
  get docs() {
    return [
      "ntfs-3g's rule is followed (`ntfs_volume_check_hiberfile` in libntfs-3g/volume.c): the first 4096 bytes of",
      '`\\hiberfil.sys` must all be zero for a clean volume; a shorter file ("Hibernated non-system partition,',
      'refused to mount") or any non-zero byte ("Windows is hibernated, won\'t mount") means "not safe".',
      'The magics `hibr`/`HIBR` mean hibernated, including the "shutdown" of Fast Startup. A hibernated volume',
      'keeps state in the hibernation file that is not on disk (even registry writes are delayed up to an hour),',
      'so a capture is inconsistent: block. Any other non-zero header (`wake`, `RSTR` — meanings UNCONFIRMED —',
      'or an unreadable one) leaves the state unknown, and unknown blocks too: never a false "ready".',
      'The remedy is a full shutdown (`shutdown /s /t 0`), not `powercfg /h off`: that would also remove',
      'hibernation from every machine deployed from the image, and Microsoft does not recommend disabling Fast',
      'Startup. Sources: ntfs-3g (libntfs-3g/volume.c); Microsoft "Fast Startup causes system hibernation',
      'shutdown to fail" (full shutdown: `Shutdown /s /t 0`); regf specification.',
      'URL: https://github.com/tuxera/ntfs-3g (libntfs-3g/volume.c).',
    ].join('\n');
  },
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
      const sig = v.hiberfilSignature === null ? 'a header that is not all zero (or unreadable)' : `the header "${v.hiberfilSignature}"`;
      return [
        finding(meta, {
          message: `hiberfil.sys has ${sig}: whether Windows is hibernated is unknown, so the volume is not known to be safe to capture.`,
          evidence,
        }),
      ];
    }
    return [];
  },
};
