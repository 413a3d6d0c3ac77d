import { describe, expect, it } from 'vitest';
import { vol001 } from '../../src/checks/vol001-hibernated';
import { vol002 } from '../../src/checks/vol002-fast-startup';
import { vol003 } from '../../src/checks/vol003-bitlocker-locked';
import { vol004 } from '../../src/checks/vol004-domain-joined';
import { vol005 } from '../../src/checks/vol005-bitlocker-unlocked';
import { vol006 } from '../../src/checks/vol006-unreadable-volume';
import type { UnreadableVolume } from '../../src/windows/facts';
import { NOT_GENERALIZED, facts, imageFacts, lockedVolume } from './fixtures';
import { checkTable } from './tester';

const hiber = (signature: string | null, hibernated: boolean | null) =>
  ({
    volumeState: {
      hiberfilPresent: true,
      hiberfilSignature: signature,
      hibernated,
      evidence: [{ source: 'file', path: 'hiberfil.sys', detail: `header ${signature ?? '(unreadable)'}` }],
    },
  }) as const;

checkTable(vol001, {
  valid: [
    { name: 'no hiberfil.sys', input: facts() },
    { name: 'zeroed header', input: facts(hiber(null, false)) },
  ],
  invalid: [
    {
      name: 'hibr',
      input: facts(hiber('hibr', true)),
      findings: [{ severity: 'block', message: ['"hibr"', 'hibernated'], remedy: ['shutdown /s /t 0'], notRemedy: ['powercfg'] }],
    },
    { name: 'HIBR', input: facts(hiber('HIBR', true)), findings: [{ severity: 'block', message: ['"HIBR"'] }] },
    {
      name: 'unknown header wake: unknown, blocks (never a false ready)',
      input: facts(hiber('wake', null)),
      findings: [{ severity: 'block', message: ['"wake"', 'unknown'] }],
    },
    {
      name: 'zero magic with non-zero bytes later (ntfs-3g: not safe): blocks',
      input: facts(hiber(null, null)),
      findings: [{ severity: 'block', message: ['not all zero', 'unknown'] }],
    },
  ],
});

checkTable(vol002, {
  valid: [
    { name: 'Fast Startup off', input: facts() },
    {
      name: 'hibernated (VOL001 blocks)',
      input: facts(hiber('hibr', true), { volumeState: { fastStartupEnabled: true } }),
    },
    { name: 'unknown setting', input: facts({ volumeState: { fastStartupEnabled: null } }) },
  ],
  invalid: [
    {
      name: 'on, with a clean hiberfil.sys',
      input: facts(hiber(null, false), { volumeState: { fastStartupEnabled: true } }),
      findings: [
        {
          severity: 'info',
          message: ['HiberbootEnabled = 1', 'full shutdown'],
          remedy: ['shutdown /s /t 0'],
          notRemedy: ['powercfg'],
        },
      ],
    },
    {
      name: 'on, without hiberfil.sys',
      input: facts({ volumeState: { fastStartupEnabled: true } }),
      findings: [{ severity: 'info', message: ['hiberfil.sys is absent'] }],
    },
  ],
});

const unreadable: UnreadableVolume = {
  volume: 'F:',
  reason: 'unreadable',
  detail: 'no NTFS boot sector',
  evidence: [{ source: 'volume', path: 'F:', detail: 'boot sector signature missing' }],
};

checkTable(vol003, {
  valid: [
    { name: 'unreadable for another reason', input: unreadable },
    { name: 'not Windows', input: { ...unreadable, reason: 'not-a-windows-volume' } },
  ],
  invalid: [
    {
      name: 'locked E:',
      input: lockedVolume('E:'),
      findings: [{ severity: 'block', message: ['E:', 'locked'], remedy: ['manage-bde -unlock E: -RecoveryPassword'] }],
    },
    {
      name: 'locked image file',
      input: lockedVolume('/images/disk2.img'),
      findings: [{ severity: 'block', remedy: ['manage-bde -unlock <volume>'] }],
    },
  ],
});

