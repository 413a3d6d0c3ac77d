// Per-user hives (NTUSER.DAT of each user profile), read-only like the machine hives, for what a user's
// settings reveal about the image (domain.md §14.4): EFS keys (Software\Microsoft\Windows NT\CurrentVersion\
// EFS\CurrentKeys, CertificateHash — the user has encrypted files, or had) and Microsoft Entra registrations
// (…\WorkplaceJoin\JoinInfo). Bounded: at most MAX_USER_HIVES profiles are opened (hives are read lazily,
// a few pages each), the rest are counted as not looked at, so a profile list of 10,000 users stays fast.
import { HiveError, openHive } from '../hive';
import type { Evidence, ProfileFacts, UserHiveFact, UserHiveFacts } from './facts';
import type { VolumeFs } from './volume-fs';

export const MAX_USER_HIVES = 64;
const EFS_KEYS = 'Software\\Microsoft\\Windows NT\\CurrentVersion\\EFS\\CurrentKeys';
const WORKPLACE_JOIN = 'Software\\Microsoft\\Windows NT\\CurrentVersion\\WorkplaceJoin\\JoinInfo';

/** Users' profiles: local and domain accounts (S-1-5-21-…) and Microsoft Entra accounts (S-1-12-1-…). */
function isUserSid(sid: string): boolean {
  return /^S-1-5-21-/i.test(sid) || /^S-1-12-1-/i.test(sid);
}

/**
 * The profile folder relative to the volume: ProfileImagePath with `%SystemDrive%` or the installation's own
 * drive letter removed; null when it names another drive (its hive is on a volume not read here).
 */
export function profileFolder(path: string, systemDrive: string | null): string | null {
  const env = /^%SystemDrive%\\+(.*)$/i.exec(path);
  if (env) return env[1];
  const m = /^([A-Za-z]):\\+(.*)$/.exec(path);
  if (!m) return null;
  if (systemDrive !== null && `${m[1]}:`.toUpperCase() !== systemDrive.toUpperCase()) return null;
  return m[2];
}

export function readUserHives(vol: VolumeFs, profiles: ProfileFacts, systemDrive: string | null): UserHiveFacts {
  const evidence: Evidence[] = [];
  const read: UserHiveFact[] = [];
  const unread: UserHiveFacts['unread'] = [];
  let overLimit = 0;
  const users = profiles.profiles.filter((p) => isUserSid(p.sid) && !p.backup);
  for (const p of users) {
    if (read.length + unread.length >= MAX_USER_HIVES) {
      overLimit += 1;
      continue;
    }
    const folder = p.path === null ? null : profileFolder(p.path.trim(), systemDrive);
    if (folder === null) {
      unread.push({ sid: p.sid, path: null, reason: p.path === null ? 'no ProfileImagePath' : `profile on another drive (${p.path})` });
      continue;
    }
    const rel = `${folder}\\NTUSER.DAT`;
    const abs = vol.resolve(rel);
    const path = vol.displayPath(rel);
    if (abs === null || !vol.isFile(rel)) {
      unread.push({ sid: p.sid, path, reason: 'NTUSER.DAT not found' });
      continue;
    }
    try {
      // Out of an image, the hive and its logs are read through the image, like the machine hives (hives.ts).
      const hive = openHive(abs, { logs: true, files: vol.hiveFiles() });
      const hash = hive.value(EFS_KEYS, 'CertificateHash');
      const efsKey = hash !== null && hash.raw().length > 0;
      const workplaceJoins = Math.min(hive.key(WORKPLACE_JOIN)?.declaredSubkeyCount ?? 0, 1024);
      if (efsKey)
        evidence.push({ source: 'registry', hive: path, key: EFS_KEYS, value: 'CertificateHash', data: `${hash.raw().length} bytes` });
      if (workplaceJoins > 0) evidence.push({ source: 'registry', hive: path, key: WORKPLACE_JOIN, data: `${workplaceJoins} subkeys` });
      read.push({ sid: p.sid, path, efsKey, workplaceJoins });
    } catch (err) {
      unread.push({ sid: p.sid, path, reason: err instanceof HiveError ? err.reason : (err as Error).message });
    }
  }
  return { read, unread, overLimit, evidence };
}
