// VOL002: Fast Startup is enabled (the last shutdown was a full one) (domain.md §6.2).
import type { CheckMeta, InstallationCheck } from './types';
import { cmd } from './remedy-phrases';
import { evidenceFor, finding } from './finding';

const meta: CheckMeta = {
  id: 'VOL002',
  severity: 'info',
  title: 'Fast Startup is enabled',
  remedy:
    `Before each capture, shut the reference machine down fully with ${cmd('shutdown /s /t 0')} (a plain ` +
    'shutdown hibernates). Leave Fast Startup and hibernation as they are: deployed machines inherit them.',
  get docs() {
    return [
      '`HKLM\\SYSTEM\\CurrentControlSet\\Control\\Session Manager\\Power\\HiberbootEnabled` = 1: a normal',
      'shutdown hibernates the kernel session into `hiberfil.sys`. This time the header shows a full shutdown',
      '(VOL001 blocks otherwise), so it is information: the next capture of this machine may find it',
      'hibernated, and deployed machines inherit the setting. Source: Microsoft "Fast Startup causes system',
      'hibernation shutdown to fail" (Fast Startup is on by default; a full shutdown is `Shutdown /s /t 0`).',
      '`powercfg /h off` is not suggested: it removes hibernation from every machine deployed from the image,',
      'and Microsoft does not recommend disabling Fast Startup. On an image (a WIM) the setting is read from its',
      'SYSTEM hive as on a volume; the hibernation of a live volume is not applicable there, and is said so.',
    ].join('\n');
  },
};

export const vol002: InstallationCheck = {
  meta,
  scope: 'installation',
  run(facts) {
    const v = facts.volumeState;
    if (v.fastStartupEnabled !== true || v.hibernated === true) return [];
    // An image has no live volume: the setting is its own (deployed machines inherit it), the hibernation is not.
    const hiber =
      v.hibernated === 'not-applicable'
        ? 'the hibernation of a live volume is not applicable to an image, and machines deployed from it inherit the setting'
        : v.hiberfilPresent
          ? v.hibernated === false
            ? 'hiberfil.sys shows a full shutdown this time'
            : 'the hiberfil.sys state is unknown (see VOL001)'
          : 'hiberfil.sys is absent, so it has no effect now';
    return [
      finding(meta, {
        message: `Fast Startup is on (HiberbootEnabled = 1); ${hiber}.`,
        evidence: evidenceFor(v.evidence, ['HiberbootEnabled'], {
          source: 'registry',
          hive: 'SYSTEM',
          key: 'ControlSet00N\\Control\\Session Manager\\Power',
          value: 'HiberbootEnabled',
          data: '1',
        }),
      }),
    ];
  },
};
