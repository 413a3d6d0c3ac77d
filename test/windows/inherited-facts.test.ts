// What deployed machines would inherit, read by the real extractors from volumes made with the project's
// builder: each state below read as READY (or said nothing) before these checks, and a clean generalized
// volume says nothing for any of them.
import { afterAll, describe, expect, it } from 'vitest';
import { VolumeFs } from '../../src/windows/volume-fs';
import { MAX_USER_HIVES, readUserHives } from '../../src/windows/user-hives';
import { CORP_DOMAIN, resealLoopAnswerFile } from '../../src/sample/windows-volume';
import { buildAndInspect, cleanupVolumes } from './temp-volume';

afterAll(cleanupVolumes);
const inspect = buildAndInspect;

const NEW = ['IDN001', 'IDN002', 'IDN003', 'EFS001', 'REC001', 'UPG001'];
const newIds = (ids: string[]) => ids.filter((i) => NEW.includes(i.split(':')[0]));
const TENANT = { tenantId: '72f988bf-86f1-41af-91ab-2d7cd011db47', tenantName: 'Contoso', userEmail: 'tech@contoso.com' };

describe('a clean generalized volume says nothing new', () => {
  it("Windows 11: empty CloudDomainJoin, Windows' own Enrollments entries, Winre.wim in the image: READY", () => {
    const { facts, ids, verdict } = inspect({});
    expect(facts.deviceIdentity.entraJoins).toEqual([]);
    expect(facts.deviceIdentity.mdmEnrollments).toEqual([]);
    expect(facts.deviceIdentity.configMgr).toEqual({ smsUniqueId: null, clientInstalled: false });
    expect(facts.recovery.winreWim).toBe('Windows\\System32\\Recovery\\Winre.wim');
    expect(facts.upgrade.upgraded).toBe(false);
    expect(facts.volumeState.shadowCopies).toBe(0);
    expect(ids).toEqual([]);
    expect(verdict).toBe('ready');
  });

  it('Windows 7 and Windows 8.1 (no CloudDomainJoin, no Enrollments): nothing new', () => {
    expect(newIds(inspect({ os: 'win7-sp1' }).ids)).toEqual([]);
    expect(newIds(inspect({ os: 'win81' }).ids)).toEqual([]);
  });

  it('a user profile with its NTUSER.DAT but no EFS key or registration: read, nothing new', () => {
    const { facts, ids } = inspect({ users: [{ name: 'tech', rid: 1001 }] });
    expect(facts.userHives.read).toEqual([expect.objectContaining({ path: 'Users\\tech\\NTUSER.DAT', efsKey: false, workplaceJoins: 0 })]);
    expect(newIds(ids)).toEqual([]);
  });
});