checkTable(vol006, {
  valid: [{ name: 'BitLocker is VOL003', input: lockedVolume() }],
  invalid: [
    {
      name: 'unreadable F:',
      input: unreadable,
      findings: [{ severity: 'warn', message: ['F:', 'no NTFS boot sector'], remedy: ['chkdsk F:'] }],
    },
  ],
});

const joined = { volumeState: { domainJoined: true, domainName: 'CORP.CONTOSO.COM' } } as const;

checkTable(vol004, {
  valid: [{ name: 'workgroup', input: facts() }],
  invalid: [
    {
      name: 'generalized, membership still recorded: looks tampered',
      input: facts(joined),
      findings: [{ severity: 'warn', message: ['Generalized', 'CORP.CONTOSO.COM', 'tampered'] }],
    },
    {
      name: 'joined and not generalized',
      input: facts(NOT_GENERALIZED, joined),
      findings: [{ severity: 'warn', message: ['CORP.CONTOSO.COM'], remedy: ['Remove-Computer'] }],
    },
  ],
});

checkTable(vol005, {
  valid: [
    { name: 'not encrypted', input: facts() },
    { name: 'unknown', input: facts({ volumeState: { bitlocker: 'unknown' } }) },
  ],
  invalid: [
    {
      name: 'encrypted, unlocked, generalized: warns for a WIM (plaintext), says an FFU is refused',
      input: facts({ volumeState: { bitlocker: 'encrypted-readable' } }),
      findings: [
        {
          severity: 'warn',
          message: ['C:', 'plaintext', 'an FFU of its disk is refused'],
          remedy: ['manage-bde -off', 'Microsoft-Windows-SecureStartup-FilterDriver'],
          notRemedy: ['not a Microsoft page'],
        },
      ],
    },
    {
      name: 'encrypted, not generalized: Sysprep fails with 0x80310039',
      input: facts(NOT_GENERALIZED, { volumeState: { bitlocker: 'encrypted-readable' } }),
      findings: [{ severity: 'block', message: ['0x80310039', 'protection off'] }],
    },
  ],
});

// An image (a WIM) has no live volume: no hibernation state without a hiberfil.sys, no boot sector. The checks
// that judge those facts stay silent on "not applicable" — neither a finding nor a claim that the volume is fine
// (the reports say "not applicable (image)", test/report).
describe('disk-only facts of an image are not applicable', () => {
  const image = imageFacts();

  it('the facts say so, with the reason, and nothing reads as "no"', () => {
    expect(image.volumeState).toMatchObject({ hibernated: 'not-applicable', bitlocker: 'not-applicable', fastStartupEnabled: true });
    expect(image.volumeState.notApplicable).toMatch(/^read from the image D:\\images\\ref\.wim:1: /);
  });

  it.each([vol001, vol005])('$meta.id does not fire', (check) => {
    expect(check.run(image)).toEqual([]);
  });

  it("VOL002 reads the image's own Fast Startup setting and says its hibernation is not applicable, never that it is clean", () => {
    expect(vol002.run(image).map((f) => f.message)).toEqual([
      'Fast Startup is on (HiberbootEnabled = 1); the hibernation of a live volume is not applicable to an image, and machines deployed from it inherit the setting.',
    ]);
    const onVolume = facts({ volumeState: { hiberfilPresent: true, hibernated: false, fastStartupEnabled: true } });
    expect(vol002.run(onVolume).map((f) => f.message)).toEqual([
      'Fast Startup is on (HiberbootEnabled = 1); hiberfil.sys shows a full shutdown this time.',
    ]);
  });

  it('a hiberfil.sys the image holds is judged: one captured hibernated blocks', () => {
    const hibernated = imageFacts({}, hiber('HIBR', true));
    expect(vol001.run(hibernated).map((f) => f.severity)).toEqual(['block']);
  });
});
