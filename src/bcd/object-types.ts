// BCD object types (the `Description\Type` DWORD of each object) and the well-known object ids.
// Type layout (ReactOS boot/environ/include/bcd.h, BcdObjectType): bits 28-31 object class (1 application,
// 2 inheritable settings, 3 device options), for applications bits 20-23 the image type (1 firmware,
// 2 boot application, 3 NTLDR-based, 4 real mode) and bits 0-19 the application type. domain.md §5.1.

export type BcdObjectClass = 'application' | 'inherit' | 'device' | 'unknown';

/** Application types (low 20 bits): what an application object's, or an inheritable object's, elements mean. */
export const APPLICATION_TYPES: Record<number, string> = {
  1: 'firmware boot manager',
  2: 'boot manager',
  3: 'os loader',
  4: 'resume',
  5: 'memory tester',
  6: 'ntldr',
  7: 'setup loader',
  8: 'boot sector',
  9: 'startup',
  10: 'boot application',
};

/** The headings bcdedit /enum all gives the usual object types. */
const TYPE_NAMES: Record<number, string> = {
  0x10100001: 'Firmware Boot Manager',
  0x10100002: 'Windows Boot Manager',
  0x101fffff: 'Firmware Application',
  0x10200003: 'Windows Boot Loader',
  0x10200004: 'Resume from Hibernate',
  0x10200005: 'Windows Memory Tester',
  0x10300006: 'Windows Legacy OS Loader',
  0x10400008: 'Real-mode Boot Sector',
  0x30000000: 'Device options',
};

export function objectClass(type: number): BcdObjectClass {
  switch (type >>> 28) {
    case 1:
      return 'application';
    case 2:
      return 'inherit';
    case 3:
      return 'device';
    default:
      return 'unknown';
  }
}

/** The application type whose element names apply (applications and inheritable settings), else null. */
export function applicationTypeOf(type: number): number | null {
  const cls = objectClass(type);
  return cls === 'application' || cls === 'inherit' ? type & 0xfffff : null;
}

/** Inheritable settings meant for device objects (bits 20-23 = 3) use the device elements' names. */
export function inheritsForDevices(type: number): boolean {
  return objectClass(type) === 'inherit' && ((type >>> 20) & 0xf) === 3;
}

export function objectTypeName(type: number | null): string {
  if (type === null) return 'Unknown object (no type)';
  const known = TYPE_NAMES[type];
  if (known) return known;
  const app = applicationTypeOf(type);
  const cls = objectClass(type);
  if (cls === 'inherit') return app ? `Inherited settings (${APPLICATION_TYPES[app] ?? `application type ${app}`})` : 'Inherited settings';
  if (cls === 'application') return `Application (${APPLICATION_TYPES[app ?? 0] ?? `type ${app}`})`;
  return `Object type 0x${type.toString(16).padStart(8, '0')}`;
}

/**
 * Well-known object ids (System Informer ntbcd.h; bcdedit's names for them). Looked up with ids from the
 * disk, so the table has no prototype: an id such as `constructor` or `__proto__` is simply not in it.
 */
export const WELL_KNOWN_IDS: Readonly<Record<string, string | undefined>> = Object.assign(Object.create(null) as Record<string, string>, {
  '{9dea862c-5cdd-4e70-acc1-f32b344d4795}': '{bootmgr}',
  '{a5a30fa2-3d06-4e9f-b5f4-a01df9d1fcba}': '{fwbootmgr}',
  '{fa926493-6f1c-4193-a414-58f0b2456d1e}': '{current}',
  '{1cae1eb7-a0df-4d4d-9851-4860e34ef535}': '{default}',
  '{b2721d73-1db4-4c62-bf78-c548a880142d}': '{memdiag}',
  '{466f5a88-0af2-4f76-9038-095b170dc21c}': '{ntldr}',
  '{6efb52bf-1766-41db-a6b3-0ee5eff72bd7}': '{bootloadersettings}',
  '{7ea2e1ac-2e61-4728-aaa3-896d9d0a9f0e}': '{globalsettings}',
  '{7ff607e0-4395-11db-b0de-0800200c9a66}': '{hypervisorsettings}',
  '{0ce4991b-e6b3-4b16-b23c-5e0d9250e5d9}': '{emssettings}',
  '{4636856e-540f-4170-a130-a84776f4c654}': '{dbgsettings}',
  '{5189b25c-5558-4bf2-bca4-289b11bd29e2}': '{badmemory}',
  '{1afa9c49-16ab-4a5c-901b-212802da9460}': '{resumeloadersettings}',
  '{313e8eed-7098-4586-a9bf-309c61f8d449}': '{kerneldbgsettings}',
  '{ae5534e0-a924-466c-b836-758539a3ee3a}': '{ramdiskoptions}',
});