describe('states that read READY before', () => {
  it('Microsoft Entra joined: IDN001 warns with tenant and certificate', () => {
    const { facts, ids, findings } = inspect({ entraJoin: TENANT });
    expect(facts.deviceIdentity.entraJoins).toHaveLength(1);
    expect(ids).toEqual(['IDN001:warn']);
    expect(findings[0].message).toContain('Microsoft Entra joined to Contoso (72f988bf-86f1-41af-91ab-2d7cd011db47)');
  });

  it('hybrid joined (domain and Entra): IDN001 says hybrid', () => {
    const { findings } = inspect({ entraJoin: TENANT, domain: CORP_DOMAIN });
    expect(findings.find((f) => f.id === 'IDN001')!.message).toContain('hybrid joined (also a member of CORP)');
  });

  it('Entra registration in a user hive: IDN001', () => {
    expect(newIds(inspect({ users: [{ name: 'tech', rid: 1001, registered: true }] }).ids)).toEqual(['IDN001:warn']);
  });

  it('Intune enrollment: IDN002; the entries Windows makes itself are not enrollments', () => {
    const { facts, ids } = inspect({ mdmEnrollments: [{ upn: 'tech@contoso.com' }] });
    expect(facts.deviceIdentity.mdmEnrollments).toEqual([
      expect.objectContaining({ providerId: 'MS DM Server', upn: 'tech@contoso.com', enrollmentType: 6 }),
    ]);
    expect(ids).toEqual(['IDN002:warn']);
  });

  it('ConfigMgr client with its identity: IDN003; prepared for capture (no SMSCFG.ini): nothing', () => {
    expect(inspect({ configMgr: { smsUniqueId: 'GUID:1B2C3D4E-0000-1111-2222-333344445555' } }).ids).toEqual(['IDN003:warn']);
    const prepared = inspect({ configMgr: { smsUniqueId: null } });
    expect(prepared.facts.deviceIdentity.configMgr).toEqual({ smsUniqueId: null, clientInstalled: true });
    expect(prepared.ids).toEqual([]);
  });

  it('a user with an EFS key: EFS001', () => {
    const { ids } = inspect({ users: [{ name: 'tech', rid: 1001, efs: true }] });
    expect(newIds(ids)).toEqual(['EFS001:warn']);
  });

  it('WinRE enabled on a recovery partition: REC001; no ReAgent.xml at all: nothing (unknown)', () => {
    expect(inspect({ winre: 'recovery-partition' }).ids).toEqual(['REC001:warn']);
    const none = inspect({ winre: 'none' });
    expect(none.facts.recovery.enabled).toBeNull();
    expect(none.ids).toEqual([]);
  });

  it('Windows 8.1 upgraded in place from Windows 8: UPG001; Windows 11 upgraded from Windows 10: nothing', () => {
    const old = inspect({ os: 'win81', upgradedFrom: { productName: 'Windows 8 Pro', build: 9200, date: '11/2/2014 09:12:40' } });
    expect(old.facts.upgrade.sources).toEqual([
      { key: 'Source OS (Updated on 11/2/2014 09:12:40)', productName: 'Windows 8 Pro', build: 9200 },
    ]);
    expect(newIds(old.ids)).toEqual(['UPG001:warn']);
    const modern = inspect({ upgradedFrom: { productName: 'Windows 10 Pro', build: 19045, date: '10/1/2024 08:00:00' } });
    expect(modern.facts.upgrade.upgraded).toBe(true);
    expect(modern.ids).toEqual([]);
  });

  it('Sysprep-folder answer file with Mode=OOBE + ForceShutdownNow=true: UNA005 blocks (READY before)', () => {
    const { ids, verdict, findings } = inspect({ answerFiles: { 'Windows\\System32\\Sysprep\\unattend.xml': resealLoopAnswerFile() } });
    expect(ids).toEqual(['UNA005:block']);
    expect(verdict).toBe('blocked');
    expect(findings[0].message).toContain('Windows\\System32\\Sysprep\\unattend.xml');
  });

  it('shadow-copy storage in System Volume Information is counted', () => {
    const { facts } = inspect(
      {},
      {
        extraFiles: {
          'System Volume Information\\{3808876b-c176-4e48-b7ae-04046e6cc752}{9d3c5e2a-1c4f-4b8e-a7d2-55e1f0b3c6a9}': new Uint8Array(4096),
          'System Volume Information\\tracking.log': 'x',
        },
      },
    );
    expect(facts.volumeState.shadowCopies).toBe(1);
  });
});

describe('per-user hives are bounded', () => {
  it(`a profile list of 10,000 users: at most ${MAX_USER_HIVES} hives opened, the rest counted, fast`, () => {
    const { root } = inspect({ users: [{ name: 'tech', rid: 1001, efs: true }] });
    const profiles = {
      profiles: Array.from({ length: 10_000 }, (_, i) => ({
        sid: `S-1-5-21-1-2-3-${1001 + i}`,
        path: i === 0 ? 'C:\\Users\\tech' : `C:\\Users\\u${i}`,
        localAccount: true,
        backup: false,
      })),
      evidence: [],
    };
    const started = performance.now();
    const u = readUserHives(new VolumeFs(root), profiles, 'C:');
    expect(performance.now() - started).toBeLessThan(2000);
    expect(u.read).toHaveLength(1);
    expect(u.read[0].efsKey).toBe(true);
    expect(u.unread).toHaveLength(MAX_USER_HIVES - 1);
    expect(u.overLimit).toBe(10_000 - MAX_USER_HIVES);
  });

  it('a profile on another drive is not looked for on this volume', () => {
    const u = readUserHives(
      new VolumeFs(inspect({}).root),
      { profiles: [{ sid: 'S-1-5-21-1-2-3-1001', path: 'D:\\Users\\tech', localAccount: true, backup: false }], evidence: [] },
      'C:',
    );
    expect(u.unread).toEqual([{ sid: 'S-1-5-21-1-2-3-1001', path: null, reason: 'profile on another drive (D:\\Users\\tech)' }]);
  });
});
